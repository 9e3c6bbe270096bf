/**
 * Citizen video, AMK's side: an operator sends a 113 caller a personal link by SMS, watches the
 * session (consent, location, photos, video), re-sends the link, adds a doctor and ends it.
 * A session has no patient id (the caller is not a registered patient), so audit events carry
 * the session as the resource (`citizen_video`) and no patient id.
 */
import {
  CITIZEN_LINK_MINUTES,
  CITIZEN_VIDEO_MESSAGES,
  type CitizenVideoStatus,
  OPEN_SESSION_HOURS,
  RECENTLY_ENDED_MINUTES,
} from '../../shared/citizen-video-terms';
import { type AuditContext, audited, requireRole } from '../audit';
import { DomainError, type ParsedInput } from '../errors';
import type { Clock, ConversationStore, Directory, Notifier, VideoRooms, VideoToken } from '../ports';
import { type Role, hasAnyRole } from '../roles';
import type { CitizenLocation, CitizenPhotoInfo, CitizenVideoRecord, CitizenVideoStore } from './citizen-video-store';
import { personIdOf } from './calls';

/** Who sends links and runs the session. */
export const CITIZEN_VIDEO_ROLES: readonly Role[] = ['amk'];
/** Who AMK may add to a session. */
export const INVITABLE_ROLES: readonly Role[] = ['legevakt', 'specialist', 'gp'];
/** The room closes this long after the last one leaves. @defaultValue 300 */
export const CITIZEN_ROOM_EMPTY_TIMEOUT_SECONDS = 300;
const MS_PER_MINUTE = 60_000;

export interface CitizenVideoContext extends AuditContext {
  readonly clock: Clock;
  readonly store: CitizenVideoStore;
  readonly directory: Pick<Directory, 'byId' | 'list'>;
  readonly video: Pick<VideoRooms, 'createRoom' | 'issueToken' | 'deleteRoom'>;
  readonly conversations: Pick<ConversationStore, 'personalFor'>;
  readonly notifier: Notifier;
  readonly publicBaseUrl: string;
  /** @defaultValue `crypto.randomUUID` */
  readonly newId?: () => string;
}

/** A session with a fresh link: its id and the link's expiry. */
export interface CitizenVideoCreated {
  readonly id: string;
  readonly status: 'link_sent';
  readonly expiresAt: Date;
}

/** A session as AMK and invited doctors see it: status now, its photos and who was added. */
export interface CitizenVideoView {
  readonly record: CitizenVideoRecord;
  readonly status: CitizenVideoStatus;
  readonly photos: readonly CitizenPhotoInfo[];
  readonly invited: readonly { readonly personId: string; readonly name: string }[];
}

/** One row of AMK's list: the phone's last three digits only. */
export interface CitizenVideoSummary {
  readonly id: string;
  readonly status: CitizenVideoStatus;
  readonly phoneLast3: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly endedAt: Date | null;
  readonly createdBy: { readonly id: string; readonly name: string };
  readonly location: CitizenLocation | null;
  readonly photoCount: number;
}

/** A doctor AMK may add to a session. */
export interface InvitableDoctor {
  readonly id: string;
  readonly name: string;
  readonly organization: string;
  readonly specialty: string | null;
}

export const citizenResource = (id: string | null) => ({ patientId: null, resourceType: 'citizen_video', resourceId: id }) as const;
const newId = (ctx: Pick<CitizenVideoContext, 'newId'>) => (ctx.newId ?? (() => crypto.randomUUID()))();

/** AMK enters a mobile number: the session and its first link are saved with the SMS job. */
export async function createCitizenVideo(ctx: CitizenVideoContext, body: ParsedInput<{ readonly phone: string }>): Promise<CitizenVideoCreated> {
  const id = newId(ctx);
  return audited(ctx, { action: 'citizen_video.create', ...citizenResource(id) }, async () => {
    requireRole(ctx.actor, CITIZEN_VIDEO_ROLES);
    const { phone } = valid(body);
    const createdAt = ctx.clock.now();
    const expiresAt = linkExpiry(createdAt);
    await ctx.store.create({ id, createdBy: personIdOf(ctx.actor), phone, createdAt, expiresAt }, newId(ctx));
    return { id, status: 'link_sent', expiresAt };
  });
}

/** A new link by SMS, valid 15 minutes from now; it supersedes the links sent earlier (410 `superseded`), so one link is live at a time. */
export async function resendCitizenLink(ctx: CitizenVideoContext, id: string): Promise<CitizenVideoCreated> {
  return audited(ctx, { action: 'citizen_video.resend', ...citizenResource(id) }, async () => {
    const record = await loadForAmk(ctx, id);
    if (record.endedAt) throw new DomainError('conflict', 'the session has ended', [{ path: 'id', message: CITIZEN_VIDEO_MESSAGES.ended }]);
    const now = ctx.clock.now();
    const expiresAt = linkExpiry(now);
    await ctx.store.addLink(id, newId(ctx), now, expiresAt);
    return { id, status: 'link_sent', expiresAt };
  });
}

/** AMK's list of the centre's sessions: open ones, and those ended in the last half hour; the phone's last three digits only. */
export async function listCitizenVideos(ctx: CitizenVideoContext): Promise<readonly CitizenVideoSummary[]> {
  return audited(ctx, { action: 'citizen_video.list', ...citizenResource(null) }, async () => {
    requireRole(ctx.actor, CITIZEN_VIDEO_ROLES);
    const now = ctx.clock.now();
    const rows = await ctx.store.recent(
      new Date(now.getTime() - OPEN_SESSION_HOURS * 60 * MS_PER_MINUTE),
      new Date(now.getTime() - RECENTLY_ENDED_MINUTES * MS_PER_MINUTE),
    );
    const senders = [...new Set(rows.map((r) => r.createdBy))];
    const names = new Map(await Promise.all(senders.map(async (id) => [id, (await ctx.directory.byId(id))?.name ?? ''] as const)));
    return rows.map((r) => ({
      id: r.id,
      status: statusOf(r, now),
      phoneLast3: r.phoneLast3,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      endedAt: r.endedAt,
      createdBy: { id: r.createdBy, name: names.get(r.createdBy) ?? '' },
      location: r.location,
      photoCount: r.photoCount,
    }));
  });
}

export async function getCitizenVideo(ctx: CitizenVideoContext, id: string): Promise<CitizenVideoView> {
  return audited(ctx, { action: 'citizen_video.read', ...citizenResource(id) }, async () => viewOf(ctx, await loadForWatcher(ctx, id)));
}

/** A still photo the caller sent; AMK and invited doctors only. */
export async function getCitizenPhoto(ctx: CitizenVideoContext, id: string, n: number): Promise<{ contentType: string; bytes: Uint8Array }> {
  return audited(ctx, { action: 'citizen_video.photo_read', ...citizenResource(id) }, async () => {
    await loadForWatcher(ctx, id);
    const photo = Number.isInteger(n) ? await ctx.store.photo(id, n) : null;
    if (!photo) throw new DomainError('not_found', 'no such photo');
    return photo;
  });
}

/** AMK, or a doctor AMK added, gets a token for the session's room. */
export async function joinCitizenVideo(ctx: CitizenVideoContext, id: string): Promise<VideoToken> {
  return audited(ctx, { action: 'citizen_video.join', ...citizenResource(id) }, async () => {
    const record = await loadForWatcher(ctx, id);
    if (record.endedAt) throw new DomainError('conflict', 'the session has ended', [{ path: 'id', message: CITIZEN_VIDEO_MESSAGES.ended }]);
    const roomName = await roomOf(ctx, record);
    const actor = ctx.actor;
    const label = hasAnyRole(actor, CITIZEN_VIDEO_ROLES) ? 'AMK' : 'lege';
    const token = await ctx.video.issueToken({
      roomName,
      identity: `c_${crypto.randomUUID().replaceAll('-', '')}`,
      displayName: `${actor.kind === 'person' ? actor.name : 'Samrom'} (${label})`,
      kind: 'clinician',
    });
    return token;
  });
}

/** AMK adds a legevakt doctor or specialist: they may read and join, and get a Teams card with a link (no details). */
export async function inviteToCitizenVideo(ctx: CitizenVideoContext, id: string, body: ParsedInput<{ readonly personId: string }>): Promise<CitizenVideoView> {
  return audited(ctx, { action: 'citizen_video.invite', ...citizenResource(id) }, async () => {
    const record = await loadForAmk(ctx, id);
    if (record.endedAt) throw new DomainError('conflict', 'the session has ended', [{ path: 'id', message: CITIZEN_VIDEO_MESSAGES.ended }]);
    const { personId } = valid(body);
    const person = await ctx.directory.byId(personId);
    if (!person) throw new DomainError('validation_failed', 'unknown person', [{ path: 'personId', message: CITIZEN_VIDEO_MESSAGES.personRequired }]);
    if (!person.roles.some((r) => INVITABLE_ROLES.includes(r))) {
      throw new DomainError('validation_failed', 'not a doctor', [{ path: 'personId', message: CITIZEN_VIDEO_MESSAGES.notClinician }]);
    }
    await ctx.store.invite(id, personId, personIdOf(ctx.actor), ctx.clock.now());
    await notifyInvited(ctx, id, personId);
    return viewOf(ctx, record);
  });
}

/** The doctors AMK may add (legevakt, specialists, GPs): id, name, organization and specialty only. */
export async function invitableDoctors(ctx: CitizenVideoContext): Promise<InvitableDoctor[]> {
  requireRole(ctx.actor, CITIZEN_VIDEO_ROLES);
  const people = await ctx.directory.list();
  return people
    .filter((p) => p.roles.some((r) => INVITABLE_ROLES.includes(r)))
    .map((p) => ({ id: p.id, name: p.name, organization: p.organization, specialty: p.specialty }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}

/** AMK ends the session: the room closes, the caller's page stops, links stop working. */
export async function endCitizenVideo(ctx: CitizenVideoContext, id: string): Promise<CitizenVideoView> {
  return audited(ctx, { action: 'citizen_video.end', ...citizenResource(id) }, async () => {
    await loadForAmk(ctx, id);
    const ended = await ctx.store.end(id, ctx.clock.now());
    if (!ended) throw new DomainError('conflict', 'the session has already ended', [{ path: 'id', message: CITIZEN_VIDEO_MESSAGES.ended }]);
    if (ended.roomName) await ctx.video.deleteRoom(ended.roomName).catch(() => undefined); // an empty room closes itself anyway
    return viewOf(ctx, ended);
  });
}

// ── Shared ──────────────────────────────────────────────────────────────────────────────────

export const linkExpiry = (from: Date) => new Date(from.getTime() + CITIZEN_LINK_MINUTES * MS_PER_MINUTE);

export function statusOf(record: CitizenVideoRecord, now: Date): CitizenVideoStatus {
  if (record.endedAt) return 'ended';
  if (record.videoConnectedAt) return 'video';
  if (record.consentedAt) return 'consented';
  if (record.exchangedAt) return 'link_opened';
  return now.getTime() > record.expiresAt.getTime() ? 'expired' : 'link_sent';
}

export async function roomOf(ctx: { store: CitizenVideoStore; video: Pick<VideoRooms, 'createRoom'> }, record: CitizenVideoRecord): Promise<string> {
  return ctx.store.ensureRoom(
    record.id,
    async () => (await ctx.video.createRoom({ emptyTimeoutSeconds: CITIZEN_ROOM_EMPTY_TIMEOUT_SECONDS, maxParticipants: 6 })).roomName,
  );
}

async function viewOf(ctx: CitizenVideoContext, record: CitizenVideoRecord): Promise<CitizenVideoView> {
  const [photos, invitedIds] = await Promise.all([ctx.store.photos(record.id), ctx.store.invited(record.id)]);
  const invited = await Promise.all(invitedIds.map(async (personId) => ({ personId, name: (await ctx.directory.byId(personId))?.name ?? '' })));
  return { record, status: statusOf(record, ctx.clock.now()), photos, invited };
}

async function load(ctx: CitizenVideoContext, id: string): Promise<CitizenVideoRecord> {
  const record = await ctx.store.byId(id);
  if (!record) throw new DomainError('not_found', 'no such citizen video session');
  return record;
}

async function loadForAmk(ctx: CitizenVideoContext, id: string): Promise<CitizenVideoRecord> {
  requireRole(ctx.actor, CITIZEN_VIDEO_ROLES);
  return load(ctx, id);
}

/** AMK, or a person AMK invited to this session. */
async function loadForWatcher(ctx: CitizenVideoContext, id: string): Promise<CitizenVideoRecord> {
  const actor = ctx.actor;
  if (actor.kind !== 'person') throw new DomainError('forbidden', 'a person must act');
  if (hasAnyRole(actor, CITIZEN_VIDEO_ROLES)) return load(ctx, id);
  const record = await ctx.store.byId(id);
  if (!record || !(await ctx.store.invited(id)).includes(actor.personId)) throw new DomainError('forbidden', 'not AMK or an invited doctor');
  return record;
}

async function notifyInvited(ctx: CitizenVideoContext, id: string, personId: string): Promise<void> {
  const conversation = await ctx.conversations.personalFor(personId);
  if (!conversation) return; // The doctor without the bot installed is told by AMK on the phone; the console shows them as added.
  const url = `${ctx.publicBaseUrl.replace(/\/+$/, '')}/app/amk?citizenVideo=${encodeURIComponent(id)}`;
  await ctx.notifier.send(conversation.conversationId, { notice: { kind: 'emergency.citizen_video_invite', url } });
}

/** The parsed input, or 422 with the edge's issues. */
function valid<T>(input: ParsedInput<T>): T {
  if (input.ok) return input.value;
  throw new DomainError('validation_failed', 'citizen video request', input.issues);
}
