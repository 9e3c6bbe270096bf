/**
 * Changing a booked consultation (PATCH): a new time, duration, title or participant list.
 * The booking rules apply again; the store re-checks double booking after locking the people
 * (as a booking does), raises the sequence, replaces the reminders and writes an invitations job, so
 * everyone hears about the change. Audited like booking.
 */
import type { ParticipantRequest } from '../../shared/consultation-terms';
import { audited } from '../audit';
import { DomainError, type ErrorIssue } from '../errors';
import type { Person } from '../ports';
import { enforce } from '../policy';
import { BOOKING_MESSAGES, type CancelContext, bookingIssues, busyIssues, loadAudited, lookUpPeople, remindersFor, target, toParticipant } from './booking';
import { clashError } from './clash';
import { decideConsultation, partiesOf } from './policy';
import type { ConsultationPatch } from './requests';
import type { ConsultationChange, ConsultationRecord, ParticipantRecord } from './store';

const MS_PER_MINUTE = 60_000;

export const UPDATE_MESSAGES = {
  cancelled: 'Samtalen er avlyst og kan ikke endres / The consultation is cancelled and cannot be changed',
  patientContact: 'Pasienten trenger mobilnummer eller e-post for å få lenken / The patient needs a mobile number or e-mail to get the link',
} as const;

export async function updateConsultation(ctx: CancelContext, id: string, patch: ConsultationPatch): Promise<ConsultationRecord> {
  const newId = ctx.newId ?? (() => crypto.randomUUID());
  const record = await loadAudited(ctx, 'consultation.update', id);
  return audited(ctx, target('consultation.update', record), async () => {
    enforce(decideConsultation(ctx.actor, 'change', await partiesOf(ctx.directory, record)));
    if (record.status === 'cancelled') throw new DomainError('conflict', 'cancelled', [{ path: 'status', message: UPDATE_MESSAGES.cancelled }]);

    const now = ctx.clock.now();
    const startsAt = patch.start ? new Date(patch.start) : record.startsAt;
    const durationMinutes = patch.durationMinutes ?? Math.round((record.endsAt.getTime() - record.startsAt.getTime()) / MS_PER_MINUTE);
    const endsAt = new Date(startsAt.getTime() + durationMinutes * MS_PER_MINUTE);

    let participants: readonly ParticipantRecord[] = record.participants;
    let requests: readonly ParticipantRequest[] | undefined;
    const issues: ErrorIssue[] = [];
    if (patch.participants) {
      requests = patch.participants;
      const people = await lookUpPeople(ctx.directory, requests);
      issues.push(...bookingIssues({ participants: requests }, people, startsAt, now));
      const patientJoins = requests.some((p) => p.role === 'patient');
      if (patientJoins && record.patient.phone === null && record.patient.email === null) {
        issues.push({ path: 'participants', message: UPDATE_MESSAGES.patientContact });
      }
      const used = new Set<string>();
      participants = requests.map((p) => toParticipant(existingIdFor(record, p, people, used) ?? newId(), p, record.patient, people));
    } else if (startsAt.getTime() <= now.getTime()) {
      issues.push({ path: 'start', message: BOOKING_MESSAGES.startInPast });
    }
    if (issues.length > 0) throw new DomainError('unprocessable', 'booking rules not met', issues);

    const reminders = participants.flatMap((p) => remindersFor(p, startsAt, now, newId));
    const change = { id: record.id, title: patch.title ?? record.title, startsAt, endsAt, participants, reminders };
    return saveChange(ctx, record, change, (busy) => busyIssuesFor(requests, participants, busy));
  });
}

/**
 * Stores a change and answers its refusals: a clash (409, naming who is busy and the next free
 * times), a meeting cancelled meanwhile (409), or gone (404). After the commit the replaced
 * reminders' jobs are removed (a job the removal misses still finds its reminder cancelled).
 */
export async function saveChange(
  ctx: CancelContext,
  record: ConsultationRecord,
  change: ConsultationChange,
  busyIssues: (busyPersonIds: readonly string[]) => ErrorIssue[],
): Promise<ConsultationRecord> {
  const outcome = await ctx.store.update(change, ctx.clock.now());
  if (!outcome.ok) {
    switch (outcome.reason) {
      case 'conflict':
        throw await clashError(ctx, {
          people: change.participants.flatMap((p) => (p.personId !== null ? [{ personId: p.personId, role: p.role }] : [])),
          busyPersonIds: outcome.busyPersonIds,
          startsAt: change.startsAt,
          durationMinutes: Math.round((change.endsAt.getTime() - change.startsAt.getTime()) / MS_PER_MINUTE),
          issues: busyIssues(outcome.busyPersonIds),
          ignore: { start: record.startsAt, end: record.endsAt },
        });
      case 'cancelled':
        throw new DomainError('conflict', 'cancelled', [{ path: 'status', message: UPDATE_MESSAGES.cancelled }]);
      case 'not_found':
        throw new DomainError('not_found', 'no such consultation');
      default:
        return outcome satisfies never;
    }
  }
  if (outcome.cancelledJobIds.length > 0) await ctx.jobs.remove(outcome.cancelledJobIds);
  return outcome.record;
}

/**
 * Who stays keeps their participant id (and so their join links and attendance): directory
 * people by person id, the patient as the patient, others by role and name.
 */
function existingIdFor(record: ConsultationRecord, p: ParticipantRequest, people: ReadonlyMap<string, Person>, used: Set<string>): string | undefined {
  const same = (q: ParticipantRecord): boolean => {
    if ('personId' in p) return q.personId === p.personId && people.has(p.personId);
    if (p.role === 'patient') return q.role === 'patient';
    return q.personId === null && q.role === p.role && q.name.trim().toLowerCase() === p.name.trim().toLowerCase();
  };
  const id = record.participants.find((q) => !used.has(q.id) && same(q))?.id;
  if (id) used.add(id);
  return id;
}

function busyIssuesFor(
  requests: readonly ParticipantRequest[] | undefined,
  participants: readonly ParticipantRecord[],
  busyPersonIds: readonly string[],
): ErrorIssue[] {
  if (requests) return busyIssues(requests, busyPersonIds);
  return participants.flatMap((p, i) =>
    p.personId !== null && busyPersonIds.includes(p.personId) ? [{ path: `participants.${i}.personId`, message: BOOKING_MESSAGES.busy }] : [],
  );
}
