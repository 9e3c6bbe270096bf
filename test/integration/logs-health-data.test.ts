/**
 * Issue #12, found #1: a PostgreSQL insert that fails must not put health data in the logs.
 * Drivers hang the query parameters, the failing row (`detail`) and their own texts (which
 * quote values) on the error, and drizzle writes every parameter into its message. Here a
 * booking, an emergency call and an advice request are made to fail inside PostgreSQL (a
 * trigger that quotes the whole row, a CHECK that rejects it), and every line the app, the
 * outbox and the stores log is searched for the patient's national id, phone, name, e-mail,
 * the ISBAR text and the vital signs.
 */
import { count, sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { PrometheusEmergencyMetrics } from '../../server/src/adapters/metrics/emergency-metrics';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import { PostgresConsultationStore } from '../../server/src/adapters/postgres/consultation-store';
import { PostgresEmergencyCrewStore } from '../../server/src/adapters/postgres/emergency-crew-store';
import { PostgresEmergencyCallStore } from '../../server/src/adapters/postgres/emergency-store';
import { adviceRequests, consultations, emergencyCalls, patients } from '../../server/src/adapters/postgres/schema';
import { RedisEmergencyEventBus } from '../../server/src/adapters/queue/emergency-events';
import { BullReminderJobs } from '../../server/src/adapters/queue/reminder-jobs';
import type { VideoRooms } from '../../server/src/core/ports';
import { adviceMetrics } from '../../server/src/http/advice-metrics';
import { adviceRoutes } from '../../server/src/http/routes/advice';
import { emergencyRoutes } from '../../server/src/http/routes/emergency';
import { type AdviceWorld, SPECIALTY, SWITCHBOARDS, createAdviceWorld } from '../helpers/advice-world';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { EMAIL, HEALTH_MARKERS as MARKERS, ISBAR, ISBAR_TEXT, NAME, NATIONAL_ID, PHONE, VITALS } from '../helpers/health-markers';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';

const videoRooms: VideoRooms = {
  createRoom: async () => ({ roomName: `r_${globalThis.crypto.randomUUID()}` }),
  issueToken: async (r) => ({ token: 'jwt', serverUrl: 'ws://video.test', roomName: r.roomName, expiresAt: new Date(Date.now() + 600_000) }),
  listParticipants: async () => [],
  removeParticipant: async () => undefined,
  deleteRoom: async () => undefined,
};

let database: TestDatabase;
let entra: LocalEntra;
let world: AdviceWorld;
let app: TestApp;
const workerLines: string[] = [];
const clients = new Map<string, ApiClient>();
const as = (personId: string) => clients.get(personId)!;

beforeAll(async () => {
  expect(NATIONAL_ID).toMatch(/^\d{11}$/);
  database = await createTestDatabase();
  entra = await startLocalEntra();
  // The outbox relay, the queues and the stores log through this one.
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void workerLines.push(line) } });
  world = await createAdviceWorld(database.db, { logger });
  const audit = new PostgresAuditLog(database.db);
  const clock = { now: () => new Date() };
  const events = new RedisEmergencyEventBus({ connection: world.redis, prefix: world.prefix, logger });
  const emergency = emergencyRoutes({
    store: new PostgresEmergencyCallStore({ db: database.db, relay: world.relay }),
    directory: world.directory,
    events,
    changes: events,
    video: videoRooms,
    metrics: new PrometheusEmergencyMetrics(new Registry()),
    audit,
    clock,
    logger,
    ringTimeoutSeconds: 10,
    rosters: world.rosters,
    crew: new PostgresEmergencyCrewStore({ db: database.db, relay: world.relay }),
  });
  const advice = adviceRoutes({
    store: world.store,
    directory: world.directory,
    rosters: world.rosters,
    audit,
    clock,
    videoRooms,
    ringTimeoutSeconds: 60,
    switchboards: SWITCHBOARDS,
    metrics: adviceMetrics(new Registry(), world.store),
  });
  app = await startTestApp({
    database,
    entra: entra.verifierOptions,
    consultations: {
      store: new PostgresConsultationStore({ db: database.db, relay: world.relay }),
      jobs: new BullReminderJobs({ queue: world.queues.queue, logger }),
    },
    apiRoutes: [
      { path: '/emergency-calls', router: emergency.router },
      { path: '/advice-requests', router: advice },
    ],
  });
  for (const id of ['ke', 'gp-1', 'lv-1']) clients.set(id, api(app.url, { token: await entra.sign({ oid: `oid-${id}` }) }));
});
afterAll(async () => {
  await app?.stop();
  await world?.close();
  await entra?.close();
  await database?.destroy();
});

// ── Ways to make PostgreSQL refuse a row ─────────────────────────────────────────────────

/** A BEFORE INSERT trigger whose exception quotes the whole row, in the message and the detail. */
async function rejectWithTrigger(table: string): Promise<void> {
  await database.db.execute(
    sql.raw(`create or replace function samrom_test_reject() returns trigger language plpgsql as $$
      begin raise exception 'row refused: %', row_to_json(NEW)::text using detail = row_to_json(NEW)::text; end $$`),
  );
  await database.db.execute(sql.raw(`create trigger samrom_test_reject before insert on ${table} for each row execute function samrom_test_reject()`));
  undo = () => database.db.execute(sql.raw(`drop trigger samrom_test_reject on ${table}`));
}

/** A CHECK no new row passes (NOT VALID: the rows already there are not checked). */
async function rejectWithCheck(table: string): Promise<void> {
  await database.db.execute(sql.raw(`alter table ${table} add constraint samrom_test_refuse check (false) not valid`));
  undo = () => database.db.execute(sql.raw(`alter table ${table} drop constraint samrom_test_refuse`));
}

let undo: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await undo?.();
  undo = undefined;
});

const rows = async (table: typeof patients | typeof consultations | typeof emergencyCalls | typeof adviceRequests) =>
  (await database.db.select({ n: count() }).from(table))[0]!.n;

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
const booking = () => ({
  title: `Oppfølging av ${NAME} – ${ISBAR_TEXT}`,
  patient: { name: NAME, phone: PHONE, email: EMAIL, nationalId: NATIONAL_ID },
  start: inAWeek(),
  durationMinutes: 45,
  participants: [{ role: 'patient' }, { role: 'gp', personId: 'gp-1' }],
});

/** Where each test's lines start: the app's (requests, errors) and the rest (outbox, queues, stores). */
let mark = { app: 0, workers: 0 };
beforeEach(() => {
  mark = { app: app.logs().length, workers: workerLines.length };
});

/** No line logged since the test began holds any of the markers. */
function expectNoHealthDataInLogs(): void {
  const logs = [...app.logs().slice(mark.app), ...workerLines.slice(mark.workers)].join('');
  expect(logs).toContain('unhandled error');
  for (const marker of MARKERS) expect(logs, `the logs contain ${marker}`).not.toContain(marker);
}

function expectCleanInternalError(res: { status: number; body: unknown }): void {
  expect(res.status).toBe(500);
  expect(res.body).toEqual({ error: { code: 'internal', message: expect.any(String), requestId: expect.any(String) } });
  expect(JSON.stringify(res.body)).not.toMatch(/Markørsen|Failed query|row refused/);
}

/** The logged error of one request, so the test knows the failure really was logged. */
function loggedError(requestId: string): Record<string, any> {
  const line = app
    .logs()
    .map((l) => JSON.parse(l) as Record<string, any>)
    .find((l) => l.msg === 'unhandled error' && l.req?.id === requestId);
  expect(line, `no error line for request ${requestId}`).toBeDefined();
  return line!.err;
}

describe(`health data stays out of the logs when PostgreSQL refuses the insert (${testDbKind()})`, () => {
  it('a booking whose patient row a trigger refuses: 500 internal, nothing saved, the log has the SQLSTATE and no health data', async () => {
    await rejectWithTrigger('patients');
    const before = { patients: await rows(patients), consultations: await rows(consultations) };
    const res = await as('ke').post('/api/consultations', booking());
    expectCleanInternalError(res);
    expectNoHealthDataInLogs();
    expect({ patients: await rows(patients), consultations: await rows(consultations) }).toEqual(before);
    const err = loggedError(res.body.error.requestId);
    expect(err).toMatchObject({ type: 'DrizzleQueryError', message: 'database query failed', cause: { type: 'DatabaseError', code: 'P0001' } });
  });

  it('a booking whose consultation row a CHECK refuses: the constraint and table are logged, the title and patient are not', async () => {
    await rejectWithCheck('consultations');
    const res = await as('ke').post('/api/consultations', booking());
    expectCleanInternalError(res);
    expectNoHealthDataInLogs();
    const err = loggedError(res.body.error.requestId);
    expect(err.cause).toMatchObject({ code: '23514', constraint: 'samrom_test_refuse', table: 'consultations' });
  });

  it('an emergency call whose row a trigger refuses: 500 internal and no ISBAR or vital sign in the logs', async () => {
    await rejectWithTrigger('emergency_calls');
    const before = await rows(emergencyCalls);
    const res = await as('lv-1').post('/api/emergency-calls', { triage: 'rod', isbar: ISBAR, vitals: VITALS });
    expectCleanInternalError(res);
    expectNoHealthDataInLogs();
    expect(await rows(emergencyCalls)).toBe(before);
    expect(loggedError(res.body.error.requestId)).toMatchObject({ message: 'database query failed', cause: { code: 'P0001' } });
  });

  it('an advice request whose row a trigger refuses: 500 internal and no ISBAR or callback number in the logs', async () => {
    await rejectWithTrigger('advice_requests');
    const before = await rows(adviceRequests);
    const res = await as('gp-1').post('/api/advice-requests', { specialty: SPECIALTY, priority: 'akutt', isbar: ISBAR, callbackPhone: PHONE });
    expectCleanInternalError(res);
    expectNoHealthDataInLogs();
    expect(await rows(adviceRequests)).toBe(before);
    expect(loggedError(res.body.error.requestId)).toMatchObject({ message: 'database query failed', cause: { code: 'P0001' } });
  });
});
