/**
 * A video grant → the API's VideoTokenDto, made at the edge: the token, the server and room,
 * and the expiry as an ISO instant. Only these four fields leave the server.
 */
import type { VideoTokenDto } from '../../contracts/joining';
import type { VideoToken } from '../../core/ports';

export function toVideoTokenDto(token: VideoToken): VideoTokenDto {
  return { token: token.token, serverUrl: token.serverUrl, roomName: token.roomName, expiresAt: token.expiresAt.toISOString() };
}
