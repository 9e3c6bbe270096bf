/**
 * Hostile input, property-based (issue #12, "hostile input gets 4xx"): Samrom as `npm start`
 * composes it (`startSamrom`, web role, LiveKit double, real Redis, this project's database)
 * gets thousands of generated hostile requests across every route that takes a body or a path
 * parameter, read from the app's own route table. For each one:
 *   - never a 5xx;
 *   - every 4xx from the API is `{error:{code,message}}` with string code and message (the
 *     pages behind personal links answer with their HTML page instead);
 *   - a refused request (4xx) wrote nothing. Row-level triggers on every table count committed
 *     inserts, updates and deletes; the one write a refusal may leave is its audit event with
 *     outcome `denied` or `failed` (the codebase audits refusals, see core/audit.ts).
 * The run is deterministic (fixed fast-check seed); a failure lists the cases with the seed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import type { RunningSamrom } from '../../server/src/server';
import { LiveKitDouble } from '../doubles/livekit-double';
import { api } from '../helpers/app';
import { type FakeConnector, startFakeConnector } from '../helpers/bot-connector';
import { testDbKind } from '../helpers/db';
import { type HostileCase, answerProblem, describeCase, hostileCase, pathOf, sendHostile } from '../helpers/hostile-requests';
import { nested, toJsonText } from '../helpers/hostile-values';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';
import { routeTable } from '../helpers/route-table';
import { type SamromInProcess, startSamromInProcess } from '../helpers/samrom-in-process';
import { type WriteLog, installWriteLog } from '../helpers/write-log';

/** Fixed, so a failure repeats; `HOSTILE_SEED` explores others (a failure names its seed). */
const SEED = Number(process.env.HOSTILE_SEED ?? 1_204_2026);
/** `HOSTILE_RUNS` for a longer exploration; `npm test` runs the default. */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 3_200);
const REQUEST_TIMEOUT_MS = 10_000;

/** Signed-in demo people (the seeded directory), by the part they play here. */
const PEOPLE = {
  coordinator: 'ke-drammen-1',
  rosterCoordinator: 'ke-vestreviken-1',
  gp: 'gp-drammen-1',
  specialist: 'spes-kardiologi-1',
  legevakt: 'lv-drammen-1',
  amk: 'amk-1',
  otherAmk: 'amk-2',
  admin: 'admin-1',
  municipality: 'kom-drammen-1',
} as const;
type Who = keyof typeof PEOPLE | 'nobody' | 'forged';

/** Who is likely to get past the role check of a path, so the body is read at all. */
const SUITED: readonly [RegExp, readonly Who[]][] = [
  [/^\/api\/consultations/, ['coordinator', 'gp', 'specialist']],
  [/^\/api\/emergency-calls/, ['legevakt', 'amk', 'otherAmk']],
  [/^\/api\/advice-requests/, ['gp', 'specialist', 'legevakt']],
  [/^\/api\/rosters/, ['rosterCoordinator', 'admin', 'specialist']],
  [/^\/api\/admin/, ['admin']],
  [/^\/api\/citizen-video/, ['amk', 'otherAmk']],
  [/^\/api\/clinical/, ['gp', 'legevakt']],
];
const EVERYONE: readonly Who[] = [...(Object.keys(PEOPLE) as (keyof typeof PEOPLE)[]), 'nobody', 'forged'];

/** Long-lived or static pages: no body and no parameter to be hostile with. */
const NOT_FUZZED = new Set([
  'GET /',
  'GET /app',
  'GET /app/config.json',
  'GET /app/{*rest}',
  'GET /personvern',
  'GET /vilkar',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /join',
  'GET /crew',
  'GET /video',
]);
/** Pages reached by a personal link: they answer browsers with HTML, not the API's JSON. */
const LINK_PAGE = /^\/(join|video|crew)\/:token(\/new-link)?$/;

let running: SamromInProcess;
let samrom: RunningSamrom;
let double: LiveKitDouble;
let connector: FakeConnector;
let writes: WriteLog;
const prefix = uniquePrefix('hostile');
const tokens = new Map<Who, string>();
const errorLines: string[] = [];
/** Real ids of things the fixtures made, by the collection in the path. */
const realIds = new Map<string, string[]>();
let templates: Record<string, () => unknown>;

const inDays = (days: number, hour = 10) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
const osloLocal = (days: number, hour: number) => inDays(days, hour).slice(0, 13) + ':00';

beforeAll(async () => {
  double = new LiveKitDouble();
  await double.start();
  connector = await startFakeConnector();
  // Errors only: a 5xx's log line names its cause in the failure report.
  const logger = createLogger({ level: 'error', destination: { write: (line: string) => void errorLines.push(line) } });
  running = await startSamromInProcess(
    'web',
    {
      PUBLIC_BASE_URL: 'http://samrom.test',
      QUEUE_PREFIX: prefix,
      LIVEKIT_URL: double.url,
      LIVEKIT_API_KEY: double.apiKey,
      LIVEKIT_API_SECRET: double.apiSecret,
    },
    { logger },
  );
  samrom = running.samrom;
  const client = api(samrom.url!);
  for (const [who, personId] of Object.entries(PEOPLE)) {
    const res = await client.post('/api/dev/sign-in', { personId });
    expect(res.status).toBe(200);
    tokens.set(who as Who, res.body.token);
  }
  const as = (who: Who) => client.as(tokens.get(who)!);

  // Things for the id routes to find: a meeting, a ringing and an answered emergency call, an
  // advice request and a citizen video session.
  const booked = await as('coordinator').post('/api/consultations', {
    title: 'Oppfølging etter utskriving',
    patient: { name: 'Per Pasient', phone: '+4791234567' },
    start: inDays(3),
    durationMinutes: 30,
    participants: [{ role: 'patient' }, { role: 'gp', personId: PEOPLE.gp }, { role: 'specialist', personId: PEOPLE.specialist }],
  });
  expect(booked.status).toBe(201);
  const ringing = await as('legevakt').post('/api/emergency-calls', { triage: 'gul' });
  const answered = await as('legevakt').post('/api/emergency-calls', { triage: 'rod', vitals: { pulse: 130 } });
  expect([ringing.status, answered.status]).toEqual([201, 201]);
  expect((await as('amk').post(`/api/emergency-calls/${answered.body.id}/accept`)).status).toBe(200);
  const advice = await as('gp').post('/api/advice-requests', { specialty: 'kardiologi', priority: 'haster', isbar: { situation: 'Brystsmerter' } });
  expect(advice.status).toBe(201);
  const video = await as('amk').post('/api/citizen-video', { phone: '915 00 123' });
  expect(video.status).toBe(201);
  realIds.set('consultations', [booked.body.id]);
  realIds.set('emergency-calls', [ringing.body.id, answered.body.id]);
  realIds.set('advice-requests', [advice.body.id]);
  realIds.set('citizen-video', [video.body.id]);
  const participantId = (booked.body.participants as { id: string; role: string }[]).find((p) => p.role === 'patient')!.id;

  templates = {
    'POST /api/consultations': () => ({
      title: 'Samtale',
      patient: { name: 'Kari Pasient', phone: '+4791234568', nationalId: '01017012345' },
      start: inDays(5, 9),
      durationMinutes: 45,
      participants: [
        { role: 'patient' },
        { role: 'relative', name: 'Ola Pårørende', phone: '+4791234569', consentedByPatient: true },
        { role: 'gp', personId: 'gp-lier-1' },
      ],
    }),
    'PATCH /api/consultations/:id': () => ({ title: 'Ny tittel', start: inDays(4, 12), durationMinutes: 60 }),
    'POST /api/consultations/availability': () => ({
      personIds: [PEOPLE.gp, PEOPLE.specialist],
      externalWindows: [{ start: inDays(2, 8), end: inDays(2, 15) }],
      from: inDays(1),
      to: inDays(8),
      durationMinutes: 30,
      count: 3,
    }),
    'POST /api/consultations/:id/admit': () => ({ participantId }),
    'POST /api/consultations/:id/join': () => ({ audioOnly: false }),
    'PUT /api/consultations/:id/summary': () => ({
      isbar: { situation: 'Stabil', recommendation: 'Kontroll' },
      actions: [{ what: 'Ta blodprøver', who: 'Fastlege', due: inDays(10).slice(0, 10) }],
      nextMeeting: 'om tre uker',
    }),
    'POST /api/emergency-calls': () => ({ triage: 'rod', vitals: { pulse: 120, spo2: 91 }, isbar: { situation: 'Brystsmerter' } }),
    'POST /api/emergency-calls/:id/invite': () => ({ personId: PEOPLE.specialist }),
    'POST /api/emergency-calls/:id/crew': () => ({ phone: '915 00 124' }),
    'POST /api/emergency-calls/:id/end': () => ({ outcome: 'advice' }),
    'PUT /api/rosters/:specialty': () => ({
      from: osloLocal(30, 8),
      to: osloLocal(31, 8),
      shifts: [{ personId: PEOPLE.specialist, level: 1, start: osloLocal(30, 8), end: osloLocal(30, 16) }],
    }),
    'POST /api/advice-requests': () => ({
      specialty: 'kardiologi',
      priority: 'vanlig',
      isbar: { situation: 'Spørsmål om medisin' },
      callbackPhone: '+4791234567',
    }),
    'POST /api/advice-requests/:id/complete': () => ({ advice: { recommendation: 'Øk dosen' } }),
    'POST /api/citizen-video': () => ({ phone: '915 00 125' }),
    'POST /api/citizen-video/:id/invite': () => ({ personId: PEOPLE.legevakt }),
    'POST /api/admin/directory': () => ({ people: [{ id: 'hostile-1', name: 'Test Person', roles: ['gp'], organization: 'Testlegene' }] }),
    'POST /api/clinical/news2': () => ({
      respirationRate: 20,
      spo2: 96,
      spo2Scale: 1,
      onOxygen: false,
      systolicBp: 120,
      pulse: 80,
      consciousness: 'alert',
      temperature: 37.2,
    }),
    'POST /api/dev/sign-in': () => ({ personId: PEOPLE.gp }),
    'POST /api/guest/token': () => ({ audioOnly: true }),
    'POST /api/crew/token': () => ({}),
    'POST /api/citizen/location': () => ({ latitude: 59.74, longitude: 10.2, accuracy: 25 }),
    'POST /api/messages': () => ({
      type: 'message',
      id: 'hostile-activity',
      text: 'hjelp',
      channelId: 'msteams',
      serviceUrl: connector.url,
      timestamp: new Date().toISOString(),
      from: { id: '29:hostile', aadObjectId: '00000000-0000-4000-8000-000000000099' },
      recipient: { id: '28:samrom' },
      conversation: { id: 'a:hostile', conversationType: 'personal' },
    }),
    'POST /webhooks/livekit': () => ({ event: 'room_finished', id: 'EV_hostile', room: { name: 'r_hostile' } }),
  };

  // Every committed write from here on is logged; refusals may leave only their audit event.
  writes = await installWriteLog(samrom.database.db);
});

afterAll(async () => {
  await running?.stop();
  const redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-hostile-cleanup' });
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
  redis.disconnect();
  await double?.stop();
  await connector?.close();
});

/** A copy of an object with one field replaced. */
function withField(value: unknown, key: string, field: unknown): unknown {
  return { ...(value as Record<string, unknown>), [key]: field };
}

function omit(value: unknown, key: string): unknown {
  const { [key]: _gone, ...rest } = value as Record<string, unknown>;
  return rest;
}

const suited = (path: string): readonly Who[] => SUITED.find(([re]) => re.test(path))?.[1] ?? EVERYONE;

/** The real value of a path parameter: a fixture's id, a seeded specialty, a photo number, a well-formed unknown link. */
function realParameter(collection: string) {
  return (name: string, index: number): string => {
    if (name === 'specialty') return ['kardiologi', 'indremedisin', 'psykiatri'][index % 3]!;
    if (name === 'n') return String(index % 3);
    if (name === 'token') return Buffer.alloc(32, index % 256).toString('base64url');
    const ids = realIds.get(collection) ?? [];
    return ids.length > 0 ? ids[index % ids.length]! : '00000000-0000-4000-8000-000000000000';
  };
}

const pathFor = (c: HostileCase<Who>) => pathOf(c, realParameter(c.route.path.split('/')[2] ?? ''));

function authorizationOf(who: Who): string | undefined {
  if (who === 'forged') return 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.';
  return who === 'nobody' ? undefined : `Bearer ${tokens.get(who)}`;
}

/** The error the server logged for a request id in the answer, if any (the cause of a 5xx). */
function serverError(answer: string): string {
  const requestId = /"requestId":"([\w-]+)"/.exec(answer)?.[1];
  const line = requestId ? errorLines.find((l) => l.includes(requestId)) : undefined;
  if (!line) return '';
  const err = (JSON.parse(line) as { err?: { type?: string; message?: string; stack?: string } }).err;
  return `\n    server: ${err?.type}: ${err?.message?.slice(0, 160)} ${err?.stack?.split('\n').slice(1, 4).join(' ')}`;
}

describe(`hostile input on ${testDbKind()}`, () => {
  /** The findings of issue #12 (and what the property run found first), each as it was reported. */
  const FOUND: readonly {
    what: string;
    method: string;
    path: string;
    who: Who;
    body?: unknown;
    raw?: string | (() => string);
    status: number;
    code: string;
    issuePath?: string;
  }[] = [
    {
      what: 'a NUL in a consultation title',
      method: 'POST',
      path: '/api/consultations',
      who: 'coordinator',
      body: () => withField(templates['POST /api/consultations']!(), 'title', 'Møte\u0000'),
      status: 400,
      code: 'validation_failed',
      issuePath: 'title',
    },
    {
      what: 'a NUL in ISBAR text of an emergency call',
      method: 'POST',
      path: '/api/emergency-calls',
      who: 'legevakt',
      body: { triage: 'rod', isbar: { situation: 'a\u0000b' } },
      status: 400,
      code: 'validation_failed',
      issuePath: 'isbar.situation',
    },
    {
      what: 'a NUL in a key',
      method: 'POST',
      path: '/api/advice-requests',
      who: 'gp',
      raw: '{"specialty":"kardiologi","priority":"vanlig","isbar":{"situation":"x"},"\\u0000":1}',
      status: 400,
      code: 'validation_failed',
    },
    {
      what: 'a lone surrogate in a name',
      method: 'POST',
      path: '/api/admin/directory',
      who: 'admin',
      body: { people: [{ id: 'p-1', name: 'Ola \ud800', roles: ['gp'], organization: 'X' }] },
      status: 400,
      code: 'validation_failed',
      issuePath: 'people.0.name',
    },
    { what: '%00 as a consultation id', method: 'GET', path: '/api/consultations/%00', who: 'coordinator', status: 404, code: 'not_found' },
    { what: '%00 as an emergency call id', method: 'POST', path: '/api/emergency-calls/%00/accept', who: 'amk', status: 404, code: 'not_found' },
    { what: '%00 as an advice request id', method: 'DELETE', path: '/api/advice-requests/%00', who: 'gp', status: 404, code: 'not_found' },
    {
      what: 'a uuid with a NUL after it',
      method: 'GET',
      path: '/api/citizen-video/6f1c1d1e-2b7a-4c3d-9e8f-7a6b5c4d3e2f%00',
      who: 'amk',
      status: 404,
      code: 'not_found',
    },
    { what: 'an overlong id', method: 'POST', path: `/api/consultations/${'x'.repeat(4_000)}/cancel`, who: 'coordinator', status: 404, code: 'not_found' },
    { what: 'a NUL as a specialty', method: 'GET', path: '/api/rosters/%00/on-call', who: 'specialist', status: 404, code: 'not_found' },
    {
      what: 'a NUL in a query',
      method: 'GET',
      path: '/api/admin/audit?patientId=%00',
      who: 'admin',
      status: 400,
      code: 'validation_failed',
      issuePath: 'query.patientId',
    },
    {
      what: 'a consultation starting in year 9999',
      method: 'POST',
      path: '/api/consultations',
      who: 'coordinator',
      body: () => withField(templates['POST /api/consultations']!(), 'start', '9999-06-01T10:00:00Z'),
      status: 422,
      code: 'unprocessable',
      issuePath: 'start',
    },
    {
      what: 'availability searched in year 1',
      method: 'POST',
      path: '/api/consultations/availability',
      who: 'coordinator',
      body: () => ({
        ...(templates['POST /api/consultations/availability']!() as object),
        from: '0001-01-01T00:00:00Z',
        to: '0001-01-20T00:00:00Z',
        externalWindows: [],
      }),
      status: 422,
      code: 'unprocessable',
      issuePath: 'from',
    },
    {
      what: 'a roster range in year 1',
      method: 'PUT',
      path: '/api/rosters/kardiologi',
      who: 'rosterCoordinator',
      body: { from: '0001-01-01T00:00', to: '0001-01-02T00:00', shifts: [] },
      status: 422,
      code: 'unprocessable',
      issuePath: 'from',
    },
    {
      what: 'a roster read from year 1 (offset with a space, as an unencoded + arrives)',
      method: 'GET',
      path: '/api/rosters/kardiologi?from=0001-01-01T00:00:00%2001:00',
      who: 'specialist',
      status: 422,
      code: 'unprocessable',
      issuePath: 'from',
    },
    {
      what: 'a NUL in a roster file',
      method: 'POST',
      path: '/api/rosters/kardiologi/import',
      who: 'rosterCoordinator',
      raw: 'specialty,person,level,start,end\nkardiologi,spes-kardiologi-1\u0000,1,2030-01-01T08:00,2030-01-01T16:00\n',
      status: 400,
      code: 'validation_failed',
      issuePath: 'line.2',
    },
    {
      what: 'a roster file with shifts in year 1',
      method: 'POST',
      path: '/api/rosters/kardiologi/import',
      who: 'rosterCoordinator',
      raw: 'specialty,person,level,start,end\nkardiologi,spes-kardiologi-1,1,0001-01-01T08:00,0001-01-01T16:00\n',
      status: 422,
      code: 'unprocessable',
    },
    {
      what: 'an audit query from year 1',
      method: 'GET',
      path: '/api/admin/audit?patientId=p&from=0001-01-01T00:00:00Z',
      who: 'admin',
      status: 422,
      code: 'unprocessable',
      issuePath: 'query.from',
    },
    // The bot's activity has no schema of its own: only the edge stands between these and the SDK.
    {
      what: 'a number JSON cannot hold (1e309 is Infinity)',
      method: 'POST',
      path: '/api/messages',
      who: 'nobody',
      raw: () => toJsonText(withField(templates['POST /api/messages']!(), 'channelData', { n: { rawNumber: '1e309' } })),
      status: 400,
      code: 'validation_failed',
      issuePath: 'channelData.n',
    },
    {
      what: 'JSON nested 40 deep',
      method: 'POST',
      path: '/api/messages',
      who: 'nobody',
      raw: () => toJsonText(withField(templates['POST /api/messages']!(), 'channelData', JSON.parse(nested(40, 'object')))),
      status: 400,
      code: 'validation_failed',
    },
    {
      what: 'a __proto__ key',
      method: 'POST',
      path: '/api/emergency-calls',
      who: 'legevakt',
      raw: '{"triage":"rod","__proto__":{"roles":["admin"]}}',
      status: 400,
      code: 'validation_failed',
      issuePath: '__proto__',
    },
    {
      what: 'an emergency call with no content',
      method: 'POST',
      path: '/api/emergency-calls',
      who: 'legevakt',
      body: {},
      status: 422,
      code: 'emergency_call_empty',
    },
    {
      what: 'an emergency call with an empty body',
      method: 'POST',
      path: '/api/emergency-calls',
      who: 'legevakt',
      raw: '',
      status: 422,
      code: 'emergency_call_empty',
    },
    {
      what: 'an emergency call with blank ISBAR and only the SpO2 scale',
      method: 'POST',
      path: '/api/emergency-calls',
      who: 'legevakt',
      body: { isbar: { situation: '   ' }, vitals: { spo2Scale: 1, onOxygen: false } },
      status: 422,
      code: 'emergency_call_empty',
    },
    {
      what: 'a bot activity without a serviceUrl',
      method: 'POST',
      path: '/api/messages',
      who: 'nobody',
      body: () => omit(templates['POST /api/messages']!(), 'serviceUrl'),
      status: 400,
      code: 'bad_request',
    },
    {
      what: 'a bot activity with an object as its serviceUrl',
      method: 'POST',
      path: '/api/messages',
      who: 'nobody',
      body: () => withField(templates['POST /api/messages']!(), 'serviceUrl', { pU: 1 }),
      status: 400,
      code: 'bad_request',
    },
    { what: 'a guest cookie that is not percent-encoding', method: 'GET', path: '/api/guest/me', who: 'nobody', status: 401, code: 'unauthenticated' },
  ];

  it.each(FOUND)('$what → $status $code, nothing written', async (f) => {
    await writes.take();
    const headers: Record<string, string> = { 'content-type': f.path.endsWith('/import') ? 'text/csv' : 'application/json', 'accept-language': 'nb' };
    if (f.who !== 'nobody' && f.who !== 'forged') headers.authorization = `Bearer ${tokens.get(f.who)}`;
    if (f.path.startsWith('/api/guest')) headers.cookie = 'samrom_guest=%E0%A4%A';
    const raw = typeof f.raw === 'function' ? f.raw() : f.raw;
    const body = raw ?? (f.body === undefined ? undefined : JSON.stringify(typeof f.body === 'function' ? (f.body as () => unknown)() : f.body));
    const res = await fetch(`${samrom.url}${f.path}`, { method: f.method, headers, body });
    const answer = (await res.json()) as { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
    expect({ status: res.status, code: answer.error.code }).toEqual({ status: f.status, code: f.code });
    expect(answer.error.message).toMatch(/\S/);
    if (f.issuePath !== undefined) expect(answer.error.issues?.map((i) => i.path)).toContain(f.issuePath);
    expect(await writes.take()).toEqual([]);
  });

  it('an emergency call with no content rings nobody: no call, no ring job, a Norwegian message (English on request)', async () => {
    await writes.take();
    const nb = await fetch(`${samrom.url}/api/emergency-calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get('legevakt')}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const en = await fetch(`${samrom.url}/api/emergency-calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get('legevakt')}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: '{}',
    });
    expect(((await nb.json()) as { error: { message: string } }).error.message).toBe(
      'Fyll inn hastegrad, minst én vital parameter eller ett ISBAR-felt før du ringer AMK.',
    );
    expect(((await en.json()) as { error: { message: string } }).error.message).toBe(
      'Give a triage colour, at least one vital sign or one ISBAR field before calling AMK.',
    );
    expect(await writes.take()).toEqual([]);
  });

  it(`${RUNS} generated hostile requests over every route with a body or a path parameter: no 5xx, 4xx as {error:{code,message}}, nothing written by a refusal`, async () => {
    const table = routeTable(samrom.app!);
    const routes = table.filter((r) => !NOT_FUZZED.has(`${r.method} ${r.path}`));
    // Every route that takes a body or an id is among them (the route table is the app's own).
    expect(routes.filter((r) => r.method !== 'GET' || r.path.includes(':')).length).toBeGreaterThanOrEqual(50);
    await writes.take();

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let previousAccepted = false;
    await fc.assert(
      fc.asyncProperty(
        hostileCase(routes, { templates, suited, everyone: EVERYONE, cookies: ['samrom_guest', 'samrom_citizen', 'samrom_crew'] }),
        async (c) => {
          const path = pathFor(c);
          let problem: string | undefined;
          try {
            const answer = await sendHostile(`${samrom.url}${path}${c.query}`, c, authorizationOf(c.who), REQUEST_TIMEOUT_MS);
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            // An accepted request's outbox rows are marked sent once Redis has them, which may be
            // after its answer (outbox.ts waits 1 s at most): that mark is the previous request's.
            const written = (await writes.take()).filter((w) => !(previousAccepted && w === 'UPDATE outbox'));
            problem = answerProblem(answer, LINK_PAGE.test(c.route.path));
            if (problem && answer.status >= 500) problem += serverError(answer.text);
            if (!problem && answer.status >= 400 && written.length > 0) problem = `refused with ${answer.status} but wrote ${[...new Set(written)].join(', ')}`;
            previousAccepted = answer.status < 400;
          } catch (err) {
            problem = `no answer: ${(err as Error).message}`;
            await writes.take();
          }
          if (problem) failures.push(`${problem}\n    ← ${describeCase(c, path)}`);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );

    const summary = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    expect(
      failures,
      `seed ${SEED}: ${failures.length} of ${RUNS} hostile requests failed (statuses ${summary}):\n${failures.slice(0, Number(process.env.HOSTILE_SHOW ?? 40)).join('\n')}`,
    ).toEqual([]);
    // The run really was hostile: most requests were refused.
    const refused = [...statuses.entries()].filter(([s]) => s >= 400).reduce((n, [, k]) => n + k, 0);
    expect(refused).toBeGreaterThan(RUNS * 0.8);
  }, 600_000);
});
