/**
 * The composition with `SIP_ENABLED`: `startSamrom` (role `web`) sets up the trunk and the
 * dispatch rule on the LiveKit double at start-up, and its `/webhooks/livekit` turns a SIP
 * caller's `participant_joined` into an advice request holding the caller's room.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adviceRequests } from '../../server/src/adapters/postgres/schema';
import { loadConfig } from '../../server/src/config';
import { type RunningSamrom, startSamrom } from '../../server/src/server';
import { LiveKitDouble } from '../doubles/livekit-double';
import { createPostgresDatabase, testDbKind } from '../helpers/db';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

const LINE = '+4722000001';
let dataDir: string;
let dropDatabase: (() => Promise<void>) | undefined;
let samrom: RunningSamrom;
let double: LiveKitDouble;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'samrom-sip-'));
  let databaseUrl: string | undefined;
  if (testDbKind() === 'postgres') {
    const created = await createPostgresDatabase();
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  double = new LiveKitDouble();
  await double.start();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DEV_AUTH: 'true',
    PUBLIC_BASE_URL: 'http://samrom.test',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix(),
    LIVEKIT_URL: double.url,
    LIVEKIT_API_KEY: double.apiKey,
    LIVEKIT_API_SECRET: double.apiSecret,
    SIP_ENABLED: 'true',
    SIP_INBOUND_NUMBERS: `kardiologi:${LINE}`,
    SIP_ALLOWED_ADDRESSES: '192.0.2.0/24',
  });
  samrom = await startSamrom(config, { role: 'web', seedDemo: true });
});
afterAll(async () => {
  await samrom?.stop();
  await double?.stop();
  await dropDatabase?.();
  await rm(dataDir, { recursive: true, force: true });
});

describe(`SIP wiring on ${testDbKind()}`, () => {
  it('sets up the trunk at start-up and makes an advice request from a SIP caller', async () => {
    await vi.waitFor(() => expect(double.sip.rules.size).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
    expect([...double.sip.trunks.values()]).toEqual([
      expect.objectContaining({ name: 'samrom-konferer', numbers: [LINE], allowedAddresses: ['192.0.2.0/24'] }),
    ]);
    expect(double.sip.rules.size).toBe(1);

    const roomName = 'konf-_+4791112222_abcd';
    const participant = double.addSipCaller(roomName, '+4791112222', LINE);
    const response = await double.sendWebhook(`${samrom.url}/webhooks/livekit`, { event: 'participant_joined', room: { name: roomName }, participant });
    expect(response).toEqual({ status: 200, body: { ok: true } });
    const rows = await samrom.database.db.select().from(adviceRequests).where(eq(adviceRequests.roomName, roomName));
    expect(rows).toEqual([expect.objectContaining({ specialty: 'kardiologi', mode: 'audio', callbackPhone: '+4791112222', requesterId: 'system:sip' })]);
  });
});
