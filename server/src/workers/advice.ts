/**
 * Queue `advice`: `advice-dispatch {requestId, attempt}` rings a round of the on-call chain;
 * `advice-escalate {requestId, attempt}` moves an unanswered round on. Both are idempotent
 * (see core/advice/dispatch.ts); a round with unsent rings fails the job so it is retried.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { ADVICE_JOBS, type AdviceJobData } from '../adapters/queue/advice-jobs';
import { type DispatchContext, type DispatchReport, dispatchAdvice, escalateAdvice } from '../core/advice/dispatch';
import { type SettleReport, settleAdvice } from '../core/advice/notices';
import type { DeliveryLedger } from '../core/consultations/invitations';

export interface AdviceWorkerDeps extends DispatchContext {
  /** Keeps the settled notices (requester told, other cards closed) from going twice. */
  readonly ledger: DeliveryLedger;
  readonly logger: { info(obj: object, msg: string): void };
}

export class RetryableRingError extends Error {
  override readonly name = 'RetryableRingError';
}

export function createAdviceProcessor(deps: AdviceWorkerDeps): (job: Job) => Promise<DispatchReport | SettleReport | { advanced: boolean }> {
  return async (job) => {
    const data = parseJob(job.data);
    switch (job.name) {
      case ADVICE_JOBS.dispatch: {
        const report = await dispatchAdvice(deps, data.requestId, data.attempt);
        deps.logger.info({ jobId: job.id, requestId: data.requestId, ...report }, 'advice round dispatched');
        if (report.retry) throw new RetryableRingError('some rings of the round are unsent and will be retried');
        return report;
      }
      case ADVICE_JOBS.escalate: {
        const advanced = await escalateAdvice(deps, data.requestId, data.attempt);
        deps.logger.info({ jobId: job.id, requestId: data.requestId, attempt: data.attempt, advanced }, 'advice ring timeout');
        return { advanced };
      }
      case ADVICE_JOBS.settled: {
        const report = await settleAdvice(deps, data.requestId);
        deps.logger.info({ jobId: job.id, requestId: data.requestId, ...report }, 'advice request settled');
        if (report.retry) throw new RetryableRingError('some settled notices are unsent and will be retried');
        return report;
      }
      default:
        throw new UnrecoverableError(`unknown advice job: ${job.name}`);
    }
  };
}

function parseJob(data: unknown): AdviceJobData {
  const d = (data ?? {}) as Record<string, unknown>;
  if (typeof d.requestId !== 'string' || typeof d.attempt !== 'number' || !Number.isInteger(d.attempt) || d.attempt < 0) {
    throw new UnrecoverableError('invalid advice job data');
  }
  return { requestId: d.requestId, attempt: d.attempt };
}
