/**
 * Queue `advice`: `advice-dispatch {requestId, attempt}` rings a round of the on-call chain;
 * `advice-escalate {requestId, attempt}` moves an unanswered round on; `advice-settled` tells
 * the requester and closes the other cards; `advice-status` and `advice-queue-moved` update
 * requesters' status cards in place. All are idempotent (see core/advice/dispatch.ts and
 * status-card.ts); a job with unsent messages fails so it is retried.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { ADVICE_JOBS } from '../adapters/queue/advice-jobs';
import { JOB_PAYLOADS } from '../adapters/queue/registry';
import { type DispatchContext, type DispatchReport, dispatchAdvice, escalateAdvice } from '../core/advice/dispatch';
import { type SettleReport, settleAdvice } from '../core/advice/notices';
import { type QueueRefreshReport, type StatusCardOutcome, refreshQueueCards, refreshStatusCard } from '../core/advice/status-card';
import type { AdviceQueueSource, AdviceStore } from '../core/advice/store';
import type { DeliveryLedger } from '../core/consultations/invitations';

export interface AdviceWorkerDeps extends DispatchContext {
  /** The queue too: a moved queue refreshes the waiting requesters' cards. */
  readonly store: AdviceStore & AdviceQueueSource;
  /** Keeps the settled notices (requester told, other cards closed) from going twice. */
  readonly ledger: DeliveryLedger;
  readonly logger: { info(obj: object, msg: string): void };
}

export class RetryableRingError extends Error {
  override readonly name = 'RetryableRingError';
}

export function createAdviceProcessor(
  deps: AdviceWorkerDeps,
): (job: Job) => Promise<DispatchReport | SettleReport | QueueRefreshReport | { advanced: boolean } | { card: StatusCardOutcome }> {
  return async (job) => {
    const data = JOB_PAYLOADS.advice.parse(job.data);
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
      case ADVICE_JOBS.status: {
        const card = await refreshStatusCard(deps, data.requestId);
        deps.logger.info({ jobId: job.id, requestId: data.requestId, card }, 'advice status card');
        if (card === 'retry') throw new RetryableRingError('the status card is held by another worker or Teams asked to retry');
        return { card };
      }
      case ADVICE_JOBS.queueMoved: {
        const report = await refreshQueueCards(deps, data.requestId);
        deps.logger.info({ jobId: job.id, requestId: data.requestId, ...report }, 'advice queue cards refreshed');
        if (report.retry) throw new RetryableRingError('some waiting cards were not refreshed and will be retried');
        return report;
      }
      default:
        throw new UnrecoverableError(`unknown advice job: ${job.name}`);
    }
  };
}
