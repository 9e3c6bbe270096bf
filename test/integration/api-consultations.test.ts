import { randomUUID } from 'node:crypto';
import { count, eq, inArray } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresConsultationStore } from '../../server/src/adapters/postgres/consultation-store';
import { auditEvents, consultationParticipants, consultationReminders, consultations, outbox, patients } from '../../server/src/adapters/postgres/schema';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { BullReminderJobs } from '../../server/src/adapters/queue/reminder-jobs';
import { type QueueRegistry, createQueueRegistry } from '../../server/src/adapters/queue/workers';
import { BOOKING_MESSAGES } from '../../server/src/core/consultations/booking';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

/** The app's clock: bookings are "in the future" relative to it, whatever the real date. */
const NOW = new Date('2027-03-01T12:00:00Z');
const NATIONAL_ID = '15037500019';
const OID = { ke: randomUUID(), ke2: randomUUID(), keVv: randomUUID(), gp: randomUUID(), gp2: randomUUID(), sp: randomUUID() };

let database: TestDatabase;
let entra: LocalEntra;
let redis: Redis;
let queues: QueueRegistry;
let app: TestApp;
let coordinator: ApiClient;
let coordinator2: ApiClient;
let hospitalCoordinator: ApiClient;
let gp: ApiClient;
let outsiderGp: ApiClient;
let specialist: ApiClient;

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-consultations' });
  queues = createQueueRegistry({ connection: redis, prefix: uniquePrefix() });
  const logger = createLogger({ level: 'silent' });
  const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger });
  app = await startTestApp({
    database,
    clock: { now: () => NOW },
    entra: entra.verifierOptions,
    consultations: {
      store: new PostgresConsultationStore({ db: database.db, relay }),
      jobs: new BullReminderJobs({ queue: queues.queue, logger }),
    },
  });
  await app.directory.upsert([
    { id: 'ke-1', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune', aadObjectId: OID.ke },
    { id: 'ke-2', name: 'Kjell Koordinator', roles: ['coordinator'], organization: 'Drammen kommune', aadObjectId: OID.ke2 },
    { id: 'ke-vv', name: 'Hanne Koordinator', roles: ['coordinator'], organization: 'Vestre Viken HF', aadObjectId: OID.keVv },
    { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: OID.gp },
    { id: 'gp-2', name: 'Grete Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: OID.gp2 },
    { id: 'sp-1', name: 'Siri Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF', aadObjectId: OID.sp },
    { id: 'sp-2', name: 'Sverre Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF' },
    { id: 'sp-3', name: 'Sofie Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF' },
  ]);
  const as = async (oid: string) => api(app.url, { token: await entra.sign({ oid }) });
  [coordinator, coordinator2, hospitalCoordinator, gp, outsiderGp, specialist] = await Promise.all([
    as(OID.ke),
    as(OID.ke2),
    as(OID.keVv),
    as(OID.gp),
    as(OID.gp2),
    as(OID.sp),
  ]);
});
afterAll(async () => {
  await app?.stop();
  await queues?.queue(QUEUES.reminders).obliterate({ force: true });
  await queues?.queue(QUEUES.invitations).obliterate({ force: true });
  await queues?.closeAll();
  redis?.disconnect();
  await entra?.close();
  await database?.destroy();
});

type Participant = Record<string, unknown>;
const relative = (consentedByPatient?: boolean): Participant => ({
  role: 'relative',
  name: 'Randi Pårørende',
  email: 'randi@example.no',
  ...(consentedByPatient === undefined ? {} : { consentedByPatient }),
});

function booking(
  start: string,
  participants: Participant[] = [{ role: 'patient' }, relative(true), { role: 'gp', personId: 'gp-1' }, { role: 'specialist', personId: 'sp-1' }],
) {
  return {
    title: 'Samarbeidsmøte om oppfølging',
    patient: { name: 'Per Pasient', phone: '912 34 567', nationalId: NATIONAL_ID },
    start,
    durationMinutes: 60,
    participants,
  };
}

async function rowCounts() {
  const n = async (table: typeof patients | typeof consultations | typeof consultationParticipants | typeof consultationReminders | typeof outbox) =>
    (await database.db.select({ n: count() }).from(table))[0]!.n;
  return {
    patients: await n(patients),
    consultations: await n(consultations),
    participants: await n(consultationParticipants),
    reminders: await n(consultationReminders),
    outbox: await n(outbox),
  };
}

async function patientIdOf(consultationId: string): Promise<string> {
  const [row] = await database.db.select({ patientId: consultations.patientId }).from(consultations).where(eq(consultations.id, consultationId));
  return row!.patientId;
}

async function reminderOutboxIds(consultationId: string): Promise<string[]> {
  const rows = await database.db
    .select({ outboxId: consultationReminders.outboxId })
    .from(consultationReminders)
    .where(eq(consultationReminders.consultationId, consultationId));
  return rows.map((r) => r.outboxId!);
}

describe(`/api/consultations on ${testDbKind()}`, () => {
  it('a coordinator books patient, consenting relative, GP and specialist; reminders are due the day before at the same Oslo time and 15 minutes before, as delayed BullMQ jobs', async () => {
    // Easter Monday 29 March 2027, the day after the spring-forward: 10:00 +02:00.
    const res = await coordinator.post('/api/consultations', booking('2027-03-29T10:00:00+02:00'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Samarbeidsmøte om oppfølging',
      status: 'scheduled',
      start: '2027-03-29T08:00:00.000Z',
      end: '2027-03-29T09:00:00.000Z',
      durationMinutes: 60,
      patient: { name: 'Per Pasient' },
    });

    const got = await gp.get(`/api/consultations/${res.body.id}`);
    expect(got.status).toBe(200);
    const byRole = Object.fromEntries((got.body.participants as { role: string; id: string }[]).map((p) => [p.role, p]));
    expect(byRole.relative).toMatchObject({ name: 'Randi Pårørende', personId: null, consentedByPatient: true, attendance: [] });
    expect(byRole.gp).toMatchObject({ name: 'Geir Fastlege', personId: 'gp-1', consentedByPatient: null });
    const expected = [
      ['patient', 'sms'],
      ['relative', 'email'],
      ['gp', 'teams'],
      ['specialist', 'teams'],
    ].flatMap(([role, channel]) => [
      { participantId: byRole[role!]!.id, channel, at: '2027-03-28T08:00:00.000Z' },
      { participantId: byRole[role!]!.id, channel, at: '2027-03-29T07:45:00.000Z' },
    ]);
    expect(got.body.reminders).toHaveLength(8);
    expect(got.body.reminders).toEqual(expect.arrayContaining(expected));
    expect(res.body.reminders).toEqual(got.body.reminders);

    const jobIds = await reminderOutboxIds(res.body.id);
    const delayed = (await queues.queue(QUEUES.reminders).getDelayed()).filter((j) => jobIds.includes(j.id!));
    expect(delayed).toHaveLength(8);
    const rows = await database.db.select().from(outbox).where(inArray(outbox.id, jobIds));
    for (const job of delayed) {
      const row = rows.find((r) => r.id === job.id)!;
      expect(job.data).toEqual({ reminderId: expect.any(String) });
      expect(Object.keys(job.data)).toEqual(['reminderId']);
      expect(Math.abs(job.timestamp + job.delay - row.runAt.getTime())).toBeLessThan(2_000);
      expect(row.enqueuedAt).not.toBeNull();
    }
  });

  it('the national id is never in the answer, nor any phone number or e-mail address', async () => {
    const res = await coordinator.post(
      '/api/consultations',
      booking('2027-03-30T10:00:00+02:00', [{ role: 'patient' }, relative(true), { role: 'gp', personId: 'gp-1' }]),
    );
    expect(res.status).toBe(201);
    const got = await coordinator.get(`/api/consultations/${res.body.id}`);
    expect(got.status).toBe(200);
    for (const text of [res.text, got.text]) {
      expect(text).not.toContain(NATIONAL_ID);
      expect(text).not.toContain('91234567');
      expect(text).not.toContain('randi@example.no');
    }
    const [stored] = await database.db
      .select()
      .from(patients)
      .where(eq(patients.id, await patientIdOf(res.body.id)));
    expect(stored).toMatchObject({ nationalId: NATIONAL_ID, phone: '+4791234567' });
    const rows = await database.db.select().from(consultationParticipants).where(eq(consultationParticipants.consultationId, res.body.id));
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'patient', personId: null, phone: '+4791234567', consentedByPatient: false }),
        expect.objectContaining({ role: 'relative', name: 'Randi Pårørende', email: 'randi@example.no', phone: null, consentedByPatient: true }),
        expect.objectContaining({ role: 'gp', personId: 'gp-1', name: 'Geir Fastlege', phone: null, email: null }),
      ]),
    );
  });

  it('a relative without the patient’s consent is refused with 422 saying so, and nothing is saved', async () => {
    const before = await rowCounts();
    for (const consent of [undefined, false]) {
      const res = await coordinator.post(
        '/api/consultations',
        booking('2027-04-01T10:00:00+02:00', [{ role: 'patient' }, relative(consent), { role: 'gp', personId: 'gp-1' }]),
      );
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({
        code: 'unprocessable',
        issues: [{ path: 'participants.1.consentedByPatient', message: BOOKING_MESSAGES.consentRequired }],
      });
      expect(res.body.error.issues[0].message).toMatch(/Pasienten må samtykke/);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('a booking without a clinician, with an unknown person or starting in the past gets 422 naming each problem', async () => {
    const before = await rowCounts();
    const noHost = await coordinator.post(
      '/api/consultations',
      booking('2027-04-01T10:00:00+02:00', [{ role: 'patient' }, { role: 'coordinator', personId: 'ke-1' }]),
    );
    expect(noHost.status).toBe(422);
    expect(noHost.body.error.issues).toEqual([{ path: 'participants', message: BOOKING_MESSAGES.clinicianHostRequired }]);
    const unknown = await coordinator.post(
      '/api/consultations',
      booking('2027-04-01T10:00:00+02:00', [
        { role: 'gp', personId: 'gp-1' },
        { role: 'specialist', personId: 'nobody' },
      ]),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.issues).toEqual([{ path: 'participants.1.personId', message: BOOKING_MESSAGES.unknownPerson }]);
    const past = await coordinator.post('/api/consultations', booking('2027-02-28T10:00:00+01:00', [{ role: 'gp', personId: 'gp-1' }]));
    expect(past.status).toBe(422);
    expect(past.body.error.issues).toEqual([{ path: 'start', message: BOOKING_MESSAGES.startInPast }]);
    expect(await rowCounts()).toEqual(before);
  });

  it('a specialist already booked in an overlapping meeting gets 409 and nothing is saved; back to back is fine', async () => {
    const first = await coordinator.post('/api/consultations', booking('2027-04-05T09:00:00+02:00', [{ role: 'specialist', personId: 'sp-3' }]));
    expect(first.status).toBe(201);
    const before = await rowCounts();
    const jobsBefore = await queues.queue(QUEUES.reminders).count();

    const clash = await coordinator.post(
      '/api/consultations',
      booking('2027-04-05T09:30:00+02:00', [{ role: 'patient' }, relative(true), { role: 'gp', personId: 'gp-2' }, { role: 'specialist', personId: 'sp-3' }]),
    );
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'conflict', issues: [{ path: 'participants.3.personId', message: BOOKING_MESSAGES.busy }] });
    expect(await rowCounts()).toEqual(before);
    expect(await queues.queue(QUEUES.reminders).count()).toBe(jobsBefore);

    const next = await coordinator.post('/api/consultations', booking('2027-04-05T10:00:00+02:00', [{ role: 'specialist', personId: 'sp-3' }]));
    expect(next.status).toBe(201);
  });

  it('a clash names who is busy (name and role, nothing of the other meeting) and offers the next times everyone is free', async () => {
    const first = await coordinator.post('/api/consultations', booking('2027-04-19T09:00:00+02:00', [{ role: 'specialist', personId: 'sp-2' }]));
    expect(first.status).toBe(201);

    const clash = await coordinator.post(
      '/api/consultations',
      booking('2027-04-19T09:30:00+02:00', [{ role: 'patient' }, { role: 'gp', personId: 'gp-2' }, { role: 'specialist', personId: 'sp-2' }]),
    );
    expect(clash.status).toBe(409);
    expect(clash.body.error.busy).toEqual([{ personId: 'sp-2', name: 'Sverre Spesialist', role: 'specialist' }]);
    // sp-2 is free from 10:00; slots start on the quarter hour.
    expect(clash.body.error.nextFree).toEqual([
      { startsAt: '2027-04-19T08:00:00.000Z', endsAt: '2027-04-19T09:00:00.000Z' },
      { startsAt: '2027-04-19T08:15:00.000Z', endsAt: '2027-04-19T09:15:00.000Z' },
      { startsAt: '2027-04-19T08:30:00.000Z', endsAt: '2027-04-19T09:30:00.000Z' },
    ]);
    expect(JSON.stringify(clash.body)).not.toContain('Per Pasient');

    // Moving a booked meeting onto sp-2's meeting: the same help, and its own time does not count as busy.
    const other = await coordinator.post('/api/consultations', booking('2027-04-19T13:00:00+02:00', [{ role: 'specialist', personId: 'sp-2' }]));
    const moved = await coordinator.request('PATCH', `/api/consultations/${other.body.id}`, { start: '2027-04-19T09:00:00+02:00' });
    expect(moved.status).toBe(409);
    expect(moved.body.error.busy).toEqual([{ personId: 'sp-2', name: 'Sverre Spesialist', role: 'specialist' }]);
    expect(moved.body.error.nextFree[0]).toEqual({ startsAt: '2027-04-19T08:00:00.000Z', endsAt: '2027-04-19T09:00:00.000Z' });
  });

  it('two concurrent bookings of the same specialist at the same time: exactly one 201 and one 409', async () => {
    const body = booking('2027-04-06T13:00:00+02:00', [{ role: 'patient' }, { role: 'specialist', personId: 'sp-2' }]);
    const before = await rowCounts();
    const results = await Promise.all([coordinator.post('/api/consultations', body), coordinator2.post('/api/consultations', body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const after = await rowCounts();
    expect(after.consultations - before.consultations).toBe(1);
    expect(after.patients - before.patients).toBe(1);
  });

  it('concurrent bookings: of three overlapping ones for one specialist exactly one is saved, while bookings of other clinicians at the same time all are', async () => {
    const at = (time: string, personId: string, role: 'gp' | 'specialist') => booking(`2027-04-14T${time}:00+02:00`, [{ role: 'patient' }, { role, personId }]);
    const before = await rowCounts();
    const [sameA, sameB, sameC, ...others] = await Promise.all([
      coordinator.post('/api/consultations', at('10:00', 'sp-3', 'specialist')),
      coordinator2.post('/api/consultations', at('10:30', 'sp-3', 'specialist')),
      coordinator.post('/api/consultations', at('10:45', 'sp-3', 'specialist')),
      coordinator2.post('/api/consultations', at('10:00', 'gp-2', 'gp')),
      coordinator.post('/api/consultations', at('10:00', 'sp-1', 'specialist')),
      coordinator2.post('/api/consultations', at('10:00', 'gp-1', 'gp')),
    ]);
    expect([sameA, sameB, sameC].map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(others.map((r) => r.status)).toEqual([201, 201, 201]);
    const after = await rowCounts();
    expect(after.consultations - before.consultations).toBe(4);
    expect(after.patients - before.patients).toBe(4);
  });

  it('participants, the booker and coordinators of the booker’s organisation read it; another GP and another organisation’s coordinator get 404, recorded as denied', async () => {
    const res = await specialist.post('/api/consultations', booking('2027-04-07T10:00:00+02:00', [{ role: 'patient' }, { role: 'gp', personId: 'gp-1' }]));
    expect(res.status).toBe(201);
    const denied = await outsiderGp.get(`/api/consultations/${res.body.id}`);
    expect(denied.status).toBe(404);
    expect(denied.body).not.toHaveProperty('title');
    expect(denied.body.error.code).toBe('not_found');
    expect((await gp.get(`/api/consultations/${res.body.id}`)).status).toBe(200);
    expect((await specialist.get(`/api/consultations/${res.body.id}`)).status).toBe(200);
    expect((await hospitalCoordinator.get(`/api/consultations/${res.body.id}`)).status).toBe(200);
    expect((await coordinator2.get(`/api/consultations/${res.body.id}`)).status).toBe(404);
    const events = await app.audit.forPatient(await patientIdOf(res.body.id), {});
    expect(events).toContainEqual(
      expect.objectContaining({ actorId: 'gp-2', action: 'consultation.read', outcome: 'denied', reason: 'not_a_party', resourceId: res.body.id }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ actorId: 'ke-2', action: 'consultation.read', outcome: 'denied', reason: 'other_organization', resourceId: res.body.id }),
    );
  });

  it('an unknown id gets 404; a GP who is not a participant gets 404 on cancel, one who is gets 403', async () => {
    expect((await coordinator.get(`/api/consultations/${randomUUID()}`)).status).toBe(404);
    expect((await coordinator.get('/api/consultations/not-a-uuid')).status).toBe(404);
    const res = await coordinator.post('/api/consultations', booking('2027-04-08T10:00:00+02:00', [{ role: 'gp', personId: 'gp-1' }]));
    expect((await outsiderGp.post(`/api/consultations/${res.body.id}/cancel`)).status).toBe(404);
    expect((await gp.post(`/api/consultations/${res.body.id}/cancel`)).status).toBe(403);
  });

  it('cancelling marks it cancelled, raises the sequence, cancels the outbox rows and removes the jobs from BullMQ', async () => {
    const res = await coordinator.post(
      '/api/consultations',
      booking('2027-04-09T10:00:00+02:00', [{ role: 'patient' }, { role: 'specialist', personId: 'sp-1' }]),
    );
    expect(res.status).toBe(201);
    const jobIds = await reminderOutboxIds(res.body.id);
    expect(jobIds).toHaveLength(4);
    const delayedIds = async () => (await queues.queue(QUEUES.reminders).getDelayed()).map((j) => j.id);
    expect(await delayedIds()).toEqual(expect.arrayContaining(jobIds));

    const cancelled = await coordinator.post(`/api/consultations/${res.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reminders: [] });
    const got = await specialist.get(`/api/consultations/${res.body.id}`);
    expect(got.body).toMatchObject({ status: 'cancelled', reminders: [] });
    const [row] = await database.db.select().from(consultations).where(eq(consultations.id, res.body.id));
    expect(row).toMatchObject({ status: 'cancelled', sequence: 1 });

    const remaining = await delayedIds();
    for (const id of jobIds) expect(remaining).not.toContain(id);
    for (const id of jobIds) expect(await queues.queue(QUEUES.reminders).getJob(id)).toBeUndefined();
    const rows = await database.db.select().from(outbox).where(inArray(outbox.id, jobIds));
    expect(rows.every((r) => r.cancelledAt !== null)).toBe(true);

    // Cancelled twice: unchanged, and the specialist's time is free again.
    const again = await coordinator.post(`/api/consultations/${res.body.id}/cancel`);
    expect(again.status).toBe(200);
    const [after] = await database.db.select().from(consultations).where(eq(consultations.id, res.body.id));
    expect(after!.sequence).toBe(1);
    expect((await coordinator.post('/api/consultations', booking('2027-04-09T10:00:00+02:00', [{ role: 'specialist', personId: 'sp-1' }]))).status).toBe(201);

    const events = await app.audit.forPatient(await patientIdOf(res.body.id), {});
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorId: 'ke-1', action: 'consultation.create', outcome: 'allowed', resourceType: 'consultation', resourceId: res.body.id }),
        expect.objectContaining({ actorId: 'sp-1', action: 'consultation.read', outcome: 'allowed', resourceId: res.body.id }),
        expect.objectContaining({ actorId: 'ke-1', action: 'consultation.cancel', outcome: 'allowed', resourceId: res.body.id }),
      ]),
    );
  });

  it('a refused booking is audited as failed with the reason and a patient id', async () => {
    const res = await coordinator.post(
      '/api/consultations',
      booking('2027-04-12T10:00:00+02:00', [{ role: 'patient' }, relative(false), { role: 'gp', personId: 'gp-1' }]),
    );
    expect(res.status).toBe(422);
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.requestId, res.headers.get('x-request-id')!));
    expect(event).toMatchObject({ actorId: 'ke-1', action: 'consultation.create', outcome: 'failed', reason: 'unprocessable', patientId: expect.any(String) });
  });
});
