/**
 * The `advice` queue (konfereringstelefon). Job data is opaque: `{requestId, attempt}` (for `settled`, the last round rung).
 *
 * Every job on this queue carries a BullMQ priority (akutt 1, haster 2, vanlig 3), so the
 * queue serves requests by priority and then arrival (status-card jobs: 4–6, after every ring).
 * BullMQ runs jobs *without* a priority
 * before all prioritized ones, which is why this queue holds advice jobs only and the one
 * function that builds them always sets one: no un-prioritized job can exist here to overtake.
 */
import type { OutboxJob } from './outbox';
import { QUEUES } from './registry';

/** `settled`: after an answer or a withdrawal, the requester is told and the other rings' cards are closed. */
/**
 * `status`: the requester's status card is re-rendered and updated in place; `queue-moved`: a
 * request left the queue (or one came in ahead), so the waiting requesters' cards of its
 * specialty are refreshed (`attempt` 0).
 */
export const ADVICE_JOBS = {
  dispatch: 'advice-dispatch',
  escalate: 'advice-escalate',
  settled: 'advice-settled',
  status: 'advice-status',
  queueMoved: 'advice-queue-moved',
} as const;
/**
 * Status-card jobs come after every ring of any priority (a ring is what gets the request
 * answered; the card only tells about it): their BullMQ priority is the request's plus this.
 */
export const STATUS_PRIORITY_OFFSET = 3;
export type AdviceJobName = (typeof ADVICE_JOBS)[keyof typeof ADVICE_JOBS];

export interface AdviceJobData {
  readonly requestId: string;
  readonly attempt: number;
}

/** An advice job for the outbox, with its priority from the request's. */
export function adviceJob(name: AdviceJobName, data: AdviceJobData, priorityRank: number, runAt?: Date): OutboxJob {
  const status = name === ADVICE_JOBS.status || name === ADVICE_JOBS.queueMoved;
  const priority = status ? priorityRank + STATUS_PRIORITY_OFFSET : priorityRank;
  return { queue: QUEUES.advice, name, payload: { requestId: data.requestId, attempt: data.attempt }, priority, ...(runAt ? { runAt } : {}) };
}
