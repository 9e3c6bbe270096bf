import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type EnsuredRedis, ensureRedis, RedisUnavailableError } from '../../server/src/adapters/queue/local-redis';
import { createRedisConnection, pingRedis } from '../../server/src/adapters/queue/redis';

const logger = { info: () => {}, warn: () => {} };
const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'samrom-redis-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function ensure(dataDir: string): Promise<EnsuredRedis> {
  const redis = await ensureRedis({ redisUrl: undefined, dataDir, logger });
  cleanups.push(() => redis.stop());
  return redis;
}

function connect(url: string): Redis {
  const redis = createRedisConnection(url, { connectionName: 'test' });
  cleanups.push(async () => redis.disconnect());
  return redis;
}

async function configValue(redis: Redis, name: string): Promise<string | undefined> {
  const reply = (await redis.config('GET', name)) as string[];
  return reply[1];
}

const processId = async (redis: Redis) => Number(/^process_id:(\d+)/m.exec(await redis.info('server'))?.[1]);

describe('ensureRedis', () => {
  it('starts its own server again, on the same URL and with its data, when it is killed', async () => {
    const dataDir = await tempDataDir();
    const local = await ensure(dataDir);
    const redis = connect(local.url);
    await redis.set('samrom:test:job', 'queued');
    // The append-only file is written (not yet fsynced) before the reply: a killed process loses nothing.
    const killed = await processId(redis);
    process.kill(killed, 'SIGKILL');
    await vi.waitFor(async () => expect(await processId(redis)).not.toBe(killed), { timeout: 10_000, interval: 100 });
    expect(await redis.get('samrom:test:job')).toBe('queued');
    const restarted = await processId(redis);
    await local.stop();
    expect(() => process.kill(restarted, 0)).toThrow();
  });

  it('starts an owned server on loopback with noeviction, an append-only file and a password', async () => {
    const dataDir = await tempDataDir();
    const local = await ensure(dataDir);
    expect(local.owned).toBe(true);
    const url = new URL(local.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.password).not.toBe('');

    const redis = connect(local.url);
    expect(await configValue(redis, 'maxmemory-policy')).toBe('noeviction');
    expect(await configValue(redis, 'appendonly')).toBe('yes');
    expect(await configValue(redis, 'appendfsync')).toBe('everysec');
    expect(await configValue(redis, 'save')).toBe('');
    expect(await configValue(redis, 'bind')).toBe('127.0.0.1');
    expect(path.resolve(String(await configValue(redis, 'dir')))).toContain(path.join(path.basename(dataDir), 'redis'));

    url.password = '';
    const anonymous = connect(url.toString());
    await expect(anonymous.get('x')).rejects.toThrow(/NOAUTH/);
  });

  it('keeps data written before stop() when started again on the same data dir', async () => {
    const dataDir = await tempDataDir();
    const first = await ensure(dataDir);
    const before = connect(first.url);
    await before.set('samrom:test:job', 'still here');
    before.disconnect();
    await first.stop();
    await first.stop(); // idempotent

    const probe = createRedisConnection(first.url, { lazyConnect: true });
    cleanups.push(async () => probe.disconnect());
    expect((await pingRedis(probe, 300)).ok).toBe(false);

    const second = await ensure(dataDir);
    expect(await connect(second.url).get('samrom:test:job')).toBe('still here');
  });

  it('shuts down a server left running by an earlier run on the same data dir, keeping its data', async () => {
    const dataDir = await tempDataDir();
    const abandoned = await ensure(dataDir);
    const old = connect(abandoned.url);
    await old.set('samrom:test:left', 'behind');
    const oldPid = Number(/^process_id:(\d+)/m.exec(await old.info('server'))?.[1]);
    old.disconnect();

    const fresh = await ensure(dataDir); // as if the earlier process had crashed
    expect(() => process.kill(oldPid, 0)).toThrow(/ESRCH/);
    const redis = connect(fresh.url);
    expect(Number(/^process_id:(\d+)/m.exec(await redis.info('server'))?.[1])).not.toBe(oldPid);
    expect(await redis.get('samrom:test:left')).toBe('behind');
  });

  it('without redis-server on PATH fails with a message saying how to install it or set REDIS_URL', async () => {
    const dataDir = await tempDataDir();
    const emptyPath = await tempDataDir();
    const attempt = ensureRedis({ redisUrl: undefined, dataDir, logger, searchPath: emptyPath });
    await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(attempt).rejects.toMatchObject({ reason: 'not-installed' });
    await expect(attempt).rejects.toThrow(/REDIS_URL/);
    await expect(attempt).rejects.toThrow(/apt-get install redis-server/);
    await expect(attempt).rejects.toThrow(/brew install redis/);
    expect(existsSync(path.join(dataDir, 'redis'))).toBe(false);
  });

  it('reports a redis-server that exits during start-up as failed-to-start', async () => {
    const dataDir = await tempDataDir();
    const attempt = ensureRedis({ redisUrl: undefined, dataDir, logger, redisServerBinary: '/bin/false' });
    await expect(attempt).rejects.toMatchObject({ reason: 'failed-to-start' });
    await expect(attempt).rejects.toThrow(/exited during start-up/);
  });

  it('uses REDIS_URL as-is, starts nothing and owns nothing', async () => {
    const dataDir = await tempDataDir();
    const given = 'redis://redis.example.internal:6380/2';
    const redis = await ensureRedis({ redisUrl: given, dataDir, logger });
    expect(redis).toMatchObject({ url: given, owned: false });
    await redis.stop();
    expect(existsSync(path.join(dataDir, 'redis'))).toBe(false);
  });
});
