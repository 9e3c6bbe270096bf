/**
 * Consultations in PostgreSQL. A booking is written in one transaction that first locks each of
 * its directory participants (a transaction-scoped advisory lock per person) and then re-checks
 * them for an overlapping scheduled consultation; two bookings racing for the same person run
 * one after the other, so the second sees the first and gets a conflict. Bookings of different
 * people never wait for or abort each other. (A serializable transaction gave the same answers
 * but aborted most concurrent bookings of *different* people, whose rows share index pages:
 * 24–27 bookings/s and hundreds of 503s at 16 connections in `npm run bench -- --only booking`.)
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { MAX_DURATION_MINUTES, type ParticipantRole } from '../../contracts/consultations';
import type {
  CancelOutcome,
  ConsultationRecord,
  ConsultationStore,
  CreateOutcome,
  NewConsultation,
} from '../../core/consultations/store';
import type { OutboxRelay, SendableRow } from '../queue/outbox';
import { QUEUES } from '../queue/queues';
import type { Db, Executor } from './db';
import { isSerializationFailure } from './pg-errors';
import { consultationParticipants, consultationReminders, consultations, outbox, patients } from './schema';

/** Attempts at a booking whose transaction keeps failing serialization. @defaultValue 4 */
export const BOOKING_ATTEMPTS = 4;
/** The first key of every booking advisory lock, so they cannot collide with other advisory locks (e.g. migrations). */
const PERSON_LOCK_CLASS = 7_302_114;
const MS_PER_MINUTE = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PostgresConsultationStoreOptions {
  readonly db: Db;
  /** Writes reminder jobs through the outbox and publishes them after the commit. */
  readonly relay: Pick<OutboxRelay, 'transaction'>;
  /** @defaultValue {@link BOOKING_ATTEMPTS} */
  readonly attempts?: number;
}

export class PostgresConsultationStore implements ConsultationStore {
  constructor(private readonly o: PostgresConsultationStoreOptions) {}

  async create(c: NewConsultation): Promise<CreateOutcome> {
    const attempts = this.o.attempts ?? BOOKING_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.o.relay.transaction(async (tx, _enqueue, enqueueMany) => {
          await lockPeople(tx, c);
          // The overlap check and every row in one statement: nothing is written when someone is busy.
          let busyPersonIds: string[] = [];
          await enqueueMany(
            c.reminders.map((r) => ({ queue: QUEUES.reminders, name: 'reminder', payload: { reminderId: r.id }, runAt: r.at })),
            async (outboxRows) => {
              busyPersonIds = await insertBookingUnlessBusy(tx, c, outboxRows);
              return busyPersonIds.length === 0;
            },
          );
          if (busyPersonIds.length > 0) return { ok: false, reason: 'conflict', busyPersonIds } as const;
          return { ok: true } as const;
        }, { isolationLevel: 'read committed' });
      } catch (err) {
        if (!isSerializationFailure(err)) throw err;
        if (attempt >= attempts) return { ok: false, reason: 'busy' };
      }
    }
  }

  byId(id: string): Promise<ConsultationRecord | null> {
    return UUID.test(id) ? load(this.o.db, id) : Promise.resolve(null);
  }

  async cancel(id: string, now: Date): Promise<CancelOutcome> {
    if (!UUID.test(id)) return { ok: false, reason: 'not_found' };
    return this.o.db.transaction(async (tx) => {
      const [changed] = await tx
        .update(consultations)
        .set({ status: 'cancelled', sequence: sql`${consultations.sequence} + 1`, updatedAt: now })
        .where(and(eq(consultations.id, id), eq(consultations.status, 'scheduled')))
        .returning({ id: consultations.id });
      let cancelledJobIds: string[] = [];
      if (changed) {
        const reminders = await tx
          .update(consultationReminders)
          .set({ cancelledAt: now })
          .where(and(eq(consultationReminders.consultationId, id), isNull(consultationReminders.cancelledAt)))
          .returning({ outboxId: consultationReminders.outboxId });
        cancelledJobIds = reminders.flatMap((r) => (r.outboxId === null ? [] : [r.outboxId]));
        if (cancelledJobIds.length > 0) await tx.update(outbox).set({ cancelledAt: now }).where(inArray(outbox.id, cancelledJobIds));
      }
      const record = await load(tx, id);
      return record ? { ok: true, record, cancelledJobIds } : { ok: false, reason: 'not_found' };
    });
  }
}

/**
 * Takes a transaction-scoped advisory lock per directory participant, in a fixed order so two
 * bookings cannot deadlock. Bookings that share a person run their check-and-insert one after
 * the other; bookings of different people do not wait for each other. (A hash collision only
 * makes two unrelated bookings wait.) Anything else that adds a person to a scheduled
 * consultation, such as a reschedule, must take the same locks first.
 */
async function lockPeople(tx: Executor, c: NewConsultation): Promise<void> {
  const keys = [...new Set(c.participants.flatMap((p) => (p.personId === null ? [] : [p.personId])))];
  if (keys.length === 0) return;
  await tx.execute(sql`
    select pg_advisory_xact_lock(${PERSON_LOCK_CLASS}, k)
    from (select distinct hashtext(p) as k from (values ${sql.join(keys.map((k) => sql`(${k}::text)`), sql`, `)}) as v(p) order by k) as keys`);
}

/**
 * One statement: finds the directory participants already in a scheduled consultation
 * overlapping [startsAt, endsAt) and, only if there are none, writes the patient, the
 * consultation, its participants, the reminders' outbox rows and the reminders (one round trip
 * instead of six; the rows travel as one JSON document, and foreign keys are checked at the end
 * of the statement, when every row is there). Returns the busy person ids. Runs after
 * {@link lockPeople}, and its snapshot is taken after the locks were granted: a booking that
 * shares a person with this one has either committed (and is seen) or waits for our commit.
 */
async function insertBookingUnlessBusy(tx: Executor, c: NewConsultation, outboxRows: readonly SendableRow[]): Promise<string[]> {
  // A plain list, not read from the JSON, so the planner uses the person index.
  const personIds = [...new Set(c.participants.flatMap((p) => (p.personId === null ? [] : [p.personId])))];
  const doc = {
    patient: c.patient,
    consultation: { id: c.id, title: c.title, startsAt: c.startsAt, endsAt: c.endsAt, createdBy: c.createdBy },
    participants: c.participants,
    outbox: outboxRows,
    reminders: c.reminders.map((r, i) => ({ ...r, outboxId: outboxRows[i]!.id })),
  };
  // node-postgres and PGlite both answer with `rows`.
  const result = (await tx.execute(sql`
    with doc as (select ${JSON.stringify(doc)}::jsonb as d),
    busy as (
      select distinct cp.person_id
      from doc, ${consultationParticipants} cp join ${consultations} c on c.id = cp.consultation_id
      where ${personIds.length > 0 ? sql`cp.person_id in (${sql.join(personIds.map((id) => sql`${id}`), sql`, `)})` : sql`false`}
        and c.status = 'scheduled'
        and c.starts_at < ${c.endsAt.toISOString()}::timestamptz
        and c.ends_at > ${c.startsAt.toISOString()}::timestamptz
        -- Implied by the two above, as no consultation is longer than the maximum; it lets
        -- the start index bound the search instead of scanning every earlier consultation.
        and c.starts_at > ${new Date(c.startsAt.getTime() - MAX_DURATION_MINUTES * MS_PER_MINUTE).toISOString()}::timestamptz
    ),
    free as (select d from doc where not exists (select 1 from busy)),
    new_outbox as (
      insert into ${outbox} (id, queue, name, payload, run_at, priority)
      select x.id, x.queue, x.name, x.payload, x."runAt", x.priority
      from free, jsonb_to_recordset(d->'outbox') as x(id uuid, queue text, name text, payload jsonb, "runAt" timestamptz, priority integer)
    ),
    new_patient as (
      insert into ${patients} (id, name, phone, email, national_id)
      select x.id, x.name, x.phone, x.email, x."nationalId"
      from free, jsonb_to_record(d->'patient') as x(id uuid, name text, phone text, email text, "nationalId" text)
    ),
    new_consultation as (
      insert into ${consultations} (id, title, patient_id, starts_at, ends_at, created_by)
      select x.id, x.title, (d->'patient'->>'id')::uuid, x."startsAt", x."endsAt", x."createdBy"
      from free, jsonb_to_record(d->'consultation') as x(id uuid, title text, "startsAt" timestamptz, "endsAt" timestamptz, "createdBy" text)
    ),
    new_participants as (
      insert into ${consultationParticipants} (id, consultation_id, role, person_id, name, phone, email, consented_by_patient)
      select x.id, (d->'consultation'->>'id')::uuid, x.role, x."personId", x.name, x.phone, x.email, x."consentedByPatient"
      from free, jsonb_to_recordset(d->'participants')
        as x(id uuid, role text, "personId" text, name text, phone text, email text, "consentedByPatient" boolean)
    ),
    new_reminders as (
      insert into ${consultationReminders} (id, consultation_id, participant_id, channel, at, outbox_id)
      select x.id, (d->'consultation'->>'id')::uuid, x."participantId", x.channel, x.at, x."outboxId"
      from free, jsonb_to_recordset(d->'reminders') as x(id uuid, "participantId" uuid, channel text, at timestamptz, "outboxId" uuid)
    )
    select person_id from busy`)) as unknown as { rows: { person_id: string }[] };
  return result.rows.map((r) => r.person_id);
}

async function load(db: Executor, id: string): Promise<ConsultationRecord | null> {
  const [row] = await db
    .select({ c: consultations, p: patients })
    .from(consultations)
    .innerJoin(patients, eq(patients.id, consultations.patientId))
    .where(eq(consultations.id, id));
  if (!row) return null;
  const participants = await db
    .select()
    .from(consultationParticipants)
    .where(eq(consultationParticipants.consultationId, id));
  const reminders = await db
    .select({ id: consultationReminders.id, participantId: consultationReminders.participantId, channel: consultationReminders.channel, at: consultationReminders.at })
    .from(consultationReminders)
    .where(and(eq(consultationReminders.consultationId, id), isNull(consultationReminders.cancelledAt)))
    .orderBy(asc(consultationReminders.at));
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
    participants: participants.map((x) => ({
      id: x.id,
      role: x.role as ParticipantRole,
      personId: x.personId,
      name: x.name,
      phone: x.phone,
      email: x.email,
      consentedByPatient: x.consentedByPatient,
    })),
    reminders,
  };
}

