/**
 * Queue `citizen-video-sms` (`{sessionId, linkId}`): makes the caller's link and sends the SMS.
 * Logs ids and the outcome only — never the phone number or the link.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { CITIZEN_VIDEO_SMS_QUEUE } from '../adapters/postgres/citizen-video-store';
import { type CitizenSmsContext, type CitizenSmsOutcome, sendCitizenLink } from '../core/emergency/citizen-caller';

export interface CitizenSmsWorkerDeps extends CitizenSmsContext {
  readonly logger: { info(obj: object, msg: string): void };
}

export type CitizenSmsJobData = Readonly<{ sessionId: string; linkId: string }>;

export function createCitizenSmsProcessor(deps: CitizenSmsWorkerDeps): (job: Job<CitizenSmsJobData>) => Promise<CitizenSmsOutcome> {
  return async (job) => {
    const { sessionId, linkId } = job.data ?? {};
    if (typeof sessionId !== 'string' || typeof linkId !== 'string') throw new UnrecoverableError('invalid citizen video job data');
    const outcome = await sendCitizenLink(deps, { sessionId, linkId });
    deps.logger.info({ queue: job.queueName, jobId: job.id, sessionId, outcome }, 'citizen video link');
    return outcome;
  };
}

export function citizenVideoProcessors(deps: CitizenSmsWorkerDeps) {
  return { [CITIZEN_VIDEO_SMS_QUEUE]: createCitizenSmsProcessor(deps) } as const;
}
