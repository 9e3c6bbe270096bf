/**
 * Queue `citizen-video-sms` (`{sessionId, linkId}`): makes the caller's link and sends the SMS.
 * Logs ids and the outcome only — never the phone number or the link.
 */
import type { Job } from 'bullmq';
import { JOB_PAYLOADS, type JobData, QUEUES } from '../adapters/queue/registry';
import { type CitizenSmsContext, type CitizenSmsOutcome, sendCitizenLink } from '../core/emergency/citizen-caller';

export interface CitizenSmsWorkerDeps extends CitizenSmsContext {
  readonly logger: { info(obj: object, msg: string): void };
}

export type CitizenSmsJobData = JobData<'citizenVideoSms'>;

export function createCitizenSmsProcessor(deps: CitizenSmsWorkerDeps): (job: Job<CitizenSmsJobData>) => Promise<CitizenSmsOutcome> {
  return async (job) => {
    const { sessionId, linkId } = JOB_PAYLOADS.citizenVideoSms.parse(job.data);
    const outcome = await sendCitizenLink(deps, { sessionId, linkId });
    deps.logger.info({ queue: job.queueName, jobId: job.id, sessionId, outcome }, 'citizen video link');
    return outcome;
  };
}

export function citizenVideoProcessors(deps: CitizenSmsWorkerDeps) {
  return { [QUEUES.citizenVideoSms]: createCitizenSmsProcessor(deps) } as const;
}
