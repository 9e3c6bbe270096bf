/**
 * Builds BullMQ queues and workers on Samrom's one Redis connection, with the shared
 * settings from `queues.ts`. Queues share the caller's connection; each worker gets its own
 * blocking connection (BullMQ duplicates the caller's client for that), because a worker
 * parks a blocking command on it while it waits for jobs.
 */
import { DelayedError, type Processor, Queue, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { databaseUnavailableReason } from '../postgres/pg-errors';
import type { QueueName } from './registry';
import { WORKER_DEFAULTS } from './queues';
import type { RedisLogger } from './redis';

/** Structural subset of pino's logger, so callers need not import pino. */
export interface QueueLogger extends RedisLogger {
  error(obj: object, msg: string): void;
}

export interface QueueRegistryOptions {
  /** Built by `createRedisConnection`; shared by every queue and left open by `closeAll()`. */
  readonly connection: Redis;
  /** BullMQ key prefix, so several Samroms (or tests) can share one Redis. */
  readonly prefix: string;
  /** Where queue errors go. Without one they are left to the connection's own logger. */
  readonly logger?: QueueLogger;
}

export interface QueueRegistry {
  /** The queue of that name, created on first use. A plain function: safe to pass around unbound. */
  readonly queue: (name: QueueName) => Queue;
  /** Closes every queue created so far; the shared connection stays open for its owner to close. */
  closeAll(): Promise<void>;
}

export function createQueueRegistry({ connection, prefix, logger }: QueueRegistryOptions): QueueRegistry {
  const queues = new Map<QueueName, Queue>();
  return {
    queue(name) {
      let queue = queues.get(name);
      if (!queue) {
        queue = new Queue(name, { connection, prefix });
        // An 'error' event without a listener would crash the process; a Redis outage must not.
        queue.on('error', throttledErrorLog(logger, { queue: name }, 'queue error'));
        queues.set(name, queue);
      }
      return queue;
    },
    async closeAll() {
      const all = [...queues.values()];
      queues.clear();
      await Promise.all(all.map((q) => q.close()));
    },
  };
}

/** BullMQ worker settings a caller may tune; the connection and prefix come from {@link WorkerSetup}. */
export type WorkerTuning = Omit<WorkerOptions, 'connection' | 'prefix'>;

export interface WorkerSetup {
  /** Duplicated by BullMQ for the worker's blocking connection; not closed by `Worker.close()`. */
  readonly connection: Redis;
  readonly prefix: string;
  readonly logger: QueueLogger;
  /** Overrides for {@link WORKER_DEFAULTS} (lock and stall timings that give the 10-second redelivery). */
  readonly options?: WorkerTuning;
  /** How long a job that found PostgreSQL unreachable waits before it runs again. @defaultValue 2000 */
  readonly databaseOutageRetryMs?: number;
}

/** @defaultValue 2000 */
export const DATABASE_OUTAGE_RETRY_MS = 2_000;

/**
 * A BullMQ worker with Samrom's defaults: a killed worker stops renewing its 5-second lock,
 * and a live worker's stall check (every 2 s) puts the job back in the queue within 7 s
 * (see `JOB_LOCK_DURATION_MS`).
 *
 * Failed jobs are logged by id, name and error class only: an error message may echo job
 * data or a remote response, and job data stays out of the logs.
 */
export function createWorker<Data, Result>(
  name: QueueName,
  processor: Processor<Data, Result>,
  { connection, prefix, logger, options, databaseOutageRetryMs }: WorkerSetup,
): Worker<Data, Result> {
  const waiting = throttledErrorLog(logger, { queue: name }, 'jobs wait for the database; they run again without using up an attempt');
  const worker = new Worker<Data, Result>(name, waitOutDatabaseOutages(processor, databaseOutageRetryMs ?? DATABASE_OUTAGE_RETRY_MS, waiting), {
    ...WORKER_DEFAULTS,
    ...options,
    connection,
    prefix,
  });
  worker.on('failed', (job, err) => {
    const attempts = job?.opts.attempts ?? 1;
    const final = job === undefined || job.attemptsMade >= attempts || err.name === 'UnrecoverableError';
    const fields = { queue: name, jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, error: err.name, final };
    if (final) logger.error(fields, 'job failed for good');
    else logger.warn(fields, 'job failed; it will be retried');
  });
  worker.on('stalled', (jobId) => logger.warn({ queue: name, jobId }, 'job stalled (its worker stopped); it runs again'));
  worker.on('error', throttledErrorLog(logger, { queue: name }, 'worker error'));
  return worker;
}

/**
 * A job that fails because PostgreSQL is unreachable is put back (delayed by `retryMs`) without
 * using up one of its attempts: an outage longer than the backoff of all attempts (about two
 * minutes) must not fail jobs for good, or a call would never ring once the database is back.
 */
function waitOutDatabaseOutages<Data, Result>(processor: Processor<Data, Result>, retryMs: number, report: (err: Error) => void): Processor<Data, Result> {
  if (typeof processor !== 'function') return processor; // a sandboxed processor file: left as it is
  return async (job, token, signal) => {
    try {
      return await processor(job, token, signal);
    } catch (err) {
      const reason = databaseUnavailableReason(err);
      if (reason === undefined || token === undefined) throw err;
      try {
        await job.moveToDelayed(Date.now() + retryMs, token);
      } catch {
        throw err; // Redis is away too (or the lock was lost): the job fails and is retried as any other
      }
      report(new Error(reason));
      throw new DelayedError();
    }
  };
}

/** The same error is logged again at most this often (a Redis outage repeats it per reconnect). */
const REPEATED_ERROR_LOG_INTERVAL_MS = 60_000;

function throttledErrorLog(logger: QueueLogger | undefined, fields: object, msg: string): (err: Error) => void {
  let last: { message: string; atMs: number } | undefined;
  return (err) => {
    const nowMs = Date.now();
    if (last?.message === err.message && nowMs - last.atMs < REPEATED_ERROR_LOG_INTERVAL_MS) return;
    last = { message: err.message, atMs: nowMs };
    // Connection and script errors only ('failed' carries job errors), so the message holds no job data.
    logger?.warn({ ...fields, error: err.name, reason: err.message }, msg);
  };
}
