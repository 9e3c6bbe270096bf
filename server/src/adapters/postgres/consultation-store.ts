/**
 * Consultations in PostgreSQL. A booking or a reschedule is written in one transaction that
 * first locks each of its directory participants (a transaction-scoped advisory lock per person)
 * and then re-checks them for an overlapping scheduled consultation; two writes racing for the
 * same person run one after the other, so the second sees the first and gets a conflict, and
 * writes for different people never wait for or abort each other. (A serializable transaction
 * gave the same answers but aborted most concurrent bookings of *different* people, whose rows
 * share index pages: 24–27 bookings/s and hundreds of 503s at 16 connections in
 * `npm run bench -- --only booking`.)
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, exists, gt, inArray, isNull, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import { MAX_DURATION_MINUTES, type ParticipantRole } from '../../contracts/consultations';
import type {
  BusyIntervals,
  CancelOutcome,
  ConsultationChange,
  ConsultationRecord,
  ConsultationStore,
  ConsultationSummaryRecord,
  CreateOutcome,
  InvitationJob,
  ListQuery,
  NewConsultation,
  ReminderRecord,
  RemovedParticipant,
  StoredReminder,
  UpdateOutcome,
} from '../../core/consultations/store';
import { LIST_LIMIT } from '../../core/consultations/store';
import type { OutboxJob, OutboxRelay, SendableRow } from '../queue/outbox';
import { QUEUES } from '../queue/registry';
import { type Db, type Executor, type Tx, rowsOf } from './db';
import {
  consultationAttendance,
  consultationDeliveries,
  consultationParticipants,
  consultationReminders,
  consultationRemovals,
  consultations,
  guestLinks,
  outbox,
  patients,
  people,
} from './schema';

/** The first key of every booking advisory lock, so they cannot collide with other advisory locks (e.g. migrations). */
const PERSON_LOCK_CLASS = 7_302_114;
const MS_PER_MINUTE = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PostgresConsultationStoreOptions {
  readonly db: Db;
  /** Writes reminder jobs through the outbox and publishes them after the commit. */
  readonly relay: Pick<OutboxRelay, 'transaction'>;
}

export class PostgresConsultationStore implements ConsultationStore {
  constructor(private readonly o: PostgresConsultationStoreOptions) {}

  create(c: NewConsultation): Promise<CreateOutcome> {
    // Read committed, the default: the advisory locks, not the isolation level, keep bookings apart.
    return this.o.relay.transaction(async (tx, _enqueue, enqueueMany) => {
      await lockPeople(tx, c.participants);
      // The check and every row in one statement, after the locks: its snapshot sees every
      // committed booking of these people, and nothing is written when one of them is busy.
      let busyPersonIds: string[] = [];
      await enqueueMany(reminderAndInvitationJobs(c.id, c.reminders, 0), async (rows) => {
        busyPersonIds = await insertConsultationUnlessBusy(tx, c, rows);
        return busyPersonIds.length === 0;
      });
      return busyPersonIds.length > 0 ? ({ ok: false, reason: 'conflict', busyPersonIds } as const) : ({ ok: true } as const);
    });
  }

  /** Directory participants already in a scheduled consultation overlapping [startsAt, endsAt). */
  private async busy(tx: Executor, c: Pick<NewConsultation, 'participants' | 'startsAt' | 'endsAt'>, excludeId?: string): Promise<string[]> {
    const personIds = c.participants.flatMap((p) => (p.personId === null ? [] : [p.personId]));
    if (personIds.length === 0) return [];
    const rows = await tx
      .selectDistinct({ personId: consultationParticipants.personId })
      .from(consultationParticipants)
      .innerJoin(consultations, eq(consultations.id, consultationParticipants.consultationId))
      .where(
        and(
          inArray(consultationParticipants.personId, personIds),
          eq(consultations.status, 'scheduled'),
          lt(consultations.startsAt, c.endsAt),
          gt(consultations.endsAt, c.startsAt),
          // Implied by the two above, as no consultation is longer than the maximum; it lets the
          // start index bound the search instead of scanning every earlier consultation.
          gt(consultations.startsAt, new Date(c.startsAt.getTime() - MAX_DURATION_MINUTES * MS_PER_MINUTE)),
          ...(excludeId ? [ne(consultations.id, excludeId)] : []),
        ),
      );
    return rows.flatMap((r) => (r.personId === null ? [] : [r.personId]));
  }

  byId(id: string): Promise<ConsultationRecord | null> {
    return UUID.test(id) ? load(this.o.db, id) : Promise.resolve(null);
  }

  async cancel(id: string, now: Date): Promise<CancelOutcome> {
    if (!UUID.test(id)) return { ok: false, reason: 'not_found' };
    return this.o.relay.transaction(async (tx, enqueue) => {
      const [changed] = await tx
        .update(consultations)
        .set({ status: 'cancelled', sequence: sql`${consultations.sequence} + 1`, updatedAt: now })
        .where(and(eq(consultations.id, id), eq(consultations.status, 'scheduled')))
        .returning({ id: consultations.id, sequence: consultations.sequence });
      let cancelledJobIds: string[] = [];
      if (changed) {
        cancelledJobIds = await cancelPendingReminders(tx, id, now);
        await enqueue(invitationJob({ consultationId: id, sequence: changed.sequence }));
      }
      const record = await load(tx, id);
      return record ? { ok: true, record, cancelledJobIds } : { ok: false, reason: 'not_found' };
    });
  }

  async resendGuestLink(consultationId: string, participantId: string, now: Date): Promise<boolean> {
    return this.o.relay.transaction(async (tx, enqueue) => {
      // The row lock puts the request in line with a change of the meeting: the job carries the version it saw.
      const [c] = await tx
        .select({ sequence: consultations.sequence, status: consultations.status })
        .from(consultations)
        .where(eq(consultations.id, consultationId))
        .for('update');
      if (!c || c.status === 'cancelled') return false;
      await tx
        .update(guestLinks)
        .set({ supersededAt: now })
        .where(and(eq(guestLinks.consultationId, consultationId), eq(guestLinks.participantId, participantId), isNull(guestLinks.supersededAt)));
      await enqueue(invitationJob({ consultationId, sequence: c.sequence, participantId, resendId: randomUUID() }));
      return true;
    });
  }

  /** Two queries whatever the count: the consultations with their patients, then all their participants. */
  async list(q: ListQuery): Promise<ConsultationSummaryRecord[]> {
    const personId = q.personId;
    const mine =
      personId === null
        ? undefined
        : or(
            eq(consultations.createdBy, personId),
            exists(
              this.o.db
                .select({ one: sql`1` })
                .from(consultationParticipants)
                .where(and(eq(consultationParticipants.consultationId, consultations.id), eq(consultationParticipants.personId, personId))),
            ),
          );
    const organizationId = q.bookedInOrganizationId;
    const bookedInOrganization =
      organizationId === null
        ? undefined
        : exists(
            this.o.db
              .select({ one: sql`1` })
              .from(people)
              .where(and(eq(people.id, consultations.createdBy), eq(people.organizationId, organizationId))),
          );
    const rows = await this.o.db
      .select({ c: consultations, p: patients })
      .from(consultations)
      .innerJoin(patients, eq(patients.id, consultations.patientId))
      .where(and(lt(consultations.startsAt, q.to), gt(consultations.endsAt, q.from), mine, bookedInOrganization))
      .orderBy(asc(consultations.startsAt), asc(consultations.id))
      .limit(LIST_LIMIT);
    if (rows.length === 0) return [];
    const participants = await this.o.db
      .select()
      .from(consultationParticipants)
      .where(
        inArray(
          consultationParticipants.consultationId,
          rows.map((r) => r.c.id),
        ),
      );
    const byConsultation = new Map<string, ParticipantRow[]>();
    for (const x of participants) byConsultation.set(x.consultationId, [...(byConsultation.get(x.consultationId) ?? []), x]);
    return rows.map(({ c, p }) => ({
      ...consultationFields(c),
      patient: { id: p.id, name: p.name, phone: p.phone, email: p.email, nationalId: p.nationalId },
      participants: (byConsultation.get(c.id) ?? []).map(participantFields),
    }));
  }

  async update(change: ConsultationChange, now: Date): Promise<UpdateOutcome> {
    if (!UUID.test(change.id)) return { ok: false, reason: 'not_found' };
    return this.o.relay.transaction(async (tx, _enqueue, enqueueMany): Promise<UpdateOutcome> => {
      await lockPeople(tx, change.participants);
      const [current] = await tx
        .select({ status: consultations.status, startsAt: consultations.startsAt, endsAt: consultations.endsAt })
        .from(consultations)
        .where(eq(consultations.id, change.id));
      if (!current) return { ok: false, reason: 'not_found' };
      if (current.status !== 'scheduled') return { ok: false, reason: 'cancelled' };
      const busyPersonIds = await this.busy(tx, change, change.id);
      if (busyPersonIds.length > 0) return { ok: false, reason: 'conflict', busyPersonIds };
      const [updated] = await tx
        .update(consultations)
        .set({ title: change.title, startsAt: change.startsAt, endsAt: change.endsAt, sequence: sql`${consultations.sequence} + 1`, updatedAt: now })
        .where(eq(consultations.id, change.id))
        .returning({ sequence: consultations.sequence });
      const cancelledJobIds = await cancelPendingReminders(tx, change.id, now);
      await replaceParticipants(tx, change, { sequence: updated!.sequence, startsAt: current.startsAt, endsAt: current.endsAt });
      await insertRemindersAndInvitation(tx, enqueueMany, change.id, change.reminders, updated!.sequence, change.notifyOnly);
      const record = await load(tx, change.id);
      return record ? { ok: true, record, cancelledJobIds } : { ok: false, reason: 'not_found' };
    });
  }

  async reminderById(id: string): Promise<StoredReminder | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.o.db
      .select({
        id: consultationReminders.id,
        consultationId: consultationReminders.consultationId,
        participantId: consultationReminders.participantId,
        channel: consultationReminders.channel,
        at: consultationReminders.at,
        cancelledAt: consultationReminders.cancelledAt,
      })
      .from(consultationReminders)
      .where(eq(consultationReminders.id, id));
    return row ?? null;
  }

  async removedAt(consultationId: string, sequence: number): Promise<RemovedParticipant[]> {
    if (!UUID.test(consultationId)) return [];
    const rows = await this.o.db
      .select()
      .from(consultationRemovals)
      .where(and(eq(consultationRemovals.consultationId, consultationId), eq(consultationRemovals.sequence, sequence)));
    return rows.map((r) => ({ ...participantFields({ ...r, consentedByPatient: false }), startsAt: r.startsAt, endsAt: r.endsAt }));
  }

  async busyIntervals(personIds: readonly string[], from: Date, to: Date): Promise<BusyIntervals> {
    const busy = new Map<string, { start: Date; end: Date }[]>(personIds.map((id) => [id, []]));
    if (personIds.length === 0) return busy;
    const rows = await this.o.db
      .select({ personId: consultationParticipants.personId, start: consultations.startsAt, end: consultations.endsAt })
      .from(consultationParticipants)
      .innerJoin(consultations, eq(consultations.id, consultationParticipants.consultationId))
      .where(
        and(
          inArray(consultationParticipants.personId, [...personIds]),
          eq(consultations.status, 'scheduled'),
          lt(consultations.startsAt, to),
          gt(consultations.endsAt, from),
        ),
      );
    for (const r of rows) if (r.personId !== null) busy.get(r.personId)?.push({ start: r.start, end: r.end });
    return busy;
  }
}

type Enqueue = (job: OutboxJob) => Promise<string>;
type EnqueueMany = (jobs: readonly OutboxJob[]) => Promise<string[]>;

const invitationJob = ({ only, ...data }: InvitationJob): OutboxJob => ({
  queue: QUEUES.invitations,
  name: 'invitation',
  // Outbox payloads are flat: the ids travel joined by commas (see the registry).
  payload: { ...data, ...(only ? { only: only.join(',') } : {}) },
});

/**
 * A booking in one statement: the overlap check for its directory people, then (only if nobody
 * is busy) the patient, the consultation, its participants, the outbox rows of its jobs and its
 * reminders, as writable CTEs over array parameters; returns the busy people (none: all written).
 * Foreign keys are checked at the end of the statement, when all the rows are there. The text is
 * the same for every booking, whatever its size: round trips and parsing, not the inserts, are
 * most of a booking's cost.
 */
async function insertConsultationUnlessBusy(tx: Tx, c: NewConsultation, jobs: readonly SendableRow[]): Promise<string[]> {
  const p = c.patient;
  const personIds = [...new Set(c.participants.flatMap((x) => (x.personId === null ? [] : [x.personId])))];
  const earliestOverlappingStart = new Date(c.startsAt.getTime() - MAX_DURATION_MINUTES * MS_PER_MINUTE);
  const column = <T>(rows: readonly T[], pick: (row: T, i: number) => string | boolean | null) => sql.param(rows.map(pick));
  const rows = await rowsOf<{ person_id: string }>(
    tx,
    sql`
    with busy as (
      select distinct cp.person_id
      from ${consultationParticipants} cp join ${consultations} c on c.id = cp.consultation_id
      where cp.person_id = any(${sql.param(personIds)}::text[])
        and c.status = 'scheduled'
        and c.starts_at < ${c.endsAt.toISOString()}::timestamptz
        and c.ends_at > ${c.startsAt.toISOString()}::timestamptz
        -- implied by the two above, as no consultation is longer than the maximum; it lets the
        -- start index bound the search instead of scanning every earlier consultation
        and c.starts_at > ${earliestOverlappingStart.toISOString()}::timestamptz
    ), free as (
      select not exists (select 1 from busy) as ok
    ), new_patient as (
      insert into ${patients} (id, name, phone, email, national_id)
      select ${p.id}::uuid, ${p.name}, ${p.phone}, ${p.email}, ${p.nationalId} from free where ok
    ), new_consultation as (
      insert into ${consultations} (id, title, patient_id, starts_at, ends_at, created_by)
      select ${c.id}::uuid, ${c.title}, ${p.id}::uuid, ${c.startsAt.toISOString()}::timestamptz, ${c.endsAt.toISOString()}::timestamptz, ${c.createdBy}
      from free where ok
    ), new_participants as (
      insert into ${consultationParticipants} (id, consultation_id, role, person_id, name, phone, email, consented_by_patient)
      select x.id, ${c.id}::uuid, x.role, x.person_id, x.name, x.phone, x.email, x.consented
      from unnest(
        ${column(c.participants, (x) => x.id)}::uuid[], ${column(c.participants, (x) => x.role)}::text[],
        ${column(c.participants, (x) => x.personId)}::text[], ${column(c.participants, (x) => x.name)}::text[],
        ${column(c.participants, (x) => x.phone)}::text[], ${column(c.participants, (x) => x.email)}::text[],
        ${column(c.participants, (x) => x.consentedByPatient)}::boolean[]
      ) as x(id, role, person_id, name, phone, email, consented), free where ok
    ), new_jobs as (
      insert into ${outbox} (id, queue, name, payload, run_at, priority)
      select j.id, j.queue, j.name, j.payload::jsonb, j.run_at, j.priority
      from unnest(
        ${column(jobs, (j) => j.id)}::uuid[], ${column(jobs, (j) => j.queue)}::text[], ${column(jobs, (j) => j.name)}::text[],
        ${column(jobs, (j) => JSON.stringify(j.payload))}::text[], ${column(jobs, (j) => j.runAt.toISOString())}::timestamptz[],
        ${column(jobs, (j) => (j.priority === null ? null : String(j.priority)))}::integer[]
      ) as j(id, queue, name, payload, run_at, priority), free where ok
    ), new_reminders as (
      insert into ${consultationReminders} (id, consultation_id, participant_id, channel, at, outbox_id)
      select r.id, ${c.id}::uuid, r.participant_id, r.channel, r.at, r.outbox_id
      from unnest(
        ${column(c.reminders, (r) => r.id)}::uuid[], ${column(c.reminders, (r) => r.participantId)}::uuid[],
        ${column(c.reminders, (r) => r.channel)}::text[], ${column(c.reminders, (r) => r.at.toISOString())}::timestamptz[],
        ${column(c.reminders, (_r, i) => jobs[i]!.id)}::uuid[]
      ) as r(id, participant_id, channel, at, outbox_id), free where ok
    )
    select person_id from busy`,
  );
  return rows.map((r) => r.person_id);
}

/** The reminders' jobs, in the reminders' order, then the invitation job. */
function reminderAndInvitationJobs(consultationId: string, reminders: readonly ReminderRecord[], sequence: number, only?: readonly string[]): OutboxJob[] {
  const reminderJobs = reminders.map((r): OutboxJob => ({ queue: QUEUES.reminders, name: 'reminder', payload: { reminderId: r.id }, runAt: r.at }));
  return [...reminderJobs, invitationJob({ consultationId, sequence, ...(only ? { only } : {}) })];
}

/**
 * The invitation job and the reminders' jobs as outbox rows in one statement, and the reminders
 * in another, whatever their number: round trips are most of a booking's cost.
 */
async function insertRemindersAndInvitation(
  tx: Tx,
  enqueueMany: EnqueueMany,
  consultationId: string,
  reminders: readonly ReminderRecord[],
  sequence: number,
  only?: readonly string[],
): Promise<void> {
  const outboxIds = await enqueueMany(reminderAndInvitationJobs(consultationId, reminders, sequence, only));
  if (reminders.length > 0) {
    await tx.insert(consultationReminders).values(reminders.map((r, i) => ({ ...r, consultationId, outboxId: outboxIds[i]! })));
  }
}

/**
 * Takes a transaction-scoped advisory lock per directory participant, in a fixed order so two
 * writes cannot deadlock. Writes that share a person run their check-and-insert one after the
 * other; the check's snapshot (read committed: per statement) is taken after the locks were
 * granted, so it sees every committed booking of these people. (A hash collision only makes two
 * unrelated bookings wait.)
 */
async function lockPeople(tx: Tx, participants: readonly { readonly personId: string | null }[]): Promise<void> {
  const keys = [...new Set(participants.flatMap((p) => (p.personId === null ? [] : [p.personId])))];
  if (keys.length === 0) return;
  await tx.execute(sql`
    select pg_advisory_xact_lock(${PERSON_LOCK_CLASS}, k)
    from (select distinct hashtext(p) as k from (values ${sql.join(
      keys.map((k) => sql`(${k}::text)`),
      sql`, `,
    )}) as v(p) order by k) as keys`);
}

/** Cancels the pending reminders and their outbox rows, so the relay never sends them; returns the job ids. */
async function cancelPendingReminders(tx: Tx, consultationId: string, now: Date): Promise<string[]> {
  const reminders = await tx
    .update(consultationReminders)
    .set({ cancelledAt: now })
    .where(and(eq(consultationReminders.consultationId, consultationId), isNull(consultationReminders.cancelledAt)))
    .returning({ outboxId: consultationReminders.outboxId });
  const jobIds = reminders.flatMap((r) => (r.outboxId === null ? [] : [r.outboxId]));
  if (jobIds.length > 0) await tx.update(outbox).set({ cancelledAt: now }).where(inArray(outbox.id, jobIds));
  return jobIds;
}

/**
 * Participants who stay keep their row (and their join links); the rest are added, or removed
 * and kept as removals, so the change's invitations job tells them the meeting is off for them.
 */
async function replaceParticipants(tx: Tx, change: ConsultationChange, was: { sequence: number; startsAt: Date; endsAt: Date }): Promise<void> {
  const ids = change.participants.map((p) => p.id);
  const removed = await tx
    .delete(consultationParticipants)
    .where(and(eq(consultationParticipants.consultationId, change.id), notInArray(consultationParticipants.id, ids)))
    .returning();
  if (removed.length > 0) {
    await tx
      .insert(consultationRemovals)
      .values(removed.map((r) => ({ ...participantFields(r), consultationId: change.id, sequence: was.sequence, startsAt: was.startsAt, endsAt: was.endsAt })));
  }
  for (const p of change.participants) {
    const { id, ...fields } = p;
    await tx
      .insert(consultationParticipants)
      .values({ ...p, consultationId: change.id })
      .onConflictDoUpdate({ target: consultationParticipants.id, set: fields });
  }
}

type ConsultationRow = typeof consultations.$inferSelect;
type ParticipantRow = typeof consultationParticipants.$inferSelect;

const consultationFields = (c: ConsultationRow) => ({
  id: c.id,
  title: c.title,
  status: c.status,
  sequence: c.sequence,
  startsAt: c.startsAt,
  endsAt: c.endsAt,
  createdBy: c.createdBy,
});

const participantFields = (x: Pick<ParticipantRow, 'id' | 'role' | 'personId' | 'name' | 'phone' | 'email' | 'consentedByPatient'>) => ({
  id: x.id,
  role: x.role as ParticipantRole,
  personId: x.personId,
  name: x.name,
  phone: x.phone,
  email: x.email,
  consentedByPatient: x.consentedByPatient,
});

async function load(db: Executor, id: string): Promise<ConsultationRecord | null> {
  const [row] = await db
    .select({ c: consultations, p: patients })
    .from(consultations)
    .innerJoin(patients, eq(patients.id, consultations.patientId))
    .where(eq(consultations.id, id));
  if (!row) return null;
  const participants = await db.select().from(consultationParticipants).where(eq(consultationParticipants.consultationId, id));
  const reminders = await db
    .select({
      id: consultationReminders.id,
      participantId: consultationReminders.participantId,
      channel: consultationReminders.channel,
      at: consultationReminders.at,
    })
    .from(consultationReminders)
    .where(and(eq(consultationReminders.consultationId, id), isNull(consultationReminders.cancelledAt)))
    .orderBy(asc(consultationReminders.at));
  const attendance = await db
    .select({ participantId: consultationAttendance.participantId, joinedAt: consultationAttendance.joinedAt, leftAt: consultationAttendance.leftAt })
    .from(consultationAttendance)
    .where(eq(consultationAttendance.consultationId, id))
    .orderBy(asc(consultationAttendance.joinedAt));
  const deliveries = await db
    .select({
      participantId: consultationDeliveries.participantId,
      channel: consultationDeliveries.channel,
      kind: consultationDeliveries.kind,
      state: consultationDeliveries.state,
      reason: consultationDeliveries.reason,
      at: consultationDeliveries.updatedAt,
    })
    .from(consultationDeliveries)
    .where(eq(consultationDeliveries.consultationId, id))
    .orderBy(asc(consultationDeliveries.updatedAt));
  const { c, p } = row;
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    sequence: c.sequence,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    createdBy: c.createdBy,
    patient: { id: p.id, name: p.name, phone: p.phone, email: p.email, nationalId: p.nationalId },
    participants: participants.map(participantFields),
    reminders,
    attendance,
    deliveries,
  };
}
