/**
 * AMK pulls an ambulance crew into an emergency call by SMS link. The operator who answered
 * enters the crew's Norwegian mobile number; a worker makes a personal link (256-bit token, only
 * its hash stored) and sends it with no health data; the crew's browser exchanges it once for an
 * httpOnly session and gets a LiveKit token for that call's room only, as "Ambulanse".
 * Like the citizen link, the mechanism is the guest's: a link is a credential, used once, short-lived.
 */
import { CREW_DISPLAY_NAME, CREW_LINK_MINUTES, type CrewMeDto, type EmergencyCrewDto, type EmergencyCrewLinkDto, InviteCrewSchema } from '../../contracts/emergency-crew';
import type { VideoTokenDto } from '../../contracts/emergency';
import { type AuditContext, audited, requireRole } from '../audit';
import { DomainError } from '../errors';
import type { E164, SmsSender } from '../messaging';
import type { AuditLog, Clock, VideoRooms } from '../ports';
import type { Actor } from '../roles';
import { ANSWERER_ROLES, type EmergencyContext, mayWatch, personIdOf, requireInProgress } from './calls';
import type { EmergencyCallStore } from './store';

/** A crew's browser session lasts this long after the link was opened (the call ending stops it sooner). @defaultValue 180 */
export const CREW_SESSION_MINUTES = 180;
/** The crew's video token lives this long (LiveKit tokens at most 10 minutes). @defaultValue 600 */
export const CREW_TOKEN_TTL_SECONDS = 600;
/** Crew LiveKit identities start with this, fresh per token and opaque. */
export const CREW_IDENTITY_PREFIX = 'a_';
const MS_PER_MINUTE = 60_000;

export interface CrewLinkRecord {
  readonly id: string;
  readonly callId: string;
  readonly phoneLast3: string;
  readonly invitedBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly sentAt: Date | null;
  /** The last attempt to send the SMS failed. */
  readonly failedAt: Date | null;
  readonly exchangedAt: Date | null;
  readonly joinedAt: Date | null;
}

export type CrewLinkLookup =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'expired' | 'used' | 'superseded'; readonly callId: string; readonly linkId: string }
  | { readonly kind: 'ok'; readonly callId: string; readonly linkId: string };

/** The port: where crew links are kept. The phone number stays in it; jobs carry `{callId, linkId}`. */
export interface EmergencyCrewStore {
  /** Saves the link and, in the same transaction, its SMS job; the call's earlier links to the same number are superseded. */
  add(link: { id: string; callId: string; phone: string; invitedBy: string; createdAt: Date; expiresAt: Date }): Promise<void>;
  forCall(callId: string): Promise<CrewLinkRecord[]>;
  /** For the SMS worker: the number and whether the link still needs sending. */
  linkToSend(linkId: string): Promise<{ callId: string; phone: string; expiresAt: Date; sentAt: Date | null; superseded: boolean } | null>;
  /** Stores (hashed) the token the worker made; overwrites an unsent earlier attempt. */
  setLinkToken(linkId: string, token: string): Promise<void>;
  markLinkSent(linkId: string, at: Date): Promise<void>;
  /** The SMS could not be sent, for good (unless a later send succeeds). */
  markLinkFailed(linkId: string, at: Date): Promise<void>;
  lookupLink(token: string, now: Date): Promise<CrewLinkLookup>;
  /** Marks the link used and binds one browser session to it; false when it was used or expired meanwhile. */
  exchange(linkId: string, sessionToken: string, now: Date, sessionExpiresAt: Date): Promise<boolean>;
  bySessionToken(sessionToken: string, now: Date): Promise<{ linkId: string; callId: string; sessionExpiresAt: Date } | null>;
  markJoined(linkId: string, at: Date): Promise<void>;
}

export interface CrewContext extends EmergencyContext {
  readonly crew: EmergencyCrewStore;
}

const resource = (id: string | null) => ({ patientId: null, resourceType: 'emergency_call', resourceId: id }) as const;

/** 201: the answering operator sends a crew a link; 409 unless the call is answered and not ended, 403 anyone else, 422 a bad number. */
export async function inviteCrew(ctx: CrewContext, callId: string, body: unknown): Promise<EmergencyCrewDto> {
  return audited(ctx, { action: 'emergency_call.crew_invite', ...resource(callId) }, async () => {
    requireRole(ctx.actor, ANSWERER_ROLES);
    const personId = personIdOf(ctx.actor);
    const record = await ctx.store.byId(callId);
    if (!record) throw new DomainError('not_found', 'no such emergency call');
    requireInProgress(record);
    if (record.answeredBy !== personId) throw new DomainError('forbidden', 'only the operator who answered may pull in a crew');
    const phone = crewPhone(body);
    const now = ctx.clock.now();
    const id = (ctx.newId ?? (() => crypto.randomUUID()))();
    await ctx.crew.add({ id, callId, phone, invitedBy: personId, createdAt: now, expiresAt: new Date(now.getTime() + CREW_LINK_MINUTES * MS_PER_MINUTE) });
    return { callId, links: (await ctx.crew.forCall(callId)).filter((l) => l.id === id).map(toDto) };
  });
}

/** The links sent for a call (last three digits only): AMK and the requester. */
export async function listCrew(ctx: CrewContext, callId: string): Promise<EmergencyCrewDto> {
  return audited(ctx, { action: 'emergency_call.crew_read', ...resource(callId) }, async () => {
    const record = await ctx.store.byId(callId);
    if (!record) throw new DomainError('not_found', 'no such emergency call');
    if (!mayWatch(ctx.actor, record)) throw new DomainError('forbidden', 'not the requester or AMK');
    return { callId, links: (await ctx.crew.forCall(callId)).map(toDto) };
  });
}

function crewPhone(body: unknown): string {
  const parsed = InviteCrewSchema.safeParse(body ?? {});
  if (!parsed.success) throw new DomainError('unprocessable', 'crew phone', parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || 'phone', message: i.message })));
  return parsed.data.phone;
}

function toDto(l: CrewLinkRecord): EmergencyCrewLinkDto {
  return {
    id: l.id,
    phoneLast3: l.phoneLast3,
    createdAt: l.createdAt.toISOString(),
    expiresAt: l.expiresAt.toISOString(),
    sentAt: l.sentAt?.toISOString() ?? null,
    failedAt: l.failedAt?.toISOString() ?? null,
    openedAt: l.exchangedAt?.toISOString() ?? null,
    joinedAt: l.joinedAt?.toISOString() ?? null,
  };
}

// ── The SMS ─────────────────────────────────────────────────────────────────────────────────

export interface CrewSmsContext {
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly crew: Pick<EmergencyCrewStore, 'linkToSend' | 'setLinkToken' | 'markLinkSent' | 'markLinkFailed'>;
  readonly store: Pick<EmergencyCallStore, 'byId'>;
  readonly sms: SmsSender;
  readonly publicBaseUrl: string;
  /** A new 256-bit random token (base64url). */
  readonly newToken: () => string;
}

/** No health data: who asks, and the link. */
export const crewSmsText = (link: string) =>
  `AMK ber deg bli med i en videosamtale: ${link} Lenken virker i ${CREW_LINK_MINUTES} minutter. / AMK asks you to join a video call. The link works for ${CREW_LINK_MINUTES} minutes.`;

export type CrewSmsOutcome = 'sent' | 'already_sent' | 'skipped';

/**
 * Makes the link's token (only its hash is stored) and sends it; a retry makes a fresh token that
 * replaces the unsent one. When the provider refuses on the `lastAttempt`, the link is marked
 * failed, so the operator sees «kunne ikke sendes» instead of «sendes» for ever.
 */
export async function sendCrewLink(ctx: CrewSmsContext, job: { callId: string; linkId: string }, lastAttempt = false): Promise<CrewSmsOutcome> {
  const actor = { audit: ctx.audit, actor: { kind: 'system', name: 'emergency-crew-sms' } as const };
  return audited(actor, { action: 'emergency_call.crew_sms', ...resource(job.callId) }, async () => {
    const link = await ctx.crew.linkToSend(job.linkId);
    if (!link || link.callId !== job.callId) return 'skipped';
    if (link.sentAt) return 'already_sent';
    // A re-send to the same number replaced this link before its SMS left: only the newest goes out.
    if (link.superseded) return 'skipped';
    const call = await ctx.store.byId(job.callId);
    if (!call || call.status === 'ended' || link.expiresAt.getTime() <= ctx.clock.now().getTime()) return 'skipped';
    const token = ctx.newToken();
    await ctx.crew.setLinkToken(job.linkId, token);
    const url = `${ctx.publicBaseUrl.replace(/\/+$/, '')}/crew/${token}`;
    try {
      await ctx.sms.send({ to: link.phone as E164, text: crewSmsText(url), idempotencyKey: `emergency-crew:${job.linkId}:${token.slice(0, 8)}` });
    } catch (err) {
      if (lastAttempt) await ctx.crew.markLinkFailed(job.linkId, ctx.clock.now());
      throw err;
    }
    await ctx.crew.markLinkSent(job.linkId, ctx.clock.now());
    return 'sent';
  });
}

// ── The crew's browser ──────────────────────────────────────────────────────────────────────

export interface CrewBrowserContext {
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly crew: EmergencyCrewStore;
  readonly store: Pick<EmergencyCallStore, 'byId'>;
  readonly video: Pick<VideoRooms, 'issueToken'>;
  readonly newToken: () => string;
  readonly requestId?: string;
}

export const crewActor = (linkId: string): Actor => ({ kind: 'system', name: `crew/${linkId}` });

/**
 * The link from the SMS, for a browser session. Unknown → 404; expired or the call ended → 410
 * `expired`; AMK sent the number a newer link → 410 `superseded`; a second use → 410 `used`,
 * except by the browser already holding its session.
 */
export async function exchangeCrewLink(ctx: CrewBrowserContext, token: string, currentSession?: string): Promise<{ sessionToken: string; expiresAt: Date }> {
  const now = ctx.clock.now();
  const found = await ctx.crew.lookupLink(token, now);
  const actor = { audit: ctx.audit, actor: crewActor(found.kind === 'unknown' ? 'unknown' : found.linkId), requestId: ctx.requestId };
  return audited(actor, { action: 'emergency_call.crew_link_exchange', ...resource(found.kind === 'unknown' ? null : found.callId) }, async () => {
    if (found.kind === 'unknown') throw new DomainError('not_found', 'unknown crew link');
    const call = await ctx.store.byId(found.callId);
    if (!call || call.status === 'ended' || found.kind === 'expired') throw new DomainError('gone', 'link expired', [], { reason: 'expired' });
    if (found.kind === 'superseded') throw new DomainError('gone', 'link superseded', [], { reason: 'superseded' });
    if (found.kind === 'used') {
      const current = currentSession ? await ctx.crew.bySessionToken(currentSession, now) : null;
      if (current?.linkId === found.linkId) return { sessionToken: currentSession!, expiresAt: current.sessionExpiresAt };
      throw new DomainError('gone', 'link used', [], { reason: 'used' });
    }
    const sessionToken = ctx.newToken();
    const expiresAt = new Date(now.getTime() + CREW_SESSION_MINUTES * MS_PER_MINUTE);
    if (!(await ctx.crew.exchange(found.linkId, sessionToken, now, expiresAt))) {
      // Used by a racing request, or superseded since it was looked up: tell which.
      const reason = (await ctx.crew.lookupLink(token, now)).kind === 'superseded' ? 'superseded' : 'used';
      throw new DomainError('gone', `link ${reason}`, [], { reason });
    }
    return { sessionToken, expiresAt };
  });
}

async function crewSession(ctx: CrewBrowserContext, sessionToken: string | undefined) {
  const session = sessionToken ? await ctx.crew.bySessionToken(sessionToken, ctx.clock.now()) : null;
  if (!session) throw new DomainError('unauthenticated', 'no crew session');
  return session;
}

/** Whether the call still runs; polled by the page, shows nothing but that. */
export async function crewMe(ctx: CrewBrowserContext, sessionToken: string | undefined): Promise<CrewMeDto> {
  const session = await crewSession(ctx, sessionToken);
  const call = await ctx.store.byId(session.callId);
  return { callStatus: call && call.status !== 'ended' ? 'active' : 'ended' };
}

/** The crew's LiveKit token: the call's room only, as "Ambulanse", a fresh opaque identity, ≤10 minutes; 410 once the call ended. */
export async function crewVideoToken(ctx: CrewBrowserContext, sessionToken: string | undefined): Promise<VideoTokenDto> {
  const session = await crewSession(ctx, sessionToken);
  const actor = { audit: ctx.audit, actor: crewActor(session.linkId), requestId: ctx.requestId };
  return audited(actor, { action: 'emergency_call.crew_join', ...resource(session.callId) }, async () => {
    const call = await ctx.store.byId(session.callId);
    if (!call || call.status === 'ended') throw new DomainError('gone', 'the call has ended', [], { reason: 'ended' });
    if (!call.roomName) throw new DomainError('conflict', 'not answered yet');
    const token = await ctx.video.issueToken({
      roomName: call.roomName,
      identity: `${CREW_IDENTITY_PREFIX}${crypto.randomUUID().replaceAll('-', '')}`,
      displayName: CREW_DISPLAY_NAME,
      kind: 'guest',
      ttlSeconds: CREW_TOKEN_TTL_SECONDS,
    });
    await ctx.crew.markJoined(session.linkId, ctx.clock.now());
    return { token: token.token, serverUrl: token.serverUrl, roomName: token.roomName, expiresAt: token.expiresAt.toISOString() };
  });
}
