/**
 * The queue of one specialty (`GET /api/advice-requests?specialty=`) and the specialties one
 * can ask (`GET /api/advice-requests/specialties`): priority order, names only — never the
 * ISBAR — and only for the specialty's specialists and coordinators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import { auditEvents } from '../../server/src/adapters/postgres/schema';
import type { VideoRooms } from '../../server/src/core/ports';
import { adviceRoutes } from '../../server/src/http/routes/advice';
import { ADVICE_PEOPLE, type AdviceWorld, CLINICAL_TEXT, ISBAR, SPECIALTY, SWITCHBOARDS, createAdviceWorld } from '../helpers/advice-world';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';

let database: TestDatabase;
let entra: LocalEntra;
let app: TestApp;
let world: AdviceWorld;
const videoRooms: VideoRooms = {
  createRoom: async () => ({ roomName: 'r' }),
  issueToken: async (r) => ({ token: 'jwt', serverUrl: 'ws://video.test', roomName: r.roomName, expiresAt: new Date(Date.now() + 600_000) }),
  listParticipants: async () => [],
  removeParticipant: async () => undefined,
  deleteRoom: async () => undefined,
};
const clients = new Map<string, ApiClient>();
const as = (personId: string) => clients.get(personId)!;
const ask = (who: string, priority: string) => as(who).post('/api/advice-requests', { specialty: SPECIALTY, priority, isbar: ISBAR });

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  world = await createAdviceWorld(database.db);
  app = await startTestApp({
    database,
    entra: entra.verifierOptions,
    apiRoutes: [
      {
        path: '/advice-requests',
        router: adviceRoutes({
          store: world.store,
          directory: world.directory,
          rosters: world.rosters,
          audit: new PostgresAuditLog(database.db),
          clock: { now: () => new Date() },
          videoRooms,
          ringTimeoutSeconds: 60,
          switchboards: SWITCHBOARDS,
        }),
      },
    ],
  });
  for (const p of ADVICE_PEOPLE) clients.set(p.id, api(app.url, { token: await entra.sign({ oid: `oid-${p.id}` }) }));
});
afterAll(async () => {
  await app?.stop();
  await world?.close();
  await entra?.close();
  await database?.destroy();
});

describe(`the advice queue on ${testDbKind()}`, () => {
  it('lists the waiting requests in priority order with names only, to the specialty’s specialists and to coordinators', async () => {
    const vanlig = await ask('gp-1', 'vanlig');
    const akutt = await ask('lv-1', 'akutt');
    const withdrawn = await ask('gp-2', 'haster');
    expect((await as('gp-2').request('DELETE', `/api/advice-requests/${withdrawn.body.id}`)).status).toBe(204);

    for (const reader of ['v1', 'ke']) {
      const res = await as(reader).get(`/api/advice-requests?specialty=${SPECIALTY}&status=waiting`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        specialty: SPECIALTY,
        requests: [
          {
            id: akutt.body.id,
            priority: 'akutt',
            status: 'queued',
            requester: { id: 'lv-1', name: 'Dr lv-1', organization: 'Drammen legevakt' },
            createdAt: expect.any(String),
            position: 1,
          },
          {
            id: vanlig.body.id,
            priority: 'vanlig',
            status: 'queued',
            requester: { id: 'gp-1', name: 'Dr gp-1', organization: 'Lier legesenter' },
            createdAt: expect.any(String),
            position: 2,
          },
        ],
      });
      expect(JSON.stringify(res.body)).not.toContain(CLINICAL_TEXT);
    }
    const audit = await database.db.select().from(auditEvents);
    expect(audit.filter((e) => e.action === 'advice_request.list' && e.outcome === 'allowed').length).toBe(2);
  });

  it('refuses GPs, AMK and specialists and coordinators of other specialties with 403, and a missing or bad specialty with 400', async () => {
    expect((await as('gp-1').get(`/api/advice-requests?specialty=${SPECIALTY}`)).status).toBe(403);
    expect((await as('amk-1').get(`/api/advice-requests?specialty=${SPECIALTY}`)).status).toBe(403);
    expect((await as('v1').get('/api/advice-requests?specialty=nevrologi')).status).toBe(403);
    // A coordinator follows the line of their own specialty only.
    expect((await as('ke').get('/api/advice-requests?specialty=nevrologi')).status).toBe(403);
    const missing = await as('v1').get('/api/advice-requests');
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_failed');
    expect((await as('v1').get('/api/advice-requests?specialty=Kardio%20logi')).status).toBe(400);
    expect((await as('v1').get(`/api/advice-requests?specialty=${SPECIALTY}&status=completed`)).status).toBe(400);
  });

  it('names the specialties with specialists to requesters, not to AMK', async () => {
    const res = await as('gp-1').get('/api/advice-requests/specialties');
    expect(res).toMatchObject({ status: 200, body: { specialties: ['kardiologi'] } });
    expect((await as('amk-1').get('/api/advice-requests/specialties')).status).toBe(403);
  });
});
