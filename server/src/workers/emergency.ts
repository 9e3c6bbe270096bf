/**
 * Queues `emergency-ring` and `emergency-escalate` (`{callId}`): parse the job, call the
 * use case, log by ids and counts. An escalation is an alarm, and so is a call closed because
 * nobody answered (`close-unanswered`, on the escalate queue): both logged at error level.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { EMERGENCY_JOBS } from '../adapters/postgres/emergency-store';
import { JOB_PAYLOADS, QUEUES } from '../adapters/queue/registry';
import { type AlertContext, type AlertReport, escalateEmergencyCall, ringEmergencyCall, updateEmergencyCards } from '../core/emergency/alerts';
import { deliverInviteCard } from '../core/emergency/invite';
import { type CloseReport, closeUnansweredCall } from '../core/emergency/stale';
import type { EmergencyCallJob, EmergencyCallStore } from '../core/emergency/store';

export interface EmergencyWorkerDeps extends Omit<AlertContext, 'actor' | 'requestId' | 'store'> {
  readonly store: AlertContext['store'] & Pick<EmergencyCallStore, 'end' | 'setInviteDelivery'>;
  readonly logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** For the alarm text. */
  readonly ringTimeoutSeconds: number;
}

export type EmergencyJobData = Readonly<EmergencyCallJob>;

/** Some operator's card should be tried again; recorded cards are not sent again. */
export class RetryableAlertError extends Error {
  override readonly name = 'RetryableAlertError';
}

const callIdOf = (job: Job<EmergencyJobData>): string => JOB_PAYLOADS.emergencyCall.parse(job.data).callId;

/** By error class only: a message may echo a remote response. */
const sendErrorLogger = (deps: EmergencyWorkerDeps, job: Job) => (err: unknown, personId: string) =>
  deps.logger.warn({ queue: job.queueName, jobId: job.id, personId, error: err instanceof Error ? err.name : typeof err }, 'AMK card not sent; will retry');

export function createRingProcessor(deps: EmergencyWorkerDeps): (job: Job<EmergencyJobData>) => Promise<AlertReport> {
  return async (job) => {
    const callId = callIdOf(job);
    const ctx = { ...deps, actor: { kind: 'system', name: 'emergency-ring' } as const, requestId: `job:${job.id}`, onSendError: sendErrorLogger(deps, job) };
    if (job.name === EMERGENCY_JOBS.invite) {
      const { personId } = JOB_PAYLOADS.emergencyInvite.parse(job.data);
      // The last try decides «failed» instead of «retrying», so the operator is never told it is still being tried.
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const outcome = await deliverInviteCard(deps, callId, personId, lastAttempt);
      deps.logger.info({ queue: job.queueName, jobId: job.id, job: job.name, callId, personId, outcome }, 'emergency invite card');
      if (outcome === 'retry') throw new RetryableAlertError('the invite card failed and will be retried');
      return { group: 1, sent: outcome === 'sent' ? 1 : 0, alreadySent: 0, unreachable: outcome === 'unreachable' ? 1 : 0, retry: false };
    }
    // `ring` alerts everyone; `update` replaces the cards once the call is answered or ends.
    const update = job.name === EMERGENCY_JOBS.update;
    if (!update && job.name !== EMERGENCY_JOBS.ring) throw new UnrecoverableError(`unknown emergency job: ${job.name}`);
    const report = update ? await updateEmergencyCards(ctx, callId) : await ringEmergencyCall(ctx, callId);
    deps.logger.info({ queue: job.queueName, jobId: job.id, job: job.name, callId, ...report }, update ? 'AMK cards updated' : 'AMK alerted');
    if (report.retry) throw new RetryableAlertError('some AMK alerts failed and will be retried');
    return report;
  };
}

export function createEscalateProcessor(deps: EmergencyWorkerDeps): (job: Job<EmergencyJobData>) => Promise<AlertReport | CloseReport> {
  return async (job) => {
    const callId = callIdOf(job);
    if (job.name === EMERGENCY_JOBS.closeUnanswered) return closeStale(deps, job, callId);
    if (job.name !== EMERGENCY_JOBS.escalate) throw new UnrecoverableError(`unknown emergency job: ${job.name}`);
    const report = await escalateEmergencyCall(
      { ...deps, actor: { kind: 'system', name: 'emergency-escalate' }, requestId: `job:${job.id}`, onSendError: sendErrorLogger(deps, job) },
      callId,
    );
    if (report.escalated) {
      deps.logger.error(
        { alarm: 'emergency_call_unanswered', callId, ringTimeoutSeconds: deps.ringTimeoutSeconds, backupGroup: report.group, sent: report.sent },
        'ALARM: akuttvideo ubesvart etter ringetiden, eskalert til bakvaktgruppen / emergency call unanswered after the ring timeout, escalated to the backup group',
      );
    } else {
      deps.logger.info({ queue: job.queueName, jobId: job.id, callId, ...report }, 'emergency escalation checked');
    }
    if (report.retry) throw new RetryableAlertError('some backup alerts failed and will be retried');
    return report;
  };
}

/** Not due yet (the clocks disagree by a little): BullMQ's backoff runs it again shortly. */
export class NotDueError extends Error {
  override readonly name = 'NotDueError';
}

async function closeStale(deps: EmergencyWorkerDeps, job: Job<EmergencyJobData>, callId: string): Promise<CloseReport> {
  const report = await closeUnansweredCall({ ...deps, actor: { kind: 'system', name: 'emergency-close-unanswered' }, requestId: `job:${job.id}` }, callId);
  if (report.closed) {
    deps.logger.error(
      { alarm: 'emergency_call_closed_unanswered', callId, unansweredCloseMinutes: deps.unansweredCloseMinutes },
      'ALARM: akuttvideo lukket, ingen svarte etter eskalering / emergency call closed, nobody answered after escalation',
    );
  } else {
    deps.logger.info({ queue: job.queueName, jobId: job.id, callId, reason: report.reason }, 'unanswered emergency call checked');
  }
  if (!report.closed && report.reason === 'not_due') throw new NotDueError('the close is not due yet');
  return report;
}

/** Both processors, for `startWorkers({processors})`. */
export function emergencyProcessors(deps: EmergencyWorkerDeps) {
  return { [QUEUES.emergencyRing]: createRingProcessor(deps), [QUEUES.emergencyEscalate]: createEscalateProcessor(deps) } as const;
}
