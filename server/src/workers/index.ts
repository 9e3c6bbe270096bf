/**
 * The worker role: one BullMQ worker per queue that has a processor. Processors stay thin —
 * they read typed job data and call a use case; retries, stall recovery and logging of
 * failures come from `createWorker`.
 */
import type { Processor, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueName } from '../adapters/queue/registry';
import { type QueueLogger, type WorkerTuning, createWorker } from '../adapters/queue/workers';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, workerCloseGraceMs } from '../config';

/** The grace with the default shutdown settings and no drain (10 s). @defaultValue 10000 */
const DEFAULT_CLOSE_GRACE_MS = workerCloseGraceMs({ timeoutMs: DEFAULT_SHUTDOWN_TIMEOUT_MS, drainMs: 0 });

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
  /**
   * Stops taking new jobs and waits up to `graceMs` for the ones in flight to finish (at once,
   * without waiting, while Redis is away); what is still running then is left to run again.
   * server.ts passes the grace `SHUTDOWN_TIMEOUT_MS` leaves (see `workerCloseGraceMs`).
   */
  close(graceMs?: number): Promise<void>;
  /**
   * The readiness check «consuming»: resolves when every worker is taking jobs — running, not
   * paused or closing, and its blocking connection (the one that waits for jobs) is up. Rejects
   * naming the first queue that is not, e.g. a worker whose loop ended during an outage.
   */
  consuming(): Promise<void>;
}

export function startWorkers({ connection, prefix, logger, processors, options }: StartWorkersOptions): RunningWorkers {
  const workers = new Map<QueueName, Worker<never, unknown>>();
  for (const [queue, processor] of Object.entries(processors)) {
    if (processor) workers.set(queue, createWorker(queue, processor, { connection, prefix, logger, options }));
  }
  logger.info({ queues: [...workers.keys()] }, 'workers started');
  return {
    workers,
    async consuming() {
      for (const [queue, worker] of workers) {
        if (!worker.isRunning() || worker.isPaused() || worker.closing) throw new Error(`${queue}: not running`);
        const blocking = await worker.getBackend().blockingClient;
        if (blocking && blocking.status !== 'ready') throw new Error(`${queue}: blocking connection ${blocking.status}`);
      }
    },
    async close(graceMs = DEFAULT_CLOSE_GRACE_MS) {
      // With Redis away nothing in flight can be finished (its result cannot be written) and a
      // graceful close would wait for ever: close at once; the jobs' locks run out and they run
      // again once Redis is back.
      const force = connection.status !== 'ready';
      if (force) logger.warn({ status: connection.status }, 'Redis is away: workers close without waiting for jobs in flight');
      const graceful = Promise.all([...workers.values()].map((worker) => worker.close(force)));
      if (force) return void (await graceful);
      // A job in flight may itself be waiting out an outage (PostgreSQL away: it retries its
      // writes for up to a minute). Shutdown does not wait for that: after the grace it goes on
      // (closing the connections the job needs); the job's lock runs out and another worker runs
      // it again. (BullMQ cannot turn a graceful close into a forced one once it has begun.)
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
      const outcome = await Promise.race([graceful.then(() => 'done' as const), late]).finally(() => clearTimeout(timer));
      if (outcome === 'late') {
        graceful.catch(() => {});
        logger.warn({ graceMs }, 'jobs still running after the shutdown grace: shutdown goes on without them');
      }
    },
  };
}
