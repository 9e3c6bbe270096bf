/**
 * Citizen video, the caller's side: the SMS link is exchanged once for a browser session; the
 * caller consents before any video token, shares location with a separate consent, and can send
 * still photos when video fails. Also the SMS itself (sent by a worker from `{sessionId, linkId}`).
 * The caller acts as `system:citizen/<sessionId>`; nothing here reveals the phone number.
 */
import {
  CITIZEN_LINK_MINUTES,
  CITIZEN_VIDEO_MESSAGES,
  type CitizenVideoStatus,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS_PER_SESSION,
  PHOTO_TYPES,
} from '../../shared/citizen-video-terms';
import { type AuditContext, audited } from '../audit';
import { DomainError, type ParsedInput } from '../errors';
import { type LinkMode, type LinkSession, type LinkSmsOutcome, exchangeOnce, linkGone, sendLinkSms } from '../personal-links';
import type { SmsSender } from '../messaging';
import type { AuditLog, Clock, VideoEvent, VideoRooms, VideoToken } from '../ports';
import type { RoomEventHandler, RoomEventOutcome } from '../video-events';
import type { Actor } from '../roles';
import { citizenResource, linkExpiry, roomOf, statusOf } from './citizen-video';
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
export async function exchangeCitizenLink(ctx: CallerContext, token: string, currentSession?: string): Promise<LinkSession> {
  return (await citizenLink(ctx, token, currentSession, 'claim')) as LinkSession;
}

/** Looks at the caller's link without using it up: the held session, null when it waits for its button, or the refusal. */
export const viewCitizenLink = (ctx: CallerContext, token: string, currentSession?: string): Promise<LinkSession | null> =>
  citizenLink(ctx, token, currentSession, 'view');

async function citizenLink(ctx: CallerContext, token: string, currentSession: string | undefined, mode: LinkMode): Promise<LinkSession | null> {
  const now = ctx.clock.now();
  const found = await ctx.store.lookupLink(token, now);
  const sessionId = found.kind === 'unknown' ? null : found.sessionId;
  const actor = { audit: ctx.audit, actor: callerActor(sessionId ?? 'unknown'), requestId: ctx.requestId };
  const action = mode === 'view' ? 'citizen_video.link_open' : 'citizen_video.link_exchange';
  return audited(actor, { action, ...citizenResource(sessionId) }, async () => {
    switch (found.kind) {
      case 'unknown':
        throw new DomainError('not_found', 'unknown citizen link');
      case 'expired':
      case 'ended':
        throw linkGone('expired');
      case 'superseded':
        throw linkGone('superseded');
      case 'used':
      case 'ok': {
        const sessionExpiresAt = new Date(now.getTime() + CITIZEN_SESSION_MINUTES * 60_000);
        return exchangeOnce(
          {
            used: found.kind === 'used',
            heldSession: async () => {
              const current = currentSession ? await ctx.store.bySessionToken(currentSession, now) : null;
              return current?.id === found.sessionId && current.sessionExpiresAt
                ? { sessionToken: currentSession!, expiresAt: current.sessionExpiresAt }
                : null;
            },
            claim: async () => {
              if (found.kind !== 'ok') return null;
              const sessionToken = ctx.newToken();
              return (await ctx.store.exchange(found.linkId, sessionToken, now, sessionExpiresAt)) ? { sessionToken, expiresAt: sessionExpiresAt } : null;
            },
            superseded: async () => (await ctx.store.lookupLink(token, now)).kind === 'superseded',
          },
          mode,
        );
      }
      default:
        throw found satisfies never;
    }
  });
}

/**
 * «Send meg en ny lenke» from a used link's page: a new link by SMS to the number AMK entered
 * (never shown to the browser asking), valid {@link CITIZEN_LINK_MINUTES} minutes; the earlier
 * links stop working. Unknown → 404; once AMK ended the session → 410 `expired`.
 */
export async function requestNewCitizenLink(ctx: CallerContext, token: string): Promise<void> {
  const now = ctx.clock.now();
  const found = await ctx.store.lookupLink(token, now);
  const sessionId = found.kind === 'unknown' ? null : found.sessionId;
  const actor = { audit: ctx.audit, actor: callerActor(sessionId ?? 'unknown'), requestId: ctx.requestId };
  return audited(actor, { action: 'citizen_video.new_link', ...citizenResource(sessionId) }, async () => {
    if (found.kind === 'unknown') throw new DomainError('not_found', 'unknown citizen link');
    if (found.kind === 'ended') throw linkGone('expired');
    await ctx.store.addLink(found.sessionId, crypto.randomUUID(), now, linkExpiry(now));
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

/** What the caller's page learns: never the phone number or who sent the link. */
export interface CitizenMe {
  readonly status: CitizenVideoStatus;
  /** ISO instant. */
  readonly consentedAt: string | null;
  readonly locationShared: boolean;
  readonly photoCount: number;
}

/** A position as the phone reported it (parsed at the edge). */
export interface ReportedLocation {
  readonly latitude: number;
  readonly longitude: number;
  readonly accuracy: number;
}

/**
 * The caller's own state; polled by the page every few seconds, so not audited (it shows the
 * caller only what they did themselves: consent, whether a location was shared, a photo count).
 */
export async function callerMe(ctx: CallerContext, sessionToken: string | undefined): Promise<CitizenMe> {
  const record = await sessionOf(ctx, sessionToken);
  return {
    status: statusOf(record, ctx.clock.now()),
    consentedAt: record.consentedAt?.toISOString() ?? null,
    locationShared: record.location !== null,
    photoCount: (await ctx.store.photos(record.id)).length,
  };
}

/** "Ja, vis video": required before any video token. */
export async function callerConsent(ctx: CallerContext, sessionToken: string | undefined): Promise<CitizenMe> {
  const record = await sessionOf(ctx, sessionToken);
  await audited(callerCtx(ctx, record.id), { action: 'citizen_video.consent', ...citizenResource(record.id) }, async () => {
    requireOpen(record);
    if (!record.consentedAt) await ctx.store.setConsent(record.id, ctx.clock.now());
  });
  return callerMe(ctx, sessionToken);
}

/** "Del posisjon": a separate consent; each call replaces the last position. */
export async function callerLocation(ctx: CallerContext, sessionToken: string | undefined, body: ParsedInput<ReportedLocation>): Promise<CitizenMe> {
  const record = await sessionOf(ctx, sessionToken);
  await audited(callerCtx(ctx, record.id), { action: 'citizen_video.location', ...citizenResource(record.id) }, async () => {
    requireOpen(record);
    if (!body.ok) throw new DomainError('validation_failed', 'citizen video request', body.issues);
    await ctx.store.setLocation(record.id, { ...body.value, at: ctx.clock.now().toISOString() });
  });
  return callerMe(ctx, sessionToken);
}

/** The caller's LiveKit token: 403 before consent; the session's room only, as "Innringer", ≤10 minutes. */
export async function callerVideoToken(ctx: CallerContext, sessionToken: string | undefined): Promise<VideoToken> {
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
    return token;
  });
}

/** A still photo when video fails: images only, at most 5 MB each and 20 per session. */
export async function callerPhoto(
  ctx: CallerContext,
  sessionToken: string | undefined,
  contentType: string | undefined,
  bytes: Uint8Array,
): Promise<{ n: number }> {
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

export type CitizenSmsOutcome = LinkSmsOutcome;

/** Sends the caller's link once (see {@link sendLinkSms}); skipped once AMK ended the session. A failed send is retried by the queue. */
export async function sendCitizenLink(ctx: CitizenSmsContext, job: { sessionId: string; linkId: string }): Promise<CitizenSmsOutcome> {
  const actor = { audit: ctx.audit, actor: { kind: 'system', name: 'citizen-video-sms' } as const };
  return audited(actor, { action: 'citizen_video.sms', ...citizenResource(job.sessionId) }, () =>
    sendLinkSms(ctx, {
      linkId: job.linkId,
      find: async () => {
        const link = await ctx.store.linkToSend(job.linkId);
        return link?.sessionId === job.sessionId ? link : null;
      },
      open: async (link) => !link.ended,
      page: '/video',
      text: citizenSmsText,
      keyPrefix: 'citizen-video',
      setToken: (token) => ctx.store.setLinkToken(job.linkId, token),
      markSent: () => ctx.store.markLinkSent(job.linkId, ctx.clock.now()),
    }),
  );
}

// ── LiveKit events ─────────────────────────────────────────────────────────────────────────

/**
 * The caller's phone joined the session's room (LiveKit's `participant_joined`): the session
 * reached video. A token alone does not count — the connection may still fail.
 */
export function citizenVideoRoomHandler(deps: {
  readonly store: Pick<CitizenVideoStore, 'byRoom' | 'markVideoConnected'>;
  readonly audit: AuditLog;
}): RoomEventHandler {
  return {
    async handle(event: VideoEvent): Promise<RoomEventOutcome> {
      const record = await deps.store.byRoom(event.roomName);
      if (!record) return 'not_mine';
      if (event.kind !== 'participant_joined' || !event.identity.startsWith(CALLER_IDENTITY_PREFIX) || record.videoConnectedAt) return 'handled';
      const actor = { audit: deps.audit, actor: { kind: 'system', name: 'livekit-webhook' } as const };
      await audited(actor, { action: 'citizen_video.video_connected', ...citizenResource(record.id) }, () =>
        deps.store.markVideoConnected(record.id, event.at),
      );
      return 'handled';
    },
  };
}
