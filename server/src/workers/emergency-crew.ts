/**
 * Queue `emergency-crew-sms` (`{callId, linkId}`): makes the ambulance crew's link and sends the
 * SMS. Logs ids and the outcome only — never the phone number or the link.
 */
import type { Job } from 'bullmq';
import { JOB_PAYLOADS, type JobData, QUEUES } from '../adapters/queue/registry';
import { type CrewSmsContext, type CrewSmsOutcome, sendCrewLink } from '../core/emergency/crew';

export interface CrewSmsWorkerDeps extends CrewSmsContext {
  readonly logger: { info(obj: object, msg: string): void };
}

export type CrewSmsJobData = JobData<'emergencyCrewSms'>;

export function createCrewSmsProcessor(deps: CrewSmsWorkerDeps): (job: Job<CrewSmsJobData>) => Promise<CrewSmsOutcome> {
  return async (job) => {
    const { callId, linkId } = JOB_PAYLOADS.emergencyCrewSms.parse(job.data);
    const outcome = await sendCrewLink(deps, { callId, linkId }, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
    deps.logger.info({ queue: job.queueName, jobId: job.id, callId, linkId, outcome }, 'ambulance crew link');
    return outcome;
  };
}

export function emergencyCrewProcessors(deps: CrewSmsWorkerDeps) {
  return { [QUEUES.emergencyCrewSms]: createCrewSmsProcessor(deps) } as const;
}
