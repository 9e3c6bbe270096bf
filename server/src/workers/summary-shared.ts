/**
 * The `summary-shared` queue: a saved summary is announced in Teams as a link (see
 * core/consultations/summary-share.ts). Job data is `{consultationId, version}`: opaque only.
 */
import type { Job } from 'bullmq';
import { JOB_PAYLOADS } from '../adapters/queue/registry';
import { type SummaryShareDeps, type SummaryShareResult, shareSummary } from '../core/consultations/summary-share';

export type SummarySharedJob = Job<Readonly<Record<string, unknown>>>;

export function createSummarySharedProcessor(deps: SummaryShareDeps): (job: SummarySharedJob) => Promise<SummaryShareResult> {
  // Retrying cannot repair a malformed job: it fails for good.
  return async (job) => shareSummary(deps, JOB_PAYLOADS.summaryShared.parse(job.data));
}
