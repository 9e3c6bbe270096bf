/**
 * Queues `invitations` (`{consultationId, sequence}`) and `reminders` (`{reminderId}`): parse
 * the job, call the use case, log what happened by ids and counts only. A send worth retrying
 * fails the job, so BullMQ runs it again with backoff; the delivery ledger keeps what was
 * already sent from going twice.
 */
import type { Job } from 'bullmq';
import { JOB_PAYLOADS, type JobData, QUEUES } from '../adapters/queue/registry';
import { type DeliveryReport, type NotifyContext, sendInvitations, sendReminder } from '../core/consultations/invitations';

export interface NotifyWorkerDeps extends Omit<NotifyContext, 'actor' | 'requestId'> {
  readonly logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export type InvitationJobData = JobData<'invitation'>;
export type ReminderJobData = JobData<'reminder'>;

/** Thrown when some recipient should be tried again; the job is retried with backoff. */
export class RetryableDeliveryError extends Error {
  override readonly name = 'RetryableDeliveryError';
}

export function createInvitationsProcessor(deps: NotifyWorkerDeps): (job: Job<InvitationJobData>) => Promise<DeliveryReport> {
  const ctx: NotifyContext = { ...deps, actor: { kind: 'system', name: 'invitations' } };
  return async (job) => {
    const { only, ...data } = JOB_PAYLOADS.invitation.parse(job.data);
    const targeted = only === undefined ? {} : { only: only.split(',').filter((id) => id !== '') };
    return finish(deps, job, await sendInvitations({ ...ctx, requestId: `job:${job.id}` }, { ...data, ...targeted }));
  };
}

export function createRemindersProcessor(deps: NotifyWorkerDeps): (job: Job<ReminderJobData>) => Promise<DeliveryReport> {
  const ctx: NotifyContext = { ...deps, actor: { kind: 'system', name: 'reminders' } };
  return async (job) => {
    const { reminderId } = JOB_PAYLOADS.reminder.parse(job.data);
    return finish(deps, job, await sendReminder({ ...ctx, requestId: `job:${job.id}` }, reminderId));
  };
}

function finish(deps: NotifyWorkerDeps, job: Job, report: DeliveryReport): DeliveryReport {
  const fields = { queue: job.queueName, jobId: job.id, skipped: report.skipped, sent: report.sent, alreadySent: report.alreadySent };
  if (report.failed.length > 0) deps.logger.warn({ ...fields, failed: report.failed }, 'some notices could not be delivered');
  else deps.logger.info(fields, 'notices delivered');
  if (report.retry) throw new RetryableDeliveryError('some notices failed and will be retried');
  return report;
}

/** Both processors, for `startWorkers({processors})`. */
export function notifyProcessors(deps: NotifyWorkerDeps) {
  return { [QUEUES.invitations]: createInvitationsProcessor(deps), [QUEUES.reminders]: createRemindersProcessor(deps) } as const;
}

/** The iCalendar organizer: the SMTP sender's address, or a placeholder the development outbox shows. */
export function organizerEmail(email: { readonly kind: 'smtp'; readonly from: string } | { readonly kind: 'dev-outbox' }): string {
  if (email.kind !== 'smtp') return 'ikke-svar@samrom.invalid';
  return /<([^<>\s]+@[^<>\s]+)>/.exec(email.from)?.[1] ?? email.from.trim();
}
