/**
 * Ringing: the worker side of the advice line. `dispatchAdvice` runs one ring round (job
 * `advice-dispatch {requestId, attempt}`); `escalateAdvice` moves an unanswered round on
 * (job `advice-escalate`, delayed by the ring timeout).
 *
 * Nothing is lost and nobody is rung twice: a round's rings are rows first (key: request,
 * round, person), written with the escalation job in one transaction; each ring is then
 * claimed, sent and marked. A redelivered job finds the rows and sends only what is unsent;
 * a crashed sender's claim runs out and the next delivery sends it. Teams cards carry the
 * specialty, priority and the requester's name and organisation — never the ISBAR.
 *
 * Nobody on call (no shift now, or everyone on shift busy): no round starts and no ring row is
 * written; the specialty's coordinators are alarmed once per request (delivery ledger) and the
 * same dispatch job looks again one ring timeout later, so a shift added meanwhile is rung then.
 */
import { browserUrl } from '../../shared/deep-links';
import type { DeliveryLedger } from '../consultations/invitations';
import type { Clock, ConversationStore, Directory, Notifier, Person } from '../ports';
import type { RosterStore } from '../rosters/store';
import {
  type AdviceRequestRecord,
  type ChainAt,
  type RingRecord,
  type RingTarget,
  endsPass,
  isWaiting,
  nobodyToRing,
  planRing,
  roundDelaySeconds,
} from './model';
import { type SwitchboardNumbers, chainAt, switchboardFor } from './on-call';
import type { AdviceStore } from './store';
import type { AdviceRingNotice } from './teams-notices';

/** How long a worker holds a ring it is sending; a crashed worker's claim runs out after this. @defaultValue 4000 */
export const RING_CLAIM_MS = 4_000;

export interface DispatchContext {
  readonly store: AdviceStore;
  readonly rosters: Pick<RosterStore, 'list'>;
  readonly directory: Pick<Directory, 'list' | 'byId'>;
  readonly conversations: Pick<ConversationStore, 'personalFor'>;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly ringTimeoutSeconds: number;
  readonly publicBaseUrl: string;
  /** Keeps the nobody-on-call alarm to one per coordinator and request. */
  readonly ledger: DeliveryLedger;
  readonly switchboards: SwitchboardNumbers;
  /** @defaultValue {@link RING_CLAIM_MS} */
  readonly ringClaimMs?: number;
}

export interface DispatchReport {
  /** `nobody_on_call`: no round started; the coordinators are alarmed and the job looks again later. */
  readonly outcome: 'rung' | 'stale' | 'not_waiting' | 'not_found' | 'nobody_on_call';
  /** The round whose rings this run sent (or found sent). */
  readonly attempt: number;
  readonly sent: number;
  readonly failed: number;
  /** Some rings are unsent (a send worth retrying failed, or another worker holds them): run again. */
  readonly retry: boolean;
}

export async function dispatchAdvice(ctx: DispatchContext, requestId: string, attempt: number): Promise<DispatchReport> {
  const none = (outcome: DispatchReport['outcome'], round = attempt): DispatchReport => ({ outcome, attempt: round, sent: 0, failed: 0, retry: false });
  let request = await ctx.store.byId(requestId);
  if (!request) return none('not_found');
  if (!isWaiting(request.status)) return none('not_waiting');
  /** The round's rings as this run wrote them, when it did; otherwise they are read. */
  let written: readonly PendingRing[] | undefined;
  if (request.attempt === attempt && request.rungAttempt < attempt) {
    const now = ctx.clock.now();
    const chain = await chainAt(ctx, request.specialty, now);
    if (nobodyToRing(request.priority, chain)) return nobodyOnCall(ctx, request, attempt, chain);
    const plan = planRing(request.priority, attempt, chain);
    const delaySeconds = roundDelaySeconds(request.priority, plan.attempt, ctx.ringTimeoutSeconds);
    const started = await ctx.store.startRound(requestId, attempt, plan, new Date(now.getTime() + delaySeconds * 1000));
    // Started: the request was waiting in this round under the lock and now stands as written,
    // and the round's rings are the plan's, none sent (no ring of a round exists before the round
    // is started). Not started: another delivery or a change got there first, so read what it left.
    request = started ? { ...request, status: 'ringing', attempt: plan.attempt, rungAttempt: plan.attempt } : await ctx.store.byId(requestId);
    if (started) written = plan.targets.map((t) => ({ ...t, attempt: plan.attempt }));
    if (!request || !isWaiting(request.status)) return none('not_waiting');
  }
  // Moved on (escalated, or passed-over steps) since this job was planned: the later round's job rings.
  if (request.rungAttempt < attempt || request.attempt !== request.rungAttempt) return none('stale');
  return sendRound(ctx, request, request.rungAttempt, written);
}

/** The ring timeout ran out: move on unless someone answered, declined everything or it moved on already. */
export async function escalateAdvice(ctx: Pick<DispatchContext, 'store'>, requestId: string, attempt: number): Promise<boolean> {
  return ctx.store.advance(requestId, attempt);
}

/**
 * Nobody can be rung: tell the coordinators (once each per request; a failed send worth retrying
 * is tried again by the next look) and look again one ring timeout later. No round, no ring row.
 */
async function nobodyOnCall(ctx: DispatchContext, request: AdviceRequestRecord, attempt: number, chain: ChainAt): Promise<DispatchReport> {
  const report = { outcome: 'nobody_on_call' as const, attempt, sent: 0, failed: 0, retry: false };
  const requester = await ctx.directory.byId(request.requesterId);
  const link = browserUrl(ctx.publicBaseUrl, { kind: 'advice-request', id: request.id });
  for (const personId of chain.coordinators) {
    const key = `advice-nobody-on-call:${request.id}:${personId}`;
    if (await ctx.ledger.wasSent(key)) continue;
    const conversation = await ctx.conversations.personalFor(personId);
    if (!conversation) continue;
    const outcome = await ctx.notifier.send(conversation.conversationId, {
      notice: {
        kind: 'advice.nobody_on_call',
        requestId: request.id,
        specialty: request.specialty,
        priority: request.priority,
        requester: requester ? { name: requester.name, organization: requester.organization } : null,
        switchboardPhone: switchboardFor(ctx.switchboards, request.specialty),
        link,
      },
    });
    if (outcome.ok || outcome.final) await ctx.ledger.markSent(key);
    if (outcome.ok) report.sent++;
    else if (outcome.final) report.failed++;
  }
  await ctx.store.recheck(request.id, attempt, new Date(ctx.clock.now().getTime() + ctx.ringTimeoutSeconds * 1000));
  return report;
}

/** What sending a ring needs of it. */
type PendingRing = RingTarget & Pick<RingRecord, 'attempt'>;

async function sendRound(ctx: DispatchContext, request: AdviceRequestRecord, round: number, written?: readonly PendingRing[]): Promise<DispatchReport> {
  const pending: readonly PendingRing[] =
    written ?? (await ctx.store.rings(request.id)).filter((r) => r.attempt === round && r.sentAt === null && r.failure === null);
  const report = { outcome: 'rung' as const, attempt: round, sent: 0, failed: 0, retry: false };
  if (pending.length === 0) return report;
  const requester = await ctx.directory.byId(request.requesterId);
  for (const ring of pending) {
    const claim = await ctx.store.claimRing(request.id, round, ring.personId, ctx.clock.now(), ctx.ringClaimMs ?? RING_CLAIM_MS);
    if (claim === 'request_not_waiting') return { ...report, outcome: 'not_waiting' };
    if (claim === 'done') continue;
    if (claim === 'held_by_another') {
      report.retry = true;
      continue;
    }
    const conversation = await ctx.conversations.personalFor(ring.personId);
    if (!conversation) {
      await ctx.store.ringFailed(request.id, round, ring.personId, 'no_conversation');
      report.failed++;
      continue;
    }
    const outcome = await ctx.notifier.send(conversation.conversationId, { notice: ringNotice(request, ring, requester, ctx.publicBaseUrl) });
    if (outcome.ok) {
      await ctx.store.ringSent(request.id, round, ring.personId, outcome.activityId, ctx.clock.now());
      report.sent++;
    } else if (outcome.final) {
      await ctx.store.ringFailed(request.id, round, ring.personId, outcome.reason);
      report.failed++;
    } else {
      await ctx.store.releaseRing(request.id, round, ring.personId);
      report.retry = true;
    }
  }
  // Nobody in this round can be reached at all: move on now rather than wait out the timer —
  // but not past the end of a pass, or a chain nobody can be reached in would spin without pause.
  // A ring sent by this run can never fail afterwards, so then there is nothing to look at.
  if (report.sent > 0) return report;
  const rings = (await ctx.store.rings(request.id)).filter((r) => r.attempt === round && r.kind === 'ring');
  if (rings.length > 0 && rings.every((r) => r.failure !== null) && !endsPass(request.priority, round)) await ctx.store.advance(request.id, round);
  return report;
}

/** The notice a specialist (or an alarmed coordinator) gets: no clinical text, the ISBAR opens in the tab. */
export function ringNotice(
  request: Pick<AdviceRequestRecord, 'id' | 'specialty' | 'priority'>,
  ring: Pick<RingRecord, 'kind' | 'attempt'>,
  requester: Pick<Person, 'name' | 'organization'> | null,
  publicBaseUrl: string,
): AdviceRingNotice {
  return {
    kind: 'advice.ring',
    requestId: request.id,
    specialty: request.specialty,
    priority: request.priority,
    requester: requester ? { name: requester.name, organization: requester.organization } : null,
    attempt: ring.attempt,
    alarm: ring.kind === 'alarm',
    link: browserUrl(publicBaseUrl, { kind: 'advice-request', id: request.id }),
  };
}
