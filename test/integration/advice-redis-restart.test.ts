/**
 * Nothing lost when Redis restarts: requests waiting in the queue, and requests made while
 * Redis is down (kept in the outbox), are all rung once it is back. A private redis-server
 * (append-only file, like production) is stopped and started on the same port; the shared
 * test Redis is never touched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresAdviceStore } from '../../server/src/adapters/postgres/advice-store';
import { ADVICE_JOBS, ADVICE_QUEUE } from '../../server/src/adapters/queue/advice-jobs';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { createRedisConnection, pingRedis } from '../../server/src/adapters/queue/redis';
import { startWorkers } from '../../server/src/workers';
import { createAdviceProcessor } from '../../server/src/workers/advice';
import { type AdviceWorld, ISBAR, SPECIALTY, conversationOf, createAdviceWorld } from '../helpers/advice-world';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';

let database: TestDatabase;
let dir: string;
let port: number;
let server: ChildProcess | undefined;
const cleanups: (() => Promise<unknown>)[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as { port: number };
      probe.close(() => resolve(p));
    });
    probe.once('error', reject);
  });
}

/** Starts redis-server on the fixed port with its AOF in `dir`; resolves when it answers. */
async function startRedis(): Promise<void> {
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  const probe = createRedisConnection(`redis://127.0.0.1:${port}`, { connectionName: 'test-probe' });
  try {
    const deadline = Date.now() + 10_000;
    while (!(await pingRedis(probe, 200)).ok) {
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    probe.disconnect();
  }
}

/** SIGTERM: Redis flushes its append-only file and exits, as on a planned restart. */
async function stopRedis(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'samrom-advice-redis-'));
  port = await freePort();
  await startRedis();
});
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await stopRedis();
  await rm(dir, { recursive: true, force: true });
  await database?.destroy();
});

describe(`advice requests across a Redis restart on ${testDbKind()}`, () => {
  it('requests waiting in the queue and requests made while Redis was down are all rung after it returns', async () => {
    const world: AdviceWorld = await createAdviceWorld(database.db, { redisUrl: `redis://127.0.0.1:${port}` });
    cleanups.push(() => world.close());
    // Short timeouts so the outage costs the test little; production keeps the defaults.
    const relay = new OutboxRelay({ db: database.db, queue: world.queues.queue, logger: world.logger, publishTimeoutMs: 200, graceMs: 0, sweepIntervalMs: 200 });
    const ask = (requesterId: string) =>
      world.store.create({ id: randomUUID(), requesterId, specialty: SPECIALTY, priority: 'haster', isbar: ISBAR, callbackPhone: null, mode: 'video', createdAt: new Date() });

    const waiting = [await ask('gp-1'), await ask('gp-2'), await ask('lv-1')];
    // Each waits with its first round (and its requester's status-card jobs) in Redis.
    const prioritized = await world.queues.queue(ADVICE_QUEUE).getJobs(['prioritized']);
    expect(prioritized.filter((j) => j.name === ADVICE_JOBS.dispatch)).toHaveLength(3);
    await stopRedis();
    // Made while Redis is down: the rows are in the outbox; the store's own publish cannot reach Redis.
    const store = new PostgresAdviceStore({ db: database.db, relay });
    const whileDown: Awaited<ReturnType<typeof store.create>>[] = [];
    for (const who of ['gp-1', 'gp-2']) {
      whileDown.push(await store.create({ id: randomUUID(), requesterId: who, specialty: SPECIALTY, priority: 'vanlig', isbar: ISBAR, callbackPhone: null, mode: 'video', createdAt: new Date() }));
    }
    await startRedis();

    relay.start();
    cleanups.push(() => relay.stop());
    const workers = startWorkers({
      connection: world.redis,
      prefix: world.prefix,
      logger: world.logger,
      processors: { [ADVICE_QUEUE]: createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger }) },
    });
    cleanups.push(() => workers.close());

    const all = [...waiting, ...whileDown];
    await world.notifier.until(() => all.every((r) => world.notifier.sentTo(conversationOf('v1'), r.id).length === 1), 20_000);
    // Each rung once, however many times the outbox and the late publish enqueued it.
    expect(world.notifier.sent.filter((s) => s.conversationId === conversationOf('v1'))).toHaveLength(all.length);
    for (const r of all) await world.store.abandon(r.id, r.requesterId, new Date());
  }, 40_000);
});
