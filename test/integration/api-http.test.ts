import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';

const ADMIN_OID = randomUUID();

let database: TestDatabase;
let entra: LocalEntra;
let app: TestApp;
let admin: ApiClient;

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  app = await startTestApp({
    database,
    entra: entra.verifierOptions,
  });
  await app.directory.upsert([
    { id: 'admin-1', name: 'Anne Admin', roles: ['admin'], organization: 'Vestre Viken HF', aadObjectId: ADMIN_OID },
    { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', phone: '+4791234567' },
  ]);
  admin = api(app.url, { token: await entra.sign({ oid: ADMIN_OID }) });
});
afterAll(async () => {
  await app?.stop();
  await entra?.close();
  await database?.destroy();
});

const person = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Person ${id}`,
  roles: ['gp'],
  organization: 'Hurum legekontor',
  ...extra,
});

describe(`HTTP behaviour on ${testDbKind()}`, () => {
  it('a JSON body over 100 KB gets 413 payload_too_large and nothing is saved', async () => {
    const before = await app.directory.list();
    const people = Array.from({ length: 1_200 }, (_, i) => person(`big-${i}`, { name: `Person med et ganske langt navn nummer ${i}` }));
    const body = JSON.stringify({ people });
    expect(body.length).toBeGreaterThan(100 * 1024);
    const res = await admin.post('/api/admin/directory', undefined, { rawBody: body });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'payload_too_large', message: expect.any(String) } });
    expect(await app.directory.list()).toEqual(before);
  });

  it('malformed JSON gets 400 malformed_json', async () => {
    const res = await admin.post('/api/admin/directory', undefined, { rawBody: '{"people": [' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'malformed_json', message: 'Forespørselen er ikke gyldig JSON.' } });
  });

  it.each([
    ['a person without a name', [person('v-1', { name: undefined })], 'people.0.name'],
    ['an unknown role', [person('v-1', { roles: ['gp', 'surgeon'] })], 'people.0.roles.1'],
    ['the same id twice', [person('v-1'), person('v-1')], 'people'],
    ['a phone number not in E.164', [person('v-1', { phone: '91234567' })], 'people.0.phone'],
    ['an Entra object id that is not a GUID', [person('v-1', { aadObjectId: 'kari@example.no' })], 'people.0.aadObjectId'],
  ])('a directory upsert with %s gets 400 validation_failed naming the field, and nothing is saved', async (_what, people, path) => {
    const before = await app.directory.list();
    // A valid person first: the whole batch is refused, not just the bad entry.
    const res = await admin.post('/api/admin/directory', { people: [person('valid-1'), ...people] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: 'Noen felt er ugyldige.' });
    const issues = res.body.error.issues as { path: string; message: string }[];
    expect(issues.length).toBeGreaterThan(0);
    // The valid person is at index 0, so the bad one's index is shifted by one.
    const shifted = path.replace(/^people\.(\d+)/, (_m, i: string) => `people.${Number(i) + 1}`);
    expect(issues.map((i) => i.path)).toContain(shifted);
    expect(await app.directory.list()).toEqual(before);
    expect(await app.directory.byId('valid-1')).toBeNull();
  });

  it('a body that is not an object with people gets 400 validation_failed', async () => {
    const res = await admin.post('/api/admin/directory', { people: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('an unknown /api path gets a 404 JSON error', async () => {
    const res = await admin.get('/api/x');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ error: { code: 'not_found', message: 'Fant ikke det du ba om.' } });
    const en = await admin.post('/api/admin/nothing-here', {}, { headers: { 'accept-language': 'en' } });
    expect(en.status).toBe(404);
    expect(en.body.error.message).toBe('Not found.');
  });

  it('responses carry the security headers', async () => {
    const res = await api(app.url).get('/healthz');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy') ?? '';
    const frameAncestors = csp.split(';').find((d) => d.trim().startsWith('frame-ancestors'));
    expect(frameAncestors).toContain('https://teams.microsoft.com');
    expect(frameAncestors).toContain("'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
    // Teams frames the tabs, so the legacy X-Frame-Options (which cannot allow-list) is off.
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('a well-formed X-Request-Id is echoed, and one is generated otherwise', async () => {
    const client = api(app.url);
    const echoed = await client.get('/healthz', { headers: { 'x-request-id': 'req-abc-12345' } });
    expect(echoed.headers.get('x-request-id')).toBe('req-abc-12345');

    const generated = await client.get('/api/me');
    const id = generated.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.body.error.requestId).toBe(id);

    const unsafe = await client.get('/healthz', { headers: { 'x-request-id': 'bad id with spaces <script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('/healthz answers 200', async () => {
    const res = await api(app.url).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 when every probe passes', async () => {
    const res = await api(app.url).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('/readyz answers 503 and names the failing check when a probe rejects', async () => {
    const failing = await startTestApp({
      database,
      readiness: [
        { name: 'database', probe: () => database.ping() },
        { name: 'redis', probe: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379')) },
      ],
    });
    try {
      const res = await api(failing.url).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'not_ready', checks: { database: 'ok', redis: 'failed' } });
    } finally {
      await failing.stop();
    }
  });

  it('/readyz stays 200 when only a check marked not critical fails, and names it', async () => {
    const partly = await startTestApp({
      database,
      readiness: [
        { name: 'database', probe: () => database.ping() },
        { name: 'optional', probe: () => Promise.reject(new Error('unreachable')), critical: false },
      ],
    });
    try {
      const res = await api(partly.url).get('/readyz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ready', checks: { database: 'ok', optional: 'failed' } });
    } finally {
      await partly.stop();
    }
  });

  it('/metrics without METRICS_TOKEN (development, tests) is open and exposes the request duration histogram in Prometheus format', async () => {
    await admin.get('/api/me');
    const res = await api(app.url).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE samrom_http_request_duration_seconds histogram');
    expect(res.text).toMatch(/samrom_http_request_duration_seconds_count\{method="GET",route="\/api\/me",status="200"\} \d+/);
  });

  it('/metrics with METRICS_TOKEN set needs that bearer token: none, a wrong one or another scheme get 401 {error:{code,message}}', async () => {
    const token = 'a-random-scrape-token-of-at-least-32-characters';
    const guarded = await startTestApp({ database, metricsToken: token });
    try {
      for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `Basic ${token}`, token]) {
        const res = await api(guarded.url).get('/metrics', authorization ? { headers: { authorization } } : {});
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        expect(res.body).toMatchObject({ error: { code: 'metrics_unauthenticated', message: expect.stringContaining('METRICS_TOKEN') } });
        expect(res.text).not.toContain('samrom_http_request_duration_seconds');
      }
      const res = await api(guarded.url).get('/metrics', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(res.text).toContain('# TYPE samrom_http_request_duration_seconds histogram');
    } finally {
      await guarded.stop();
    }
  });

  it('request logs carry no bearer token, national id or phone number from headers or the URL', async () => {
    const token = await entra.sign({ oid: ADMIN_OID });
    const client = api(app.url, { token });
    const res = await client.get('/api/admin/audit?patientId=p-log&fnr=01019012345&phone=%2B4791234567', {
      headers: { cookie: 'samrom_guest=secret-cookie-value' },
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id')!;
    const lines = app.logs().filter((l) => l.includes(requestId));
    expect(lines.length).toBeGreaterThan(0);
    const logged = lines.join('\n');
    for (const secret of [token, '01019012345', '4791234567', 'secret-cookie-value']) expect(logged).not.toContain(secret);
  });
});

describe(`development sign-in on ${testDbKind()}`, () => {
  let devApp: TestApp;
  beforeAll(async () => {
    devApp = await startTestApp({ database, devSignIn: true });
  });
  afterAll(() => devApp?.stop());

  it('GET /api/dev/people lists the directory without contact details', async () => {
    const res = await api(devApp.url).get('/api/dev/people');
    expect(res.status).toBe(200);
    expect(res.body.people).toEqual(
      expect.arrayContaining([
        { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', specialty: null },
        expect.objectContaining({ id: 'admin-1', roles: ['admin'] }),
      ]),
    );
    expect(res.text).not.toContain('+4791234567');
  });

  it('POST /api/dev/sign-in returns a token that works on /api/me', async () => {
    const client = api(devApp.url);
    const res = await client.post('/api/dev/sign-in', { personId: 'gp-1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token: expect.any(String), person: { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'] } });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());

    const me = await client.get('/api/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', specialty: null });
  });

  it('signing in as someone who is not in the directory gets 404', async () => {
    const res = await api(devApp.url).post('/api/dev/sign-in', { personId: 'nobody' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('a development token is refused by an app without the development sign-in', async () => {
    const { token } = (await api(devApp.url).post('/api/dev/sign-in', { personId: 'admin-1' })).body;
    const res = await api(app.url).get('/api/me', { token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('with the development sign-in off, its routes do not exist', async () => {
    // All of /api sits behind authentication, so a signed-in caller is needed to see the 404.
    const people = await admin.get('/api/dev/people');
    expect(people.status).toBe(404);
    expect(people.body.error.code).toBe('not_found');
    const signIn = await admin.post('/api/dev/sign-in', { personId: 'gp-1' });
    expect(signIn.status).toBe(404);
    expect(signIn.body).not.toHaveProperty('token');
    // Anonymous callers learn nothing either: they are asked to sign in.
    const anonymous = await api(app.url).post('/api/dev/sign-in', { personId: 'gp-1' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).not.toHaveProperty('token');
  });
});
