import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../helpers/db';
import { type TestApp, startTestApp } from '../helpers/app';

let database: TestDatabase;
let app: TestApp;
beforeAll(async () => {
  database = await createTestDatabase();
  app = await startTestApp({ database });
});
afterAll(async () => {
  await app?.stop();
  await database?.destroy();
});

describe('pages the Teams app package links to', () => {
  it.each([
    ['/personvern', 'Personvern i Samrom'],
    ['/vilkar', 'Vilkår for bruk av Samrom'],
  ])('%s opens without sign-in, in Norwegian with an English section', async (path, heading) => {
    const res = await fetch(`${app.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain(`<h1>${heading}</h1>`);
    expect(html).toContain('lang="en"');
  });
});
