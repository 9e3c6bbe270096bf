/**
 * Issue #12: a Redis outage is a state, not a crash. Samrom runs as a real process on
 * PostgreSQL and a redis-server of the test's own (AOF, `noeviction`), which is killed with
 * SIGKILL in the middle of a bounded load of bookings, emergency calls and advice requests and
 * started again later; another Samrom is started while Redis is down. Counted: requests answered,
 * by status, and the cards each answered request sent to Teams (the Bot Connector double).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPostgresDatabase } from '../helpers/db';
import { type Answer, OutageWorld, RESUME_WITHIN_MS } from '../helpers/outage-world';
import { OwnRedis } from '../helpers/own-redis';
import { waitForOutput } from '../helpers/samrom-process';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{ redis: OwnRedis; databaseUrl: string }> {
  const redis = await OwnRedis.create();
  cleanups.push(() => redis.destroy());
  const database = await createPostgresDatabase();
  cleanups.push(() => database.drop());
  return { redis, databaseUrl: database.url };
}

async function startWorld(o: Parameters<typeof OutageWorld.start>[0]): Promise<OutageWorld> {
  const world = await OutageWorld.start(o);
  cleanups.push(() => world.stop());
  return world;
}

describe('Redis outage', () => {
  it('kill -9 of Redis under load: Samrom stays up, /readyz says redis, and every accepted request reaches Teams once after Redis returns', async () => {
    const { redis, databaseUrl } = await setUp();
    await redis.start();
    const world = await startWorld({ databaseUrl, redisUrl: redis.url });
    const answers: Answer[] = [];

    await world.load(15, answers);
    await redis.stop('SIGKILL');
    await vi.waitFor(
      async () => expect(await world.readiness()).toMatchObject({ status: 503, checks: { database: 'ok', redis: expect.not.stringMatching(/^ok$/) } }),
      {
        timeout: RESUME_WITHIN_MS,
      },
    );
    await world.load(30, answers);
    world.expectAlive();

    await redis.start();
    const readyAgain = vi.waitFor(async () => expect((await world.readiness()).status).toBe(200), { timeout: RESUME_WITHIN_MS, interval: 200 });
    await world.load(15, answers);
    await readyAgain;

    await world.expectEachAcceptedOnce(answers);
    expect(answers).toHaveLength(60);
    world.expectAlive();
  });

  it('started while Redis is down: Samrom waits and says so, then comes up when Redis starts and serves every request once', async () => {
    const { redis, databaseUrl } = await setUp();
    const world = await startWorld({ databaseUrl, redisUrl: redis.url, waitUntilRunning: false });
    await waitForOutput(world.samrom, /Venter på Redis/);
    world.expectAlive();
    expect(world.samrom.output()).not.toMatch(/Samrom kjører/);

    await redis.start();
    await world.ready();
    const answers: Answer[] = [];
    await world.load(15, answers);
    await world.expectEachAcceptedOnce(answers);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    world.expectAlive();
  });

  it('SIGTERM while Redis is down ends the process cleanly instead of waiting for Redis', async () => {
    const { redis, databaseUrl } = await setUp();
    await redis.start();
    const world = await startWorld({ databaseUrl, redisUrl: redis.url });
    await world.load(6, []);
    await redis.stop('SIGKILL');
    await vi.waitFor(async () => expect((await world.readiness()).status).toBe(503), { timeout: RESUME_WITHIN_MS });
    // Sent while Redis is down: their publishes wait in the connection's offline queue.
    await world.load(3, []);
    expect(await world.samrom.stop('SIGTERM')).toBe(0);
  });
});
