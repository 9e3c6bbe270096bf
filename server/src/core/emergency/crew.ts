/**
 * AMK pulls an ambulance crew into an emergency call by SMS link. The operator who answered
 * enters the crew's Norwegian mobile number; a worker makes a personal link (256-bit token, only
 * its hash stored) and sends it with no health data; the crew's browser exchanges it once for an
 * httpOnly session and gets a LiveKit token for that call's room only, as "Ambulanse".
 * Like the citizen link, the mechanism is the guest's: a link is a credential, used once, short-lived.
 */
import { CREW_DISPLAY_NAME, CREW_LINK_MINUTES } from '../../shared/emergency-terms';
import { type AuditContext, audited, requireRole } from '../audit';
import { DomainError, type ParsedInput } from '../errors';
import { type LinkMode, type LinkSession, type LinkSmsOutcome, exchangeOnce, linkGone, sendLinkSms } from '../personal-links';
import type { SmsSender } from '../messaging';
import type { AuditLog, Clock, VideoRooms, VideoToken } from '../ports';
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

/** The links sent for one call. */
export interface CrewLinks {
  readonly callId: string;
  readonly links: readonly CrewLinkRecord[];
}

/** What the crew page polls: whether the call still runs. */
export interface CrewMe {
  readonly callStatus: 'active' | 'ended';
}

export interface CrewContext extends EmergencyContext {
  readonly crew: EmergencyCrewStore;
}

const resource = (id: string | null) => ({ patientId: null, resourceType: 'emergency_call', resourceId: id }) as const;

/** 201: the answering operator sends a crew a link; 409 unless the call is answered and not ended, 403 anyone else, 422 a bad number. */
export async function inviteCrew(ctx: CrewContext, callId: string, body: ParsedInput<{ readonly phone: string }>): Promise<CrewLinks> {
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
    return { callId, links: (await ctx.crew.forCall(callId)).filter((l) => l.id === id) };
  });
}

/** The links sent for a call (last three digits only): AMK and the requester. */
export async function listCrew(ctx: CrewContext, callId: string): Promise<CrewLinks> {
  return audited(ctx, { action: 'emergency_call.crew_read', ...resource(callId) }, async () => {
    const record = await ctx.store.byId(callId);
    if (!record) throw new DomainError('not_found', 'no such emergency call');
    if (!mayWatch(ctx.actor, record)) throw new DomainError('forbidden', 'not the requester or AMK');
    return { callId, links: await ctx.crew.forCall(callId) };
  });
}

function crewPhone(body: ParsedInput<{ readonly phone: string }>): string {
  if (!body.ok)
    throw new DomainError(
      'unprocessable',
      'crew phone',
      body.issues.map((i) => ({ path: i.path || 'phone', message: i.message })),
    );
  return body.value.phone;
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

export type CrewSmsOutcome = LinkSmsOutcome;

/**
 * Sends the crew's link once (see {@link sendLinkSms}); skipped once the call has ended. When the
 * provider refuses on the `lastAttempt`, the link is marked failed, so the operator sees «kunne
 * ikke sendes» instead of «sendes» for ever.
 */
export async function sendCrewLink(ctx: CrewSmsContext, job: { callId: string; linkId: string }, lastAttempt = false): Promise<CrewSmsOutcome> {
  const actor = { audit: ctx.audit, actor: { kind: 'system', name: 'emergency-crew-sms' } as const };
  return audited(actor, { action: 'emergency_call.crew_sms', ...resource(job.callId) }, () =>
    sendLinkSms(ctx, {
      linkId: job.linkId,
      find: async () => {
        const link = await ctx.crew.linkToSend(job.linkId);
        return link?.callId === job.callId ? link : null;
      },
      open: async () => {
        const call = await ctx.store.byId(job.callId);
        return call !== null && call.status !== 'ended';
      },
      page: '/crew',
      text: crewSmsText,
      keyPrefix: 'emergency-crew',
      setToken: (token) => ctx.crew.setLinkToken(job.linkId, token),
      markSent: () => ctx.crew.markLinkSent(job.linkId, ctx.clock.now()),
      onSendFailed: async () => {
        if (lastAttempt) await ctx.crew.markLinkFailed(job.linkId, ctx.clock.now());
      },
    }),
  );
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
export async function exchangeCrewLink(ctx: CrewBrowserContext, token: string, currentSession?: string): Promise<LinkSession> {
  return (await crewLink(ctx, token, currentSession, 'claim')) as LinkSession;
}

/** Looks at a crew link without using it up: the held session, null when it waits for its button, or the refusal. */
export const viewCrewLink = (ctx: CrewBrowserContext, token: string, currentSession?: string): Promise<LinkSession | null> =>
  crewLink(ctx, token, currentSession, 'view');

async function crewLink(ctx: CrewBrowserContext, token: string, currentSession: string | undefined, mode: LinkMode): Promise<LinkSession | null> {
  const now = ctx.clock.now();
  const found = await ctx.crew.lookupLink(token, now);
  const actor = { audit: ctx.audit, actor: crewActor(found.kind === 'unknown' ? 'unknown' : found.linkId), requestId: ctx.requestId };
  const action = mode === 'view' ? 'emergency_call.crew_link_open' : 'emergency_call.crew_link_exchange';
  return audited(actor, { action, ...resource(found.kind === 'unknown' ? null : found.callId) }, async () => {
    if (found.kind === 'unknown') throw new DomainError('not_found', 'unknown crew link');
    const call = await ctx.store.byId(found.callId);
    if (!call || call.status === 'ended' || found.kind === 'expired') throw linkGone('expired');
    if (found.kind === 'superseded') throw linkGone('superseded');
    const sessionExpiresAt = new Date(now.getTime() + CREW_SESSION_MINUTES * MS_PER_MINUTE);
    return exchangeOnce(
      {
        used: found.kind === 'used',
        heldSession: async () => {
          const current = currentSession ? await ctx.crew.bySessionToken(currentSession, now) : null;
          return current?.linkId === found.linkId ? { sessionToken: currentSession!, expiresAt: current.sessionExpiresAt } : null;
        },
        claim: async () => {
          const sessionToken = ctx.newToken();
          return (await ctx.crew.exchange(found.linkId, sessionToken, now, sessionExpiresAt)) ? { sessionToken, expiresAt: sessionExpiresAt } : null;
        },
        superseded: async () => (await ctx.crew.lookupLink(token, now)).kind === 'superseded',
      },
      mode,
    );
  });
}

/**
 * «Send meg en ny lenke» from a used link's page: a new link by SMS to the number AMK entered
 * for this link (never shown to the browser asking); the earlier links to that number stop
 * working. Unknown → 404; once the call ended → 410 `expired`.
 */
export async function requestNewCrewLink(ctx: CrewBrowserContext, token: string): Promise<void> {
  const now = ctx.clock.now();
  const found = await ctx.crew.lookupLink(token, now);
  const actor = { audit: ctx.audit, actor: crewActor(found.kind === 'unknown' ? 'unknown' : found.linkId), requestId: ctx.requestId };
  return audited(actor, { action: 'emergency_call.crew_new_link', ...resource(found.kind === 'unknown' ? null : found.callId) }, async () => {
    if (found.kind === 'unknown') throw new DomainError('not_found', 'unknown crew link');
    const call = await ctx.store.byId(found.callId);
    if (!call || call.status === 'ended') throw linkGone('expired');
    const sent = await ctx.crew.linkToSend(found.linkId);
    const original = (await ctx.crew.forCall(found.callId)).find((l) => l.id === found.linkId);
    if (!sent || !original) throw new DomainError('not_found', 'unknown crew link');
    const expiresAt = new Date(now.getTime() + CREW_LINK_MINUTES * MS_PER_MINUTE);
    await ctx.crew.add({ id: crypto.randomUUID(), callId: found.callId, phone: sent.phone, invitedBy: original.invitedBy, createdAt: now, expiresAt });
  });
}

async function crewSession(ctx: CrewBrowserContext, sessionToken: string | undefined) {
  const session = sessionToken ? await ctx.crew.bySessionToken(sessionToken, ctx.clock.now()) : null;
  if (!session) throw new DomainError('unauthenticated', 'no crew session');
  return session;
}

/** Whether the call still runs; polled by the page, shows nothing but that. */
export async function crewMe(ctx: CrewBrowserContext, sessionToken: string | undefined): Promise<CrewMe> {
  const session = await crewSession(ctx, sessionToken);
  const call = await ctx.store.byId(session.callId);
  return { callStatus: call && call.status !== 'ended' ? 'active' : 'ended' };
}

/** The crew's LiveKit token: the call's room only, as "Ambulanse", a fresh opaque identity, ≤10 minutes; 410 once the call ended. */
export async function crewVideoToken(ctx: CrewBrowserContext, sessionToken: string | undefined): Promise<VideoToken> {
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
    return token;
  });
}
