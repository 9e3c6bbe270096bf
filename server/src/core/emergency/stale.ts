/**
 * Stale calls end. A call nobody answered is escalated after the ring time (`alerts.ts`); if it
 * still rings {@link DEFAULT_UNANSWERED_CLOSE_MINUTES} after that, the `close-unanswered` job
 * (written through the outbox when the call escalated) closes it with the outcome `unanswered`,
 * so it stops ringing on every console, the requester is told to phone AMK, and the stats count
 * it. Idempotent: a call answered or ended meanwhile is left alone, and a redelivered job finds
 * the call ended already.
 */
import { type AuditContext, audited } from '../audit';
import type { Clock } from '../ports';
import { DEFAULT_UNANSWERED_CLOSE_MINUTES } from './alerts';
import type { EmergencyCallEvents, EmergencyCallStore, EmergencyMetrics } from './store';

export interface StaleCallContext extends AuditContext {
  readonly clock: Clock;
  readonly store: Pick<EmergencyCallStore, 'byId' | 'end'>;
  readonly events: EmergencyCallEvents;
  readonly metrics: Pick<EmergencyMetrics, 'closedUnanswered'>;
  /** @defaultValue {@link DEFAULT_UNANSWERED_CLOSE_MINUTES} */
  readonly unansweredCloseMinutes?: number;
}

export type CloseReport =
  | { readonly closed: true }
  | { readonly closed: false; readonly reason: 'not_found' | 'not_ringing' | 'not_escalated' }
  /** The job ran before its time (clocks disagree): try again at `dueAt`. */
  | { readonly closed: false; readonly reason: 'not_due'; readonly dueAt: Date };

/** When a call escalated at `escalatedAt` is closed if still unanswered. */
export function closeDueAt(escalatedAt: Date, unansweredCloseMinutes = DEFAULT_UNANSWERED_CLOSE_MINUTES): Date {
  return new Date(escalatedAt.getTime() + unansweredCloseMinutes * 60_000);
}

export async function closeUnansweredCall(ctx: StaleCallContext, callId: string): Promise<CloseReport> {
  const record = await ctx.store.byId(callId);
  if (!record) return { closed: false, reason: 'not_found' };
  if (record.status !== 'ringing') return { closed: false, reason: 'not_ringing' };
  if (!record.escalatedAt) return { closed: false, reason: 'not_escalated' };
  const now = ctx.clock.now();
  const dueAt = closeDueAt(record.escalatedAt, ctx.unansweredCloseMinutes);
  if (now < dueAt) return { closed: false, reason: 'not_due', dueAt };
  return audited(ctx, { action: 'emergency_call.close_unanswered', patientId: null, resourceType: 'emergency_call', resourceId: callId }, async () => {
    // Only while still ringing: an operator answering at this very moment wins.
    const ended = await ctx.store.end(callId, now, 'unanswered', null, true);
    if (!ended) return { closed: false, reason: 'not_ringing' } as const;
    ctx.metrics.closedUnanswered?.();
    await ctx.events.changed(callId);
    return { closed: true } as const;
  });
}
