/**
 * `GET /api/consultations?from=&to=&scope=` and `GET /api/directory/clinicians`: who sees which
 * meetings, in which order, with which fields, and what the audit log says about it.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresConsultationStore } from '../../server/src/adapters/postgres/consultation-store';
import { auditEvents, consultations } from '../../server/src/adapters/postgres/schema';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { BullReminderJobs } from '../../server/src/adapters/queue/reminder-jobs';
import { type QueueRegistry, createQueueRegistry } from '../../server/src/adapters/queue/workers';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

const NOW = new Date('2027-05-03T08:00:00Z');
const OID = {
  ke: randomUUID(),
  keAsker: randomUUID(),
  admin: randomUUID(),
  gp: randomUUID(),
  gp2: randomUUID(),
  sp: randomUUID(),
  amk: randomUUID(),
  kom: randomUUID(),
};

let database: TestDatabase;
let entra: LocalEntra;
let redis: Redis;
let queues: QueueRegistry;
let app: TestApp;
let coordinator: ApiClient;
let askerCoordinator: ApiClient;
let admin: ApiClient;
let gp: ApiClient;
let otherGp: ApiClient;
let specialist: ApiClient;
let amk: ApiClient;
/** Booked in beforeAll: [4 May afternoon by gp-1 with sp-1, 4 May morning by the coordinator with gp-1, 5 May with sp-1, 20 July with gp-1]. */
const ids: string[] = [];

function booking(start: string, clinicians: [string, string][], title = 'Oppfølging etter utskrivning') {
  return {
    title,
    patient: { name: `Pasient ${ids.length + 1}`, phone: '912 34 567', nationalId: '15037500019', email: 'p@example.no' },
    start,
    durationMinutes: 45,
    participants: [
      { role: 'patient' },
      { role: 'relative', name: 'Randi Pårørende', phone: '+4798765432', consentedByPatient: true },
      ...clinicians.map(([role, personId]) => ({ role, personId })),
    ],
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-consultation-list' });
  queues = createQueueRegistry({ connection: redis, prefix: uniquePrefix() });
  const logger = createLogger({ level: 'silent' });
  const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger });
  app = await startTestApp({
    database,
    clock: { now: () => NOW },
    entra: entra.verifierOptions,
    consultations: { store: new PostgresConsultationStore({ db: database.db, relay }), jobs: new BullReminderJobs({ queue: queues.queue, logger }) },
  });
  await app.directory.upsert([
    {
      id: 'ke-1',
      name: 'Kari Koordinator',
      roles: ['coordinator'],
      organization: 'Drammen kommune',
      aadObjectId: OID.ke,
      phone: '+4791111111',
      email: 'kari@example.no',
    },
    { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: OID.gp, hprNumber: '1234567' },
    { id: 'gp-2', name: 'Grete Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: OID.gp2 },
    { id: 'sp-1', name: 'Siri Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF', aadObjectId: OID.sp, specialty: 'geriatri' },
    { id: 'amk-1', name: 'Anders Amk', roles: ['amk'], organization: 'AMK Vestre Viken', aadObjectId: OID.amk },
    { id: 'kom-1', name: 'Kjersti Kommune', roles: ['municipality'], organization: 'Lier kommune', aadObjectId: OID.kom },
    { id: 'ke-asker', name: 'Aisha Koordinator', roles: ['coordinator'], organization: 'Asker kommune', aadObjectId: OID.keAsker },
    { id: 'adm-1', name: 'Anne Admin', roles: ['admin'], organization: 'Vestre Viken HF', aadObjectId: OID.admin },
  ]);
  const as = async (oid: string) => api(app.url, { token: await entra.sign({ oid }) });
  [coordinator, gp, otherGp, specialist, amk, askerCoordinator, admin] = await Promise.all([
    as(OID.ke),
    as(OID.gp),
    as(OID.gp2),
    as(OID.sp),
    as(OID.amk),
    as(OID.keAsker),
    as(OID.admin),
  ]);
  const book = async (client: ApiClient, body: unknown) => {
    const res = await client.post('/api/consultations', body);
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  };
  // Booked out of order on purpose: the list is ordered by start, not by booking.
  await book(
    gp,
    booking('2027-05-04T14:00:00+02:00', [
      ['gp', 'gp-1'],
      ['specialist', 'sp-1'],
    ]),
  );
  await book(coordinator, booking('2027-05-04T09:00:00+02:00', [['gp', 'gp-1']]));
  await book(coordinator, booking('2027-05-05T09:00:00+02:00', [['specialist', 'sp-1']]));
  await book(coordinator, booking('2027-07-20T09:00:00+02:00', [['gp', 'gp-1']]));
});
afterAll(async () => {
  await app?.stop();
  await queues?.queue(QUEUES.reminders).obliterate({ force: true });
  await queues?.closeAll();
  redis?.disconnect();
  await entra?.close();
  await database?.destroy();
});

const startsOf = (body: { consultations: { start: string }[] }) => body.consultations.map((c) => c.start);

describe(`GET /api/consultations on ${testDbKind()}`, () => {
  it('a GP sees the meetings they take part in within the next 60 days, ordered by start', async () => {
    const res = await gp.get('/api/consultations');
    expect(res.status).toBe(200);
    expect(startsOf(res.body)).toEqual(['2027-05-04T07:00:00.000Z', '2027-05-04T12:00:00.000Z']);
    // 20 July is past the default window (3 May + 60 days = 2 July); a wider window finds it.
    const wide = await gp.get('/api/consultations?from=2027-05-01T00:00:00Z&to=2027-07-31T00:00:00Z');
    expect(startsOf(wide.body)).toEqual(['2027-05-04T07:00:00.000Z', '2027-05-04T12:00:00.000Z', '2027-07-20T07:00:00.000Z']);
  });

  it('names and roles only: never a national id, phone number, e-mail address or HPR number', async () => {
    const res = await specialist.get('/api/consultations?from=2027-05-04T00:00:00%2B02:00&to=2027-05-06T00:00:00%2B02:00');
    expect(res.status).toBe(200);
    expect(res.body.consultations).toHaveLength(2);
    const [first] = res.body.consultations;
    expect(first).toEqual({
      id: ids[0],
      title: 'Oppfølging etter utskrivning',
      status: 'scheduled',
      start: '2027-05-04T12:00:00.000Z',
      end: '2027-05-04T12:45:00.000Z',
      durationMinutes: 45,
      patient: { name: 'Pasient 1' },
      participants: [
        { id: expect.any(String), role: 'patient', personId: null, name: 'Pasient 1', consentedByPatient: null },
        { id: expect.any(String), role: 'relative', personId: null, name: 'Randi Pårørende', consentedByPatient: true },
        { id: expect.any(String), role: 'gp', personId: 'gp-1', name: 'Geir Fastlege', consentedByPatient: null },
        { id: expect.any(String), role: 'specialist', personId: 'sp-1', name: 'Siri Spesialist', consentedByPatient: null },
      ],
    });
    for (const secret of ['15037500019', '4791234567', '912 34 567', '98765432', 'p@example.no', '1234567']) expect(res.text).not.toContain(secret);
  });

  it('the booker sees what they booked; someone neither booking nor taking part sees nothing', async () => {
    const mine = await coordinator.get('/api/consultations');
    expect(mine.body.consultations.map((c: { id: string }) => c.id)).toEqual([ids[1], ids[2]]);
    expect((await otherGp.get('/api/consultations')).body).toEqual({ consultations: [] });
    expect((await amk.get('/api/consultations')).body).toEqual({ consultations: [] });
  });

  it('a coordinator’s calendar lists all meetings booked within their organisation, an admin’s every meeting; anyone else asking for all gets 403', async () => {
    const week = 'scope=all&from=2027-05-04T00:00:00Z&to=2027-05-11T00:00:00Z';
    const all = await coordinator.get(`/api/consultations?${week}`);
    expect(all.status).toBe(200);
    // ids[0] was booked by a GP of Lier legesenter: not Drammen kommune's.
    expect(all.body.consultations.map((c: { id: string }) => c.id)).toEqual([ids[1], ids[2]]);
    expect((await askerCoordinator.get(`/api/consultations?${week}`)).body).toEqual({ consultations: [] });
    const everything = await admin.get(`/api/consultations?${week}`);
    expect(everything.body.consultations.map((c: { id: string }) => c.id)).toEqual([ids[1], ids[0], ids[2]]);
    const refused = await gp.get('/api/consultations?scope=all');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });

  it('a meeting overlapping the window counts, one ending at its start does not; cancelled meetings stay listed as cancelled', async () => {
    // ids[1] runs 07:00–07:45 UTC on 4 May.
    const overlapping = await coordinator.get('/api/consultations?from=2027-05-04T07:30:00Z&to=2027-05-04T08:00:00Z');
    expect(overlapping.body.consultations.map((c: { id: string }) => c.id)).toEqual([ids[1]]);
    const after = await coordinator.get('/api/consultations?from=2027-05-04T07:45:00Z&to=2027-05-04T08:00:00Z');
    expect(after.body.consultations).toEqual([]);

    const target = await coordinator.post('/api/consultations', booking('2027-05-10T09:00:00+02:00', [['gp', 'gp-2']]));
    expect((await coordinator.post(`/api/consultations/${target.body.id}/cancel`)).status).toBe(200);
    const listed = await otherGp.get('/api/consultations');
    expect(listed.body.consultations).toEqual([expect.objectContaining({ id: target.body.id, status: 'cancelled' })]);
  });

  it('bad windows and scopes get 400 with the field named, in Norwegian and English', async () => {
    for (const query of [
      'from=2027-05-10T00:00:00Z&to=2027-05-01T00:00:00Z',
      'from=2027-05-01T00:00:00Z&to=2027-09-01T00:00:00Z',
      'scope=everyone',
      'from=i%20morgen',
    ]) {
      const res = await coordinator.get(`/api/consultations?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.issues.length).toBeGreaterThan(0);
    }
    const tooLong = await coordinator.get('/api/consultations?from=2027-05-01T00:00:00Z&to=2027-09-01T00:00:00Z');
    expect(tooLong.body.error.issues).toEqual([expect.objectContaining({ path: 'to', message: expect.stringMatching(/høyst 92 dager.*at most 92 days/) })]);
  });

  it('every patient listed gets an audit event naming who listed the meeting; a refused list is audited as denied', async () => {
    const res = await specialist.get('/api/consultations?from=2027-05-04T00:00:00Z&to=2027-05-06T00:00:00Z');
    const requestId = res.headers.get('x-request-id')!;
    for (const id of [ids[0]!, ids[2]!]) {
      const [row] = await database.db.select({ patientId: consultations.patientId }).from(consultations).where(eq(consultations.id, id));
      const events = await app.audit.forPatient(row!.patientId, {});
      expect(events).toContainEqual(expect.objectContaining({ actorId: 'sp-1', action: 'consultation.list', outcome: 'allowed', resourceId: id, requestId }));
    }
    const refused = await gp.get('/api/consultations?scope=all');
    const denied = await database.db
      .select({ action: auditEvents.action, outcome: auditEvents.outcome, reason: auditEvents.reason })
      .from(auditEvents)
      .where(eq(auditEvents.requestId, refused.headers.get('x-request-id')!));
    expect(denied).toEqual([{ action: 'consultation.list.all', outcome: 'denied', reason: 'not_a_coordinator' }]);
  });

  it('requires sign-in', async () => {
    expect((await api(app.url).get('/api/consultations')).status).toBe(401);
  });
});

describe(`GET /api/directory/clinicians on ${testDbKind()}`, () => {
  it('bookers and AMK operators get clinicians and coordinators by name with role and organisation, no contact details; others get 403', async () => {
    const res = await gp.get('/api/directory/clinicians');
    expect(res.status).toBe(200);
    expect(res.body.people).toEqual([
      { id: 'ke-asker', name: 'Aisha Koordinator', roles: ['coordinator'], organization: 'Asker kommune', specialty: null },
      { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', specialty: null },
      { id: 'gp-2', name: 'Grete Fastlege', roles: ['gp'], organization: 'Lier legesenter', specialty: null },
      { id: 'ke-1', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune', specialty: null },
      { id: 'kom-1', name: 'Kjersti Kommune', roles: ['municipality'], organization: 'Lier kommune', specialty: null },
      { id: 'sp-1', name: 'Siri Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF', specialty: 'geriatri' },
    ]);
    expect(res.text).not.toMatch(/4791111111|kari@example|1234567/);
    // AMK pulls a clinician into an emergency call from the same list.
    expect((await amk.get('/api/directory/clinicians')).status).toBe(200);
    const municipality = await api(app.url, { token: await entra.sign({ oid: OID.kom }) });
    expect((await municipality.get('/api/directory/clinicians')).status).toBe(403);
  });
});
