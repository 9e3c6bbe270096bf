/**
 * `npm start` as a new user runs it: embedded PGlite, a redis-server Samrom owns, one process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type SamromProcess, freePort, spawnSamrom, waitUntilRunning } from '../helpers/samrom-process';

/** Issue #2: `/readyz` answers 200 within 30 s of `npm start`. How long it takes: `npm run bench -- --only startup`. */
const READY_WITHIN_MS = 30_000;

const running: SamromProcess[] = [];
let dataDir: string;

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<SamromProcess> {
  const port = String(await freePort());
  const p = spawnSamrom({ PORT: port, PUBLIC_BASE_URL: `http://localhost:${port}`, ...env });
  running.push(p);
  return p;
}

async function signInAsAdmin(baseUrl: string): Promise<string> {
  const { people } = (await (await fetch(`${baseUrl}/api/dev/people`)).json()) as { people: { id: string; roles: string[] }[] };
  const admin = people.find((p) => p.roles.includes('admin'));
  expect(admin, 'the demo directory has an admin').toBeDefined();
  const res = await fetch(`${baseUrl}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId: admin!.id }),
  });
  return ((await res.json()) as { token: string }).token;
}

describe('npm start on embedded defaults', () => {
  it('is ready within 30 s, keeps data across a restart, and refuses a second instance on the same DATA_DIR', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'samrom-start-'));
    const first = await start({ DATA_DIR: dataDir });
    await waitUntilRunning(first, READY_WITHIN_MS);
    const ready = await fetch(`${first.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: 'ok', redis: 'ok' } });

    const token = await signInAsAdmin(first.baseUrl);
    const person = { id: 'e2e-restart-1', name: 'Ragnhild Restart', roles: ['gp'], organization: 'Hole legekontor' };
    const saved = await fetch(`${first.baseUrl}/api/admin/directory`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ people: [person] }),
    });
    expect(saved.status).toBe(200);

    // A second instance on the same folder stops with a clear message and leaves the first alone.
    const second = await start({ DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/brukes allerede av en annen Samrom-prosess/);
    expect(second.output()).toMatch(/already in use/);
    expect((await fetch(`${first.baseUrl}/readyz`)).status).toBe(200);

    // SIGTERM shuts down gracefully.
    expect(await first.stop('SIGTERM')).toBe(0);

    const again = await start({ DATA_DIR: dataDir });
    await waitUntilRunning(again);
    const token2 = await signInAsAdmin(again.baseUrl);
    const list = await fetch(`${again.baseUrl}/api/admin/directory`, { headers: { authorization: `Bearer ${token2}` } });
    const { people } = (await list.json()) as { people: { id: string; name: string }[] };
    expect(people.find((p) => p.id === person.id)?.name).toBe(person.name);
    expect(await again.stop('SIGTERM')).toBe(0);
  });

  it('refuses to start in production without bot credentials, naming MICROSOFT_APP_ID', async () => {
    const p = await start({ NODE_ENV: 'production', DATA_DIR: path.join(tmpdir(), 'samrom-prod-never-created') });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain('MICROSOFT_APP_ID');
  });
});
