import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_JOB_OPTIONS } from '../../server/src/adapters/queue/queues';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { startWorkers } from '../../server/src/workers';
import { systemProcessor } from '../../server/src/workers/system';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Logged {
  readonly level: 'info' | 'warn' | 'error';
  readonly obj: object;
  readonly msg: string;
}

/** The worker role serving the system queue, a queue to feed it and the worker's log lines. */
async function systemWorker() {
  const prefix = uniquePrefix();
  const connection = createRedisConnection(testRedisUrl(), { connectionName: 'test' });
  const queue = new Queue(QUEUES.system, { connection, prefix });
  const events = new QueueEvents(QUEUES.system, { connection, prefix });
  const logged: Logged[] = [];
  const logger = {
    info: (obj: object, msg: string) => logged.push({ level: 'info', obj, msg }),
    warn: (obj: object, msg: string) => logged.push({ level: 'warn', obj, msg }),
    error: (obj: object, msg: string) => logged.push({ level: 'error', obj, msg }),
  };
  const running = startWorkers({ connection, prefix, logger, processors: { [QUEUES.system]: systemProcessor } });
  cleanups.push(async () => {
    await running.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  });
  await events.waitUntilReady();
  return { queue, events, logged };
}

describe('the system queue', () => {
  it('answers a heartbeat job with the instant a worker ran it', async () => {
    const { queue, events } = await systemWorker();
    const before = new Date();
    const job = await queue.add('heartbeat', {}, { ...DEFAULT_JOB_OPTIONS, jobId: randomUUID() });
    const result = (await job.waitUntilFinished(events, 10_000)) as { at: string };
    expect(new Date(result.at).getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(new Date(result.at).toISOString()).toBe(result.at);
  });

  it('fails a job it does not know at once, without spending retries, and logs it by id only', async () => {
    const { queue, events, logged } = await systemWorker();
    const jobId = randomUUID();
    const job = await queue.add('reboot-everything', { note: 'Kari Nordmann 12345678' }, { ...DEFAULT_JOB_OPTIONS, jobId });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/unknown system job/);

    const failed = await queue.getJob(jobId);
    expect(await failed!.getState()).toBe('failed');
    expect(failed!.attemptsMade).toBe(1);
    const failure = logged.find((l) => l.msg === 'job failed for good');
    expect(failure).toMatchObject({ level: 'error', obj: { queue: QUEUES.system, jobId, job: 'reboot-everything', error: 'UnrecoverableError' } });
    expect(JSON.stringify(logged)).not.toContain('Kari');
  });
});
