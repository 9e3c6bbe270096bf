/**
 * Issue #18 item 5: a rollout takes a web process out of the load balancer before it stops. On
 * SIGTERM a real `--role=web` process answers /readyz 503 `draining` for SHUTDOWN_DRAIN_MS
 * while /healthz, ordinary requests and open AMK console streams are still served (each answer
 * closing its connection, so keep-alive clients move on); then the streams end (the console
 * reconnects, through the load balancer, to another process) and the process exits 0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';
import { freePort, signalServer, spawnSamrom, waitUntilRunning } from '../helpers/samrom-process';

/** Long enough for the checks below on a busy machine; the behaviour, not the length, is under test. */
const DRAIN_MS = 8_000;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function signIn(baseUrl: string, role: string): Promise<string> {
  const { people } = (await (await fetch(`${baseUrl}/api/dev/people`)).json()) as { people: { id: string; roles: string[] }[] };
  const person = people.find((p) => p.roles.includes(role));
  const res = await fetch(`${baseUrl}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId: person!.id }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** Opens the AMK console stream; resolves `ended` when the server ends it. */
async function consoleStream(baseUrl: string, token: string): Promise<{ status: number; ended: Promise<void> }> {
  const res = await fetch(`${baseUrl}/api/emergency-calls/stream`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
  const body = res.body!;
  const ended = (async () => {
    for await (const _chunk of body as unknown as AsyncIterable<Uint8Array>) {
      // drained as it comes; only the end matters here
    }
  })();
  return { status: res.status, ended };
}

describe('SIGTERM of a web process', () => {
  it('answers /readyz 503 draining for SHUTDOWN_DRAIN_MS while /healthz, requests and console streams are served, then ends the streams and exits 0', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'samrom-drain-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = String(await freePort());
    const web = spawnSamrom(
      {
        PORT: port,
        PUBLIC_BASE_URL: `http://localhost:${port}`,
        DATA_DIR: dataDir,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: uniquePrefix('drain'),
        SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      },
      ['--role=web'],
    );
    cleanups.push(() => web.stop('SIGKILL'));
    await waitUntilRunning(web, 120_000);
    const base = web.baseUrl;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const token = await signIn(base, 'amk');
    const stream = await consoleStream(base, token);
    expect(stream.status).toBe(200);
    let streamEnded = false;
    void stream.ended.then(() => (streamEnded = true));

    await signalServer(web, 'SIGTERM');
    await vi.waitFor(async () => expect((await fetch(`${base}/readyz`)).status).toBe(503), { timeout: 5_000, interval: 50 });
    const readyz = await fetch(`${base}/readyz`);
    expect(await readyz.json()).toMatchObject({ status: 'draining', checks: { database: 'ok', redis: 'ok' } });

    const health = await fetch(`${base}/healthz`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const me = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(me.headers.get('connection')).toBe('close');
    expect(streamEnded, 'the console stream is still open during the drain').toBe(false);

    await stream.ended;
    expect(await web.exited).toBe(0);
  });
});
