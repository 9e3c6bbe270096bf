/**
 * Issue #18 item 1: a worker process is observable on its own. One web and one worker process
 * (`--role=web`, `--role=worker`, as a multi-machine installation runs them) on one PostgreSQL
 * database and one Redis: the worker serves /healthz, /readyz (database, Redis, consuming) and
 * /metrics behind METRICS_TOKEN on METRICS_PORT, and an emergency call it escalated is counted
 * in its own /metrics, not in the web process's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ESCALATIONS_METRIC } from '../../server/src/adapters/metrics/emergency-metrics';
import { OUTBOX_AGE_METRIC } from '../../server/src/adapters/metrics/outbox-metrics';
import { createPostgresDatabase } from '../helpers/db';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';
import { freePort, signalServer, spawnSamrom, waitUntilRunning } from '../helpers/samrom-process';

const METRICS_TOKEN = 'worker-metrics-token-of-at-least-32-characters';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sharedEnv(): Promise<Record<string, string>> {
  const database = await createPostgresDatabase();
  cleanups.push(() => database.drop());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'samrom-worker-ops-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  return {
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix('worker-ops'),
    DATA_DIR: dataDir,
    METRICS_TOKEN,
    // Nobody answers here: each call escalates a second after it rang.
    EMERGENCY_RING_TIMEOUT_SECONDS: '1',
  };
}

async function scrape(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

const escalations = (metrics: string) => Number(new RegExp(`^${ESCALATIONS_METRIC} (\\S+)$`, 'm').exec(metrics)?.[1]);

describe('the worker role is observable', () => {
  it('serves /healthz, /readyz (consuming) and /metrics with METRICS_TOKEN on METRICS_PORT, and counts the escalations it processed', async () => {
    const env = await sharedEnv();
    const webPort = String(await freePort());
    const web = spawnSamrom({ ...env, PORT: webPort, PUBLIC_BASE_URL: `http://localhost:${webPort}` }, ['--role=web']);
    cleanups.push(() => web.stop('SIGKILL'));
    await waitUntilRunning(web, 120_000);
    const metricsPort = await freePort();
    const worker = spawnSamrom({ ...env, PORT: String(await freePort()), METRICS_PORT: String(metricsPort) }, ['--role=worker']);
    cleanups.push(() => worker.stop('SIGKILL'));
    await waitUntilRunning(worker, 120_000);
    const ops = `http://localhost:${metricsPort}`;

    expect(await (await fetch(`${ops}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${ops}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', redis: 'ok', consuming: 'ok' } },
    });
    const open = await fetch(`${ops}/metrics`);
    expect(open.status).toBe(401);
    expect(await open.json()).toMatchObject({ error: { code: 'metrics_unauthenticated' } });
    const before = await scrape(ops);
    expect(escalations(before)).toBe(0);
    expect(before).toMatch(new RegExp(`^${OUTBOX_AGE_METRIC} \\d`, 'm'));

    const { people } = (await (await fetch(`${web.baseUrl}/api/dev/people`)).json()) as { people: { id: string; roles: string[] }[] };
    const legevakt = people.find((p) => p.roles.includes('legevakt'));
    const signIn = await fetch(`${web.baseUrl}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: legevakt!.id }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const call = await fetch(`${web.baseUrl}/api/emergency-calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ triage: 'gul' }),
    });
    expect(call.status).toBe(201);

    await vi.waitFor(async () => expect(escalations(await scrape(ops))).toBe(1), { timeout: 30_000, interval: 250 });
    // The web process took the request but did not escalate: its own figure stays 0.
    expect(escalations(await scrape(web.baseUrl))).toBe(0);

    await signalServer(worker, 'SIGTERM');
    expect(await worker.exited).toBe(0);
  });
});
