/**
 * Asking for advice and answering it: the API's use cases. The ISBAR is clinical text, so
 * every read and write is audited (`resourceType` advice_request; there is no patient id).
 */
import type { AdviceMode, AdvicePriority } from '../../shared/advice-terms';
import type { Isbar } from '../../shared/isbar';
import { type AuditContext, audited, requireRole } from '../audit';
import { DomainError } from '../errors';
import { enforce } from '../policy';
import type { Clock, Directory, VideoRooms, VideoToken } from '../ports';
import { type Actor, actorId } from '../roles';
import { onCallChain } from '../rosters/chain';
import type { RosterStore } from '../rosters/store';
import { type AdviceRequestRecord, type RingRecord, isWaiting } from './model';
import { type OnCallNow, type SwitchboardNumbers, onCallOf } from './on-call';
import { decideAdviceOverview } from './policy';
import type { AdviceStatsSource, AdviceStore, RecentMedians } from './store';

/** Who may ask for advice. */
export const ADVICE_REQUESTER_ROLES = ['gp', 'legevakt', 'specialist'] as const;
/** The estimate when a specialty has no recent completed requests: ten minutes per request ahead. */
export const DEFAULT_HANDLING_SECONDS = 600;
/** A room left empty this long closes itself. */
export const ADVICE_ROOM_EMPTY_TIMEOUT_SECONDS = 600;

export interface AdviceContext extends AuditContext {
  readonly store: AdviceStore;
  readonly directory: Pick<Directory, 'list' | 'byId'>;
  readonly rosters: Pick<RosterStore, 'list'>;
  readonly clock: Clock;
  /** Used for the estimate when nothing has been answered yet. */
  readonly ringTimeoutSeconds: number;
  /** Who the requester is told to call when nobody is on call. */
  readonly switchboards: SwitchboardNumbers;
}

/** A request's place in the queue: position and estimated wait (both null unless waiting). */
export interface AdviceWait {
  readonly request: AdviceRequestRecord;
  readonly position: number | null;
  readonly estimatedWaitSeconds: number | null;
}

/** The request as its readers see it: its place in the queue and who would be rung now (or that nobody can be). */
export interface AdviceView extends AdviceWait, OnCallNow {}

/** What a person reading a request sees: the view and every ring attempt. */
export interface AdviceReadView extends AdviceView {
  readonly rings: readonly RingRecord[];
}

const target = (action: string, id: string | null) => ({ action, patientId: null, resourceType: 'advice_request', resourceId: id });
const personId = (actor: Actor) => (actor.kind === 'person' ? actor.personId : actorId(actor));

/** The system actor a phone caller not found in the directory asks as (a directory row of the same id holds their requests). */
export const SIP_ACTOR_NAME = 'sip';

/** A request that came in by phone: the caller already waits in this LiveKit room. */
export interface PhoneOrigin {
  readonly roomName: string;
}

/** A new advice request as parsed at the edge (contracts/advice.ts): the callback number is E.164. */
export interface AdviceRequestInput {
  readonly specialty: string;
  readonly priority: AdvicePriority;
  readonly isbar: Isbar;
  readonly callbackPhone?: string | undefined;
  /** Default: `callback` when only a number is given, else `video`. */
  readonly mode?: AdviceMode | undefined;
}

/** The period and specialty of the figures; `from`/`to` are ISO instants. */
export interface AdviceStatsInput {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly specialty?: string | undefined;
  readonly targetSeconds: number;
}

/** The figures of one period (see `adviceStats`). */
export interface AdviceStats {
  readonly specialty: string | null;
  readonly from: Date;
  readonly to: Date;
  readonly targetSeconds: number;
  readonly requests: number;
  readonly answered: number;
  readonly medianTimeToAnswerSeconds: number | null;
  readonly p90TimeToAnswerSeconds: number | null;
  readonly answeredWithinTargetShare: number | null;
  readonly escalatedShare: number | null;
  readonly abandonedShare: number | null;
}

/** A video grant for one side of an advice call, and whether the call is audio only. */
export interface AdviceJoin {
  readonly token: VideoToken;
  readonly audioOnly: boolean;
}

/** Asked from a Teams chat: the bot answers there with the status card and keeps it updated. */
export interface ChatOrigin {
  readonly conversationId: string;
}

export function createAdviceRequest(ctx: AdviceContext, body: AdviceRequestInput, phone?: PhoneOrigin, chat?: ChatOrigin): Promise<AdviceView> {
  const id = globalThis.crypto.randomUUID();
  return audited(ctx, target('advice_request.create', id), async () => {
    const sipSystem = phone !== undefined && ctx.actor.kind === 'system' && ctx.actor.name === SIP_ACTOR_NAME;
    if (!sipSystem) requireRole(ctx.actor, [...ADVICE_REQUESTER_ROLES]);
    const people = await ctx.directory.list();
    if (!people.some((p) => p.specialty === body.specialty && p.roles.includes('specialist'))) {
      throw new DomainError('unprocessable', 'no specialist has this specialty', [
        { path: 'specialty', message: `Ukjent fagområde «${body.specialty}» / unknown specialty «${body.specialty}»` },
      ]);
    }
    const mode: AdviceMode = body.mode ?? (body.callbackPhone !== undefined ? 'callback' : 'video');
    const request = await ctx.store.create({
      id,
      requesterId: personId(ctx.actor),
      specialty: body.specialty,
      priority: body.priority,
      isbar: body.isbar,
      callbackPhone: body.callbackPhone ?? null,
      mode,
      createdAt: ctx.clock.now(),
      ...(phone && { roomName: phone.roomName }),
      ...(chat && { statusConversationId: chat.conversationId }),
    });
    return adviceView(ctx, request);
  });
}

export function readAdviceRequest(ctx: AdviceContext, id: string): Promise<AdviceReadView> {
  return audited(ctx, target('advice_request.read', id), async () => {
    // One round trip for all a reader sees: the request, its rings, position and medians.
    const found = isRequestId(id) ? await ctx.store.read(id) : null;
    if (!found) throw new DomainError('not_found', 'no such advice request');
    if (!(await mayRead(ctx, found.request, found.rings))) throw new DomainError('forbidden', 'not a party to this advice request');
    const onCall = await onCallOf(ctx, found.request, ctx.clock.now());
    return { ...withOnCall(estimateWait(ctx, found.request, found.position, found.medians), onCall), rings: found.rings };
  });
}

/** How many open requests `status` in the chat shows at most. */
export const MY_OPEN_ADVICE_LIMIT = 20;

/** The actor's own open requests (as requester) with their queue positions, newest first; audited as one list read. */
export function myOpenAdviceRequests(ctx: AdviceContext): Promise<AdviceView[]> {
  return audited(ctx, target('advice_request.list_own', null), async () => {
    const requests = await ctx.store.openByRequester(personId(ctx.actor), MY_OPEN_ADVICE_LIMIT);
    return Promise.all(requests.map((r) => adviceView(ctx, r)));
  });
}

export function acceptAdviceRequest(ctx: AdviceContext, id: string): Promise<AdviceRequestRecord> {
  return audited(ctx, target('advice_request.accept', id), async () => {
    const request = await load(ctx, id);
    await requireRung(ctx, request);
    if (!(await ctx.store.accept(id, personId(ctx.actor), ctx.clock.now()))) {
      throw new DomainError('conflict', 'the request was answered, completed or abandoned already');
    }
    return load(ctx, id);
  });
}

export function declineAdviceRequest(ctx: AdviceContext, id: string): Promise<AdviceRequestRecord> {
  return audited(ctx, target('advice_request.decline', id), async () => {
    const request = await load(ctx, id);
    await requireRung(ctx, request);
    if (!isWaiting(request.status)) throw new DomainError('conflict', 'the request is no longer waiting');
    const { allDeclinedInRound } = await ctx.store.decline(id, personId(ctx.actor), ctx.clock.now());
    // Everyone rung in this round said no: ring the next step now instead of waiting out the timer.
    if (allDeclinedInRound !== null) await ctx.store.advance(id, allDeclinedInRound);
    return load(ctx, id);
  });
}

export function completeAdviceRequest(ctx: AdviceContext, id: string, advice: Isbar): Promise<AdviceRequestRecord> {
  return audited(ctx, target('advice_request.complete', id), async () => {
    const request = await load(ctx, id);
    if (request.acceptedBy !== personId(ctx.actor)) throw new DomainError('forbidden', 'only the specialist who answered completes');
    if (!(await ctx.store.complete(id, personId(ctx.actor), advice, ctx.clock.now()))) {
      throw new DomainError('conflict', 'the request is not connected');
    }
    return load(ctx, id);
  });
}

export function abandonAdviceRequest(ctx: AdviceContext, id: string): Promise<AdviceRequestRecord> {
  return audited(ctx, target('advice_request.abandon', id), async () => {
    const request = await load(ctx, id);
    if (request.requesterId !== personId(ctx.actor)) throw new DomainError('forbidden', 'only the requester withdraws a request');
    if (!(await ctx.store.abandon(id, request.requesterId, ctx.clock.now()))) {
      throw new DomainError('conflict', 'the request was answered already');
    }
    return load(ctx, id);
  });
}

export interface AdviceJoinContext extends AdviceContext {
  readonly videoRooms: VideoRooms;
}

/** A LiveKit token for the requester or the specialist who answered; the room is made on first join. */
export function joinAdviceCall(ctx: AdviceJoinContext, id: string): Promise<AdviceJoin> {
  return audited(ctx, target('advice_request.join', id), async () => {
    const request = await load(ctx, id);
    const me = personId(ctx.actor);
    const side = me === request.requesterId ? 'requester' : me === request.acceptedBy ? 'specialist' : null;
    if (side === null) throw new DomainError('forbidden', 'only the requester and the specialist join');
    if (request.status !== 'connected') throw new DomainError('conflict', 'the request is not connected');
    if (request.mode === 'callback') throw new DomainError('conflict', 'a callback request has no call in Samrom');
    const video = await ctx.store.ensureVideo(id, async () => {
      return (await ctx.videoRooms.createRoom({ emptyTimeoutSeconds: ADVICE_ROOM_EMPTY_TIMEOUT_SECONDS, maxParticipants: 2 })).roomName;
    });
    const person = await ctx.directory.byId(me);
    const label = side === 'specialist' ? 'spesialist' : 'lege';
    const token = await ctx.videoRooms.issueToken({
      roomName: video.roomName,
      identity: side === 'requester' ? video.requesterIdentity : video.specialistIdentity,
      displayName: `${person?.name ?? me} (${label})`,
      kind: 'clinician',
      audioOnly: request.mode === 'audio',
    });
    return { token, audioOnly: request.mode === 'audio' };
  });
}

const DAY_MS = 86_400_000;

/**
 * Time to answer, share on target, escalated and abandoned for requests made in the period
 * (default: the last 24 hours). No patient data, so not audited; who may read which specialty's
 * figures: policy.ts.
 */
export async function adviceStats(
  ctx: { readonly stats: AdviceStatsSource; readonly clock: Clock; readonly actor: Actor },
  query: AdviceStatsInput,
): Promise<AdviceStats> {
  enforce(decideAdviceOverview(ctx.actor, query.specialty ?? null));
  const to = query.to ? new Date(query.to) : ctx.clock.now();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DAY_MS);
  if (from >= to)
    throw new DomainError('validation_failed', 'from is not before to', [{ path: 'from', message: 'from må være før to / from must be before to' }]);
  const row = await ctx.stats.stats({ specialty: query.specialty ?? null, from, to, targetSeconds: query.targetSeconds });
  const share = (n: number) => (row.requests === 0 ? null : Math.round((n / row.requests) * 1000) / 1000);
  return {
    specialty: query.specialty ?? null,
    from,
    to,
    targetSeconds: query.targetSeconds,
    requests: row.requests,
    answered: row.answered,
    medianTimeToAnswerSeconds: row.medianTimeToAnswerSeconds,
    p90TimeToAnswerSeconds: row.p90TimeToAnswerSeconds,
    answeredWithinTargetShare: share(row.answeredWithinTarget),
    escalatedShare: share(row.escalated),
    abandonedShare: share(row.abandoned),
  };
}

const isRequestId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

async function load(ctx: AdviceContext, id: string): Promise<AdviceRequestRecord> {
  const request = isRequestId(id) ? await ctx.store.byId(id) : null;
  if (!request) throw new DomainError('not_found', 'no such advice request');
  return request;
}

async function requireRung(ctx: AdviceContext, request: AdviceRequestRecord): Promise<void> {
  const me = personId(ctx.actor);
  const rung = (await ctx.store.rings(request.id)).some((r) => r.personId === me && r.kind === 'ring');
  if (!rung) throw new DomainError('forbidden', 'only a specialist rung for this request answers it');
}

/** The requester, the specialists rung or who answered, and the specialty's specialists on call now. */
async function mayRead(ctx: AdviceContext, request: AdviceRequestRecord, rings: readonly RingRecord[]): Promise<boolean> {
  const me = personId(ctx.actor);
  if (me === request.requesterId || me === request.acceptedBy) return true;
  // Coordinators alarmed about an unanswered request see their card, not the clinical text.
  if (rings.some((r) => r.personId === me && r.kind === 'ring')) return true;
  if (ctx.actor.kind !== 'person' || !ctx.actor.roles.includes('specialist')) return false;
  const now = ctx.clock.now();
  const shifts = await ctx.rosters.list(request.specialty, { from: now, to: new Date(now.getTime() + 1) });
  return onCallChain(shifts, now).some((level) => level.shifts.some((s) => s.personId === me));
}

/** The request with its queue position and estimated wait (both null unless waiting), and who would be rung now. */
export async function adviceView(ctx: AdviceContext, request: AdviceRequestRecord): Promise<AdviceView> {
  // All at once: the medians are wasted only on a request that no longer waits.
  const [position, medians, onCall] = await Promise.all([
    ctx.store.position(request),
    isWaiting(request.status) ? ctx.store.recentMedians(request.specialty) : null,
    onCallOf(ctx, request, ctx.clock.now()),
  ]);
  return withOnCall(estimateWait(ctx, request, position, medians), onCall);
}

/** With nobody on call there is no honest estimate: the request is not being rung. */
const withOnCall = (wait: AdviceWait, onCall: OnCallNow): AdviceView => ({
  ...wait,
  ...(onCall.nobodyOnCall ? { estimatedWaitSeconds: null } : {}),
  ...onCall,
});

/** Position and estimated wait from the position and the specialty's recent medians (both null unless waiting). */
export function estimateWait(
  ctx: { readonly ringTimeoutSeconds: number },
  request: AdviceRequestRecord,
  position: number | null,
  medians: RecentMedians | null,
): AdviceWait {
  if (position === null || medians === null) return { request, position, estimatedWaitSeconds: null };
  const handling = medians.handlingSeconds ?? DEFAULT_HANDLING_SECONDS;
  const answer = medians.answerSeconds ?? ctx.ringTimeoutSeconds;
  // Those ahead are answered one at a time as specialists free up; ours then takes a typical answer time.
  return { request, position, estimatedWaitSeconds: Math.round((position - 1) * handling + answer) };
}
