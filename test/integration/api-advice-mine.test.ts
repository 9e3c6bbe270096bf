/**
 * «Mine forespørsler» (`GET /api/advice-requests/mine`): a requester lists their own requests —
 * the open ones and those of the last 30 days — with the specialist's advice note once answered.
 * Nobody else's requests, and an old closed one drops out (hazard H-AD-07).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../server/src/adapters/postgres/schema';
import {
  ADVICE_PEOPLE,
  type AdviceWorld,
  ISBAR,
  SPECIALTY,
  adviceRequest,
  createAdviceWorld,
  stubVideoRooms,
  worldAdviceRoutes,
} from '../helpers/advice-world';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';

let database: TestDatabase;
let entra: LocalEntra;
let app: TestApp;
let world: AdviceWorld;
const clients = new Map<string, ApiClient>();
const as = (personId: string) => clients.get(personId)!;
const DAY = 86_400_000;
const ADVICE = { identification: 'Mann 67 år', situation: 'Svart', background: '', assessment: 'Ikke STEMI', recommendation: 'Troponin om 3 timer' };

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  world = await createAdviceWorld(database.db);
  app = await startTestApp({
    database,
    entra: entra.verifierOptions,
    apiRoutes: [{ path: '/advice-requests', router: worldAdviceRoutes(world, database.db, { videoRooms: stubVideoRooms }) }],
  });
  for (const p of ADVICE_PEOPLE) clients.set(p.id, api(app.url, { token: await entra.sign({ oid: `oid-${p.id}` }) }));
});
afterAll(async () => {
  await app?.stop();
  await world?.close();
  await entra?.close();
  await database?.destroy();
});

describe(`«Mine forespørsler» on ${testDbKind()}`, () => {
  it('lists the requester’s open requests and those of the last 30 days with the advice note, and nobody else’s', async () => {
    // Answered today: listed with who answered and the advice note.
    const answered = await as('gp-1').post('/api/advice-requests', { specialty: SPECIALTY, priority: 'haster', isbar: ISBAR });
    expect(await world.store.accept(answered.body.id, 'v1', new Date())).toBe(true);
    expect(await world.store.complete(answered.body.id, 'v1', ADVICE, new Date())).toBe(true);
    // Waiting now: listed.
    const waiting = await as('gp-1').post('/api/advice-requests', { specialty: SPECIALTY, priority: 'akutt', isbar: ISBAR });
    // Asked 40 days ago and still open: listed, as it is open.
    const oldOpen = await world.store.create(adviceRequest('gp-1', 'vanlig', { createdAt: new Date(Date.now() - 40 * DAY) }));
    // Asked and answered 40 days ago: not listed.
    const oldClosed = await world.store.create(adviceRequest('gp-1', 'vanlig', { createdAt: new Date(Date.now() - 41 * DAY) }));
    expect(await world.store.accept(oldClosed.id, 'v1', new Date(Date.now() - 41 * DAY))).toBe(true);
    expect(await world.store.complete(oldClosed.id, 'v1', ADVICE, new Date(Date.now() - 41 * DAY))).toBe(true);
    // Another GP's request: not listed.
    const othersId = (await as('gp-2').post('/api/advice-requests', { specialty: SPECIALTY, priority: 'vanlig', isbar: ISBAR })).body.id;

    const res = await as('gp-1').get('/api/advice-requests/mine');
    expect(res.status).toBe(200);
    expect(res.body.requests.map((r: { id: string }) => r.id)).toEqual([waiting.body.id, answered.body.id, oldOpen.id]);
    expect(res.body.requests[1]).toEqual({
      id: answered.body.id,
      specialty: SPECIALTY,
      priority: 'haster',
      status: 'completed',
      acceptedBy: { id: 'v1', name: 'Dr v1' },
      advice: ADVICE,
      createdAt: expect.any(String),
      completedAt: expect.any(String),
    });
    expect(res.body.requests[0]).toMatchObject({ status: 'queued', priority: 'akutt', acceptedBy: null, advice: null, completedAt: null });
    expect(JSON.stringify(res.body)).not.toContain(othersId);
    expect(JSON.stringify(res.body)).not.toContain(oldClosed.id);

    const mine = (await as('gp-2').get('/api/advice-requests/mine')).body.requests.map((r: { id: string }) => r.id);
    expect(mine).toEqual([othersId]);
    const audit = await database.db.select().from(auditEvents);
    expect(audit.filter((e) => e.action === 'advice_request.list_own' && e.outcome === 'allowed').length).toBe(2);
  });

  it('gives a specialist only their own requests, and refuses AMK and coordinators with 403', async () => {
    expect(await as('b2').get('/api/advice-requests/mine')).toMatchObject({ status: 200, body: { requests: [] } });
    expect((await as('amk-1').get('/api/advice-requests/mine')).status).toBe(403);
    expect((await as('ke').get('/api/advice-requests/mine')).status).toBe(403);
  });
});
