/**
 * A job that finds PostgreSQL unreachable is put back without using up an attempt, so an outage
 * longer than all its retries (about two minutes with the default backoff) fails nothing for
 * good; any other error still spends attempts as before. Real Redis, a fresh prefix.
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { createWorker } from '../../server/src/adapters/queue/workers';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const QUEUE = 'outage-test';
const logger = { info: () => {}, warn: () => {}, error: () => {} };

/** A worker whose processor throws `failures` errors from `fail()` first, then succeeds. */
async function flakyWorker(failures: number, fail: () => Error) {
  const prefix = uniquePrefix();
  const connection = createRedisConnection(testRedisUrl(), { connectionName: 'test' });
  const queue = new Queue(QUEUE, { connection, prefix });
  const events = new QueueEvents(QUEUE, { connection, prefix });
  let calls = 0;
  const worker = createWorker(
    QUEUE,
    async () => {
      calls++;
      if (calls <= failures) throw fail();
      return 'done';
    },
    { connection, prefix, logger, databaseOutageRetryMs: 20 },
  );
  cleanups.push(async () => {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  });
  await events.waitUntilReady();
  return { queue, events, calls: () => calls };
}

/** What node-postgres and drizzle raise while the server is down or restarting. */
const OUTAGES: Record<string, () => Error> = {
  'connection refused': () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
  'admin shutdown, wrapped by drizzle': () =>
    Object.assign(new Error('Failed query: select 1'), {
      cause: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    }),
  'a connection that ended mid-query': () => new Error('Connection terminated unexpectedly'),
  'starting up': () => Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
};

describe('a worker while PostgreSQL is unreachable', () => {
  for (const [name, fail] of Object.entries(OUTAGES)) {
    it(`puts the job back without using up an attempt (${name})`, async () => {
      const { queue, events, calls } = await flakyWorker(5, fail);
      const job = await queue.add('work', {}, { jobId: randomUUID(), attempts: 2, backoff: { type: 'fixed', delay: 10 } });
      expect(await job.waitUntilFinished(events, 10_000)).toBe('done');
      expect(calls()).toBe(6);
      const finished = await queue.getJob(job.id!);
      expect(finished?.attemptsMade).toBe(1);
    });
  }

  it('still spends attempts on any other error and fails the job once they are used up', async () => {
    const { queue, events, calls } = await flakyWorker(5, () => Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }));
    const job = await queue.add('work', {}, { jobId: randomUUID(), attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/duplicate key/);
    expect(calls()).toBe(2);
  });
});
