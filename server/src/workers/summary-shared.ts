/**
 * The `summary-shared` queue: a saved summary is announced in Teams as a link (see
 * core/consultations/summary-share.ts). Job data is `{consultationId, version}`: opaque only.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { type SummaryShareDeps, type SummaryShareJob, type SummaryShareResult, shareSummary } from '../core/consultations/summary-share';

export type SummarySharedJob = Job<Readonly<Record<string, unknown>>>;

export function createSummarySharedProcessor(deps: SummaryShareDeps): (job: SummarySharedJob) => Promise<SummaryShareResult> {
  return async (job) => shareSummary(deps, parseJob(job.data));
}

function parseJob(data: Readonly<Record<string, unknown>>): SummaryShareJob {
  const { consultationId, version } = data;
  // Retrying cannot repair a malformed job.
  if (typeof consultationId !== 'string' || typeof version !== 'number') throw new UnrecoverableError('summary-shared job lacks consultationId or version');
  return { consultationId, version };
}
