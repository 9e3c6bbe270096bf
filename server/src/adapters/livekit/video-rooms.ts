/**
 * `VideoRooms` on LiveKit: rooms through the Twirp `RoomService`, join tokens signed locally.
 * Room names and identities are random opaque ids (see DESIGN.md, "Data and privacy rules").
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { AccessToken, RoomServiceClient, TrackSource, TwirpError, type VideoGrant } from 'livekit-server-sdk';
import { DomainError } from '../../core/errors';
import type { VideoParticipant, VideoRooms, VideoToken, VideoTokenRequest } from '../../core/ports';

/** Tokens live at most ten minutes; a longer request is clamped, never honoured. */
export const MAX_TOKEN_TTL_SECONDS = 600;
/** 16 bytes = 128 bits, so room names cannot be guessed or enumerated. */
export const ROOM_NAME_RANDOM_BYTES = 16;
export const ROOM_NAME_PREFIX = 'r_';
/** A hung LiveKit must not hang a clinician's request for the SDK's default 10 s. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 5;

export interface LiveKitVideoRoomsOptions {
  /** `ws://` or `wss://` as given to browsers; the Twirp API is reached over `http(s)://`. */
  readonly url: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** @defaultValue {@link DEFAULT_REQUEST_TIMEOUT_SECONDS} */
  readonly requestTimeoutSeconds?: number;
}

export class LiveKitVideoRooms implements VideoRooms {
  private readonly client: RoomServiceClient;
  private readonly httpUrl: string;

  constructor(private readonly options: LiveKitVideoRoomsOptions) {
    this.httpUrl = toHttpUrl(options.url);
    this.client = new RoomServiceClient(this.httpUrl, options.apiKey, options.apiSecret, {
      requestTimeout: options.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS,
    });
  }

  async createRoom(options: { emptyTimeoutSeconds?: number; maxParticipants?: number } = {}): Promise<{ roomName: string }> {
    const roomName = randomRoomName();
    await this.call('createRoom', () =>
      this.client.createRoom({
        name: roomName,
        ...(options.emptyTimeoutSeconds !== undefined && { emptyTimeout: options.emptyTimeoutSeconds }),
        ...(options.maxParticipants !== undefined && { maxParticipants: options.maxParticipants }),
      }),
    );
    return { roomName };
  }

  async issueToken(request: VideoTokenRequest): Promise<VideoToken> {
    const ttlSeconds = clampTtlSeconds(request.ttlSeconds);
    const token = new AccessToken(this.options.apiKey, this.options.apiSecret, {
      identity: request.identity,
      name: request.displayName,
      ttl: ttlSeconds,
    });
    token.addGrant(joinGrant(request));
    const jwt = await token.toJwt();
    // Read `exp` back from the token so `expiresAt` is exactly what LiveKit will enforce.
    const { exp } = decodeJwt(jwt);
    if (exp === undefined) throw new DomainError('internal', 'LiveKit token was signed without an expiry');
    return { token: jwt, serverUrl: this.options.url, roomName: request.roomName, expiresAt: new Date(exp * 1000) };
  }

  async listParticipants(roomName: string): Promise<VideoParticipant[]> {
    const participants = await this.call('listParticipants', () => this.client.listParticipants(roomName));
    return participants.map((p) => ({
      identity: p.identity,
      displayName: p.name,
      joinedAt: p.joinedAt > 0n ? new Date(Number(p.joinedAt) * 1000) : null,
    }));
  }

  async removeParticipant(roomName: string, identity: string): Promise<void> {
    // Someone who already left is as removed as we want them; the lobby must not fail on it.
    await this.call('removeParticipant', () => ignoreNotFound(this.client.removeParticipant(roomName, identity)));
  }

  async deleteRoom(roomName: string): Promise<void> {
    // LiveKit drops empty rooms on its own, so a room may be gone before we close it.
    await this.call('deleteRoom', () => ignoreNotFound(this.client.deleteRoom(roomName)));
  }

  /** Runs one Twirp call and turns transport and server failures into `DomainError`s. */
  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toDomainError(operation, this.httpUrl, error);
    }
  }
}

async function ignoreNotFound(call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TwirpError && error.status === 404) return;
    throw error;
  }
}

export function randomRoomName(): string {
  return ROOM_NAME_PREFIX + randomBytes(ROOM_NAME_RANDOM_BYTES).toString('base64url');
}

export function toHttpUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'ws:') parsed.protocol = 'http:';
  else if (parsed.protocol === 'wss:') parsed.protocol = 'https:';
  else if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DomainError('internal', `LiveKit url must be ws(s):// or http(s)://, got ${parsed.protocol}`);
  }
  return parsed.toString().replace(/\/$/, '');
}

function clampTtlSeconds(ttlSeconds: number | undefined): number {
  if (ttlSeconds === undefined) return MAX_TOKEN_TTL_SECONDS;
  if (!Number.isFinite(ttlSeconds) || ttlSeconds < 1) {
    throw new DomainError('internal', `LiveKit token ttlSeconds must be at least 1, got ${ttlSeconds}`);
  }
  return Math.min(MAX_TOKEN_TTL_SECONDS, Math.floor(ttlSeconds));
}

/**
 * The same grant for clinicians and guests: join this one room, talk, listen, chat. Nobody in
 * Samrom administers, records or joins hidden, so those grants are never set, and nobody may
 * rename themselves in the call (a guest must not pass for a clinician).
 */
function joinGrant(request: VideoTokenRequest): VideoGrant {
  return {
    roomJoin: true,
    room: request.roomName,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
    ...(request.audioOnly && { canPublishSources: [TrackSource.MICROPHONE] }),
  };
}

function toDomainError(operation: string, httpUrl: string, error: unknown): DomainError {
  let result: DomainError;
  if (error instanceof TwirpError) {
    if (error.status >= 500) {
      result = new DomainError('unavailable', `LiveKit ${operation} failed at ${httpUrl}: ${error.status} ${error.code ?? ''}`.trim());
    } else if (error.status === 401 || error.status === 403) {
      // Our key or secret is wrong: an operator problem, not the user's.
      result = new DomainError('internal', `LiveKit refused our API credentials for ${operation} (${error.status})`);
    } else if (error.status === 404) {
      result = new DomainError('not_found', `LiveKit ${operation}: ${error.message}`);
    } else {
      result = new DomainError('internal', `LiveKit ${operation} rejected the request: ${error.status} ${error.message}`);
    }
  } else {
    // fetch failed (refused, DNS, reset) or timed out: the video server cannot be reached.
    result = new DomainError('unavailable', `LiveKit at ${httpUrl} is unreachable (${transportReason(error)})`);
  }
  result.cause = error;
  return result;
}

function transportReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : error.name;
}
