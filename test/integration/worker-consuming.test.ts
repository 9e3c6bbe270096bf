/**
 * The worker role's readiness check «consuming» (issue #18): it passes while every BullMQ worker
 * takes jobs and fails, naming the queue, once one has stopped (paused, or closed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { startWorkers } from '../../server/src/workers';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function twoWorkers() {
  const connection = createRedisConnection(testRedisUrl(), { connectionName: 'test' });
  cleanups.push(async () => connection.disconnect());
  const running = startWorkers({
    connection,
    prefix: uniquePrefix(),
    logger: silent,
    processors: { 'consuming-a': async () => 'a', 'consuming-b': async () => 'b' },
  });
  cleanups.push(() => running.close());
  return running;
}

describe('the readiness check «consuming»', () => {
  it('passes once every worker waits for jobs, and fails naming the queue whose worker was paused', async () => {
    const running = twoWorkers();
    await Promise.all([...running.workers.values()].map((w) => w.waitUntilReady()));
    await expect(running.consuming()).resolves.toBeUndefined();

    await running.workers.get('consuming-b')!.pause(true);
    await expect(running.consuming()).rejects.toThrow(/^consuming-b: not running$/);
  });

  it('fails once the workers are closing', async () => {
    const running = twoWorkers();
    await Promise.all([...running.workers.values()].map((w) => w.waitUntilReady()));
    await running.close();
    await expect(running.consuming()).rejects.toThrow(/not running/);
  });
});
