import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RedisLoginRefusedError, createRedisConnection, pingRedis, readMaxmemoryPolicy, waitForRedis } from '../../server/src/adapters/queue/redis';
import { OwnRedis } from '../helpers/own-redis';
import { redisPolicyProblem } from '../../server/src/config';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function connect(url = testRedisUrl()): Redis {
  const redis = createRedisConnection(url, { connectionName: 'test' });
  cleanups.push(async () => redis.disconnect());
  return redis;
}

/** A redis-server of the test's own (not started yet), removed after the test. */
async function ownRedis(extraArgs: readonly string[] = []): Promise<OwnRedis> {
  const redis = await OwnRedis.create(extraArgs);
  cleanups.push(() => redis.destroy());
  return redis;
}

/** A loopback port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('createRedisConnection', () => {
  it('makes connections BullMQ accepts for a worker, and a job round-trips through them', async () => {
    const connection = connect();
    expect(connection.options.maxRetriesPerRequest).toBeNull();
    const name = randomUUID();
    const prefix = uniquePrefix();
    const queue = new Queue(name, { connection, prefix });
    const worker = new Worker(name, async (job) => ({ echoed: job.data.id as string }), { connection, prefix });
    cleanups.push(async () => {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    });
    const done = new Promise((resolve) => worker.once('completed', (_job, result) => resolve(result)));
    await queue.add('echo', { id: 'row-1' }, { jobId: 'row-1' });
    expect(await done).toEqual({ echoed: 'row-1' });
  });
});

// Against Redis servers the tests start with a policy of their choosing, not the machine's Redis.
describe('readMaxmemoryPolicy', () => {
  it('reads the policy the server runs with; the production check accepts noeviction and refuses an evicting one', async () => {
    const evicting = await ownRedis(['--maxmemory-policy', 'allkeys-lru']);
    const safe = await ownRedis();
    await Promise.all([evicting.start(), safe.start()]);
    const lru = await readMaxmemoryPolicy(connect(evicting.url));
    expect(lru).toBe('allkeys-lru');
    expect(redisPolicyProblem(lru)).toMatch(/maxmemory-policy noeviction \(is allkeys-lru\)/);
    const noeviction = await readMaxmemoryPolicy(connect(safe.url));
    expect(noeviction).toBe('noeviction');
    expect(redisPolicyProblem(noeviction)).toBeNull();
  });

  it('falls back to INFO memory when the server refuses CONFIG, as managed Redis does', async () => {
    const redis = await ownRedis(['--maxmemory-policy', 'volatile-lru']);
    await redis.start();
    const user = `samrom-test-${randomUUID()}`;
    const password = randomUUID();
    await connect(redis.url).call('ACL', 'SETUSER', user, 'on', `>${password}`, '~*', '&*', '+@all', '-config');
    const url = new URL(redis.url);
    url.username = user;
    url.password = password;
    const limited = connect(url.toString());
    await expect(limited.config('GET', 'maxmemory-policy')).rejects.toThrow(/NOPERM/);
    expect(await readMaxmemoryPolicy(limited)).toBe('volatile-lru');
  });
});

describe('pingRedis', () => {
  it('reports a reachable Redis as ok with its latency', async () => {
    const result = await pingRedis(connect(), 1_000);
    expect(result).toMatchObject({ ok: true });
  });

  it('answers not-ok within the timeout when nothing listens, instead of waiting for a reconnect', async () => {
    const redis = connect(`redis://127.0.0.1:${await deadPort()}`);
    // The timeout's answer, not the PING's: ioredis would hold the PING until a reconnect succeeds.
    expect(await pingRedis(redis, 200)).toEqual({ ok: false, reason: expect.stringMatching(/^no PING reply within 200 ms \(\w+\)$/) });
  });

  it('reports a closed connection as not ok', async () => {
    const redis = connect();
    await redis.quit();
    const result = await pingRedis(redis, 200);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/closed/i);
  });
});

describe('waitForRedis (start-up)', () => {
  it('waits for a Redis that is down, saying so with the reason, and returns once it has started', async () => {
    const redis = await ownRedis();
    const lines: { obj: object; msg: string }[] = [];
    const logger = { info: (obj: object, msg: string) => lines.push({ obj, msg }), warn: (obj: object, msg: string) => lines.push({ obj, msg }) };
    const waited = waitForRedis(connect(redis.url), logger);
    await vi.waitFor(() => expect(lines.map((l) => l.msg)).toContainEqual(expect.stringMatching(/^Venter på Redis: .* \/ Waiting for Redis: /)), {
      timeout: 10_000,
    });
    expect(lines[0]!.obj).toMatchObject({ dependency: 'Redis', reason: expect.stringMatching(/ECONNREFUSED/) });
    await redis.start();
    await waited;
    expect(lines.at(-1)!.msg).toMatch(/^Redis svarer; fortsetter oppstarten/);
  });

  it('stops at once when Redis refuses the login: a wrong password is configuration, not an outage', async () => {
    const redis = await ownRedis(['--requirepass', 'right-password']);
    await redis.start();
    const logger = { info: () => {}, warn: () => {} };
    await expect(waitForRedis(connect(`redis://:wrong-password@127.0.0.1:${redis.port}`), logger)).rejects.toThrow(RedisLoginRefusedError);
    await expect(waitForRedis(connect(redis.url), logger)).rejects.toThrow(/REDIS_URL/);
  });
});
