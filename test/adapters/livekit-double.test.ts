import { AccessToken, RoomServiceClient, TwirpError, type VideoGrant } from 'livekit-server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveKitDouble } from '../doubles/livekit-double';

// The double is only worth trusting if it refuses what livekit-server refuses.
let livekit: LiveKitDouble;

beforeEach(async () => {
  livekit = new LiveKitDouble();
  await livekit.start();
});

afterEach(async () => {
  await livekit.stop();
});

async function listParticipantsWith(ttlSeconds: number, video: VideoGrant) {
  const at = new AccessToken(livekit.apiKey, livekit.apiSecret, { ttl: ttlSeconds });
  at.addGrant(video);
  const client = new RoomServiceClient(livekit.url, undefined, undefined, { token: await at.toJwt() });
  return client.listParticipants('r_room').catch((e: unknown) => e);
}

describe('LiveKit double', () => {
  it('serves the real SDK client with the right key, secret and grants', async () => {
    const client = new RoomServiceClient(livekit.url, livekit.apiKey, livekit.apiSecret);

    await client.createRoom({ name: 'r_room' });
    livekit.addParticipant('r_room', 'p_1', 'Ola (pasient)');

    expect((await client.listRooms()).map((room) => room.name)).toEqual(['r_room']);
    expect((await client.listParticipants('r_room')).map((p) => p.identity)).toEqual(['p_1']);
  });

  it('refuses room administration granted for another room', async () => {
    const error = await listParticipantsWith(60, { roomAdmin: true, room: 'r_other' });

    expect(error).toBeInstanceOf(TwirpError);
    expect((error as TwirpError).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    // A negative ttl signs a token whose `exp` lies a minute in the past.
    const error = await listParticipantsWith(-60, { roomAdmin: true, room: 'r_room' });

    expect((error as TwirpError).status).toBe(401);
    expect(livekit.requests.at(-1)).toMatchObject({ method: 'ListParticipants', status: 401 });
  });
});
