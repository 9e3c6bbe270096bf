/**
 * Nothing lost when Redis restarts: requests waiting in the queue, and requests made while
 * Redis is down (kept in the outbox), are all rung once it is back. A private redis-server
 * (append-only file, like production) is stopped and started on the same port; the shared
 * test Redis is never touched.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresAdviceStore } from '../../server/src/adapters/postgres/advice-store';
import { ADVICE_JOBS } from '../../server/src/adapters/queue/advice-jobs';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { startWorkers } from '../../server/src/workers';
import { createAdviceProcessor } from '../../server/src/workers/advice';
import { type AdviceWorld, ISBAR, SPECIALTY, conversationOf, createAdviceWorld } from '../helpers/advice-world';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { OwnRedis } from '../helpers/own-redis';
import { QUEUES } from '../../server/src/adapters/queue/registry';

let database: TestDatabase;
let redis: OwnRedis;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await OwnRedis.create();
  await redis.start();
});
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await redis?.destroy();
  await database?.destroy();
});

describe(`advice requests across a Redis restart on ${testDbKind()}`, () => {
  it('requests waiting in the queue and requests made while Redis was down are all rung after it returns', async () => {
    const world: AdviceWorld = await createAdviceWorld(database.db, { redisUrl: redis.url });
    cleanups.push(() => world.close());
    // Short timeouts so the outage costs the test little; production keeps the defaults.
    const relay = new OutboxRelay({
      db: database.db,
      queue: world.queues.queue,
      logger: world.logger,
      publishTimeoutMs: 200,
      graceMs: 0,
      sweepIntervalMs: 200,
    });
    const ask = (requesterId: string) =>
      world.store.create({
        id: randomUUID(),
        requesterId,
        specialty: SPECIALTY,
        priority: 'haster',
        isbar: ISBAR,
        callbackPhone: null,
        mode: 'video',
        createdAt: new Date(),
      });

    const waiting = [await ask('gp-1'), await ask('gp-2'), await ask('lv-1')];
    // Each waits with its first round (and its requester's status-card jobs) in Redis.
    const prioritized = await world.queues.queue(QUEUES.advice).getJobs(['prioritized']);
    expect(prioritized.filter((j) => j.name === ADVICE_JOBS.dispatch)).toHaveLength(3);
    await redis.stop();
    // Made while Redis is down: the rows are in the outbox; the store's own publish cannot reach Redis.
    const store = new PostgresAdviceStore({ db: database.db, relay });
    const whileDown: Awaited<ReturnType<typeof store.create>>[] = [];
    for (const who of ['gp-1', 'gp-2']) {
      whileDown.push(
        await store.create({
          id: randomUUID(),
          requesterId: who,
          specialty: SPECIALTY,
          priority: 'vanlig',
          isbar: ISBAR,
          callbackPhone: null,
          mode: 'video',
          createdAt: new Date(),
        }),
      );
    }
    await redis.start();

    relay.start();
    cleanups.push(() => relay.stop());
    const workers = startWorkers({
      connection: world.redis,
      prefix: world.prefix,
      logger: world.logger,
      processors: { [QUEUES.advice]: createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger }) },
    });
    cleanups.push(() => workers.close());

    const all = [...waiting, ...whileDown];
    await world.notifier.until(() => all.every((r) => world.notifier.sentTo(conversationOf('v1'), r.id).length === 1), 20_000);
    // Each rung once, however many times the outbox and the late publish enqueued it.
    expect(world.notifier.sent.filter((s) => s.conversationId === conversationOf('v1'))).toHaveLength(all.length);
    for (const r of all) await world.store.abandon(r.id, r.requesterId, new Date());
  }, 40_000);
});
