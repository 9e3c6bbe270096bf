/**
 * The BullMQ settings every queue and worker shares (the queue names and job payloads are in
 * registry.ts).
 */
import type { JobsOptions, WorkerOptions } from 'bullmq';

/**
 * How long a worker's lock on a job lasts without renewal. A killed worker stops renewing,
 * and a job is moved back only by the first stall check after it has both been marked by an
 * earlier check and lost its lock. The survivors' checks can skip one interval right after
 * the kill (the dead worker's throttle key), so the worst case is
 * max(LOCK, 2 × STALLED_CHECK) + STALLED_CHECK = 7 s — inside the 10-second budget.
 * @defaultValue 5000
 */
export const JOB_LOCK_DURATION_MS = 5_000;
/** How often workers look for stalled jobs. At 3 s the worst case is 9 s (9.06 s measured): too close to 10. @defaultValue 2000 */
export const STALLED_CHECK_INTERVAL_MS = 2_000;

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  // Completed jobs are kept a day so a re-enqueue with the same jobId stays a no-op.
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const WORKER_DEFAULTS: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount' | 'concurrency'> = {
  lockDuration: JOB_LOCK_DURATION_MS,
  stalledInterval: STALLED_CHECK_INTERVAL_MS,
  maxStalledCount: 3,
  concurrency: 8,
};
