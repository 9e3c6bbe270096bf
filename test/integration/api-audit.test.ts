import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../server/src/adapters/postgres/schema';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';

const ADMIN_OID = randomUUID();
const COORDINATOR_OID = randomUUID();

let database: TestDatabase;
let entra: LocalEntra;
let app: TestApp;
let admin: ApiClient;
let coordinator: ApiClient;

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  app = await startTestApp({
    database,
    entra: entra.verifierOptions,
  });
  await app.directory.upsert([
    { id: 'admin-1', name: 'Anne Admin', roles: ['admin'], organization: 'Vestre Viken HF', aadObjectId: ADMIN_OID },
    { id: 'ke-1', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune', aadObjectId: COORDINATOR_OID },
    { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter' },
  ]);
  admin = api(app.url, { token: await entra.sign({ oid: ADMIN_OID }) });
  coordinator = api(app.url, { token: await entra.sign({ oid: COORDINATOR_OID }) });
});
afterAll(async () => {
  await app?.stop();
  await entra?.close();
  await database?.destroy();
});

/** Writes events with chosen instants (the audit port itself always stamps "now"). */
async function seedEvents(patientId: string, events: { at: string; actorId: string; action: string; outcome: string; reason?: string }[]) {
  await database.db.insert(auditEvents).values(
    events.map((e) => ({
      at: new Date(e.at),
      actorId: e.actorId,
      action: e.action,
      patientId,
      resourceType: 'consultation',
      resourceId: 'c-1',
      outcome: e.outcome,
      reason: e.reason ?? null,
    })),
  );
}

const auditPath = (patientId: string, range: { from?: string; to?: string } = {}) =>
  `/api/admin/audit?${new URLSearchParams({ patientId, ...range }).toString()}`;

describe(`GET /api/admin/audit on ${testDbKind()}`, () => {
  it('an admin gets the patient’s access log in time order with who, what, when and outcome', async () => {
    const patientId = `pat-${randomUUID()}`;
    // Written out of order: the log is ordered by when things happened.
    await seedEvents(patientId, [
      { at: '2025-03-01T09:00:00Z', actorId: 'gp-1', action: 'consultation.read', outcome: 'denied', reason: 'forbidden' },
      { at: '2025-01-15T08:30:00Z', actorId: 'ke-1', action: 'consultation.create', outcome: 'allowed' },
      { at: '2025-02-10T13:45:00Z', actorId: 'gp-1', action: 'consultation.read', outcome: 'allowed' },
    ]);
    await seedEvents(`other-${randomUUID()}`, [{ at: '2025-02-01T00:00:00Z', actorId: 'gp-1', action: 'consultation.read', outcome: 'allowed' }]);

    const res = await admin.get(auditPath(patientId));
    expect(res.status).toBe(200);
    expect(res.body.patientId).toBe(patientId);
    expect(res.body.events).toEqual([
      expect.objectContaining({
        at: '2025-01-15T08:30:00.000Z',
        actorId: 'ke-1',
        actorName: 'Kari Koordinator',
        action: 'consultation.create',
        outcome: 'allowed',
        reason: null,
      }),
      expect.objectContaining({ at: '2025-02-10T13:45:00.000Z', actorId: 'gp-1', actorName: 'Geir Fastlege', action: 'consultation.read', outcome: 'allowed' }),
      expect.objectContaining({ at: '2025-03-01T09:00:00.000Z', actorId: 'gp-1', action: 'consultation.read', outcome: 'denied', reason: 'forbidden' }),
    ]);
    for (const e of res.body.events) expect(e).toMatchObject({ id: expect.any(String), patientId, resourceType: 'consultation', resourceId: 'c-1' });
  });

  it('reading the log is itself audited as audit.read by the admin, and shows up in the next read', async () => {
    const patientId = `pat-${randomUUID()}`;
    const first = await admin.get(auditPath(patientId));
    expect(first.status).toBe(200);
    expect(first.body.events).toEqual([]);

    const recorded = await app.audit.forPatient(patientId, {});
    expect(recorded).toEqual([
      expect.objectContaining({
        actorId: 'admin-1',
        action: 'audit.read',
        patientId,
        resourceType: 'patient',
        resourceId: patientId,
        outcome: 'allowed',
        requestId: first.headers.get('x-request-id'),
      }),
    ]);

    const second = await admin.get(auditPath(patientId));
    expect(second.body.events).toEqual([expect.objectContaining({ actorId: 'admin-1', actorName: 'Anne Admin', action: 'audit.read', outcome: 'allowed' })]);
  });

  it('a non-admin gets 403 and the attempt is recorded as a denied audit.read', async () => {
    const patientId = `pat-${randomUUID()}`;
    await seedEvents(patientId, [{ at: '2025-01-01T10:00:00Z', actorId: 'gp-1', action: 'consultation.read', outcome: 'allowed' }]);

    const res = await coordinator.get(auditPath(patientId));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'forbidden' } });
    expect(res.body).not.toHaveProperty('events');

    const recorded = await app.audit.forPatient(patientId, {});
    expect(recorded.at(-1)).toMatchObject({
      actorId: 'ke-1',
      action: 'audit.read',
      patientId,
      outcome: 'denied',
      reason: 'forbidden',
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('from and to limit the log to that period, both ends included', async () => {
    const patientId = `pat-${randomUUID()}`;
    await seedEvents(patientId, [
      { at: '2025-01-01T00:00:00Z', actorId: 'gp-1', action: 'a.read', outcome: 'allowed' },
      { at: '2025-02-01T00:00:00Z', actorId: 'gp-1', action: 'b.read', outcome: 'allowed' },
      { at: '2025-03-01T00:00:00Z', actorId: 'gp-1', action: 'c.read', outcome: 'allowed' },
      { at: '2025-04-01T00:00:00Z', actorId: 'gp-1', action: 'd.read', outcome: 'allowed' },
    ]);
    const actions = async (range: { from?: string; to?: string }) => {
      const res = await admin.get(auditPath(patientId, range));
      expect(res.status).toBe(200);
      return (res.body.events as { action: string }[]).map((e) => e.action);
    };
    expect(await actions({ from: '2025-02-01T00:00:00Z', to: '2025-03-01T00:00:00Z' })).toEqual(['b.read', 'c.read']);
    // An offset is honoured: 01:00+01:00 is midnight UTC.
    expect(await actions({ from: '2025-03-01T01:00:00+01:00', to: '2025-03-31T23:59:59Z' })).toEqual(['c.read']);
    expect(await actions({ to: '2025-01-31T00:00:00Z' })).toEqual(['a.read']);
    // Without `to`, the audit.read events written by the reads above are included too.
    expect(await actions({ from: '2025-03-15T00:00:00Z' })).toEqual(['d.read', 'audit.read', 'audit.read', 'audit.read']);
  });

  it.each([
    ['a from that is not an ISO instant', { from: 'yesterday' }, 'from'],
    ['a to without a time zone', { to: '2025-01-01T00:00:00' }, 'to'],
  ])('%s gets 400 validation_failed naming the field', async (_what, range, field) => {
    const res = await admin.get(auditPath('pat-x', range));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it('a missing patientId gets 400 validation_failed', async () => {
    const res = await admin.get('/api/admin/audit');
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain('patientId');
  });

  it('a from after to gets 400 and the attempt is recorded as a failed audit.read', async () => {
    const patientId = `pat-${randomUUID()}`;
    const res = await admin.get(auditPath(patientId, { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', issues: [{ path: 'from' }] });
    expect(await app.audit.forPatient(patientId, {})).toEqual([
      expect.objectContaining({ actorId: 'admin-1', action: 'audit.read', outcome: 'failed', reason: 'validation_failed' }),
    ]);
  });
});
