import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../server/src/contracts/messages';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';

const ADMIN_OID = randomUUID();
const GP_OID = randomUUID();
const BOOTSTRAP_OID = randomUUID();
const OTHER_TENANT = randomUUID();

let database: TestDatabase;
let entra: LocalEntra;
let app: TestApp;
let client: ApiClient;

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  app = await startTestApp({
    database,
    entra: entra.verifierOptions,
    bootstrapAdminOids: [BOOTSTRAP_OID],
  });
  client = api(app.url);
  await app.directory.upsert([
    { id: 'admin-1', name: 'Anne Admin', roles: ['admin'], organization: 'Vestre Viken HF', aadObjectId: ADMIN_OID },
    { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: GP_OID },
  ]);
});
afterAll(async () => {
  await app?.stop();
  await entra?.close();
  await database?.destroy();
});

const tokenFor = (oid: string, name?: string) => entra.sign({ oid, name });

function expectUnauthenticated(res: { status: number; headers: Headers; body: unknown }): void {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  expect(res.body).toMatchObject({ error: { code: 'unauthenticated', message: ERROR_MESSAGES.unauthenticated.nb } });
}

describe(`API authentication on ${testDbKind()}`, () => {
  it('a request without a token gets 401 unauthenticated with WWW-Authenticate: Bearer', async () => {
    expectUnauthenticated(await client.get('/api/me'));
  });

  it('a header that is not a bearer token gets 401', async () => {
    expectUnauthenticated(await client.get('/api/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }));
    expectUnauthenticated(await client.get('/api/me', { token: 'not-a-jwt' }));
  });

  it('a token from an unknown issuer gets 401, even when signed by a published key', async () => {
    const token = await entra.sign({ oid: ADMIN_OID, iss: 'https://evil.example/v2.0' });
    expectUnauthenticated(await client.get('/api/me', { token }));
    const v1 = await entra.sign({ oid: ADMIN_OID, iss: `https://sts.windows.net/${entra.tenantId}/` });
    expectUnauthenticated(await client.get('/api/me', { token: v1 }));
  });

  it('a token for another audience gets 401', async () => {
    const token = await entra.sign({ oid: ADMIN_OID, aud: 'api://some-other-app' });
    expectUnauthenticated(await client.get('/api/me', { token }));
  });

  it('a token from a tenant outside AUTH_TENANT_IDS gets 401, even with that tenant’s own issuer', async () => {
    const token = await entra.sign({ oid: ADMIN_OID, tid: OTHER_TENANT });
    expectUnauthenticated(await client.get('/api/me', { token }));
  });

  it('an expired token gets 401', async () => {
    const token = await entra.sign({ oid: ADMIN_OID }, { expiresInSeconds: -3600 });
    expectUnauthenticated(await client.get('/api/me', { token }));
  });

  it('a token signed by another key under the published kid gets 401', async () => {
    const token = await entra.sign({ oid: ADMIN_OID }, { foreignKey: true });
    expectUnauthenticated(await client.get('/api/me', { token }));
  });

  it('a token whose kid is not in the JWKS gets 401', async () => {
    const token = await entra.sign({ oid: ADMIN_OID }, { kid: 'unknown-kid' });
    expectUnauthenticated(await client.get('/api/me', { token }));
  });

  it('a token without an oid claim gets 401', async () => {
    const token = await entra.sign({ oid: ADMIN_OID }, { omit: ['oid'] });
    expectUnauthenticated(await client.get('/api/me', { token }));
  });

  it('a valid token for someone not in the directory gets 403 unknown_person', async () => {
    const res = await client.get('/api/me', { token: await tokenFor(randomUUID(), 'Ukjent Person') });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'unknown_person', message: ERROR_MESSAGES.unknown_person.nb } });
  });

  it('GET /api/me returns the signed-in person with roles from the directory', async () => {
    // The token's name is ignored: the directory is the source of truth.
    const res = await client.get('/api/me', { token: await tokenFor(GP_OID, 'Navn Fra Token') });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', specialty: null });
  });

  it('a GP gets 403 forbidden on the admin directory API and changes nothing', async () => {
    const gp = client.as(await tokenFor(GP_OID));
    const before = await app.directory.list();

    const list = await gp.get('/api/admin/directory');
    expect(list.status).toBe(403);
    expect(list.body).toMatchObject({ error: { code: 'forbidden', message: ERROR_MESSAGES.forbidden.nb } });

    const upsert = await gp.post('/api/admin/directory', {
      people: [{ id: 'gp-1', name: 'Geir Fastlege', roles: ['gp', 'admin'], organization: 'Lier legesenter' }],
    });
    expect(upsert.status).toBe(403);
    expect(upsert.body).toMatchObject({ error: { code: 'forbidden' } });
    expect(await app.directory.list()).toEqual(before);
  });

  it('an admin upserts people and then sees them listed with their roles', async () => {
    const admin = client.as(await tokenFor(ADMIN_OID));
    const upsert = await admin.post('/api/admin/directory', {
      people: [
        { id: 'spes-1', name: 'Siri Spesialist', roles: ['specialist'], organization: 'Drammen sykehus', specialty: 'kardiologi' },
        { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp', 'legevakt'], organization: 'Lier legesenter', aadObjectId: GP_OID },
      ],
    });
    expect(upsert.status).toBe(200);
    expect(upsert.body).toEqual({ created: 1, updated: 1 });

    const list = await admin.get('/api/admin/directory');
    expect(list.status).toBe(200);
    expect(list.body.people).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'spes-1', name: 'Siri Spesialist', roles: ['specialist'], specialty: 'kardiologi' }),
        expect.objectContaining({ id: 'gp-1', roles: ['gp', 'legevakt'], aadObjectId: GP_OID }),
        expect.objectContaining({ id: 'admin-1', roles: ['admin'] }),
      ]),
    );
  });

  it('a BOOTSTRAP_ADMIN_OIDS user who is not in the directory can use the admin API', async () => {
    const bootstrap = client.as(await tokenFor(BOOTSTRAP_OID, 'Første Admin'));
    const me = await bootstrap.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: 'Første Admin', roles: ['admin'] });

    const upsert = await bootstrap.post('/api/admin/directory', {
      people: [{ id: 'ke-1', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Lier kommune' }],
    });
    expect(upsert.status).toBe(200);
    expect(await app.directory.byId('ke-1')).toMatchObject({ name: 'Kari Koordinator', roles: ['coordinator'] });
  });

  it('error messages are Norwegian by default and English with Accept-Language: en', async () => {
    const nb = await client.get('/api/me');
    expect(nb.body.error.message).toBe('Du må logge inn. Åpne Samrom i Teams og prøv igjen.');
    const en = await client.get('/api/me', { headers: { 'accept-language': 'en' } });
    expect(en.body.error).toMatchObject({ code: 'unauthenticated', message: 'You must sign in. Open Samrom in Teams and try again.' });

    const gp = client.as(await tokenFor(GP_OID));
    const forbiddenEn = await gp.get('/api/admin/directory', { headers: { 'accept-language': 'en-GB,en;q=0.9,nb;q=0.5' } });
    expect(forbiddenEn.body.error.message).toBe(ERROR_MESSAGES.forbidden.en);
    const forbiddenNb = await gp.get('/api/admin/directory', { headers: { 'accept-language': 'nb-NO,en;q=0.5' } });
    expect(forbiddenNb.body.error.message).toBe(ERROR_MESSAGES.forbidden.nb);
  });
});
