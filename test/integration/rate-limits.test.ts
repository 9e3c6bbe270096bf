/**
 * The personal-link rate limit as an attacker meets it: the client is the peer unless the peer
 * is a proxy named in TRUST_PROXY, so rotating X-Forwarded-For buys nothing; the counts live in
 * Redis under the installation's prefix, so two app instances (two web processes) share them;
 * and while Redis is away the limiter lets requests through instead of failing them, then
 * counts again once it is back. The outage uses a private redis-server; the shared one is only
 * read and written under fresh prefixes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LiveKitVideoRooms } from '../../server/src/adapters/livekit/video-rooms';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresJoinStore } from '../../server/src/adapters/postgres/join-store';
import { RedisRateLimits } from '../../server/src/adapters/queue/rate-limits';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import type { AppDeps } from '../../server/src/http/app';
import { type TestApp, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';
import { freePort } from '../helpers/samrom-process';

const LIMIT = 3;
const UNKNOWN_LINK = 'y'.repeat(43);

let database: TestDatabase;
let redis: Redis;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-rate-limits' });
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  redis?.disconnect();
  await database?.destroy();
});

interface LimitedApp {
  readonly app: TestApp;
  readonly lines: string[];
}

/** The app with the guest link routes, limited to {@link LIMIT} attempts a minute, counting in Redis under `prefix`. */
async function limitedApp(o: { prefix: string; trustProxy?: AppDeps['trustProxy']; connection?: Redis }): Promise<LimitedApp> {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  const rateLimits = new RedisRateLimits({ connection: o.connection ?? redis, prefix: o.prefix, logger });
  const app = await startTestApp({
    database,
    trustProxy: o.trustProxy,
    join: {
      consultations: { byId: async () => null, resendGuestLink: async () => false },
      join: new PostgresJoinStore(database.db),
      // Nothing listens on port 1; no test here gets as far as video.
      videoRooms: new LiveKitVideoRooms({ url: 'ws://127.0.0.1:1', apiKey: 'devkey', apiSecret: 'secret' }),
      secureCookies: false,
      videoServerUrl: 'ws://127.0.0.1:1',
      linkAttemptsPerMinute: LIMIT,
      rateLimits,
    },
  });
  cleanups.push(
    () => app.stop(),
    () => rateLimits.close(),
  );
  return { app, lines };
}

/** Opens an unknown link (404 until limited) as a client saying it forwards for `forwardedFor`. */
async function attempt(app: TestApp, forwardedFor?: string): Promise<number> {
  const res = await fetch(`${app.url}/join/${UNKNOWN_LINK}`, { redirect: 'manual', headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
  await res.arrayBuffer();
  return res.status;
}

async function attempts(app: TestApp, forwardedFor: readonly (string | undefined)[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const address of forwardedFor) statuses.push(await attempt(app, address));
  return statuses;
}

const rotating = (n: number) => Array.from({ length: n }, (_, i) => `203.0.113.${i + 1}`);

describe(`link rate limits on ${testDbKind()}`, () => {
  it.each([
    ['no proxy is trusted (the production default)', false],
    ['another address is the trusted proxy', ['10.0.0.1']],
  ] as const)('a client rotating X-Forwarded-For is still limited when %s', async (_when, trustProxy) => {
    const { app } = await limitedApp({ prefix: uniquePrefix('rl'), trustProxy });
    expect(await attempts(app, rotating(LIMIT + 2))).toEqual([404, 404, 404, 429, 429]);
  });

  it.each([
    ['by address', ['127.0.0.1']],
    ['by name', ['loopback']],
    ['as one hop', 1],
  ] as const)('with the peer trusted as a proxy (%s) the forwarded address is the client', async (_how, trustProxy) => {
    const { app } = await limitedApp({ prefix: uniquePrefix('rl'), trustProxy });
    expect(await attempts(app, rotating(LIMIT + 2))).toEqual([404, 404, 404, 404, 404]);
    expect(await attempts(app, Array(LIMIT + 1).fill('198.51.100.7'))).toEqual([404, 404, 404, 429]);
    // Only the trusted proxy's entry (the last) counts: addresses the client put in front of it change nothing.
    expect(await attempt(app, '192.0.2.99, 198.51.100.7')).toBe(429);
  });

  it('two app instances on one Redis prefix share the count; another prefix counts apart', async () => {
    const prefix = uniquePrefix('rl');
    const [a, b] = [await limitedApp({ prefix }), await limitedApp({ prefix })];
    expect([await attempt(a.app), await attempt(b.app), await attempt(a.app), await attempt(b.app), await attempt(a.app)]).toEqual([404, 404, 404, 429, 429]);
    const other = await limitedApp({ prefix: uniquePrefix('rl') });
    expect(await attempt(other.app)).toBe(404);
  });

  it('while Redis is down requests pass uncounted (never 500), logged once; when it is back they are counted again', async () => {
    const port = await freePort();
    const down = createRedisConnection(`redis://127.0.0.1:${port}`, { connectionName: 'test-rate-limits-outage', maxReconnectDelayMs: 100 });
    cleanups.push(async () => down.disconnect());
    const { app, lines } = await limitedApp({ prefix: uniquePrefix('rl'), connection: down });
    expect(await attempts(app, Array(LIMIT + 3).fill(undefined))).toEqual(Array(LIMIT + 3).fill(404));
    const outage = (l: string) => l.includes('rate limits are off while Redis cannot be reached');
    expect(lines.filter(outage)).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/"level":50|Internal Server Error/);

    const server = await startPrivateRedis(port);
    cleanups.push(() => stopPrivateRedis(server));
    await vi.waitFor(async () => expect(await attempt(app)).toBe(429), { timeout: 15_000, interval: 100 });
    expect(lines.some((l) => l.includes('rate limits are counted in Redis again'))).toBe(true);
    expect(lines.filter(outage)).toHaveLength(1);
  });
});

/** A throwaway redis-server (no persistence) on `port`; resolves once it answers. */
async function startPrivateRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const probe = createRedisConnection(`redis://127.0.0.1:${port}`, { connectionName: 'test-probe' });
  try {
    await vi.waitFor(() => probe.ping(), { timeout: 10_000, interval: 50 });
  } finally {
    probe.disconnect();
  }
  return child;
}

async function stopPrivateRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
