/**
 * Booking a consultation: who may book, the rules a booking must follow, its reminders, and
 * reading and cancelling it. Every step is audited with the patient's id.
 */
import { type ParticipantRequest, type ReminderChannel, isClinicianRole, isDirectoryRole } from '../../shared/consultation-terms';
import { type AuditContext, audited, requireRole } from '../audit';
import { DomainError, type ErrorIssue } from '../errors';
import type { Clock, Directory, Person } from '../ports';
import { enforce } from '../policy';
import type { Role } from '../roles';
import { sameWallClockPreviousDay } from '../../shared/oslo-time';
import { clashError } from './clash';
import { decideConsultation, partiesOf } from './policy';
import type { BookingRequest } from './requests';
import type { ConsultationRecord, ConsultationStore, ParticipantRecord, PatientRecord, ReminderJobs, ReminderRecord } from './store';

/** Who may book. */
export const BOOKING_ROLES: readonly Role[] = ['coordinator', 'specialist', 'gp'];
/** The short reminder, besides the one the day before at the same Oslo wall-clock time. @defaultValue 15 */
export const REMINDER_MINUTES_BEFORE = 15;
const MS_PER_MINUTE = 60_000;

export const BOOKING_MESSAGES = {
  consentRequired: 'Pasienten må samtykke før pårørende kan delta / The patient must consent before a relative can take part',
  clinicianHostRequired:
    'Minst én kliniker (fastlege, spesialist eller kommune) må delta / At least one clinician (GP, specialist or municipality) must take part',
  unknownPerson: 'Finner ikke personen i katalogen / This person is not in the directory',
  wrongRole: 'Personen har ikke denne rollen i katalogen / This person does not have this role in the directory',
  startInPast: 'Starttidspunktet må være fram i tid / The start must be in the future',
  busy: 'Personen er allerede booket i en annen samtale på dette tidspunktet / This person is already booked in another consultation at this time',
} as const;

export interface ConsultationContext extends AuditContext {
  readonly clock: Clock;
  readonly store: ConsultationStore;
  readonly directory: Directory;
  /** @defaultValue `crypto.randomUUID` */
  readonly newId?: () => string;
}

export interface CancelContext extends ConsultationContext {
  readonly jobs: ReminderJobs;
}

export async function bookConsultation(ctx: ConsultationContext, request: BookingRequest): Promise<ConsultationRecord> {
  const newId = ctx.newId ?? (() => crypto.randomUUID());
  const id = newId();
  const patientId = newId();
  return audited(ctx, { action: 'consultation.create', patientId, resourceType: 'consultation', resourceId: id }, async () => {
    requireRole(ctx.actor, BOOKING_ROLES);
    const now = ctx.clock.now();
    const startsAt = new Date(request.start);
    const endsAt = new Date(startsAt.getTime() + request.durationMinutes * MS_PER_MINUTE);
    const people = await lookUpPeople(ctx.directory, request.participants);
    const issues = bookingIssues(request, people, startsAt, now);
    if (issues.length > 0) throw new DomainError('unprocessable', 'booking rules not met', issues);

    const patient: PatientRecord = {
      id: patientId,
      name: request.patient.name,
      phone: request.patient.phone ?? null,
      email: request.patient.email ?? null,
      nationalId: request.patient.nationalId ?? null,
    };
    const participants = request.participants.map((p) => toParticipant(newId(), p, patient, people));
    const reminders = participants.flatMap((p) => remindersFor(p, startsAt, now, newId));
    const record = { id, title: request.title, patient, startsAt, endsAt, createdBy: actorPersonId(ctx), participants };

    const outcome = await ctx.store.create({ ...record, reminders });
    if (!outcome.ok) {
      throw await clashError(ctx, {
        people: directoryPeopleOf(request.participants),
        busyPersonIds: outcome.busyPersonIds,
        startsAt,
        durationMinutes: request.durationMinutes,
        issues: busyIssues(request.participants, outcome.busyPersonIds),
      });
    }
    return { ...record, status: 'scheduled', sequence: 0, reminders };
  });
}

/** Its participants, the booker, coordinators of the booker's organisation and admins read it (see policy.ts). */
export async function getConsultation(ctx: ConsultationContext, id: string): Promise<ConsultationRecord> {
  const record = await loadAudited(ctx, 'consultation.read', id);
  return audited(ctx, target('consultation.read', record), async () => {
    enforce(decideConsultation(ctx.actor, 'read', await partiesOf(ctx.directory, record)));
    return record;
  });
}

/**
 * The booker, a coordinator of the booker's organisation or an admin cancels: status cancelled,
 * sequence + 1, pending reminders and their outbox jobs cancelled in one transaction; afterwards
 * their BullMQ jobs are removed.
 */
export async function cancelConsultation(ctx: CancelContext, id: string): Promise<ConsultationRecord> {
  const record = await loadAudited(ctx, 'consultation.cancel', id);
  return audited(ctx, target('consultation.cancel', record), async () => {
    enforce(decideConsultation(ctx.actor, 'cancel', await partiesOf(ctx.directory, record)));
    const outcome = await ctx.store.cancel(id, ctx.clock.now());
    if (!outcome.ok) throw new DomainError('not_found');
    // After the commit: a job the removal misses still finds its reminder cancelled.
    if (outcome.cancelledJobIds.length > 0) await ctx.jobs.remove(outcome.cancelledJobIds);
    return outcome.record;
  });
}

// ── Rules ──────────────────────────────────────────────────────────────────────────────────

export async function lookUpPeople(directory: Directory, participants: readonly ParticipantRequest[]): Promise<Map<string, Person>> {
  const ids = participants.flatMap((p) => ('personId' in p ? [p.personId] : []));
  const found = await Promise.all(ids.map((personId) => directory.byId(personId)));
  return new Map(found.flatMap((person) => (person ? [[person.id, person] as const] : [])));
}

export function bookingIssues(request: Pick<BookingRequest, 'participants'>, people: ReadonlyMap<string, Person>, startsAt: Date, now: Date): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  request.participants.forEach((p, i) => {
    if (p.role === 'relative' && !p.consentedByPatient) {
      issues.push({ path: `participants.${i}.consentedByPatient`, message: BOOKING_MESSAGES.consentRequired });
    }
    if ('personId' in p) {
      const person = people.get(p.personId);
      if (!person) issues.push({ path: `participants.${i}.personId`, message: BOOKING_MESSAGES.unknownPerson });
      else if (!person.roles.includes(p.role)) issues.push({ path: `participants.${i}.role`, message: BOOKING_MESSAGES.wrongRole });
    }
  });
  const hasHost = request.participants.some((p) => isClinicianRole(p.role) && 'personId' in p && people.has(p.personId));
  if (!hasHost) issues.push({ path: 'participants', message: BOOKING_MESSAGES.clinicianHostRequired });
  if (startsAt.getTime() <= now.getTime()) issues.push({ path: 'start', message: BOOKING_MESSAGES.startInPast });
  return issues;
}

/** The directory people of a booking request and their role in it. */
export function directoryPeopleOf(participants: readonly ParticipantRequest[]): { personId: string; role: string }[] {
  return participants.flatMap((p) => ('personId' in p ? [{ personId: p.personId, role: p.role }] : []));
}

export function busyIssues(participants: readonly ParticipantRequest[], busyPersonIds: readonly string[]): ErrorIssue[] {
  return participants.flatMap((p, i) =>
    'personId' in p && busyPersonIds.includes(p.personId) ? [{ path: `participants.${i}.personId`, message: BOOKING_MESSAGES.busy }] : [],
  );
}

// ── Participants and reminders ─────────────────────────────────────────────────────────────

export function toParticipant(id: string, p: ParticipantRequest, patient: PatientRecord, people: ReadonlyMap<string, Person>): ParticipantRecord {
  if (isDirectoryRole(p.role) && 'personId' in p) {
    // Contact details stay in the directory; bookingIssues has checked the person exists.
    const name = people.get(p.personId)?.name ?? '';
    return { id, role: p.role, personId: p.personId, name, phone: null, email: null, consentedByPatient: false };
  }
  switch (p.role) {
    case 'patient':
      return { id, role: 'patient', personId: null, name: patient.name, phone: patient.phone, email: patient.email, consentedByPatient: false };
    case 'relative':
    case 'interpreter':
    case 'other':
      return {
        id,
        role: p.role,
        personId: null,
        name: 'name' in p ? p.name : '',
        phone: 'phone' in p ? (p.phone ?? null) : null,
        email: 'email' in p ? (p.email ?? null) : null,
        consentedByPatient: 'consentedByPatient' in p && p.consentedByPatient,
      };
    default:
      throw new DomainError('internal', `unexpected participant role ${p.role}`);
  }
}

/** Teams for directory people, SMS when there is a mobile number, else e-mail. */
export function reminderChannel(p: Pick<ParticipantRecord, 'personId' | 'phone'>): ReminderChannel {
  if (p.personId !== null) return 'teams';
  return p.phone !== null ? 'sms' : 'email';
}

/** The day before at the same Oslo wall-clock time and shortly before; only those still ahead. */
export function reminderTimes(startsAt: Date, now: Date, minutesBefore = REMINDER_MINUTES_BEFORE): Date[] {
  const times = [sameWallClockPreviousDay(startsAt), new Date(startsAt.getTime() - minutesBefore * MS_PER_MINUTE)];
  return times.filter((at) => at.getTime() > now.getTime()).sort((a, b) => a.getTime() - b.getTime());
}

export function remindersFor(p: ParticipantRecord, startsAt: Date, now: Date, newId: () => string): ReminderRecord[] {
  const channel = reminderChannel(p);
  return reminderTimes(startsAt, now).map((at) => ({ id: newId(), participantId: p.id, channel, at }));
}

// ── Reading ────────────────────────────────────────────────────────────────────────────────

export const target = (action: string, record: ConsultationRecord) =>
  ({ action, patientId: record.patient.id, resourceType: 'consultation', resourceId: record.id }) as const;

/** An unknown id is audited too (without a patient) and answered 404. */
export async function loadAudited(ctx: ConsultationContext, action: string, id: string): Promise<ConsultationRecord> {
  const record = await ctx.store.byId(id);
  if (record) return record;
  return audited(ctx, { action, patientId: null, resourceType: 'consultation', resourceId: id }, async () => {
    throw new DomainError('not_found', 'no such consultation');
  });
}

const actorPersonId = (ctx: ConsultationContext): string => (ctx.actor.kind === 'person' ? ctx.actor.personId : '');
