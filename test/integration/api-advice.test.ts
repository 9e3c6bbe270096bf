import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adviceRequests, auditEvents, outbox } from '../../server/src/adapters/postgres/schema';
import { ADVICE_JOBS } from '../../server/src/adapters/queue/advice-jobs';
import { dispatchAdvice } from '../../server/src/core/advice/dispatch';
import type { VideoRooms, VideoTokenRequest } from '../../server/src/core/ports';
import { Registry } from 'prom-client';
import { adviceMetrics } from '../../server/src/http/advice-metrics';
import { adviceRoutes } from '../../server/src/http/routes/advice';
import { ADVICE_PEOPLE, type AdviceWorld, CLINICAL_TEXT, ISBAR, SPECIALTY, SWITCHBOARDS, createAdviceWorld } from '../helpers/advice-world';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';

const RING_TIMEOUT_SECONDS = 60;
let database: TestDatabase;
let entra: LocalEntra;
let app: TestApp;
let world: AdviceWorld;
const tokens: VideoTokenRequest[] = [];
const registry = new Registry();
const videoRooms: VideoRooms = {
  createRoom: async () => ({ roomName: `r_${globalThis.crypto.randomUUID()}` }),
  issueToken: async (r) => {
    tokens.push(r);
    return { token: 'jwt', serverUrl: 'ws://video.test', roomName: r.roomName, expiresAt: new Date(Date.now() + 600_000) };
  },
  listParticipants: async () => [],
  removeParticipant: async () => undefined,
  deleteRoom: async () => undefined,
};
const clients = new Map<string, ApiClient>();
const as = (personId: string) => clients.get(personId)!;
const ask = (who: string, body: Record<string, unknown> = {}) =>
  as(who).post('/api/advice-requests', { specialty: SPECIALTY, priority: 'vanlig', isbar: ISBAR, ...body });
const rows = () => database.db.select().from(adviceRequests);
/** Rings round 1 as the worker would (the worker itself is tested in advice-dispatch.test.ts). */
const ring = (id: string) => dispatchAdvice(world.dispatchContext(), id, 1);

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
          audit: new (await import('../../server/src/adapters/postgres/audit-log')).PostgresAuditLog(database.db),
          clock: { now: () => new Date() },
          videoRooms,
          ringTimeoutSeconds: RING_TIMEOUT_SECONDS,
          switchboards: SWITCHBOARDS,
          metrics: adviceMetrics(registry, world.store),
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

describe(`/api/advice-requests on ${testDbKind()}`, () => {
  it('a GP asks: 201 with the queue position and an estimate; akutt goes ahead of earlier vanlig requests', async () => {
    const first = await ask('gp-1');
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/api/advice-requests/${first.body.id}`);
    // Nothing answered yet in kardiologi: the estimate is one ring timeout for the first in line.
    expect(first.body).toEqual({
      id: expect.any(String),
      status: 'queued',
      position: 1,
      estimatedWaitSeconds: RING_TIMEOUT_SECONDS,
      // Who would be rung now, by name and level; kardiologi has someone on call.
      onCallNow: [{ personId: 'v1', name: 'Dr v1', level: 1 }],
      nobodyOnCall: false,
      switchboardPhone: null,
    });
    const second = await ask('lv-1');
    expect(second.body).toMatchObject({ position: 2, estimatedWaitSeconds: 600 + RING_TIMEOUT_SECONDS });
    const urgent = await ask('gp-2', { priority: 'akutt' });
    expect(urgent.body).toMatchObject({ position: 1 });
    expect((await as('gp-1').get(`/api/advice-requests/${first.body.id}`)).body).toMatchObject({ position: 2 });
    expect((await as('lv-1').get(`/api/advice-requests/${second.body.id}`)).body).toMatchObject({
      position: 3,
      estimatedWaitSeconds: 2 * 600 + RING_TIMEOUT_SECONDS,
    });

    // The job holds opaque ids only, with the BullMQ priority of the request.
    const [job] = await database.db.select().from(outbox).where(eq(outbox.name, ADVICE_JOBS.dispatch)).limit(1);
    expect(job!.payload).toEqual({ requestId: first.body.id, attempt: 1 });
    expect(job!.priority).toBe(3);
    const all = await database.db.select().from(outbox);
    expect(JSON.stringify(all)).not.toContain(CLINICAL_TEXT);
    for (const [who, id] of [
      ['gp-1', first.body.id],
      ['lv-1', second.body.id],
      ['gp-2', urgent.body.id],
    ] as const) {
      expect((await as(who).request('DELETE', `/api/advice-requests/${id}`)).status).toBe(204);
    }
  });

  it('refuses bad requests with 4xx and saves nothing', async () => {
    const before = (await rows()).length;
    const bad = [
      await as('gp-1').post('/api/advice-requests', { specialty: SPECIALTY, priority: 'vanlig' }),
      await ask('gp-1', { priority: 'snart' }),
      await ask('gp-1', { isbar: { identification: '', situation: '' } }),
      await ask('gp-1', { callbackPhone: 'ring meg' }),
      await ask('gp-1', { mode: 'callback' }),
      await ask('gp-1', { specialty: 'Kardiologi!' }),
      await as('gp-1').post('/api/advice-requests', undefined, { rawBody: '{"specialty":' }),
    ];
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400, 400]);
    expect(bad[0]!.body.error).toMatchObject({ code: 'validation_failed', issues: [{ path: 'isbar' }] });
    expect(bad[4]!.body.error.issues).toEqual([expect.objectContaining({ path: 'callbackPhone' })]);
    const unknown = await ask('gp-1', { specialty: 'odontologi' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.issues[0].message).toContain('odontologi');
    expect(await rows()).toHaveLength(before);
  });

  it('403 for roles that may not ask (coordinator, AMK), audited as denied', async () => {
    expect((await ask('ke')).status).toBe(403);
    expect((await ask('amk-1')).status).toBe(403);
    const denied = await database.db.select().from(auditEvents).where(eq(auditEvents.actorId, 'amk-1'));
    expect(denied).toEqual([expect.objectContaining({ action: 'advice_request.create', outcome: 'denied', resourceType: 'advice_request' })]);
  });

  it('the requester and the on-call specialists read the ISBAR; another GP and a kardiolog off call may not; reads are audited', async () => {
    const { body } = await ask('gp-1');
    const mine = await as('gp-1').get(`/api/advice-requests/${body.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ status: 'queued', isbar: { situation: CLINICAL_TEXT }, requester: { id: 'gp-1', organization: 'Lier legesenter' } });
    expect((await as('o3').get(`/api/advice-requests/${body.id}`)).status).toBe(200);
    expect((await as('gp-2').get(`/api/advice-requests/${body.id}`)).status).toBe(403);
    expect((await as('kard-off').get(`/api/advice-requests/${body.id}`)).status).toBe(403);
    expect((await as('gp-1').get('/api/advice-requests/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await as('gp-1').get('/api/advice-requests/not-an-id')).status).toBe(404);
    const reads = await database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, body.id));
    expect(reads.map((e) => `${e.actorId}:${e.action}:${e.outcome}`)).toEqual(
      expect.arrayContaining(['gp-1:advice_request.create:allowed', 'gp-1:advice_request.read:allowed', 'gp-2:advice_request.read:denied']),
    );
    // Clinical text is never logged.
    expect(app.logs().join('\n')).not.toContain(CLINICAL_TEXT);
    expect((await as('gp-1').request('DELETE', `/api/advice-requests/${body.id}`)).status).toBe(204);
  });

  it('akutt rings levels 1 and 2 at once; the first to accept wins, the other gets 409, someone not rung 403', async () => {
    const { body } = await ask('gp-1', { priority: 'akutt', mode: 'audio' });
    await ring(body.id);
    expect((await as('o3').post(`/api/advice-requests/${body.id}/accept`)).status).toBe(403);
    const [a, b] = await Promise.all([as('v1').post(`/api/advice-requests/${body.id}/accept`), as('b2').post(`/api/advice-requests/${body.id}/accept`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    expect(winner.body.request).toMatchObject({ status: 'connected', position: null, mode: 'audio' });
    expect(winner.body.join).toMatchObject({ token: 'jwt', audioOnly: true });
    const loser = a.status === 200 ? b : a;
    expect(loser.body.error.code).toBe('conflict');

    // The requester joins the same room with another opaque identity.
    const join = await as('gp-1').post(`/api/advice-requests/${body.id}/join`);
    expect(join.status).toBe(200);
    expect(join.body.roomName).toBe(winner.body.join.roomName);
    const [specialistToken, gpToken] = tokens.slice(-2);
    expect(gpToken!.identity).not.toBe(specialistToken!.identity);
    expect(gpToken!.identity).not.toContain('gp-1');
    expect(gpToken!.audioOnly).toBe(true);
    expect((await as('gp-2').post(`/api/advice-requests/${body.id}/join`)).status).toBe(403);

    // The specialist writes the advice; the requester sees it.
    const specialist = winner.body.request.acceptedBy.id as string;
    expect((await as('gp-1').post(`/api/advice-requests/${body.id}/complete`, { advice: { recommendation: 'Send til PCI' } })).status).toBe(403);
    expect((await as(specialist).post(`/api/advice-requests/${body.id}/complete`, { advice: {} })).status).toBe(400);
    const done = await as(specialist).post(`/api/advice-requests/${body.id}/complete`, { advice: { recommendation: 'Send til PCI nå' } });
    expect(done.status).toBe(200);
    const seen = await as('gp-1').get(`/api/advice-requests/${body.id}`);
    expect(seen.body).toMatchObject({ status: 'completed', advice: { recommendation: 'Send til PCI nå' }, acceptedBy: { id: specialist } });
    expect((await as(specialist).post(`/api/advice-requests/${body.id}/complete`, { advice: { recommendation: 'x' } })).status).toBe(409);
    // One answer observed in the time-to-answer histogram (the 409 was not).
    expect(await registry.getSingleMetricAsString('samrom_advice_time_to_answer_seconds')).toContain(
      'samrom_advice_time_to_answer_seconds_count{specialty="kardiologi"} 1',
    );
  });

  it('a callback request shows the specialist the number and has no call', async () => {
    const { body } = await ask('lv-1', { callbackPhone: '32 80 40 00' });
    await ring(body.id);
    const accepted = await as('v1').post(`/api/advice-requests/${body.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ join: null, request: { mode: 'callback', callbackPhone: '+4732804000' } });
    expect((await as('lv-1').post(`/api/advice-requests/${body.id}/join`)).status).toBe(409);
    await as('v1').post(`/api/advice-requests/${body.id}/complete`, { advice: { recommendation: 'Ringt tilbake' } });
  });

  it('the requester withdraws a waiting request (DELETE); others may not; an answered one cannot be', async () => {
    const { body } = await ask('gp-2');
    expect((await as('gp-1').request('DELETE', `/api/advice-requests/${body.id}`)).status).toBe(403);
    expect((await as('gp-2').request('DELETE', `/api/advice-requests/${body.id}`)).status).toBe(204);
    expect((await as('gp-2').get(`/api/advice-requests/${body.id}`)).body).toMatchObject({ status: 'abandoned', position: null });
    expect((await as('gp-2').request('DELETE', `/api/advice-requests/${body.id}`)).status).toBe(409);
  });

  it('the estimate follows the median handling time of recent completed requests', async () => {
    // Two completed above; the figures come from them (answered within seconds, handled within seconds).
    const { body } = await ask('gp-1');
    expect(body.position).toBe(1);
    expect(body.estimatedWaitSeconds).toBeLessThan(RING_TIMEOUT_SECONDS);
    await as('gp-1').request('DELETE', `/api/advice-requests/${body.id}`);
  });

  it('GET /stats gives the period’s time to answer, share on target, escalated and abandoned, to the specialty’s coordinators and specialists', async () => {
    const all = await rows();
    const res = await as('ke').get('/api/advice-requests/stats?specialty=kardiologi&targetSeconds=120');
    expect(res.status).toBe(200);
    const answered = all.filter((r) => r.acceptedAt !== null).length;
    expect(res.body).toMatchObject({
      specialty: 'kardiologi',
      targetSeconds: 120,
      requests: all.length,
      answered,
      answeredWithinTargetShare: Math.round((answered / all.length) * 1000) / 1000,
      abandonedShare: Math.round((all.filter((r) => r.status === 'abandoned').length / all.length) * 1000) / 1000,
      escalatedShare: 0,
    });
    expect(res.body.medianTimeToAnswerSeconds).toBeLessThan(60);
    expect(res.body.p90TimeToAnswerSeconds).toBeGreaterThanOrEqual(res.body.medianTimeToAnswerSeconds);
    const empty = await as('v1').get('/api/advice-requests/stats?specialty=kardiologi&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z');
    expect(empty.body).toMatchObject({ specialty: 'kardiologi', requests: 0, medianTimeToAnswerSeconds: null, abandonedShare: null });
    expect((await as('gp-1').get('/api/advice-requests/stats?specialty=kardiologi')).status).toBe(403);
    // Another specialty's figures, or all specialties' at once, are not theirs.
    expect((await as('v1').get('/api/advice-requests/stats?specialty=nevrologi')).status).toBe(403);
    expect((await as('ke').get('/api/advice-requests/stats')).status).toBe(403);
    expect((await as('ke').get('/api/advice-requests/stats?specialty=kardiologi&from=2020-01-02T00:00:00Z&to=2020-01-01T00:00:00Z')).status).toBe(400);
    expect((await as('ke').get('/api/advice-requests/stats?targetSeconds=0')).status).toBe(400);
  });
});
