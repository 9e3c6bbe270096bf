/**
 * The `attendance-reconcile` queue: a repeatable job (every minute, in worker processes) that
 * asks LiveKit who is in each current consultation room and repairs the attendance stays a
 * lost webhook left wrong. The job carries no data; a missed run is simply the next one.
 */
import type { Job, Queue } from 'bullmq';
import { type ReconcileDeps, type ReconcileResult, reconcileAttendance } from '../core/consultations/attendance';
import { QUEUES } from '../adapters/queue/registry';

/** How often the reconciliation runs. @defaultValue 60000 */
export const ATTENDANCE_RECONCILE_EVERY_MS = 60_000;
export const ATTENDANCE_RECONCILE_SCHEDULER_ID = 'attendance-reconcile';
export const ATTENDANCE_RECONCILE_JOB = 'reconcile';

export type AttendanceReconcileJob = Job<Readonly<Record<string, never>>>;

export function createAttendanceReconcileProcessor(deps: ReconcileDeps): (job: AttendanceReconcileJob) => Promise<ReconcileResult> {
  return async () => reconcileAttendance(deps);
}

/**
 * Upserts the repeatable job; every worker process may call it, and they all end up with the
 * one scheduler. A run that fails is not retried: the next one is a minute away.
 */
export async function scheduleAttendanceReconcile(
  queue: (name: typeof QUEUES.attendanceReconcile) => Pick<Queue, 'upsertJobScheduler'>,
  everyMs = ATTENDANCE_RECONCILE_EVERY_MS,
): Promise<void> {
  await queue(QUEUES.attendanceReconcile).upsertJobScheduler(
    ATTENDANCE_RECONCILE_SCHEDULER_ID,
    { every: everyMs },
    { name: ATTENDANCE_RECONCILE_JOB, data: {}, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
  );
}
