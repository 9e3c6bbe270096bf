/**
 * Akuttvideo: a legevakt doctor calls AMK in one step. The call is saved with its ring and
 * escalation jobs and answered at once; the first AMK operator to accept wins the call, and a
 * LiveKit room when the video server answers (the answer stands without one: AMK rings the
 * requester back on the phone and tries video again); the requester then joins the same room.
 * Every step is audited.
 *
 * An emergency call has no patient id of its own (ISBAR may name the patient in free text), so
 * audit events carry the call as the resource and no patient id.
 */
import type { EmergencyIsbar, EmergencyOutcome, PartialVitals, Triage } from '../../shared/emergency-terms';
import { type AuditContext, audited, requireRole } from '../audit';
import { type News2Input, news2Issues, scoreNews2 } from '../../shared/news2';
import { DomainError, type ParsedInput, isDomainError } from '../errors';
import type { Clock, Directory, VideoRooms, VideoToken } from '../ports';
import { type Actor, type Role, hasAnyRole } from '../roles';
import { consoleOrder } from './order';
import type { EmergencyCallEvents, EmergencyCallRecord, EmergencyCallStore, EmergencyMetrics } from './store';

/** Who may start a call. */
export const REQUESTER_ROLES: readonly Role[] = ['legevakt'];
/** Who answers. */
export const ANSWERER_ROLES: readonly Role[] = ['amk'];
/** A room AMK and legevakt share closes this long after the last one leaves. @defaultValue 300 */
export const ROOM_EMPTY_TIMEOUT_SECONDS = 300;
/** What a console shows on connect: calls not ended, requested within this window. @defaultValue 12 */
export const ACTIVE_WINDOW_HOURS = 12;
const MS_PER_SECOND = 1_000;

export interface EmergencyContext extends AuditContext {
  readonly clock: Clock;
  readonly store: EmergencyCallStore;
  readonly directory: Pick<Directory, 'byId'>;
  readonly events: EmergencyCallEvents;
  readonly video: Pick<VideoRooms, 'createRoom' | 'issueToken' | 'deleteRoom'>;
  readonly metrics: EmergencyMetrics;
  readonly ringTimeoutSeconds: number;
  /** @defaultValue `crypto.randomUUID` */
  readonly newId?: () => string;
}

/** A call as requested (parsed at the edge; each vital sign range-checked there). */
export interface EmergencyCallRequest {
  readonly isbar?: EmergencyIsbar | undefined;
  readonly vitals?: Readonly<Record<string, unknown>> | undefined;
  readonly triage?: Triage | undefined;
}

/** How the requester or an AMK operator ends a call (parsed at the edge; no body is no outcome). */
export type EmergencyEndRequest = { readonly outcome?: EmergencyOutcome | undefined } | undefined;

/** A call with the caller's token for its room (null when the video server did not answer). */
export interface EmergencyCallWithVideo<V extends VideoToken | null> {
  readonly call: EmergencyCallRecord;
  readonly video: V;
}

/** The open calls the actor may see, and the server's clock. */
export interface EmergencyCallList {
  readonly calls: readonly EmergencyCallRecord[];
  readonly at: Date;
}

const resource = (id: string) => ({ patientId: null, resourceType: 'emergency_call', resourceId: id }) as const;

/** A legevakt doctor rings AMK: validated, saved with its jobs, answered `ringing` at once. */
export async function requestEmergencyCall(ctx: EmergencyContext, body: ParsedInput<EmergencyCallRequest>): Promise<EmergencyCallRecord> {
  const id = (ctx.newId ?? (() => crypto.randomUUID()))();
  return audited(ctx, { action: 'emergency_call.create', ...resource(id) }, async () => {
    requireRole(ctx.actor, REQUESTER_ROLES);
    const request = valid(body);
    const vitals = compactVitals(request.vitals);
    const isbar = compactIsbar(request.isbar);
    const triage = request.triage ?? null;
    // Every AMK operator is alerted by a call: one with nothing to go on only takes them from real ones.
    if (!triage && !isbar && !hasMeasuredVital(vitals)) {
      throw new DomainError('emergency_call_empty', 'no triage, vital sign or ISBAR');
    }
    const record: EmergencyCallRecord = {
      id,
      requestedBy: personIdOf(ctx.actor),
      isbar,
      vitals,
      news2Total: news2TotalOf(vitals),
      triage,
      status: 'ringing',
      requestedAt: ctx.clock.now(),
      firstAlertAt: null,
      answeredAt: null,
      answeredBy: null,
      connectedAt: null,
      endedAt: null,
      outcome: null,
      endedBy: null,
      roomName: null,
      escalatedAt: null,
    };
    await ctx.store.create(record, ctx.ringTimeoutSeconds);
    ctx.metrics.requested();
    return record;
  });
}

/** The requester and AMK read a call, ISBAR and vitals included. */
export async function getEmergencyCall(ctx: EmergencyContext, id: string): Promise<EmergencyCallRecord> {
  return audited(ctx, { action: 'emergency_call.read', ...resource(id) }, async () => {
    const record = await ctx.store.byId(id);
    if (!record) throw new DomainError('not_found', 'no such emergency call');
    if (!mayWatch(ctx.actor, record) && !(await isInvitedActor(ctx, id))) throw new DomainError('forbidden', 'not the requester or AMK');
    return record;
  });
}

/**
 * An AMK operator answers. The first accept wins (one conditional UPDATE); every later one gets
 * 409 naming who answered. The answer stands whatever the video server does: the winner gets a
 * fresh LiveKit room and a token for it when the server answers, and `video: null` when it does
 * not (the call shows the requester's phone; `join` tries the room again).
 */
export async function acceptEmergencyCall(ctx: EmergencyContext, id: string): Promise<EmergencyCallWithVideo<VideoToken | null>> {
  return audited(ctx, { action: 'emergency_call.accept', ...resource(id) }, async () => {
    requireRole(ctx.actor, ANSWERER_ROLES);
    const personId = personIdOf(ctx.actor);
    const outcome = await ctx.store.accept(id, personId, ctx.clock.now());
    if (!outcome.ok) {
      if (!outcome.record) throw new DomainError('not_found', 'no such emergency call');
      throw await refusal(ctx.directory, outcome.record);
    }
    const answered = outcome.record;
    if (answered.answeredAt) ctx.metrics.answered((answered.answeredAt.getTime() - answered.requestedAt.getTime()) / MS_PER_SECOND);
    const record = await openRoom(ctx, answered);
    await ctx.events.changed(id);
    const video = record.roomName ? await tokenFor(ctx, record, 'AMK') : null;
    return { call: record, video };
  });
}

/**
 * A room for an answered call, unless it has one. A video server that cannot be reached (or
 * refuses) leaves the call answered without a room; two tries at once keep the first room.
 */
async function openRoom(ctx: EmergencyContext, record: EmergencyCallRecord): Promise<EmergencyCallRecord> {
  if (record.roomName) return record;
  let roomName: string;
  try {
    ({ roomName } = await ctx.video.createRoom({ emptyTimeoutSeconds: ROOM_EMPTY_TIMEOUT_SECONDS, maxParticipants: 8 }));
  } catch (err) {
    // The adapter turns every video-server failure into a DomainError; anything else is a bug.
    if (!isDomainError(err)) throw err;
    return record;
  }
  return (await ctx.store.setRoom(record.id, roomName)) ?? record;
}

/**
 * The requester (or the operator who answered, or someone invited) gets a token for the call's
 * room; the requester's join connects the call. The operator who answered also makes the room
 * when the first try failed («Prøv video igjen»): 503 while the video server is still away.
 */
export async function joinEmergencyCall(ctx: EmergencyContext, id: string): Promise<EmergencyCallWithVideo<VideoToken>> {
  return audited(ctx, { action: 'emergency_call.join', ...resource(id) }, async () => {
    let record = await ctx.store.byId(id);
    if (!record) throw new DomainError('not_found', 'no such emergency call');
    const personId = personIdOf(ctx.actor);
    const isRequester = record.requestedBy === personId;
    const isAnswerer = record.answeredBy === personId;
    const isInvited = !isRequester && !isAnswerer && (await ctx.store.isInvited(id, personId));
    if (!isRequester && !isAnswerer && !isInvited) throw new DomainError('forbidden', 'not the requester, the answering operator or invited');
    requireInProgress(record);
    if (!record.roomName && isAnswerer) {
      record = await openRoom(ctx, record);
      if (!record.roomName) throw new DomainError('unavailable', 'the video server is still unreachable');
      await ctx.events.changed(id);
    }
    if (!record.roomName) throw new DomainError('conflict', 'no video room yet');
    if (isRequester && record.status === 'answered') {
      record = (await ctx.store.markConnected(id, ctx.clock.now())) ?? record;
      await ctx.events.changed(id);
    }
    const video = await tokenFor(ctx, record, isRequester ? 'legevakt' : isInvited ? 'innkalt / invited' : 'AMK');
    return { call: record, video };
  });
}

/** A third party the answering operator pulled in (see `invite.ts`). */
async function isInvitedActor(ctx: EmergencyContext, id: string): Promise<boolean> {
  return ctx.actor.kind === 'person' && ctx.store.isInvited(id, ctx.actor.personId);
}

/** The requester, the answering operator or any AMK operator ends the call; its room is closed. */
export async function endEmergencyCall(ctx: EmergencyContext, id: string, body: ParsedInput<EmergencyEndRequest>): Promise<EmergencyCallRecord> {
  return audited(ctx, { action: 'emergency_call.end', ...resource(id) }, async () => {
    const record = await ctx.store.byId(id);
    if (!record) throw new DomainError('not_found', 'no such emergency call');
    if (!mayWatch(ctx.actor, record)) throw new DomainError('forbidden', 'not the requester or AMK');
    const request = valid(body);
    if (record.status === 'ended') throw new DomainError('conflict', 'the call has already ended');
    const outcome: EmergencyOutcome = request?.outcome ?? (record.status === 'ringing' ? 'cancelled' : 'other');
    const ended = await ctx.store.end(id, ctx.clock.now(), outcome, personIdOf(ctx.actor));
    if (!ended) throw new DomainError('conflict', 'the call has already ended');
    if (ended.roomName) await ctx.video.deleteRoom(ended.roomName).catch(() => undefined); // it also closes itself when empty
    await ctx.events.changed(id);
    return ended;
  });
}

// ── Who sees what ────────────────────────────────────────────────────────────────────────────

/** AMK sees every call; a legevakt doctor only their own. */
export function mayWatch(actor: Actor, record: Pick<EmergencyCallRecord, 'requestedBy'>): boolean {
  if (hasAnyRole(actor, ANSWERER_ROLES)) return true;
  return actor.kind === 'person' && actor.personId === record.requestedBy;
}

/** Opening the live stream: AMK and legevakt; audited once per connection. Returns the open calls in the console's order. */
export async function openEmergencyStream(ctx: EmergencyContext): Promise<EmergencyCallRecord[]> {
  return audited(ctx, { action: 'emergency_call.stream', patientId: null, resourceType: 'emergency_call', resourceId: null }, async () => {
    requireRole(ctx.actor, [...ANSWERER_ROLES, ...REQUESTER_ROLES]);
    return openCallsFor(ctx, ctx.actor);
  });
}

/** `GET /api/emergency-calls?open=true`: AMK every open call of the centre, legevakt their own, most urgent first. */
export async function listOpenEmergencyCalls(ctx: EmergencyContext, query: ParsedInput<unknown>): Promise<EmergencyCallList> {
  return audited(ctx, { action: 'emergency_call.list', patientId: null, resourceType: 'emergency_call', resourceId: null }, async () => {
    requireRole(ctx.actor, [...ANSWERER_ROLES, ...REQUESTER_ROLES]);
    valid(query);
    return { calls: await openCallsFor(ctx, ctx.actor), at: ctx.clock.now() };
  });
}

/** The open calls (requested within {@link ACTIVE_WINDOW_HOURS}) this actor may watch, in the console's order. */
export async function openCallsFor(ctx: Pick<EmergencyContext, 'store' | 'clock'>, actor: Actor): Promise<EmergencyCallRecord[]> {
  return visibleInOrder(actor, await ctx.store.active(activeSince(ctx.clock)));
}

/** Of these calls, the open ones this actor may watch, most urgent first. */
export function visibleInOrder(actor: Actor, records: readonly EmergencyCallRecord[]): EmergencyCallRecord[] {
  return consoleOrder(records.filter((r) => mayWatch(actor, r)));
}

export const activeSince = (clock: Clock): Date => new Date(clock.now().getTime() - ACTIVE_WINDOW_HOURS * 3_600_000);

// ── Shapes ──────────────────────────────────────────────────────────────────────────────────

/** 409: answered by someone else ("Besvart av …"), or ended. */
async function refusal(directory: Pick<Directory, 'byId'>, record: EmergencyCallRecord): Promise<DomainError> {
  if (record.status === 'ended') return new DomainError('conflict', 'the call has ended');
  const name = record.answeredBy ? ((await directory.byId(record.answeredBy))?.name ?? record.answeredBy) : '';
  return new DomainError('already_answered', 'another operator answered first', [], { name });
}

async function tokenFor(ctx: EmergencyContext, record: EmergencyCallRecord, roleLabel: string): Promise<VideoToken> {
  if (!record.roomName) throw new DomainError('conflict', 'no video room yet');
  const token: VideoToken = await ctx.video.issueToken({
    roomName: record.roomName,
    // Opaque and fresh per token: never a name or an id that leads back to a person.
    identity: `e_${crypto.randomUUID().replaceAll('-', '')}`,
    displayName: `${ctx.actor.kind === 'person' ? ctx.actor.name : 'Samrom'} (${roleLabel})`,
    kind: 'clinician',
  });
  return { token: token.token, serverUrl: token.serverUrl, roomName: token.roomName, expiresAt: token.expiresAt };
}

// ── Input ───────────────────────────────────────────────────────────────────────────────────

/** The parsed input, or 422 with the edge's issues. */
function valid<T>(input: ParsedInput<T>): T {
  if (input.ok) return input.value;
  throw new DomainError('validation_failed', 'emergency call request', input.issues);
}

function compactVitals(vitals: EmergencyCallRequest['vitals']): PartialVitals | null {
  if (!vitals) return null;
  const present = Object.entries(vitals).filter(([, v]) => v !== undefined && v !== null);
  return present.length > 0 ? (Object.fromEntries(present) as PartialVitals) : null;
}

/** The SpO₂ scale and «on oxygen» qualify the measurements; alone they say nothing about the patient. */
const QUALIFIERS: ReadonlySet<string> = new Set(['spo2Scale', 'onOxygen']);

function hasMeasuredVital(vitals: PartialVitals | null): boolean {
  return vitals !== null && Object.keys(vitals).some((k) => !QUALIFIERS.has(k));
}

function compactIsbar(isbar: EmergencyCallRequest['isbar']): EmergencyCallRecord['isbar'] {
  if (!isbar) return null;
  const present = Object.entries(isbar).filter(([, v]) => typeof v === 'string' && v !== '');
  return present.length > 0 ? Object.fromEntries(present) : null;
}

/** NEWS2 only when every parameter is there (each was range-checked by the schema). */
export function news2TotalOf(vitals: PartialVitals | null): number | null {
  if (!vitals || news2Issues(vitals).length > 0) return null;
  return scoreNews2(vitals as unknown as News2Input).total;
}

/** The person acting; 403 for a system actor. */
export function personIdOf(actor: Actor): string {
  if (actor.kind !== 'person') throw new DomainError('forbidden', 'a person must act');
  return actor.personId;
}

/** 409 unless the call was answered and has not ended (it may have no video room yet). */
export function requireInProgress(record: EmergencyCallRecord): void {
  if (record.status === 'ended') throw new DomainError('conflict', 'the call has ended');
  if (record.status === 'ringing') throw new DomainError('conflict', 'not answered yet');
}
