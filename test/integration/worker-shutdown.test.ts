import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_JOB_OPTIONS } from '../../server/src/adapters/queue/queues';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { startWorkers } from '../../server/src/workers';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const silent = { info: () => {}, warn: () => {}, error: () => {} };

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** One worker on a fresh queue whose job, once started, waits until `release` is resolved. */
function heldJobWorker(name: string) {
  const prefix = uniquePrefix();
  const connection = createRedisConnection(testRedisUrl(), { connectionName: 'test' });
  const queue = new Queue(name, { connection, prefix });
  cleanups.push(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  });
  const started = deferred<string>();
  const release = deferred();
  const events: string[] = [];
  const running = startWorkers({
    connection,
    prefix,
    logger: silent,
    processors: {
      [name]: async (job) => {
        started.resolve(job.id!);
        await release.promise;
        events.push('job finished');
        return { handled: job.id };
      },
    },
  });
  return { queue, started, release, events, running };
}

describe('stopping the worker role', () => {
  it('waits for the job in flight to finish, so it completes instead of stalling', async () => {
    const { queue, started, release, events, running } = heldJobWorker('shutdown');
    cleanups.push(() => running.close());

    const jobId = randomUUID();
    await queue.add('slow', { caseId: 'case-1' }, { ...DEFAULT_JOB_OPTIONS, jobId });
    expect(await started.promise).toBe(jobId);

    const closing = running.close().then(() => events.push('closed'));
    // Let close() run as far as it can on its own: it must still be waiting for the job.
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([]);
    release.resolve();
    await closing;

    expect(events).toEqual(['job finished', 'closed']);
    const job = await queue.getJob(jobId);
    expect(await job!.getState()).toBe('completed');
    expect(job!.returnvalue).toEqual({ handled: jobId });
    expect(job!.stalledCounter).toBe(0);
    expect(await queue.getActiveCount()).toBe(0);
  });

  it('does not wait past the grace for a job that is itself waiting out an outage: the workers close and the job is left to run again', async () => {
    const { queue, started, release, events, running } = heldJobWorker('shutdown-grace');

    const jobId = randomUUID();
    await queue.add('stuck', { caseId: 'case-2' }, { ...DEFAULT_JOB_OPTIONS, jobId });
    expect(await started.promise).toBe(jobId);

    await running.close(100);
    events.push('closed');
    // Shutdown went on with the job still in flight (in a real process the connections close
    // next and its lock runs out, so the stall check hands it to another worker).
    expect(await (await queue.getJob(jobId))!.getState()).toBe('active');
    release.resolve();
    expect(events).toEqual(['closed']);
  });
});
