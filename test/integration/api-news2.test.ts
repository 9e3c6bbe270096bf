import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../server/src/adapters/postgres/schema';
import { ERROR_MESSAGES } from '../../server/src/contracts/messages';
import type { Role } from '../../server/src/core/roles';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';

const PATH = '/api/clinical/news2';
const PEOPLE: readonly { id: string; roles: Role[]; oid: string }[] = [
  { id: 'gp-1', roles: ['gp'], oid: randomUUID() },
  { id: 'specialist-1', roles: ['specialist'], oid: randomUUID() },
  { id: 'legevakt-1', roles: ['legevakt'], oid: randomUUID() },
  { id: 'amk-1', roles: ['amk'], oid: randomUUID() },
  { id: 'municipality-1', roles: ['municipality'], oid: randomUUID() },
  { id: 'coordinator-1', roles: ['coordinator'], oid: randomUUID() },
  { id: 'admin-1', roles: ['admin'], oid: randomUUID() },
  { id: 'coordinator-admin-1', roles: ['coordinator', 'admin'], oid: randomUUID() },
];

const VITALS = {
  respirationRate: 22,
  spo2: 95,
  spo2Scale: 1,
  onOxygen: false,
  systolicBp: 105,
  pulse: 112,
  consciousness: 'alert',
  temperature: 38.4,
};

let database: TestDatabase;
let entra: LocalEntra;
let app: TestApp;
const clients = new Map<string, ApiClient>();
const as = (personId: string) => clients.get(personId)!;

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  app = await startTestApp({
    database,
    entra: entra.verifierOptions,
  });
  await app.directory.upsert(PEOPLE.map((p) => ({ id: p.id, name: `Person ${p.id}`, roles: p.roles, organization: 'Drammen legevakt', aadObjectId: p.oid })));
  for (const p of PEOPLE) clients.set(p.id, api(app.url, { token: await entra.sign({ oid: p.oid }) }));
});
afterAll(async () => {
  await app?.stop();
  await entra?.close();
  await database?.destroy();
});

const countAuditEvents = () => database.db.$count(auditEvents);

describe(`POST ${PATH} on ${testDbKind()}`, () => {
  it('a GP gets the total, each parameter score and the risk, and no audit event is written', async () => {
    const before = await countAuditEvents();
    const res = await as('gp-1').post(PATH, VITALS);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 7,
      scores: { respirationRate: 2, spo2: 1, onOxygen: 0, systolicBp: 1, pulse: 2, consciousness: 0, temperature: 1 },
      risk: 'high',
    });
    // Vital signs without a patient are not patient-linked data.
    expect(await countAuditEvents()).toBe(before);
  });

  it.each(['specialist-1', 'legevakt-1', 'amk-1', 'municipality-1'])('%s, a clinician, gets a score too', async (personId) => {
    const res = await as(personId).post(PATH, { ...VITALS, spo2Scale: 2, spo2: 97, onOxygen: true, consciousness: 'voice' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scores: { spo2: 3, onOxygen: 2, consciousness: 3 }, total: 14, risk: 'high' });
  });

  it.each(['coordinator-1', 'admin-1', 'coordinator-admin-1'])('%s, without a clinical role, gets 403 even for a bad body', async (personId) => {
    for (const body of [VITALS, {}]) {
      const res = await as(personId).post(PATH, body);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'forbidden', message: ERROR_MESSAGES.forbidden.nb } });
      expect(res.text).not.toContain('total');
    }
  });

  it('a missing field gets 400 validation_failed naming it', async () => {
    const { temperature: _missing, ...withoutTemperature } = VITALS;
    const res = await as('gp-1').post(PATH, withoutTemperature);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'validation_failed',
      message: ERROR_MESSAGES.validation_failed.nb,
      issues: [{ path: 'temperature', message: 'temperature mangler / temperature is missing' }],
    });
  });

  it('SpO₂ 101 gets 400 naming spo2 and its limits, in English when asked', async () => {
    const res = await as('gp-1').post(PATH, { ...VITALS, spo2: 101 }, { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'validation_failed',
      message: ERROR_MESSAGES.validation_failed.en,
      issues: [{ path: 'spo2', message: expect.stringContaining('must be a whole number from 30 to 100 %') }],
    });
  });

  it('a pulse of 1000, a negative rate and a string consciousness are all named in one 400', async () => {
    const res = await as('gp-1').post(PATH, { ...VITALS, pulse: 1000, respirationRate: -4, consciousness: 42 });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['respirationRate', 'pulse', 'consciousness']);
  });

  it('a body that is not JSON vital signs gets 400', async () => {
    const res = await as('gp-1').post(PATH, undefined, { rawBody: '[1,2,3]' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', issues: [{ path: '', message: expect.any(String) }] });
  });

  it('a request without a token gets 401', async () => {
    const res = await api(app.url).post(PATH, VITALS);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.body).toMatchObject({ error: { code: 'unauthenticated' } });
  });
});
