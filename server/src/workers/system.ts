/**
 * The `system` queue: jobs that prove the worker role is alive. A `heartbeat` job comes back
 * with the instant a worker ran it.
 */
import { type Job, UnrecoverableError } from 'bullmq';

export const SYSTEM_JOBS = { heartbeat: 'heartbeat' } as const;
export type SystemJobName = (typeof SYSTEM_JOBS)[keyof typeof SYSTEM_JOBS];

/** A heartbeat carries no data. */
export type HeartbeatData = Readonly<Record<string, never>>;
export interface HeartbeatResult {
  /** When a worker ran the job (ISO 8601). */
  readonly at: string;
}

export type SystemJob = Job<HeartbeatData>;

export function createSystemProcessor(now: () => Date = () => new Date()): (job: SystemJob) => Promise<HeartbeatResult> {
  const handlers: Record<SystemJobName, (job: SystemJob) => HeartbeatResult> = {
    heartbeat: () => ({ at: now().toISOString() }),
  };
  return async (job) => {
    if (!Object.hasOwn(handlers, job.name)) {
      // Retrying cannot teach this worker a job it does not know.
      throw new UnrecoverableError(`unknown system job: ${job.name}`);
    }
    return handlers[job.name as SystemJobName](job);
  };
}

export const systemProcessor = createSystemProcessor();
