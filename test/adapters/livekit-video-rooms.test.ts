import { TokenVerifier } from 'livekit-server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveKitVideoRooms, MAX_TOKEN_TTL_SECONDS } from '../../server/src/adapters/livekit/video-rooms';
import type { VideoTokenRequest } from '../../server/src/core/ports';
import { LiveKitDouble } from '../doubles/livekit-double';
import { expectDomainError } from '../helpers/expect-domain-error';

let livekit: LiveKitDouble;
let rooms: LiveKitVideoRooms;

beforeEach(async () => {
  livekit = new LiveKitDouble();
  await livekit.start();
  rooms = new LiveKitVideoRooms({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
});

afterEach(async () => {
  await livekit.stop();
});

const guest = (roomName: string, extra: Partial<VideoTokenRequest> = {}): VideoTokenRequest => ({
  roomName,
  identity: 'p_9mQ2vXc1TqRk',
  displayName: 'Kari Nordmann (pårørende)',
  kind: 'guest',
  ...extra,
});

async function claimsOf(token: string) {
  return new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(token);
}

describe('LiveKitVideoRooms rooms', () => {
  it('creates rooms with random opaque names of at least 128 bits, different every time', async () => {
    const first = await rooms.createRoom();
    const second = await rooms.createRoom({ emptyTimeoutSeconds: 300, maxParticipants: 6 });

    expect(first.roomName).not.toBe(second.roomName);
    for (const { roomName } of [first, second]) {
      expect(roomName).toMatch(/^r_[A-Za-z0-9_-]{22,}$/);
    }
    const created = livekit.rooms();
    expect(created.map((room) => room.name).sort()).toEqual([first.roomName, second.roomName].sort());
    const limited = created.find((room) => room.name === second.roomName);
    expect(limited?.emptyTimeout).toBe(300);
    expect(limited?.maxParticipants).toBe(6);
  });

  it('lists the participants in a room with their display names and join time', async () => {
    const { roomName } = await rooms.createRoom();
    const joinedFrom = Math.floor(Date.now() / 1000) * 1000;
    livekit.addParticipant(roomName, 'c_ab12', 'Dr. Lege (spesialist)');
    livekit.addParticipant(roomName, 'p_cd34', 'Ola (pasient)');
    const joinedBy = Date.now();

    const participants = await rooms.listParticipants(roomName);

    expect(participants.map((p) => [p.identity, p.displayName])).toEqual([
      ['c_ab12', 'Dr. Lege (spesialist)'],
      ['p_cd34', 'Ola (pasient)'],
    ]);
    // LiveKit counts in whole seconds: the join time lies between the second before and the moment after.
    expect(participants[0]?.joinedAt).toBeInstanceOf(Date);
    expect(participants[0]!.joinedAt!.getTime()).toBeGreaterThanOrEqual(joinedFrom);
    expect(participants[0]!.joinedAt!.getTime()).toBeLessThanOrEqual(joinedBy);
  });

  it('removes a participant, and removing one who already left is not an error', async () => {
    const { roomName } = await rooms.createRoom();
    livekit.addParticipant(roomName, 'p_cd34', 'Ola (pasient)');

    await rooms.removeParticipant(roomName, 'p_cd34');
    await rooms.removeParticipant(roomName, 'p_cd34');

    expect(livekit.participants(roomName)).toEqual([]);
    expect(livekit.requests.filter((r) => r.method === 'RemoveParticipant').map((r) => r.status)).toEqual([200, 404]);
  });

  it('deletes a room, and deleting a room LiveKit already closed is not an error', async () => {
    const { roomName } = await rooms.createRoom();

    await rooms.deleteRoom(roomName);
    await rooms.deleteRoom(roomName);

    expect(livekit.rooms()).toEqual([]);
  });

  it('is refused by LiveKit when built with the wrong secret, and nothing is created', async () => {
    const forger = new LiveKitVideoRooms({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: 'not-the-secret-not-the-secret-xx' });

    await expectDomainError(forger.createRoom(), 'internal');
    expect(livekit.requests).toEqual([expect.objectContaining({ method: 'CreateRoom', status: 401 })]);
    expect(livekit.rooms()).toEqual([]);
  });

  it('cannot use a participant join token for room administration', async () => {
    const { roomName } = await rooms.createRoom();
    const { token } = await rooms.issueToken(guest(roomName));

    const response = await fetch(`${livekit.url.replace('ws', 'http')}/twirp/livekit.RoomService/ListParticipants`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ room: roomName }),
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('reports an unreachable LiveKit server as unavailable', async () => {
    const url = livekit.url;
    await livekit.stop();
    const offline = new LiveKitVideoRooms({ url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });

    const error = await expectDomainError(offline.createRoom(), 'unavailable');
    expect(error.message).toContain('unreachable');
  });
});

describe('LiveKitVideoRooms tokens', () => {
  it('grants a guest exactly one room, for at most ten minutes, without admin, record or hidden grants', async () => {
    const { roomName } = await rooms.createRoom();

    const issued = await rooms.issueToken(guest(roomName));
    const claims = await claimsOf(issued.token);

    expect(issued).toMatchObject({ serverUrl: livekit.url, roomName });
    expect(claims.sub).toBe('p_9mQ2vXc1TqRk');
    expect(claims.name).toBe('Kari Nordmann (pårørende)');
    expect(claims.video).toEqual({
      roomJoin: true,
      room: roomName,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      canUpdateOwnMetadata: false,
    });
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(MAX_TOKEN_TTL_SECONDS);
    expect(issued.expiresAt.getTime()).toBe(claims.exp! * 1000);
  });

  it('gives clinicians no admin, record or hidden grants either', async () => {
    const { roomName } = await rooms.createRoom();

    const { token } = await rooms.issueToken(guest(roomName, { kind: 'clinician', identity: 'c_ab12', displayName: 'Dr. Lege (gp)' }));
    const { video } = await claimsOf(token);

    for (const grant of ['roomAdmin', 'roomRecord', 'roomCreate', 'roomList', 'hidden', 'recorder', 'ingressAdmin'] as const) {
      expect(video?.[grant], grant).toBeUndefined();
    }
  });

  it('clamps a requested lifetime above ten minutes to ten minutes', async () => {
    const { token, expiresAt } = await rooms.issueToken(guest('r_any', { ttlSeconds: 3600 }));
    const claims = await claimsOf(token);

    expect(claims.exp! - claims.nbf!).toBe(MAX_TOKEN_TTL_SECONDS);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(MAX_TOKEN_TTL_SECONDS * 1000);
  });

  it('honours a shorter lifetime', async () => {
    const { token } = await rooms.issueToken(guest('r_any', { ttlSeconds: 120 }));
    const claims = await claimsOf(token);

    expect(claims.exp! - claims.nbf!).toBe(120);
  });

  it('lets an audio-only participant publish the microphone and nothing else', async () => {
    const { token } = await rooms.issueToken(guest('r_any', { audioOnly: true }));
    const { video } = await claimsOf(token);

    expect(video?.canPublishSources).toEqual(['microphone']);
  });
});
