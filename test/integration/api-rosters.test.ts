import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { PostgresRosterStore } from '../../server/src/adapters/postgres/roster-store';
import type { Role } from '../../server/src/core/roles';
import { rosterRoutes } from '../../server/src/http/routes/rosters';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';

/** A Tuesday before the fall-back night (Sunday 25 October 2026). */
const NOW = new Date('2026-10-20T10:00:00Z');
const PEOPLE: readonly { id: string; roles: Role[]; specialty?: string; hprNumber?: string }[] = [
  { id: 'kard-1', roles: ['specialist'], specialty: 'kardiologi', hprNumber: '990001001' },
  { id: 'kard-2', roles: ['specialist'], specialty: 'kardiologi', hprNumber: '990001002' },
  { id: 'kard-3', roles: ['specialist'], specialty: 'kardiologi', hprNumber: '990001003' },
  { id: 'nevro-1', roles: ['specialist'], specialty: 'nevrologi' },
  { id: 'coord-1', roles: ['coordinator'], specialty: 'kardiologi' },
  { id: 'admin-1', roles: ['admin'] },
  { id: 'gp-1', roles: ['gp'] },
];

let database: TestDatabase;
let entra: LocalEntra;
let app: TestApp;
let store: PostgresRosterStore;
const clients = new Map<string, ApiClient>();
const as = (personId: string) => clients.get(personId)!;
const put = (who: string, specialty: string, body: unknown) => as(who).request('PUT', `/api/rosters/${specialty}`, body);
const csv = (who: string, specialty: string, text: string) =>
  as(who).post(`/api/rosters/${specialty}/import`, undefined, { rawBody: text, headers: { 'content-type': 'text/csv' } });

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  store = new PostgresRosterStore(database.db);
  app = await startTestApp({
    database,
    entra: entra.verifierOptions,
    apiRoutes: [{ path: '/rosters', router: rosterRoutes({ store, directory: new PostgresDirectory(database.db), clock: { now: () => NOW } }) }],
  });
  const oids = new Map(PEOPLE.map((p) => [p.id, randomUUID()]));
  await app.directory.upsert(PEOPLE.map((p) => ({ ...p, name: `Dr ${p.id}`, organization: 'Vestre Viken HF', aadObjectId: oids.get(p.id)! })));
  for (const p of PEOPLE) clients.set(p.id, api(app.url, { token: await entra.sign({ oid: oids.get(p.id)! }) }));
});
afterAll(async () => {
  await app?.stop();
  await entra?.close();
  await database?.destroy();
});

/** The fall-back night: kard-1 until the first 02:45, kard-2 from then; kard-3 is bakvakt all night. */
const FALL_BACK_NIGHT = {
  shifts: [
    { personId: 'kard-1', level: 1, start: '2026-10-24T22:00', end: '2026-10-25T02:45' },
    { personId: 'kard-2', level: 1, start: '2026-10-25T02:45', end: '2026-10-25T08:00' },
    { personId: 'kard-3', level: 2, start: '2026-10-24T20:00', end: '2026-10-25T08:00' },
  ],
};

describe(`/api/rosters on ${testDbKind()}`, () => {
  it('a coordinator replaces a night roster in Oslo time; GET lists it with names as UTC instants', async () => {
    const res = await put('coord-1', 'kardiologi', FALL_BACK_NIGHT);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ specialty: 'kardiologi', from: '2026-10-24T18:00:00.000Z', to: '2026-10-25T07:00:00.000Z', removed: 0 });
    expect(res.body.shifts).toHaveLength(3);
    // No audit event (no patient data), but the log says who changed what.
    const logged = app
      .logs()
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'roster replaced');
    expect(logged).toMatchObject({ specialty: 'kardiologi', changedBy: 'coord-1', source: 'form', removed: 0, added: 3 });

    const list = await as('kard-1').get('/api/rosters/kardiologi?from=2026-10-24T00:00&to=2026-10-26T00:00');
    expect(list.status).toBe(200);
    expect(list.body.shifts.map((s: any) => [s.personName, s.level, s.start, s.end])).toEqual([
      ['Dr kard-3', 2, '2026-10-24T18:00:00.000Z', '2026-10-25T07:00:00.000Z'],
      ['Dr kard-1', 1, '2026-10-24T20:00:00.000Z', '2026-10-25T00:45:00.000Z'],
      ['Dr kard-2', 1, '2026-10-25T00:45:00.000Z', '2026-10-25T07:00:00.000Z'],
    ]);
  });

  it.each([
    ['the first 02:30 (+02:00)', '2026-10-25T02:30:00%2B02:00', 'kard-1'],
    ['the second 02:30 (+01:00)', '2026-10-25T02:30:00%2B01:00', 'kard-2'],
    ['local 02:30 without an offset (the first occurrence)', '2026-10-25T02:30', 'kard-1'],
    ['the second 02:30 with an unencoded + (a space after decoding)', '2026-10-25T02:30:00+01:00', 'kard-2'],
  ])('on-call at 02:30 on the night the clocks go back: %s', async (_label, at, level1) => {
    const res = await as('coord-1').get(`/api/rosters/kardiologi/on-call?at=${at}`);
    expect(res.status).toBe(200);
    expect(res.body.chain.map((l: any) => [l.level, l.people.map((p: any) => p.personId)])).toEqual([
      [1, [level1]],
      [2, ['kard-3']],
      [3, []],
    ]);
    expect(res.body.chain[0].people[0].personName).toBe(`Dr ${level1}`);
  });

  it('a second PUT of the same period replaces it, and an empty list with from/to clears it', async () => {
    const again = await put('admin-1', 'kardiologi', { shifts: [FALL_BACK_NIGHT.shifts[2]] });
    expect(again.status).toBe(200);
    expect(again.body.removed).toBe(3);
    expect(await store.count('kardiologi')).toBe(1);
    const cleared = await put('admin-1', 'kardiologi', { from: '2026-10-24T00:00', to: '2026-10-26T00:00', shifts: [] });
    expect(cleared.status).toBe(200);
    expect(cleared.body.removed).toBe(1);
    expect(await store.count('kardiologi')).toBe(0);
  });

  it('refused shifts give 400 naming each field, and nothing is saved', async () => {
    const res = await put('coord-1', 'kardiologi', {
      shifts: [
        FALL_BACK_NIGHT.shifts[0],
        { personId: 'gp-1', level: 1, start: '2026-10-26T08:00', end: '2026-10-26T16:00' },
        { personId: 'nevro-1', level: 2, start: '2026-10-26T08:00', end: '2026-10-26T16:00' },
        { personId: 'kard-2', level: 1, start: '2027-03-28T02:30', end: '2027-03-28T08:00' },
        { personId: 'kard-3', level: 1, start: '2026-10-26T08:00', end: '2026-10-26T07:00' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.issues.map((i: any) => i.path)).toEqual(['shifts.1.personId', 'shifts.2.personId', 'shifts.3.start', 'shifts.4.end']);
    expect(res.body.error.issues[2].message).toContain('finnes ikke');
    expect(await store.count('kardiologi')).toBe(0);
  });

  it('a shift starting outside the given period is refused, and so is the same person twice at once', async () => {
    const outside = await put('coord-1', 'kardiologi', { from: '2026-10-26T00:00', to: '2026-10-27T00:00', shifts: [FALL_BACK_NIGHT.shifts[0]] });
    expect(outside.status).toBe(400);
    expect(outside.body.error.issues).toEqual([{ path: 'shifts.0.start', message: expect.stringContaining('utenfor perioden') }]);
    const twice = await put('coord-1', 'kardiologi', {
      shifts: [FALL_BACK_NIGHT.shifts[0], { ...FALL_BACK_NIGHT.shifts[0], start: '2026-10-25T00:00', end: '2026-10-25T06:00' }],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.issues[0].path).toBe('shifts.1');
    expect(await store.count('kardiologi')).toBe(0);
  });

  it('a GP gets 403 on every roster route; no token gets 401', async () => {
    expect((await put('gp-1', 'kardiologi', FALL_BACK_NIGHT)).status).toBe(403);
    expect((await csv('gp-1', 'kardiologi', 'specialty,person,level,start,end\n')).status).toBe(403);
    expect((await as('gp-1').get('/api/rosters/kardiologi')).status).toBe(403);
    expect((await as('gp-1').get('/api/rosters/kardiologi/on-call')).status).toBe(403);
    expect((await as('gp-1').get('/api/rosters/kardiologi/gaps')).status).toBe(403);
    expect((await api(app.url).get('/api/rosters/kardiologi')).status).toBe(401);
    // A specialist reads the roster but may not change it.
    expect((await put('kard-1', 'kardiologi', FALL_BACK_NIGHT)).status).toBe(403);
    expect(await store.count('kardiologi')).toBe(0);
  });

  it('a CSV with one bad row is refused with 422 naming its line, and nothing of the file is saved', async () => {
    const before = await put('coord-1', 'kardiologi', FALL_BACK_NIGHT);
    expect(before.status).toBe(200);
    const file = [
      'specialty,person,level,start,end',
      'kardiologi,kard-1,1,2026-10-24T22:00,2026-10-25T08:00',
      'kardiologi,990001002,2,2026-10-24T22:00,2026-10-25T08:00',
      'kardiologi,kard-3,1,2026-10-25T08:00,2026-10-25T08:00',
      'kardiologi,kard-3,3,2026-10-24T08:00,2026-10-26T08:00',
    ].join('\n');
    const res = await csv('coord-1', 'kardiologi', file);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('unprocessable');
    expect(res.body.error.issues).toEqual([{ path: 'line.4.end', message: expect.stringMatching(/^Linje 4 \/ line 4: .*slutte etter/) }]);
    // The earlier roster is untouched: same three shifts, no new ones.
    const list = await as('coord-1').get('/api/rosters/kardiologi?from=2026-10-24T00:00&to=2026-10-26T00:00');
    expect(list.body.shifts.map((s: any) => s.id).sort()).toEqual(before.body.shifts.map((s: any) => s.id).sort());
  });

  it.each([
    ['an unknown person', 'kardiologi,kard-9,1,2026-10-24T22:00,2026-10-25T08:00', 'line.2.person', 'fant ingen person'],
    ['another specialty in the row', 'nevrologi,kard-1,1,2026-10-24T22:00,2026-10-25T08:00', 'line.2.specialty', 'ikke kardiologi'],
    ['a time in the spring-forward gap', 'kardiologi,kard-1,1,2027-03-28T02:30,2027-03-28T08:00', 'line.2.start', 'finnes ikke'],
    ['level 4', 'kardiologi,kard-1,4,2026-10-24T22:00,2026-10-25T08:00', 'line.2.level', '1, 2 eller 3'],
    ['a missing column', 'kardiologi,kard-1,1,2026-10-24T22:00', 'line.2', 'CSV'],
  ])('a CSV row with %s is refused by line number', async (_label, row, path, text) => {
    const res = await csv('coord-1', 'kardiologi', `specialty,person,level,start,end\n${row}\n`);
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0]).toEqual({ path, message: expect.stringContaining(text) });
    expect(res.body.error.issues[0].message).toMatch(/^Linje 2 \/ line 2: /);
  });

  it('a good CSV (semicolons, people by id or HPR number) replaces the period it covers', async () => {
    const file = [
      'Specialty;Person;Level;Start;End',
      'kardiologi;990001001;1;2026-10-24T22:00;2026-10-25T08:00',
      'kardiologi;kard-3;2;2026-10-24T20:00;2026-10-25T08:00',
      '',
    ].join('\r\n');
    const res = await csv('coord-1', 'kardiologi', file);
    expect(res.status).toBe(200);
    expect(res.body.removed).toBe(3);
    const onCall = await as('coord-1').get('/api/rosters/kardiologi/on-call?at=2026-10-25T02:30:00%2B01:00');
    expect(onCall.body.chain.map((l: any) => l.people.map((p: any) => p.personId))).toEqual([['kard-1'], ['kard-3'], []]);
  });

  it('an upload that is not text/csv gets 415', async () => {
    const res = await as('coord-1').post('/api/rosters/kardiologi/import', { shifts: [] });
    expect(res.status).toBe(415);
  });

  it('gaps: the level-1 holes in the next seven days from now', async () => {
    const res = await as('coord-1').get('/api/rosters/kardiologi/gaps');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      specialty: 'kardiologi',
      from: NOW.toISOString(),
      to: '2026-10-27T10:00:00.000Z',
      gaps: [
        { start: NOW.toISOString(), end: '2026-10-24T20:00:00.000Z' },
        { start: '2026-10-25T07:00:00.000Z', end: '2026-10-27T10:00:00.000Z' },
      ],
    });
  });

  it("people: the specialty's specialists a coordinator may put on the roster", async () => {
    const res = await as('coord-1').get('/api/rosters/kardiologi/people');
    expect(res.status).toBe(200);
    expect(res.body.people.map((p: any) => p.id)).toEqual(['kard-1', 'kard-2', 'kard-3']);
    expect((await as('gp-1').get('/api/rosters/kardiologi/people')).status).toBe(403);
  });

  it('a specialty in the path that is not a slug is a 404 (no such roster), not a 500', async () => {
    const res = await as('coord-1').get('/api/rosters/Kardio%20logi');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
