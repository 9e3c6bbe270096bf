/**
 * The requester's status card: one Teams message per request, updated in place at every step
 * (queued with position and estimate → ringing level 1 → the bakvakt → level 3 / coordinators
 * → answered by whom, with a join link or the callback → withdrawn or completed). Jobs
 * `advice-status` (one request) and `advice-queue-moved` (the waiting requests of a specialty)
 * re-render it from the database; nothing is sent when what the card shows has not changed.
 *
 * A request asked from the chat gets the card as the bot's reply (see `attachStatusCard`); one
 * made in the tab or the API gets it in the requester's personal chat, if the bot has one.
 * Redelivery may update the card again, never post a second one — except after a crash
 * between the send and its record, the one window no Teams API can close.
 *
 * The card shows specialty, priority, status, position and estimate, who answered (name,
 * organisation), a join link or callback number — never the ISBAR.
 */
import { screenLink } from '../../shared/deep-links';
import type { Clock, ConversationStore, Directory, Notifier, Person } from '../ports';
import type { RosterLevel } from '../rosters/shifts';
import type { RosterStore } from '../rosters/store';
import { type AdviceRequestRecord, type RingRecord, isWaiting } from './model';
import { type OnCallNow, type SwitchboardNumbers, onCallOf } from './on-call';
import type { AdviceQueueSource, AdviceRead, AdviceStore } from './store';
import type { AdviceRoundStep, AdviceStatusNotice } from './teams-notices';
import { estimateWait } from './use-cases';

/** How long a worker holds the card it is updating. @defaultValue 4000 */
export const STATUS_CARD_CLAIM_MS = 4_000;
/** The most waiting cards one `advice-queue-moved` job refreshes (the front of the queue). */
export const STATUS_REFRESH_LIMIT = 50;

export interface StatusCardFacts {
  readonly request: Pick<AdviceRequestRecord, 'id' | 'specialty' | 'priority' | 'status' | 'mode' | 'callbackPhone' | 'createdAt'>;
  readonly position: number | null;
  readonly estimatedWaitSeconds: number | null;
  /** Every ring round so far (its rows), oldest first. */
  readonly rings: readonly Pick<RingRecord, 'attempt' | 'level' | 'kind' | 'failure'>[];
  /** Who answered. */
  readonly specialist: Pick<Person, 'name' | 'organization'> | null;
  /** The request in the tab: ISBAR, the call, the advice note. */
  readonly link: string;
  /** Who would be rung now, or that nobody is on call (and the switchboard). */
  readonly onCall: OnCallNow;
}

export interface StatusCard {
  readonly notice: AdviceStatusNotice;
  /** What the card shows, as a key: equal keys, equal cards. */
  readonly key: string;
}

/** What one ring round did, for the card's steps: the levels it rang, whether nobody could be reached, whether the coordinators were alarmed. */
function roundSteps(rings: StatusCardFacts['rings']): AdviceRoundStep[] {
  const rounds = [...new Set(rings.map((r) => r.attempt))].sort((a, b) => a - b);
  return rounds.map((round) => {
    const inRound = rings.filter((r) => r.attempt === round);
    const rung = inRound.filter((r) => r.kind === 'ring');
    const levels = [...new Set(rung.map((r) => r.level))].filter((l): l is RosterLevel => l !== 0).sort();
    return { round, levels, unreached: rung.every((r) => r.failure !== null), alarmed: inRound.some((r) => r.kind === 'alarm') };
  });
}

/** The requester's card as a notice (facts only; the Teams adapter words it), and its key. */
export function statusNotice(f: StatusCardFacts): StatusCard {
  const { request } = f;
  const minutes = f.estimatedWaitSeconds === null ? null : Math.max(1, Math.round(f.estimatedWaitSeconds / 60));
  const steps = roundSteps(f.rings);
  const waiting = isWaiting(request.status);
  const notice: AdviceStatusNotice = {
    kind: 'advice.status',
    requestId: request.id,
    specialty: request.specialty,
    priority: request.priority,
    status: request.status,
    mode: request.mode,
    callbackPhone: request.callbackPhone,
    position: waiting ? f.position : null,
    estimatedWaitMinutes: waiting ? minutes : null,
    steps,
    specialist: f.specialist ? { name: f.specialist.name, organization: f.specialist.organization } : null,
    onCallNow: f.onCall.onCallNow.map((p) => ({ name: p.name, level: p.level })),
    nobodyOnCall: f.onCall.nobodyOnCall,
    switchboardPhone: f.onCall.switchboardPhone,
    createdAt: request.createdAt,
    link: f.link,
  };
  const key = JSON.stringify([
    request.status,
    notice.position,
    notice.estimatedWaitMinutes,
    steps,
    notice.specialist,
    notice.onCallNow,
    notice.nobodyOnCall,
    notice.switchboardPhone,
  ]);
  return { notice, key };
}

export interface StatusCardContext {
  readonly store: Pick<AdviceStore, 'byId' | 'read' | 'claimStatusCard' | 'statusCardSent' | 'releaseStatusCard' | 'busy'> & Pick<AdviceQueueSource, 'waiting'>;
  readonly directory: Pick<Directory, 'byId' | 'list'>;
  readonly rosters: Pick<RosterStore, 'list'>;
  readonly switchboards: SwitchboardNumbers;
  readonly conversations: Pick<ConversationStore, 'personalFor'>;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly ringTimeoutSeconds: number;
  readonly publicBaseUrl: string;
  /** The Teams app id: the card's link then opens the tab in Teams, as the bot's reply does. */
  readonly teamsAppId?: string;
  /** @defaultValue {@link STATUS_CARD_CLAIM_MS} */
  readonly statusClaimMs?: number;
}

/**
 * `retry`: another worker holds the card, or Teams asked to try later — run again and the card
 * then shows what is current. `skipped`: no card to keep (no chat, or the bot's reply pending).
 */
export type StatusCardOutcome = 'sent' | 'updated' | 'unchanged' | 'skipped' | 'retry';

/** Where the card's buttons go: the request in the tab (in Teams when the app id is known). */
export function statusCardLink(ctx: { readonly publicBaseUrl: string; readonly teamsAppId?: string | undefined }, requestId: string): string {
  const target = { kind: 'advice-request', id: requestId } as const;
  return screenLink(ctx, target);
}

/** The card for a request as one read found it (request, rings, position, medians). */
async function cardOf(
  ctx: Pick<StatusCardContext, 'directory' | 'ringTimeoutSeconds' | 'publicBaseUrl' | 'teamsAppId' | 'rosters' | 'store' | 'switchboards' | 'clock'>,
  found: AdviceRead,
): Promise<StatusCard> {
  const { request, rings } = found;
  const onCall = await onCallOf(ctx, request, ctx.clock.now());
  const view = estimateWait(ctx, request, found.position, found.medians);
  const specialist = request.acceptedBy ? await ctx.directory.byId(request.acceptedBy) : null;
  return statusNotice({
    onCall,
    request,
    position: view.position,
    // With nobody on call there is no honest estimate.
    estimatedWaitSeconds: onCall.nobodyOnCall ? null : view.estimatedWaitSeconds,
    rings,
    specialist,
    link: statusCardLink(ctx, request.id),
  });
}

/** How many times one job re-renders a card that changed again while it was being sent. */
const REFRESH_PASSES = 3;

/**
 * Sends or updates the card to show the request as it is now. A transition that lands while
 * the card is being sent finds it held and is retried later; so that the card does not lag
 * until then, the holder looks again after its send and updates once more if it changed.
 */
export async function refreshStatusCard(ctx: StatusCardContext, requestId: string): Promise<StatusCardOutcome> {
  let result: StatusCardOutcome = 'unchanged';
  for (let pass = 0; pass < REFRESH_PASSES; pass++) {
    const outcome = await refreshOnce(ctx, requestId);
    if (outcome !== 'sent' && outcome !== 'updated') return pass === 0 ? outcome : result;
    if (result !== 'sent') result = outcome;
  }
  return result;
}

async function refreshOnce(ctx: StatusCardContext, requestId: string): Promise<StatusCardOutcome> {
  const claim = await ctx.store.claimStatusCard(requestId, ctx.clock.now(), ctx.statusClaimMs ?? STATUS_CARD_CLAIM_MS);
  if (claim.kind === 'held') return 'retry';
  if (claim.kind !== 'claimed') return 'skipped';
  let outcome: StatusCardOutcome = 'skipped';
  try {
    // Read after the claim: what the card shows is then at least as new as the job.
    const found = await ctx.store.read(requestId);
    const conversationId = claim.card.conversationId ?? (found ? (await ctx.conversations.personalFor(found.request.requesterId))?.conversationId : undefined);
    if (!found || !conversationId) return 'skipped';
    const card = await cardOf(ctx, found);
    const activityId = claim.card.activityId;
    if (activityId !== null && claim.card.shown === card.key) return (outcome = 'unchanged');
    const sent = await ctx.notifier.send(
      conversationId,
      activityId === null ? { notice: card.notice } : { notice: card.notice, replaceActivityId: activityId },
    );
    if (sent.ok) {
      await ctx.store.statusCardSent(requestId, conversationId, activityId ?? sent.activityId, card.key);
      return (outcome = activityId === null ? 'sent' : 'updated');
    }
    // Refused for good (the chat or the message is gone): the next step tries again.
    return (outcome = sent.final ? 'skipped' : 'retry');
  } finally {
    if (outcome !== 'sent' && outcome !== 'updated') await ctx.store.releaseStatusCard(requestId);
  }
}

export interface QueueRefreshReport {
  readonly refreshed: number;
  readonly retry: boolean;
}

/**
 * The queue of the request's specialty moved: the cards of the waiting requests at its front
 * are refreshed. Unchanged ones are not sent, so several moves at once cost reads, not messages.
 */
export async function refreshQueueCards(ctx: StatusCardContext, requestId: string): Promise<QueueRefreshReport> {
  const moved = await ctx.store.byId(requestId);
  if (!moved) return { refreshed: 0, retry: false };
  let refreshed = 0;
  let retry = false;
  for (const waiting of await ctx.store.waiting(moved.specialty, STATUS_REFRESH_LIMIT)) {
    if (waiting.statusActivityId === null) continue;
    const outcome = await refreshStatusCard(ctx, waiting.id);
    if (outcome === 'updated') refreshed++;
    if (outcome === 'retry') retry = true;
  }
  return { refreshed, retry };
}
