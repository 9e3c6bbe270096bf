/**
 * The authorization table (README «Who may do what»), route by route, against the whole app as
 * `startSamrom` composes it with the demo directory: roles × relationships × organisations.
 * Two coordinators of different municipalities (Drammen, Asker), a hospital coordinator, the
 * meeting's clinicians, outsiders and admins ask every route that touches a consultation, a
 * roster, people's free/busy or the advice line, and each gets exactly the status the rules say:
 * 404 where a consultation is none of their business, 403 where they may see it but not do this.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { LiveKitDouble } from '../doubles/livekit-double';
import type { ApiClient, ApiResponse } from '../helpers/app';
import { testDbKind } from '../helpers/db';
import { type SamromInProcess, startSamromInProcess } from '../helpers/samrom-in-process';

/** Demo people (server/src/seed/vestre-viken.ts) by their relationship to the meeting `C`, booked by Marte of Drammen kommune. */
const WHO = {
  booker: 'ke-drammen-1',
  sameOrganizationCoordinator: 'ke-drammen-2',
  otherMunicipalityCoordinator: 'ke-asker-1',
  /** Vestre Viken HF, coordinates the kardiologi roster. */
  hospitalCoordinator: 'ke-vestreviken-1',
  gpParticipant: 'gp-lier-1',
  specialistParticipant: 'spes-kardiologi-1',
  outsiderGp: 'gp-asker-1',
  outsiderMunicipality: 'kom-drammen-1',
  otherSpecialtySpecialist: 'spes-indremedisin-1',
  admin: 'admin-1',
} as const;
type Label = keyof typeof WHO;

const MS_PER_MINUTE = 60_000;

let running: SamromInProcess;
let double: LiveKitDouble;
const clients = new Map<string, ApiClient>();
const as = (personId: string) => clients.get(personId)!;
/** The shared meeting `C` and its relative's participant id (a guest, for admit). */
let meeting: { id: string; relativeId: string };
let slot = 0;

/** Books (as `who`) a meeting with the patient, a consenting relative, gp-lier-1 and spes-kardiologi-1, in its own half hour. */
async function book(who: string): Promise<{ id: string; relativeId: string }> {
  // Two hours ahead and on: inside the (widened) join window, and never two at once for the same clinicians.
  const start = new Date(Math.ceil((Date.now() + 120 * MS_PER_MINUTE) / MS_PER_MINUTE) * MS_PER_MINUTE + slot++ * 30 * MS_PER_MINUTE);
  const res = await as(who).post('/api/consultations', {
    title: 'Oppfølging etter utskrivning',
    patient: { name: 'Per Pasient', phone: '912 34 567', nationalId: '15037500019' },
    start: start.toISOString(),
    durationMinutes: 15,
    participants: [
      { role: 'patient' },
      { role: 'relative', name: 'Randi Pårørende', email: 'randi@example.no', consentedByPatient: true },
      { role: 'gp', personId: WHO.gpParticipant },
      { role: 'specialist', personId: WHO.specialistParticipant },
    ],
  });
  expect(res.status).toBe(201);
  const relative = (res.body.participants as { id: string; role: string }[]).find((p) => p.role === 'relative')!;
  return { id: res.body.id, relativeId: relative.id };
}

beforeAll(async () => {
  double = new LiveKitDouble();
  await double.start();
  // Who may join is the question here, not when: the join and admission windows (60 and 30 min
  // before the start by default; their own tests in lobby-attention) are opened to a day.
  running = await startSamromInProcess('web', {
    LIVEKIT_URL: double.url,
    LIVEKIT_API_KEY: double.apiKey,
    LIVEKIT_API_SECRET: double.apiSecret,
    CLINICIAN_JOIN_MINUTES_BEFORE_START: '1440',
    GUEST_ADMISSION_MINUTES_BEFORE_START: '1440',
  });
  for (const personId of [...Object.values(WHO), 'admin-2', 'gp-drammen-1']) clients.set(personId, await running.signIn(personId));
  meeting = await book(WHO.booker);
});

afterAll(async () => {
  await running?.stop([...Object.values(QUEUES), QUEUES.advice]);
  await double?.stop();
});

// ── Consultations ──────────────────────────────────────────────────────────────────────────

const SUMMARY = { isbar: { situation: 'Stabil, følges opp hjemme' }, actions: [] };

/** One consultation route: how to call it on a meeting. `mutates`: an allowed call gets a meeting of its own. */
interface Route {
  readonly name: string;
  readonly call: (client: ApiClient, m: { id: string; relativeId: string }) => Promise<ApiResponse<any>>;
  readonly ends?: boolean;
}

const ROUTES = {
  read: { name: 'GET /api/consultations/:id', call: (c, m) => c.get(`/api/consultations/${m.id}`) },
  change: { name: 'PATCH /api/consultations/:id', call: (c, m) => c.request('PATCH', `/api/consultations/${m.id}`, { title: 'Oppfølging etter utskrivning' }) },
  cancel: { name: 'POST /api/consultations/:id/cancel', call: (c, m) => c.post(`/api/consultations/${m.id}/cancel`), ends: true },
  attendance: { name: 'GET /api/consultations/:id/attendance', call: (c, m) => c.get(`/api/consultations/${m.id}/attendance`) },
  attendanceCsv: { name: 'GET /api/consultations/:id/attendance.csv', call: (c, m) => c.get(`/api/consultations/${m.id}/attendance.csv`) },
  summaryRead: { name: 'GET /api/consultations/:id/summary', call: (c, m) => c.get(`/api/consultations/${m.id}/summary`) },
  summaryWrite: { name: 'PUT /api/consultations/:id/summary', call: (c, m) => c.request('PUT', `/api/consultations/${m.id}/summary`, SUMMARY) },
  lobby: { name: 'GET /api/consultations/:id/lobby', call: (c, m) => c.get(`/api/consultations/${m.id}/lobby`) },
  // The relative is not waiting in the lobby: one allowed to admit gets 409, not 403/404.
  admit: { name: 'POST /api/consultations/:id/admit', call: (c, m) => c.post(`/api/consultations/${m.id}/admit`, { participantId: m.relativeId }) },
  join: { name: 'POST /api/consultations/:id/join', call: (c, m) => c.post(`/api/consultations/${m.id}/join`, {}) },
} satisfies Record<string, Route>;
type RouteKey = keyof typeof ROUTES;

/**
 * The expected status of each route for each relationship to `C`, booked by a Drammen kommune
 * coordinator: columns are the README's table, rows the routes.
 */
const CONSULTATION_TABLE: Record<RouteKey, Record<Label, number>> = {
  //               booker  same-org  Asker  hospital  gp   spec  out-gp  out-kom  other-spec  admin
  read: row(200, 200, 404, 404, 200, 200, 404, 404, 404, 200),
  change: row(200, 200, 404, 404, 403, 403, 404, 404, 404, 200),
  cancel: row(200, 200, 404, 404, 403, 403, 404, 404, 404, 200),
  attendance: row(200, 200, 404, 404, 403, 403, 404, 404, 404, 200),
  attendanceCsv: row(200, 200, 404, 404, 403, 403, 404, 404, 404, 200),
  summaryRead: row(200, 200, 404, 404, 200, 200, 404, 404, 404, 200),
  summaryWrite: row(200, 200, 404, 404, 200, 200, 404, 404, 404, 403),
  lobby: row(200, 200, 404, 404, 200, 200, 404, 404, 404, 403),
  admit: row(409, 409, 404, 404, 409, 409, 404, 404, 404, 403),
  join: row(403, 403, 404, 404, 200, 200, 404, 404, 404, 403),
};

function row(...statuses: number[]): Record<Label, number> {
  return Object.fromEntries((Object.keys(WHO) as Label[]).map((label, i) => [label, statuses[i]!])) as Record<Label, number>;
}

const consultationRows = (Object.keys(CONSULTATION_TABLE) as RouteKey[]).flatMap((route) =>
  (Object.keys(WHO) as Label[]).map((label) => ({ route, label, status: CONSULTATION_TABLE[route][label] })),
);

describe(`authorization of consultations on ${testDbKind()}`, () => {
  it.each(consultationRows)('$route by $label → $status', async ({ route, label, status }) => {
    const r: Route = ROUTES[route];
    // A call that ends the meeting gets a meeting of its own, so the shared one stays open for the rest.
    const target = r.ends && status < 400 ? await book(WHO.booker) : meeting;
    const res = await r.call(as(WHO[label]), target);
    expect(res.status, `${r.name} as ${WHO[label]}`).toBe(status);
    if (status === 404) {
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
      expect(res.text).not.toContain('Per Pasient');
    }
    if (status === 403) expect(res.body).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('a GP who booked without taking part manages and reads the meeting but does not write its summary or join; the booker’s organisation has no coordinator here', async () => {
    const booked = await as('gp-drammen-1').post('/api/consultations', {
      title: 'Legemiddelgjennomgang',
      patient: { name: 'Pål Pasient', phone: '912 34 568' },
      start: new Date(Date.now() + 26 * 60 * MS_PER_MINUTE).toISOString(),
      durationMinutes: 15,
      participants: [{ role: 'patient' }, { role: 'specialist', personId: 'spes-kardiologi-2' }],
    });
    expect(booked.status).toBe(201);
    const m = { id: booked.body.id as string, relativeId: booked.body.participants[0].id as string };
    const expected: Partial<Record<RouteKey, number>> = { read: 200, change: 200, attendance: 200, summaryRead: 200, summaryWrite: 403, lobby: 403, join: 403 };
    for (const [route, status] of Object.entries(expected) as [RouteKey, number][]) {
      expect((await ROUTES[route].call(as('gp-drammen-1'), m)).status, route).toBe(status);
    }
    // The coordinator of Drammen kommune is not of «Fastlegene i Drammen»: not told of it.
    expect((await ROUTES.read.call(as(WHO.booker), m)).status).toBe(404);
    expect((await ROUTES.cancel.call(as(WHO.booker), m)).status).toBe(404);
    expect((await ROUTES.cancel.call(as('gp-drammen-1'), m)).status).toBe(200);
  });

  it('lists: a coordinator’s calendar holds the own organisation’s meetings, an admin’s all; participants see theirs; others nothing', async () => {
    const listed = async (who: string, scope: 'mine' | 'all') => {
      const res = await as(who).get(`/api/consultations?scope=${scope}`);
      return res.status === 200 ? (res.body.consultations as { id: string }[]).some((c) => c.id === meeting.id) : res.status;
    };
    expect(await listed(WHO.sameOrganizationCoordinator, 'all')).toBe(true);
    expect(await listed(WHO.otherMunicipalityCoordinator, 'all')).toBe(false);
    expect(await listed(WHO.hospitalCoordinator, 'all')).toBe(false);
    expect(await listed(WHO.admin, 'all')).toBe(true);
    expect(await listed(WHO.gpParticipant, 'all')).toBe(403);
    expect(await listed(WHO.gpParticipant, 'mine')).toBe(true);
    expect(await listed(WHO.specialistParticipant, 'mine')).toBe(true);
    expect(await listed(WHO.outsiderGp, 'mine')).toBe(false);
  });

  it('an unknown consultation is 404 for everyone, the same answer an outsider gets for an existing one', async () => {
    const unknown = { id: '00000000-0000-4000-8000-000000000000', relativeId: meeting.relativeId };
    for (const route of ['read', 'cancel', 'summaryRead', 'attendanceCsv', 'lobby'] as const) {
      const known = await ROUTES[route].call(as(WHO.otherMunicipalityCoordinator), meeting);
      const none = await ROUTES[route].call(as(WHO.admin), unknown);
      expect([known.status, none.status]).toEqual([404, 404]);
      expect(known.body.error.code).toBe(none.body.error.code);
    }
  });
});

// ── Free/busy ──────────────────────────────────────────────────────────────────────────────

describe(`authorization of free/busy on ${testDbKind()}`, () => {
  const search = (who: string, personIds: string[]) => {
    const from = new Date(Date.now() + 7 * 24 * 60 * MS_PER_MINUTE);
    return as(who).post('/api/consultations/availability', {
      personIds,
      from: from.toISOString(),
      to: new Date(from.getTime() + 7 * 24 * 60 * MS_PER_MINUTE).toISOString(),
      durationMinutes: 30,
    });
  };
  const others = [WHO.gpParticipant, WHO.specialistParticipant];

  it.each([
    { who: 'otherMunicipalityCoordinator', personIds: others, status: 200 },
    { who: 'hospitalCoordinator', personIds: others, status: 200 },
    { who: 'gpParticipant', personIds: others, status: 200 },
    { who: 'specialistParticipant', personIds: [WHO.specialistParticipant], status: 200 },
    { who: 'outsiderGp', personIds: others, status: 403 },
    { who: 'otherSpecialtySpecialist', personIds: [WHO.specialistParticipant], status: 403 },
    { who: 'outsiderMunicipality', personIds: [WHO.outsiderMunicipality, WHO.gpParticipant], status: 403 },
    { who: 'admin', personIds: others, status: 403 },
  ] as const)('$who asking about $personIds → $status', async ({ who, personIds, status }) => {
    const res = await search(WHO[who], [...personIds]);
    expect(res.status).toBe(status);
    if (status === 403) expect(res.body).not.toHaveProperty('slots');
  });
});

// ── Rosters ────────────────────────────────────────────────────────────────────────────────

describe(`authorization of rosters on ${testDbKind()}`, () => {
  const PERIOD = { from: '2031-01-06T00:00', to: '2031-01-07T00:00' };
  const CSV = 'specialty,person,level,start,end\nkardiologi,spes-kardiologi-1,1,2031-01-06T08:00,2031-01-06T15:30\n';
  const ROSTER_ROUTES = {
    replace: (c: ApiClient) => c.request('PUT', '/api/rosters/kardiologi', { ...PERIOD, shifts: [] }),
    import: (c: ApiClient) => c.post('/api/rosters/kardiologi/import', undefined, { rawBody: CSV, headers: { 'content-type': 'text/csv' } }),
    list: (c: ApiClient) => c.get('/api/rosters/kardiologi'),
    onCall: (c: ApiClient) => c.get('/api/rosters/kardiologi/on-call'),
    gaps: (c: ApiClient) => c.get('/api/rosters/kardiologi/gaps'),
    people: (c: ApiClient) => c.get('/api/rosters/kardiologi/people'),
  };
  type RosterRoute = keyof typeof ROSTER_ROUTES;
  // Writers: admins and kardiologi's coordinator; readers besides: kardiologi's specialists.
  const table: Record<string, Record<RosterRoute, number>> = {
    'ke-vestreviken-1': { replace: 200, import: 200, list: 200, onCall: 200, gaps: 200, people: 200 },
    'admin-1': { replace: 200, import: 200, list: 200, onCall: 200, gaps: 200, people: 200 },
    // Admin and indremedisin's coordinator: an admin changes any roster.
    'admin-2': { replace: 200, import: 200, list: 200, onCall: 200, gaps: 200, people: 200 },
    'ke-drammen-1': { replace: 403, import: 403, list: 403, onCall: 403, gaps: 403, people: 403 },
    'ke-asker-1': { replace: 403, import: 403, list: 403, onCall: 403, gaps: 403, people: 403 },
    'spes-kardiologi-1': { replace: 403, import: 403, list: 200, onCall: 200, gaps: 200, people: 200 },
    'spes-indremedisin-1': { replace: 403, import: 403, list: 403, onCall: 403, gaps: 403, people: 403 },
    'gp-lier-1': { replace: 403, import: 403, list: 403, onCall: 403, gaps: 403, people: 403 },
  };
  const rows = Object.entries(table).flatMap(([who, routes]) =>
    Object.entries(routes).map(([route, status]) => ({ who, route: route as RosterRoute, status })),
  );

  it.each(rows)('$route kardiologi by $who → $status', async ({ who, route, status }) => {
    const res = await ROSTER_ROUTES[route](as(who));
    expect(res.status).toBe(status);
    if (status === 403) expect(res.body).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('a refused replace changes nothing', async () => {
    const now = (await ROSTER_ROUTES.list(as('admin-1'))).body;
    const week = `/api/rosters/kardiologi?from=${encodeURIComponent(now.from)}&to=${encodeURIComponent(now.to)}`;
    const before = (await as('admin-1').get(week)).body;
    expect(before.shifts.length).toBeGreaterThan(0);
    expect((await as('ke-asker-1').request('PUT', '/api/rosters/kardiologi', { from: before.from, to: before.to, shifts: [] })).status).toBe(403);
    expect((await as('admin-1').get(week)).body).toEqual(before);
  });
});

// ── The advice line ────────────────────────────────────────────────────────────────────────

describe(`authorization of the advice line's queue and figures on ${testDbKind()}`, () => {
  it.each([
    { who: 'spes-kardiologi-1', specialty: 'kardiologi', status: 200 },
    { who: 'ke-vestreviken-1', specialty: 'kardiologi', status: 200 },
    { who: 'admin-1', specialty: 'kardiologi', status: 200 },
    { who: 'admin-2', specialty: 'kardiologi', status: 200 },
    { who: 'spes-indremedisin-1', specialty: 'kardiologi', status: 403 },
    { who: 'ke-drammen-1', specialty: 'kardiologi', status: 403 },
    { who: 'ke-asker-1', specialty: 'kardiologi', status: 403 },
    { who: 'gp-lier-1', specialty: 'kardiologi', status: 403 },
    { who: 'spes-indremedisin-1', specialty: 'indremedisin', status: 200 },
    { who: 'ke-vestreviken-1', specialty: 'indremedisin', status: 403 },
  ])('the $specialty queue and figures for $who → $status', async ({ who, specialty, status }) => {
    expect((await as(who).get(`/api/advice-requests?specialty=${specialty}&status=waiting`)).status).toBe(status);
    expect((await as(who).get(`/api/advice-requests/stats?specialty=${specialty}`)).status).toBe(status);
  });

  it('the figures of every specialty at once are for admins only', async () => {
    expect((await as('admin-1').get('/api/advice-requests/stats')).status).toBe(200);
    for (const who of ['spes-kardiologi-1', 'ke-vestreviken-1', 'ke-drammen-1']) {
      expect((await as(who).get('/api/advice-requests/stats')).status, who).toBe(403);
    }
  });

  it('one request: its requester reads and withdraws it; another GP, another specialty’s specialist and a coordinator may not', async () => {
    const asked = await as('gp-lier-1').post('/api/advice-requests', {
      specialty: 'kardiologi',
      priority: 'vanlig',
      isbar: { identification: 'Mann 67 år', situation: 'Brystsmerter', background: '', assessment: '', recommendation: '' },
    });
    expect(asked.status).toBe(201);
    const id = asked.body.id as string;
    expect((await as('gp-lier-1').get(`/api/advice-requests/${id}`)).status).toBe(200);
    for (const who of ['gp-asker-1', 'spes-indremedisin-1', 'ke-drammen-1']) {
      expect((await as(who).get(`/api/advice-requests/${id}`)).status, who).toBe(403);
      expect((await as(who).request('DELETE', `/api/advice-requests/${id}`)).status, who).toBe(403);
      expect((await as(who).post(`/api/advice-requests/${id}/accept`)).status, who).toBe(403);
    }
    expect((await as('gp-lier-1').request('DELETE', `/api/advice-requests/${id}`)).status).toBe(204);
  });
});

// ── Akuttvideo and citizen video (rules unchanged, asked all the same) ─────────────────────

describe(`authorization of emergency calls and citizen video on ${testDbKind()}`, () => {
  it('an emergency call: its legevakt doctor and AMK see it; another legevakt, GPs, coordinators and admins get 403', async () => {
    for (const personId of ['lv-drammen-1', 'lv-drammen-2', 'lv-asker-baerum-1', 'amk-1']) clients.set(personId, await running.signIn(personId));
    const called = await as('lv-drammen-1').post('/api/emergency-calls', { triage: 'gul', isbar: { situation: 'Brystsmerter' } });
    expect(called.status).toBe(201);
    const id = called.body.id as string;
    const expected: Record<string, number> = {
      'lv-drammen-1': 200,
      'amk-1': 200,
      // Same legevakt, not the caller: the call is the caller's.
      'lv-drammen-2': 403,
      'lv-asker-baerum-1': 403,
      'gp-lier-1': 403,
      'ke-drammen-1': 403,
      'admin-1': 403,
    };
    for (const [who, status] of Object.entries(expected)) {
      expect((await as(who).get(`/api/emergency-calls/${id}`)).status, who).toBe(status);
    }
    for (const who of ['lv-asker-baerum-1', 'gp-lier-1']) {
      expect((await as(who).post(`/api/emergency-calls/${id}/join`, {})).status, who).toBe(403);
      expect((await as(who).post(`/api/emergency-calls/${id}/end`, {})).status, who).toBe(403);
    }
  });

  it('a citizen video session: AMK sees it; legevakt, GPs and coordinators get 403', async () => {
    const sent = await as('amk-1').post('/api/citizen-video', { phone: '+4790000999' });
    expect(sent.status).toBe(201);
    const id = sent.body.id as string;
    expect((await as('amk-1').get(`/api/citizen-video/${id}`)).status).toBe(200);
    for (const who of ['lv-drammen-1', 'gp-lier-1', 'ke-drammen-1']) {
      expect((await as(who).get(`/api/citizen-video/${id}`)).status, who).toBe(403);
      expect((await as(who).post(`/api/citizen-video/${id}/end`, {})).status, who).toBe(403);
    }
  });
});
