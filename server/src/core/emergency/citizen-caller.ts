/**
 * Citizen video, the caller's side: the SMS link is exchanged once for a browser session; the
 * caller consents before any video token, shares location with a separate consent, and can send
 * still photos when video fails. Also the SMS itself (sent by a worker from `{sessionId, linkId}`).
 * The caller acts as `system:citizen/<sessionId>`; nothing here reveals the phone number.
 */
import {
  CITIZEN_LINK_MINUTES,
  CITIZEN_VIDEO_MESSAGES,
  CitizenLocationSchema,
  type CitizenMeDto,
  type CitizenVideoTokenDto,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS_PER_SESSION,
  PHOTO_TYPES,
} from '../../contracts/citizen-video';
import { type AuditContext, audited } from '../audit';
import { DomainError } from '../errors';
import type { E164, SmsSender } from '../messaging';
import type { AuditLog, Clock, VideoEvent, VideoRooms } from '../ports';
import type { RoomEventHandler, RoomEventOutcome } from '../video-events';
import type { Actor } from '../roles';
import { citizenResource, parseCitizenInput, roomOf, statusOf } from './citizen-video';
import type { CitizenVideoRecord, CitizenVideoStore } from './citizen-video-store';

/** A caller's browser session lasts this long after the link was opened (or until AMK ends it). @defaultValue 120 */
export const CITIZEN_SESSION_MINUTES = 120;
/** The caller's video token lives this long (LiveKit tokens at most 10 minutes). @defaultValue 600 */
export const CITIZEN_TOKEN_TTL_SECONDS = 600;
/** Callers' LiveKit identities start with this (AMK's and doctors' with `c_`), so the webhook knows who joined. */
export const CALLER_IDENTITY_PREFIX = 'i_';
/** What everyone in the call sees for the caller. */
export const CALLER_DISPLAY_NAME = 'Innringer';

export interface CallerContext {
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly store: CitizenVideoStore;
  readonly video: Pick<VideoRooms, 'createRoom' | 'issueToken'>;
  readonly requestId?: string;
  /** A new ≥128-bit random token (base64url). */
  readonly newToken: () => string;
}

export type LinkRefusalReason = 'not_found' | 'expired' | 'used' | 'superseded';

export const callerActor = (sessionId: string): Actor => ({ kind: 'system', name: `citizen/${sessionId}` });
const callerCtx = (ctx: CallerContext, sessionId: string): AuditContext => ({ audit: ctx.audit, actor: callerActor(sessionId), requestId: ctx.requestId });

/**
 * The link from the SMS, for a browser session. Unknown → 404; expired, or the session ended →
 * 410 `expired`; AMK sent a newer link → 410 `superseded`; a second use → 410 `used`, except by
 * the browser already holding the session.
 */
export async function exchangeCitizenLink(ctx: CallerContext, token: string, currentSession?: string): Promise<{ sessionToken: string; expiresAt: Date }> {
  const now = ctx.clock.now();
  const found = await ctx.store.lookupLink(token, now);
  const sessionId = found.kind === 'unknown' ? null : found.sessionId;
  const actor = { audit: ctx.audit, actor: callerActor(sessionId ?? 'unknown'), requestId: ctx.requestId };
  return audited(actor, { action: 'citizen_video.link_exchange', ...citizenResource(sessionId) }, async () => {
    switch (found.kind) {
      case 'unknown':
        throw new DomainError('not_found', 'unknown citizen link');
      case 'expired':
      case 'ended':
        throw new DomainError('gone', 'link expired', [], { reason: 'expired' });
      case 'superseded':
        throw new DomainError('gone', 'link superseded', [], { reason: 'superseded' });
      case 'used': {
        const current = currentSession ? await ctx.store.bySessionToken(currentSession, now) : null;
        if (current?.id === found.sessionId && current.sessionExpiresAt) return { sessionToken: currentSession!, expiresAt: current.sessionExpiresAt };
        throw new DomainError('gone', 'link used', [], { reason: 'used' });
      }
      case 'ok': {
        const sessionToken = ctx.newToken();
        const expiresAt = new Date(now.getTime() + CITIZEN_SESSION_MINUTES * 60_000);
        if (!(await ctx.store.exchange(found.linkId, sessionToken, now, expiresAt))) {
          // Used by a racing request, or superseded since it was looked up: tell which.
          const reason = (await ctx.store.lookupLink(token, now)).kind === 'superseded' ? 'superseded' : 'used';
          throw new DomainError('gone', `link ${reason}`, [], { reason });
        }
        return { sessionToken, expiresAt };
      }
      default:
        throw found satisfies never;
    }
  });
}

async function sessionOf(ctx: CallerContext, sessionToken: string | undefined): Promise<CitizenVideoRecord> {
  const record = sessionToken ? await ctx.store.bySessionToken(sessionToken, ctx.clock.now()) : null;
  if (!record) throw new DomainError('unauthenticated', 'no citizen session');
  return record;
}

function requireOpen(record: CitizenVideoRecord): void {
  if (record.endedAt) throw new DomainError('gone', 'the session has ended', [{ path: 'session', message: CITIZEN_VIDEO_MESSAGES.ended }], { reason: 'ended' });
}

/**
 * The caller's own state; polled by the page every few seconds, so not audited (it shows the
 * caller only what they did themselves: consent, whether a location was shared, a photo count).
 */
export async function callerMe(ctx: CallerContext, sessionToken: string | undefined): Promise<CitizenMeDto> {
  const record = await sessionOf(ctx, sessionToken);
  return {
    status: statusOf(record, ctx.clock.now()),
    consentedAt: record.consentedAt?.toISOString() ?? null,
    locationShared: record.location !== null,
    photoCount: (await ctx.store.photos(record.id)).length,
  };
}

/** "Ja, vis video": required before any video token. */
export async function callerConsent(ctx: CallerContext, sessionToken: string | undefined): Promise<CitizenMeDto> {
  const record = await sessionOf(ctx, sessionToken);
  await audited(callerCtx(ctx, record.id), { action: 'citizen_video.consent', ...citizenResource(record.id) }, async () => {
    requireOpen(record);
    if (!record.consentedAt) await ctx.store.setConsent(record.id, ctx.clock.now());
  });
  return callerMe(ctx, sessionToken);
}

/** "Del posisjon": a separate consent; each call replaces the last position. */
export async function callerLocation(ctx: CallerContext, sessionToken: string | undefined, body: unknown): Promise<CitizenMeDto> {
  const record = await sessionOf(ctx, sessionToken);
  await audited(callerCtx(ctx, record.id), { action: 'citizen_video.location', ...citizenResource(record.id) }, async () => {
    requireOpen(record);
    const location = parseCitizenInput(CitizenLocationSchema, body);
    await ctx.store.setLocation(record.id, { ...location, at: ctx.clock.now().toISOString() });
  });
  return callerMe(ctx, sessionToken);
}

/** The caller's LiveKit token: 403 before consent; the session's room only, as "Innringer", ≤10 minutes. */
export async function callerVideoToken(ctx: CallerContext, sessionToken: string | undefined): Promise<CitizenVideoTokenDto> {
  const record = await sessionOf(ctx, sessionToken);
  return audited(callerCtx(ctx, record.id), { action: 'citizen_video.video_token', ...citizenResource(record.id) }, async () => {
    requireOpen(record);
    if (!record.consentedAt) throw new DomainError('forbidden', CITIZEN_VIDEO_MESSAGES.noConsent);
    const roomName = await roomOf(ctx, record);
    const token = await ctx.video.issueToken({
      roomName,
      identity: `${CALLER_IDENTITY_PREFIX}${crypto.randomUUID().replaceAll('-', '')}`,
      displayName: CALLER_DISPLAY_NAME,
      kind: 'guest',
      ttlSeconds: CITIZEN_TOKEN_TTL_SECONDS,
    });
    return { token: token.token, serverUrl: token.serverUrl, roomName: token.roomName, expiresAt: token.expiresAt.toISOString() };
  });
}

/** A still photo when video fails: images only, at most 5 MB each and 20 per session. */
export async function callerPhoto(ctx: CallerContext, sessionToken: string | undefined, contentType: string | undefined, bytes: Uint8Array): Promise<{ n: number }> {
  const record = await sessionOf(ctx, sessionToken);
  return audited(callerCtx(ctx, record.id), { action: 'citizen_video.photo', ...citizenResource(record.id) }, async () => {
    requireOpen(record);
    if (!record.consentedAt) throw new DomainError('forbidden', CITIZEN_VIDEO_MESSAGES.noConsent);
    const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(PHOTO_TYPES as readonly string[]).includes(type) || bytes.byteLength === 0) {
      throw new DomainError('validation_failed', 'not an image', [{ path: 'photo', message: CITIZEN_VIDEO_MESSAGES.photoType }]);
    }
    if (bytes.byteLength > MAX_PHOTO_BYTES) throw new DomainError('payload_too_large', 'photo too large');
    const n = await ctx.store.addPhoto(record.id, type, bytes, ctx.clock.now(), MAX_PHOTOS_PER_SESSION);
    if (n === null) throw new DomainError('unprocessable', 'too many photos', [{ path: 'photo', message: CITIZEN_VIDEO_MESSAGES.photoTooMany }]);
    return { n };
  });
}

// ── The SMS ─────────────────────────────────────────────────────────────────────────────────

export interface CitizenSmsContext {
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly store: CitizenVideoStore;
  readonly sms: SmsSender;
  readonly publicBaseUrl: string;
  readonly newToken: () => string;
}

export const citizenSmsText = (link: string) =>
  `AMK ber deg åpne denne lenken for å vise video: ${link}. Lenken virker i ${CITIZEN_LINK_MINUTES} minutter. / AMK asks you to open this link to show video. It works for ${CITIZEN_LINK_MINUTES} minutes.`;

export type CitizenSmsOutcome = 'sent' | 'already_sent' | 'skipped';

/**
 * Makes the link's token (only its hash is stored), then sends it. A failed send is retried by
 * the queue with a fresh token, which replaces the unsent one.
 */
export async function sendCitizenLink(ctx: CitizenSmsContext, job: { sessionId: string; linkId: string }): Promise<CitizenSmsOutcome> {
  const actor = { audit: ctx.audit, actor: { kind: 'system', name: 'citizen-video-sms' } as const };
  return audited(actor, { action: 'citizen_video.sms', ...citizenResource(job.sessionId) }, async () => {
    const link = await ctx.store.linkToSend(job.linkId);
    if (!link || link.sessionId !== job.sessionId) return 'skipped';
    if (link.sentAt) return 'already_sent';
    // A re-sent link replaced this one before its SMS left: only the newest goes out.
    if (link.ended || link.superseded || link.expiresAt.getTime() <= ctx.clock.now().getTime()) return 'skipped';
    const token = ctx.newToken();
    await ctx.store.setLinkToken(job.linkId, token);
    const url = `${ctx.publicBaseUrl.replace(/\/+$/, '')}/video/${token}`;
    await ctx.sms.send({ to: link.phone as E164, text: citizenSmsText(url), idempotencyKey: `citizen-video:${job.linkId}:${token.slice(0, 8)}` });
    await ctx.store.markLinkSent(job.linkId, ctx.clock.now());
    return 'sent';
  });
}

// ── LiveKit events ─────────────────────────────────────────────────────────────────────────

/**
 * The caller's phone joined the session's room (LiveKit's `participant_joined`): the session
 * reached video. A token alone does not count — the connection may still fail.
 */
export function citizenVideoRoomHandler(deps: { readonly store: Pick<CitizenVideoStore, 'byRoom' | 'markVideoConnected'>; readonly audit: AuditLog }): RoomEventHandler {
  return {
    async handle(event: VideoEvent): Promise<RoomEventOutcome> {
      const record = await deps.store.byRoom(event.roomName);
      if (!record) return 'not_mine';
      if (event.kind !== 'participant_joined' || !event.identity.startsWith(CALLER_IDENTITY_PREFIX) || record.videoConnectedAt) return 'handled';
      const actor = { audit: deps.audit, actor: { kind: 'system', name: 'livekit-webhook' } as const };
      await audited(actor, { action: 'citizen_video.video_connected', ...citizenResource(record.id) }, () => deps.store.markVideoConnected(record.id, event.at));
      return 'handled';
    },
  };
}
