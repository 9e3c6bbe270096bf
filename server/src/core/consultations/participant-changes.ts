/**
 * Changing who takes part without cancelling for everyone: add one participant, remove one, or
 * re-send one person's invitation. Each is a new version of the meeting (sequence + 1, reminders
 * replaced, double booking re-checked) whose invitations job tells only the people it concerns
 * (`notifyOnly`): the added one gets an invitation, the removed one a cancellation, the
 * re-invited one a fresh invitation whose new personal link supersedes the old one (the old link
 * then answers 410 `superseded`). Nobody else is disturbed. Only those who may change the
 * meeting (its booker, a coordinator of the booker's organisation, an admin: policy.ts) may do
 * this; every attempt is audited.
 */
import { type ParticipantRequest, isClinicianRole } from '../../shared/consultation-terms';
import { audited } from '../audit';
import { DomainError, type ErrorIssue } from '../errors';
import { enforce } from '../policy';
import { BOOKING_MESSAGES, type CancelContext, bookingIssues, busyIssues, loadAudited, lookUpPeople, remindersFor, target, toParticipant } from './booking';
import { decideConsultation, partiesOf } from './policy';
import { UPDATE_MESSAGES, saveChange } from './rescheduling';
import type { ConsultationRecord, ParticipantRecord } from './store';

export const PARTICIPANT_MESSAGES = {
  alreadyTakesPart: 'Personen deltar allerede i samtalen / This person already takes part in the meeting',
  noSuchParticipant: 'Finner ikke deltakeren i samtalen / No such participant in this meeting',
  started: 'Samtalen har allerede startet / The meeting has already started',
} as const;

/** Adds one participant; only they are invited. */
export async function addParticipant(ctx: CancelContext, id: string, request: ParticipantRequest): Promise<ConsultationRecord> {
  const newId = ctx.newId ?? (() => crypto.randomUUID());
  return changeAudited(ctx, 'consultation.participant.add', id, async (record) => {
    const people = await lookUpPeople(ctx.directory, [request]);
    const issues = addIssues(record, request, people, ctx.clock.now());
    if (issues.length > 0) throw new DomainError('unprocessable', 'participant rules not met', issues);
    const added = toParticipant(newId(), request, record.patient, people);
    return saveParticipants(ctx, record, [...record.participants, added], [added.id], (busy) => busyIssues([request], busy).map(unprefixed));
  });
}

/** Removes one participant; only they are told (a cancellation for them). */
export async function removeParticipant(ctx: CancelContext, id: string, participantId: string): Promise<ConsultationRecord> {
  return changeAudited(ctx, 'consultation.participant.remove', id, async (record) => {
    requireParticipant(record, participantId);
    const remaining = record.participants.filter((p) => p.id !== participantId);
    const issues: ErrorIssue[] = [];
    if (!remaining.some((p) => p.personId !== null && isClinicianRole(p.role))) {
      issues.push({ path: 'participants', message: BOOKING_MESSAGES.clinicianHostRequired });
    }
    issues.push(...startedIssues(record, ctx.clock.now()));
    if (issues.length > 0) throw new DomainError('unprocessable', 'participant rules not met', issues);
    return saveParticipants(ctx, record, remaining, [], () => []);
  });
}

/** Sends one participant's invitation again with a new personal link; their older links stop working. */
export async function resendInvitation(ctx: CancelContext, id: string, participantId: string): Promise<ConsultationRecord> {
  return changeAudited(ctx, 'consultation.invitation.resend', id, async (record) => {
    requireParticipant(record, participantId);
    const issues = startedIssues(record, ctx.clock.now());
    if (issues.length > 0) throw new DomainError('unprocessable', 'meeting started', issues);
    return saveParticipants(ctx, record, record.participants, [participantId], () => []);
  });
}

/** Loads, audits, checks the actor may change it and that it is not cancelled, then runs `change`. */
async function changeAudited(
  ctx: CancelContext,
  action: string,
  id: string,
  change: (record: ConsultationRecord) => Promise<ConsultationRecord>,
): Promise<ConsultationRecord> {
  const record = await loadAudited(ctx, action, id);
  return audited(ctx, target(action, record), async () => {
    enforce(decideConsultation(ctx.actor, 'change', await partiesOf(ctx.directory, record)));
    if (record.status === 'cancelled') throw new DomainError('conflict', 'cancelled', [{ path: 'status', message: UPDATE_MESSAGES.cancelled }]);
    return change(record);
  });
}

function saveParticipants(
  ctx: CancelContext,
  record: ConsultationRecord,
  participants: readonly ParticipantRecord[],
  notifyOnly: readonly string[],
  busy: (busyPersonIds: readonly string[]) => ErrorIssue[],
): Promise<ConsultationRecord> {
  const newId = ctx.newId ?? (() => crypto.randomUUID());
  const reminders = participants.flatMap((p) => remindersFor(p, record.startsAt, ctx.clock.now(), newId));
  const change = { id: record.id, title: record.title, startsAt: record.startsAt, endsAt: record.endsAt, participants, reminders, notifyOnly };
  return saveChange(ctx, record, change, busy);
}

function requireParticipant(record: ConsultationRecord, participantId: string): void {
  if (!record.participants.some((p) => p.id === participantId)) {
    throw new DomainError('not_found', 'no such participant', [{ path: 'participantId', message: PARTICIPANT_MESSAGES.noSuchParticipant }]);
  }
}

const startedIssues = (record: ConsultationRecord, now: Date): ErrorIssue[] =>
  record.startsAt.getTime() <= now.getTime() ? [{ path: 'start', message: PARTICIPANT_MESSAGES.started }] : [];

/** `participants.0.personId` → `personId`: the body is one participant. */
const unprefixed = (issue: ErrorIssue): ErrorIssue => ({ ...issue, path: issue.path.replace(/^participants\.0\.?/, '') || 'role' });

function addIssues(record: ConsultationRecord, request: ParticipantRequest, people: Awaited<ReturnType<typeof lookUpPeople>>, now: Date): ErrorIssue[] {
  // The booking rules for this one person; the meeting already has its clinician.
  const issues = bookingIssues({ participants: [request] }, people, record.startsAt, now)
    .filter((i) => i.message !== BOOKING_MESSAGES.clinicianHostRequired && i.path !== 'start')
    .map(unprefixed);
  issues.push(...startedIssues(record, now));
  const already =
    'personId' in request
      ? record.participants.some((p) => p.personId === request.personId)
      : request.role === 'patient' && record.participants.some((p) => p.role === 'patient');
  if (already) issues.push({ path: 'personId' in request ? 'personId' : 'role', message: PARTICIPANT_MESSAGES.alreadyTakesPart });
  if (request.role === 'patient' && record.patient.phone === null && record.patient.email === null) {
    issues.push({ path: 'role', message: UPDATE_MESSAGES.patientContact });
  }
  return issues;
}
