/**
 * Joining a consultation. A guest exchanges their personal link once for a session, enters the
 * lobby, and gets a LiveKit token only after a clinician in the meeting admits them; clinicians
 * join without a lobby. The room is created at the first join. Every step is audited with the
 * patient's id (guests as the actor `system:guest/<participantId>`).
 */
import type { ParticipantRole } from '../../shared/consultation-terms';
import type { GuestStatus, LinkRefusal } from '../../shared/consultation-terms';
import { videoDisplayName } from '../../shared/texts';
import { type AuditContext, audited } from '../audit';
import { DomainError, isDomainError } from '../errors';
import { type LinkMode, exchangeOnce, linkGone } from '../personal-links';
import { enforce } from '../policy';
import type { AuditLog, Clock, Directory, VideoRooms, VideoToken } from '../ports';
import type { Actor } from '../roles';
import { formatOslo } from '../../shared/oslo-time';
import type { GuestLinkState, JoinStore, ParticipantJoinState } from './join-store';
import { decideConsultation, partiesOf } from './policy';
import type { ConsultationRecord, ConsultationStore, ParticipantRecord } from './store';

/** Links (and guest sessions) open this long before the start … @defaultValue 24 */
export const LINK_OPENS_HOURS_BEFORE_START = 24;
/** … and close this long after the end. @defaultValue 2 */
export const LINK_CLOSES_HOURS_AFTER_END = 2;
/** LiveKit closes an empty room after this long. @defaultValue 300 */
export const ROOM_EMPTY_TIMEOUT_SECONDS = 300;
const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;

export const JOIN_MESSAGES = {
  notAdmitted: 'Du er ikke sluppet inn ennå / You have not been let in yet',
  notWaiting: 'Personen venter ikke i lobbyen / This person is not waiting in the lobby',
  notGuest: 'Bare gjester venter i lobbyen / Only guests wait in the lobby',
  notParticipant: 'Du er ikke deltaker i denne samtalen / You are not a participant in this consultation',
} as const;

/** How long before the start guests may be let in and clinicians may join; defaults 30 and 60 minutes. */
export interface AdmissionWindows {
  readonly guestMinutesBeforeStart: number;
  readonly clinicianMinutesBeforeStart: number;
}

export const DEFAULT_ADMISSION_WINDOWS: AdmissionWindows = { guestMinutesBeforeStart: 30, clinicianMinutesBeforeStart: 60 };

/** Told when a guest starts waiting in the lobby (the clinicians get a Teams notice); must not throw or block. */
export interface LobbyNotices {
  guestWaiting(consultationId: string, participantId: string): void;
}

export interface JoinContext {
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly consultations: Pick<ConsultationStore, 'byId'>;
  readonly join: JoinStore;
  readonly videoRooms: VideoRooms;
  readonly requestId?: string;
  /** Where a refused guest finds the organiser's phone number. */
  readonly directory?: Pick<Directory, 'byId'>;
  /** @defaultValue DEFAULT_ADMISSION_WINDOWS */
  readonly admission?: AdmissionWindows;
  readonly lobbyNotices?: LobbyNotices;
}

export interface ClinicianJoinContext extends JoinContext {
  readonly actor: Actor;
  /** The booker's organisation, for the access policy. */
  readonly directory: Pick<Directory, 'byId'>;
}

/** A gone (410) link or meeting; `reason` says which page or message to show. */
export const goneError = (reason: Exclude<LinkRefusal, 'not_found'>) => linkGone(reason);

export const guestActor = (participantId: string): Actor => ({ kind: 'system', name: `guest/${participantId}` });

// ── Guests ─────────────────────────────────────────────────────────────────────────────────

export interface GuestSession {
  readonly sessionToken: string;
  readonly expiresAt: Date;
}

/**
 * Exchanges a link token for a new guest session, once (`claim`), or only looks at it (`view`:
 * null when the link is unused and waits for its page's button). A second use is refused (410),
 * except from the browser that already holds this participant's session, which just gets it
 * back. A link superseded by a newer one (the meeting changed and a new link was sent) is
 * refused with 410 `superseded`. Refusals of a known link carry the organiser's phone number.
 */
export async function exchangeGuestLink(ctx: JoinContext, token: string, currentSessionToken?: string): Promise<GuestSession> {
  return (await guestLink(ctx, token, currentSessionToken, 'claim')) as GuestSession;
}

/** Looks at a guest link without using it up: the held session, null when it waits for its button, or the refusal. */
export const viewGuestLink = (ctx: JoinContext, token: string, currentSessionToken?: string): Promise<GuestSession | null> =>
  guestLink(ctx, token, currentSessionToken, 'view');

async function guestLink(ctx: JoinContext, token: string, currentSessionToken: string | undefined, mode: LinkMode): Promise<GuestSession | null> {
  const link = await ctx.join.link(token);
  const record = link ? await ctx.consultations.byId(link.consultationId) : null;
  const action = mode === 'view' ? 'guest_link.open' : 'guest_link.exchange';
  if (!link || !record) {
    const unknown = { audit: ctx.audit, actor: guestActor('unknown'), requestId: ctx.requestId };
    return audited(unknown, { action, patientId: null, resourceType: 'guest_link' }, async () => {
      throw new DomainError('not_found', 'unknown guest link');
    });
  }
  return audited(guestCtx(ctx, link.participantId), target(action, record), async () => {
    try {
      return await exchangeKnownLink(ctx, link, record, token, currentSessionToken, mode);
    } catch (err) {
      if (!isDomainError(err) || err.code !== 'gone') throw err;
      throw linkGone(String(err.params.reason), await organiserPhone(ctx, record));
    }
  });
}

async function exchangeKnownLink(
  ctx: JoinContext,
  link: GuestLinkState,
  record: ConsultationRecord,
  token: string,
  currentSessionToken: string | undefined,
  mode: LinkMode,
): Promise<GuestSession | null> {
  const now = ctx.clock.now();
  // After a change the newer link is the one to use: saying so beats «too early» for a meeting
  // that moved, while a cancellation or the end of the meeting says more still.
  if (link.supersededAt !== null && record.status !== 'cancelled' && now.getTime() <= windowClosesAt(record).getTime()) throw goneError('superseded');
  checkOpen(record, now);
  const expiresAt = windowClosesAt(record);
  return exchangeOnce(
    {
      used: link.exchangedAt !== null,
      heldSession: async () => {
        const current = currentSessionToken ? await ctx.join.session(currentSessionToken, now) : null;
        return current?.participantId === link.participantId ? { sessionToken: currentSessionToken!, expiresAt: current.expiresAt } : null;
      },
      claim: async () => {
        const exchanged = await ctx.join.exchange(token, now, expiresAt);
        return exchanged ? { sessionToken: exchanged.sessionToken, expiresAt } : null;
      },
      superseded: async () => Boolean((await ctx.join.link(token))?.supersededAt),
    },
    mode,
  );
}

/**
 * «Send meg en ny lenke» from a used link's page: the guest's links stop working and a new one
 * goes to the phone or e-mail on file (never to the browser asking). Refused (410) when the
 * meeting is cancelled or over; unknown links are 404.
 */
export async function requestNewGuestLink(
  ctx: JoinContext & { readonly consultations: Pick<ConsultationStore, 'byId' | 'resendGuestLink'> },
  token: string,
): Promise<void> {
  const link = await ctx.join.link(token);
  const record = link ? await ctx.consultations.byId(link.consultationId) : null;
  if (!link || !record) {
    const unknown = { audit: ctx.audit, actor: guestActor('unknown'), requestId: ctx.requestId };
    return audited(unknown, { action: 'guest_link.new_link', patientId: null, resourceType: 'guest_link' }, async () => {
      throw new DomainError('not_found', 'unknown guest link');
    });
  }
  return audited(guestCtx(ctx, link.participantId), target('guest_link.new_link', record), async () => {
    const now = ctx.clock.now();
    const phone = await organiserPhone(ctx, record);
    if (record.status === 'cancelled') throw linkGone('cancelled', phone);
    if (now.getTime() > windowClosesAt(record).getTime()) throw linkGone('expired', phone);
    if (!(await ctx.consultations.resendGuestLink(record.id, link.participantId, now))) throw linkGone('cancelled', phone);
  });
}

/** The booker's phone number from the directory: whom a refused guest can call. */
async function organiserPhone(ctx: JoinContext, record: ConsultationRecord): Promise<string | null> {
  return (await ctx.directory?.byId(record.createdBy))?.phone ?? null;
}

interface GuestView {
  readonly record: ConsultationRecord;
  readonly participant: ParticipantRecord;
  readonly state: ParticipantJoinState | undefined;
}

/** The guest behind a session cookie; 401 when there is none or it expired. */
async function guestView(ctx: JoinContext, sessionToken: string | undefined): Promise<GuestView> {
  const session = sessionToken ? await ctx.join.session(sessionToken, ctx.clock.now()) : null;
  const record = session ? await ctx.consultations.byId(session.consultationId) : null;
  const participant = record?.participants.find((p) => p.id === session?.participantId);
  if (!record || !participant) throw new DomainError('unauthenticated', 'no guest session');
  const state = (await ctx.join.participants(record.id)).find((s) => s.participantId === participant.id);
  return { record, participant, state };
}

function guestStatus(view: GuestView): GuestStatus {
  if (view.record.status === 'cancelled') return 'cancelled';
  if (view.state?.admittedAt) return 'admitted';
  return view.state?.lobbySince ? 'waiting' : 'not_ready';
}

/** What the guest's join page shows about the meeting. */
export interface GuestMe {
  readonly firstName: string;
  readonly role: ParticipantRole;
  /** Instants (UTC), ISO 8601. */
  readonly start: string;
  readonly end: string;
  /** The start in Europe/Oslo, e.g. `mandag 29. mars 2027 kl. 10:00`. */
  readonly startOslo: { readonly nb: string; readonly en: string };
  readonly status: GuestStatus;
}

/** A guest in the lobby: when they came (ISO instant) and when they were let in. */
export interface LobbyEntry {
  readonly participantId: string;
  readonly name: string;
  readonly role: ParticipantRole;
  readonly since: string | null;
  readonly admittedAt: string | null;
}

export interface Lobby {
  readonly waiting: readonly LobbyEntry[];
  readonly admitted: readonly LobbyEntry[];
}

/** First name, role and time; never the title, the patient's national id or anyone's contact details. */
export async function guestMe(ctx: JoinContext, sessionToken: string | undefined): Promise<GuestMe> {
  const view = await guestView(ctx, sessionToken);
  return audited(guestCtx(ctx, view.participant.id), target('consultation.guest_read', view.record), async () => ({
    firstName: view.participant.name.trim().split(/\s+/)[0] ?? '',
    role: view.participant.role,
    start: view.record.startsAt.toISOString(),
    end: view.record.endsAt.toISOString(),
    startOslo: { nb: formatOslo(view.record.startsAt, 'nb'), en: formatOslo(view.record.startsAt, 'en') },
    status: guestStatus(view),
  }));
}

/** Waiting or admitted; polled by the join page, so not audited (it reveals nothing about the patient). */
export async function guestStatusOf(ctx: JoinContext, sessionToken: string | undefined): Promise<GuestStatus> {
  return guestStatus(await guestView(ctx, sessionToken));
}

/** "I'm ready": the guest waits in the lobby until a clinician admits them. */
export async function enterLobby(ctx: JoinContext, sessionToken: string | undefined): Promise<GuestStatus> {
  const view = await guestView(ctx, sessionToken);
  return audited(guestCtx(ctx, view.participant.id), target('consultation.lobby_enter', view.record), async () => {
    const now = ctx.clock.now();
    checkOpen(view.record, now);
    await ctx.join.enterLobby(view.participant.id, now);
    const status = guestStatus(await guestView(ctx, sessionToken));
    if (status === 'waiting') ctx.lobbyNotices?.guestWaiting(view.record.id, view.participant.id);
    return status;
  });
}

/** A guest's video token: only after admission (403 before), for this meeting's room only. */
export async function guestVideoToken(ctx: JoinContext, sessionToken: string | undefined, options: { audioOnly?: boolean } = {}): Promise<VideoToken> {
  const view = await guestView(ctx, sessionToken);
  return audited(guestCtx(ctx, view.participant.id), target('consultation.video_token', view.record), async () => {
    checkOpen(view.record, ctx.clock.now());
    if (!view.state?.admittedAt) throw new DomainError('forbidden', JOIN_MESSAGES.notAdmitted);
    checkAdmissionWindow(ctx, view.record, 'guest');
    return issueToken(ctx, view.record, view.participant, 'guest', options.audioOnly ?? false);
  });
}

// ── Clinicians ─────────────────────────────────────────────────────────────────────────────

/** A clinician participant joins without a lobby. */
export async function clinicianJoin(ctx: ClinicianJoinContext, id: string, options: { audioOnly?: boolean } = {}): Promise<VideoToken> {
  const record = await loadAudited(ctx, 'consultation.join', id);
  return audited(ctx, target('consultation.join', record), async () => {
    enforce(decideConsultation(ctx.actor, 'join', await partiesOf(ctx.directory, record)));
    const actor = ctx.actor;
    const participant = actor.kind === 'person' ? record.participants.find((p) => p.personId === actor.personId) : undefined;
    if (!participant) throw new DomainError('forbidden', JOIN_MESSAGES.notParticipant);
    checkOpen(record, ctx.clock.now());
    checkAdmissionWindow(ctx, record, 'clinician');
    return issueToken(ctx, record, participant, 'clinician', options.audioOnly ?? false);
  });
}

/** Who waits in the lobby and who was let in; for the meeting's directory participants and its organisation's coordinators. */
export async function lobby(ctx: ClinicianJoinContext, id: string): Promise<Lobby> {
  const record = await loadAudited(ctx, 'consultation.lobby_read', id);
  return audited(ctx, target('consultation.lobby_read', record), async () => {
    enforce(decideConsultation(ctx.actor, 'lobby', await partiesOf(ctx.directory, record)));
    const states = new Map((await ctx.join.participants(id)).map((s) => [s.participantId, s]));
    const guests = record.participants.filter((p) => p.personId === null);
    const entry = (p: ParticipantRecord) => {
      const s = states.get(p.id);
      return { participantId: p.id, name: p.name, role: p.role, since: s?.lobbySince?.toISOString() ?? null, admittedAt: s?.admittedAt?.toISOString() ?? null };
    };
    const bySince = (a: { since: string | null }, b: { since: string | null }) => (a.since ?? '').localeCompare(b.since ?? '');
    return {
      waiting: guests
        .filter((p) => states.get(p.id)?.lobbySince && !states.get(p.id)?.admittedAt)
        .map(entry)
        .sort(bySince),
      admitted: guests
        .filter((p) => states.get(p.id)?.admittedAt)
        .map(entry)
        .sort(bySince),
    };
  });
}

/** Lets a waiting guest in. Admitting someone already admitted changes nothing. */
export async function admitGuest(ctx: ClinicianJoinContext, id: string, participantId: string): Promise<Lobby> {
  const record = await loadAudited(ctx, 'consultation.admit', id);
  await audited(ctx, { ...target('consultation.admit', record), resourceType: 'participant', resourceId: participantId }, async () => {
    enforce(decideConsultation(ctx.actor, 'admit', await partiesOf(ctx.directory, record)));
    const now = ctx.clock.now();
    checkOpen(record, now);
    checkAdmissionWindow(ctx, record, 'guest');
    const participant = record.participants.find((p) => p.id === participantId);
    if (!participant) throw new DomainError('not_found', 'no such participant in this consultation');
    if (participant.personId !== null) throw new DomainError('unprocessable', 'not a guest', [{ path: 'participantId', message: JOIN_MESSAGES.notGuest }]);
    const byPersonId = ctx.actor.kind === 'person' ? ctx.actor.personId : '';
    if (!(await ctx.join.admit(participantId, byPersonId, now))) {
      throw new DomainError('conflict', 'guest is not waiting', [{ path: 'participantId', message: JOIN_MESSAGES.notWaiting }]);
    }
  });
  return lobby(ctx, id);
}

// ── Shared ─────────────────────────────────────────────────────────────────────────────────

const target = (action: string, record: ConsultationRecord) =>
  ({ action, patientId: record.patient.id, resourceType: 'consultation', resourceId: record.id }) as const;

const guestCtx = (ctx: JoinContext, participantId: string): AuditContext => ({ audit: ctx.audit, actor: guestActor(participantId), requestId: ctx.requestId });

export const windowOpensAt = (record: Pick<ConsultationRecord, 'startsAt'>) =>
  new Date(record.startsAt.getTime() - LINK_OPENS_HOURS_BEFORE_START * MS_PER_HOUR);
export const windowClosesAt = (record: Pick<ConsultationRecord, 'endsAt'>) => new Date(record.endsAt.getTime() + LINK_CLOSES_HOURS_AFTER_END * MS_PER_HOUR);

/** Cancelled, not open yet or over: 410 with the reason. */
function checkOpen(record: ConsultationRecord, now: Date): void {
  if (record.status === 'cancelled') throw goneError('cancelled');
  if (now.getTime() < windowOpensAt(record).getTime()) throw goneError('not_open');
  if (now.getTime() > windowClosesAt(record).getTime()) throw goneError('expired');
}

/** When guests may be let in, or clinicians join: the configured minutes before the start. */
export function admissionOpensAt(
  record: Pick<ConsultationRecord, 'startsAt'>,
  who: 'guest' | 'clinician',
  windows: AdmissionWindows = DEFAULT_ADMISSION_WINDOWS,
): Date {
  const minutes = who === 'guest' ? windows.guestMinutesBeforeStart : windows.clinicianMinutesBeforeStart;
  return new Date(record.startsAt.getTime() - minutes * MS_PER_MINUTE);
}

/** Too early: 409 `admission_not_open` / `join_not_open`, saying from when (Oslo time). */
function checkAdmissionWindow(ctx: JoinContext, record: ConsultationRecord, who: 'guest' | 'clinician'): void {
  const windows = ctx.admission ?? DEFAULT_ADMISSION_WINDOWS;
  const opensAt = admissionOpensAt(record, who, windows);
  if (ctx.clock.now().getTime() >= opensAt.getTime()) return;
  const minutes = who === 'guest' ? windows.guestMinutesBeforeStart : windows.clinicianMinutesBeforeStart;
  const params = { minutes, opensAtNb: formatOslo(opensAt, 'nb'), opensAtEn: formatOslo(opensAt, 'en') };
  throw new DomainError(who === 'guest' ? 'admission_not_open' : 'join_not_open', `${who} window opens ${opensAt.toISOString()}`, [], params);
}

async function issueToken(
  ctx: JoinContext,
  record: ConsultationRecord,
  participant: ParticipantRecord,
  kind: 'guest' | 'clinician',
  audioOnly: boolean,
): Promise<VideoToken> {
  const roomName = await ctx.join.ensureRoom(
    record.id,
    async () => (await ctx.videoRooms.createRoom({ emptyTimeoutSeconds: ROOM_EMPTY_TIMEOUT_SECONDS })).roomName,
  );
  const identity = await ctx.join.videoIdentity(participant.id);
  const token = await ctx.videoRooms.issueToken({
    roomName,
    identity,
    displayName: videoDisplayName(participant.name, participant.role as ParticipantRole),
    kind,
    audioOnly,
  });
  return token;
}

/** An unknown id is audited too (without a patient) and answered 404. */
async function loadAudited(ctx: ClinicianJoinContext, action: string, id: string): Promise<ConsultationRecord> {
  const record = await ctx.consultations.byId(id);
  if (record) return record;
  return audited(ctx, { action, patientId: null, resourceType: 'consultation', resourceId: id }, async () => {
    throw new DomainError('not_found', 'no such consultation');
  });
}
