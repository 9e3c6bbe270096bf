/**
 * The composition: `startSamrom` (role `all`) runs the invitations worker, so a booking made
 * through the API reaches the development outbox through the outbox relay, BullMQ and the worker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../server/src/adapters/queue/queues';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { loadConfig } from '../../server/src/config';
import { type RunningSamrom, startSamrom } from '../../server/src/server';
import { api } from '../helpers/app';
import { createPostgresDatabase, testDbKind } from '../helpers/db';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

const PUBLIC_BASE_URL = 'http://samrom.test';
const prefix = uniquePrefix();
let dataDir: string;
let dropDatabase: (() => Promise<void>) | undefined;
let samrom: RunningSamrom;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'samrom-notices-'));
  let databaseUrl: string | undefined;
  if (testDbKind() === 'postgres') {
    const created = await createPostgresDatabase();
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DEV_AUTH: 'true',
    PUBLIC_BASE_URL,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
  });
  samrom = await startSamrom(config, { role: 'all', seedDemo: true });
});
afterAll(async () => {
  await samrom?.stop();
  const connection = createRedisConnection(testRedisUrl(), { connectionName: 'test-cleanup' });
  for (const name of [QUEUES.system, QUEUES.reminders, QUEUES.invitations]) {
    const queue = new Queue(name, { connection, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  connection.disconnect();
  await dropDatabase?.();
  await rm(dataDir, { recursive: true, force: true });
});

describe(`Samrom's worker role on ${testDbKind()}`, () => {
  it('a booking through the API sends the patient an SMS with a join link, via the outbox, BullMQ and the invitations worker', async () => {
    const client = api(samrom.url!);
    const signIn = await client.post('/api/dev/sign-in', { personId: 'ke-drammen-1' });
    expect(signIn.status).toBe(200);
    const coordinator = client.as(signIn.body.token);

    // A week ahead, on the hour: always in the future.
    const start = new Date(Math.ceil((Date.now() + 7 * 86_400_000) / 3_600_000) * 3_600_000).toISOString();
    const res = await coordinator.post('/api/consultations', {
      title: 'Oppfølging etter innleggelse',
      patient: { name: 'Per Pasient', phone: '+47 912 34 567' },
      start,
      durationMinutes: 30,
      participants: [{ role: 'patient' }, { role: 'gp', personId: 'gp-asker-1' }],
    });
    expect(res.status).toBe(201);

    const deadline = Date.now() + 15_000;
    let messages: { channel: string; to: string; text: string }[] = [];
    while (Date.now() < deadline) {
      messages = (await client.get('/dev/outbox.json')).body.messages;
      if (messages.length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const sms = messages.find((m) => m.channel === 'sms');
    expect(sms).toMatchObject({ to: '+4791234567' });
    expect(sms!.text).toMatch(new RegExp(`${PUBLIC_BASE_URL}/join/[A-Za-z0-9_-]{43}`));
    expect(sms!.text).not.toContain('innleggelse');
    // The GP has no Teams chat with the bot, so the directory e-mail, with a sign-in link.
    const email = messages.find((m) => m.channel === 'email');
    expect(email!.text).toContain(`${PUBLIC_BASE_URL}/app/samtaler/${res.body.id}`);
  });
});
