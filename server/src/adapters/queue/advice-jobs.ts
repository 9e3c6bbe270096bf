/**
 * The `advice` queue (konfereringstelefon). Job data is opaque: `{requestId, attempt}` (for `settled`, the last round rung).
 *
 * Every job on this queue carries a BullMQ priority (akutt 1, haster 2, vanlig 3), so the
 * queue serves requests by priority and then arrival. BullMQ runs jobs *without* a priority
 * before all prioritized ones, which is why this queue holds advice jobs only and the one
 * function that builds them always sets one: no un-prioritized job can exist here to overtake.
 */
import type { OutboxJob } from './outbox';

export const ADVICE_QUEUE = 'advice';
/** `settled`: after an answer or a withdrawal, the requester is told and the other rings' cards are closed. */
export const ADVICE_JOBS = { dispatch: 'advice-dispatch', escalate: 'advice-escalate', settled: 'advice-settled' } as const;
export type AdviceJobName = (typeof ADVICE_JOBS)[keyof typeof ADVICE_JOBS];

export interface AdviceJobData {
  readonly requestId: string;
  readonly attempt: number;
}

/** An advice job for the outbox, with its priority from the request's. */
export function adviceJob(name: AdviceJobName, data: AdviceJobData, priorityRank: number, runAt?: Date): OutboxJob {
  return { queue: ADVICE_QUEUE, name, payload: { requestId: data.requestId, attempt: data.attempt }, priority: priorityRank, ...(runAt ? { runAt } : {}) };
}
