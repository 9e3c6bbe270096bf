/**
 * The worker role: one BullMQ worker per queue that has a processor. Processors stay thin —
 * they read typed job data and call a use case; retries, stall recovery and logging of
 * failures come from `createWorker`.
 */
import type { Processor, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueName } from '../adapters/queue/queues';
import { type QueueLogger, type WorkerTuning, createWorker } from '../adapters/queue/workers';

export interface StartWorkersOptions {
  /** Shared with the rest of the process; each worker duplicates it for blocking reads. */
  readonly connection: Redis;
  readonly prefix: string;
  readonly logger: QueueLogger;
  /** Which queues this process serves, and how. Each processor declares its own job data type. */
  readonly processors: Readonly<Partial<Record<QueueName, Processor<never, unknown>>>>;
  /** Applied to every worker, over `WORKER_DEFAULTS`. */
  readonly options?: WorkerTuning;
}

export interface RunningWorkers {
  readonly workers: ReadonlyMap<QueueName, Worker<never, unknown>>;
  /** Stops taking new jobs and waits for the ones in flight to finish (at once, without waiting, while Redis is away). */
  close(): Promise<void>;
}

export function startWorkers({ connection, prefix, logger, processors, options }: StartWorkersOptions): RunningWorkers {
  const workers = new Map<QueueName, Worker<never, unknown>>();
  for (const [queue, processor] of Object.entries(processors)) {
    if (processor) workers.set(queue, createWorker(queue, processor, { connection, prefix, logger, options }));
  }
  logger.info({ queues: [...workers.keys()] }, 'workers started');
  return {
    workers,
    async close() {
      // With Redis away nothing in flight can be finished (its result cannot be written) and a
      // graceful close would wait for ever: close at once; the jobs' locks run out and they run
      // again once Redis is back.
      const force = connection.status !== 'ready';
      if (force) logger.warn({ status: connection.status }, 'Redis is away: workers close without waiting for jobs in flight');
      await Promise.all([...workers.values()].map((worker) => worker.close(force)));
    },
  };
}
