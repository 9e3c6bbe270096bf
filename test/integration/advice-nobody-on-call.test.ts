/**
 * The advice line with nobody on call (issue 14, hazard H-AD-01): the requester is told at once
 * with the specialty's switchboard number, the coordinators are alarmed once, nothing pretends
 * to ring (no ring rows), and a shift added later is rung within one job cycle.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { adviceRingAttempts, outbox } from '../../server/src/adapters/postgres/schema';
import { ADVICE_JOBS } from '../../server/src/adapters/queue/advice-jobs';
import { dispatchAdvice } from '../../server/src/core/advice/dispatch';
import type { VideoRooms } from '../../server/src/core/ports';
import { adviceMetrics } from '../../server/src/http/advice-metrics';
import {
  type AdviceWorld,
  ISBAR,
  SWITCHBOARDS,
  adviceRequest,
  conversationOf,
  createAdviceWorld,
  saveConversations,
  worldAdviceRoutes,
} from '../helpers/advice-world';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';

/** A specialty with a specialist and a coordinator but no roster: nobody is on call. */
const NEVRO = 'nevrologi';
const NEVRO_PEOPLE = [
  { id: 'nevro-1', roles: ['specialist' as const], specialty: NEVRO, organization: 'Bærum sykehus' },
  { id: 'ke-nevro', roles: ['coordinator' as const], specialty: NEVRO, organization: 'Vestre Viken HF' },
];

let database: TestDatabase;
let entra: LocalEntra;
let app: TestApp;
let world: AdviceWorld;
const clients = new Map<string, ApiClient>();
const as = (personId: string) => clients.get(personId)!;
const videoRooms = {} as VideoRooms;
const ringRows = (requestId: string) => database.db.select().from(adviceRingAttempts).where(eq(adviceRingAttempts.requestId, requestId));
const dispatchJobs = (requestId: string) =>
  database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.name, ADVICE_JOBS.dispatch), sql`${outbox.payload}->>'requestId' = ${requestId}`));

/** Puts `personId` on call in nevrologi at level 1 around now. */
async function addNevroShift(personId = 'nevro-1') {
  const from = new Date(Date.now() - 3_600_000);
  const to = new Date(Date.now() + 3_600_000);
  await world.rosters.replace(NEVRO, { from, to }, [{ specialty: NEVRO, personId, level: 1, startsAt: from, endsAt: to }], 'ke-nevro');
}

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  world = await createAdviceWorld(database.db);
  await world.directory.upsert(NEVRO_PEOPLE.map((p) => ({ ...p, name: `Dr ${p.id}`, aadObjectId: `oid-${p.id}` })));
  await saveConversations(new PostgresConversationStore(database.db), NEVRO_PEOPLE);
  app = await startTestApp({
    database,
    entra: entra.verifierOptions,
    apiRoutes: [
      { path: '/advice-requests', router: worldAdviceRoutes(world, database.db, { videoRooms, metrics: adviceMetrics(new Registry(), world.store) }) },
    ],
  });
  for (const id of ['gp-1', 'gp-2', 'nevro-1']) clients.set(id, api(app.url, { token: await entra.sign({ oid: `oid-${id}` }) }));
});
afterEach(async () => {
  await world.rosters.replace(NEVRO, { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) }, [], 'ke-nevro');
});
afterAll(async () => {
  await app?.stop();
  await world?.close();
  await entra?.close();
  await database?.destroy();
});

describe(`advice with nobody on call on ${testDbKind()}`, () => {
  it('answers 201 with nobodyOnCall and the switchboard, alarms the coordinator once, writes no ring rows, and rings once a shift is added', async () => {
    const created = await as('gp-1').post('/api/advice-requests', { specialty: NEVRO, priority: 'haster', isbar: ISBAR });
    expect(created.status).toBe(201);
    // Nevrologi has no number of its own: the default switchboard. No estimate: nobody is rung.
    expect(created.body).toMatchObject({
      status: 'queued',
      nobodyOnCall: true,
      switchboardPhone: SWITCHBOARDS.fallback,
      onCallNow: [],
      estimatedWaitSeconds: null,
    });
    const id = created.body.id as string;

    const t0 = new Date();
    const ctx = world.dispatchContext({ clock: { now: () => t0 } });
    expect(await dispatchAdvice(ctx, id, 1)).toMatchObject({ outcome: 'nobody_on_call', sent: 1 });
    // A redelivered or repeated look does not alarm again.
    expect(await dispatchAdvice(ctx, id, 1)).toMatchObject({ outcome: 'nobody_on_call', sent: 0 });
    const alarms = world.notifier.sentTo(conversationOf('ke-nevro'), id);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.notice).toMatchObject({ kind: 'advice.nobody_on_call', requestId: id, specialty: NEVRO, switchboardPhone: SWITCHBOARDS.fallback });
    expect(alarms[0]!.message.text).toContain('Ingen har vakt i Nevrologi nå');
    expect(alarms[0]!.message.text).not.toContain(NEVRO);
    expect(await ringRows(id)).toEqual([]);
    // The same job looks again one ring timeout later (the create's job, then one per look).
    const looks = (await dispatchJobs(id)).map((j) => j.runAt.getTime()).sort();
    expect(looks.slice(1)).toEqual([t0.getTime() + 60_000, t0.getTime() + 60_000]);

    const read = await as('gp-1').get(`/api/advice-requests/${id}`);
    expect(read.body).toMatchObject({ status: 'queued', nobodyOnCall: true, switchboardPhone: SWITCHBOARDS.fallback, attempts: [] });

    await addNevroShift();
    expect(await dispatchAdvice(world.dispatchContext(), id, 1)).toMatchObject({ outcome: 'rung', sent: 1 });
    expect((await ringRows(id)).map((r) => `${r.attempt}:${r.personId}:${r.kind}`)).toEqual(['1:nevro-1:ring']);
    const after = await as('gp-1').get(`/api/advice-requests/${id}`);
    expect(after.body).toMatchObject({
      status: 'ringing',
      nobodyOnCall: false,
      switchboardPhone: null,
      onCallNow: [{ personId: 'nevro-1', name: 'Dr nevro-1', level: 1 }],
    });
    expect((await as('gp-1').request('DELETE', `/api/advice-requests/${id}`)).status).toBe(204);
  });

  it('a specialty with its own switchboard gives that number, also when everyone on call is busy', async () => {
    await addNevroShift();
    const busy = await world.store.create(adviceRequest('gp-2', 'vanlig', { specialty: NEVRO }));
    await dispatchAdvice(world.dispatchContext(), busy.id, 1);
    expect(await world.store.accept(busy.id, 'nevro-1', new Date())).toBe(true);
    const created = await as('gp-1').post('/api/advice-requests', { specialty: NEVRO, priority: 'vanlig', isbar: ISBAR });
    expect(created.body).toMatchObject({ nobodyOnCall: true, switchboardPhone: SWITCHBOARDS.fallback });
    const ctx = world.dispatchContext({ switchboards: { fallback: SWITCHBOARDS.fallback, bySpecialty: { [NEVRO]: '+4790000222' } } });
    expect(await dispatchAdvice(ctx, created.body.id, 1)).toMatchObject({ outcome: 'nobody_on_call' });
    expect(world.notifier.sentTo(conversationOf('ke-nevro'), created.body.id)[0]!.message.text).toContain('+4790000222');
    expect(await ringRows(created.body.id)).toEqual([]);
    await world.store.complete(busy.id, 'nevro-1', { ...ISBAR, recommendation: 'ok' }, new Date());
    await world.store.abandon(created.body.id, 'gp-1', new Date());
  });

  it('a real worker rings a shift added while nobody was on call within one job cycle (1-s ring timeout)', async () => {
    world.startWorker(1);
    const r = await world.store.create(adviceRequest('gp-2', 'vanlig', { specialty: NEVRO }));
    await world.notifier.until(() => world.notifier.sentTo(conversationOf('ke-nevro'), r.id).length === 1);
    expect(world.notifier.sentTo(conversationOf('nevro-1'), r.id)).toHaveLength(0);
    await addNevroShift();
    await world.notifier.until(() => world.notifier.sentTo(conversationOf('nevro-1'), r.id).length === 1);
    expect(world.notifier.sentTo(conversationOf('ke-nevro'), r.id)).toHaveLength(1);
    expect(await world.store.abandon(r.id, 'gp-2', new Date())).toBe(true);
  });
});
