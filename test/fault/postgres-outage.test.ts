/**
 * Issue #12: PostgreSQL down answers 503 `unavailable` (with Retry-After), never 500, and
 * nothing is lost. Samrom runs as a real process on a PostgreSQL cluster of the test's own,
 * which is stopped (`pg_ctl stop -m fast`: every session is terminated, as in a restart) for
 * about ten seconds under a bounded load of bookings, emergency calls and advice requests, then
 * started again; another Samrom is started while PostgreSQL is down. Counted: requests answered,
 * by status, and the cards each answered request sent to Teams (the Bot Connector double).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import { openDatabase, rowsOf } from '../../server/src/adapters/postgres/db';
import { PostgresDeliveryLedger } from '../../server/src/adapters/postgres/delivery-ledger';
import { type Answer, OutageWorld, RESUME_WITHIN_MS } from '../helpers/outage-world';
import { OwnPostgres } from '../helpers/own-postgres';
import { OwnRedis } from '../helpers/own-redis';
import { waitForOutput } from '../helpers/samrom-process';

/** 30 requests, one every 333 ms: PostgreSQL stays down for about ten seconds. */
const OUTAGE_REQUESTS = 30;
const OUTAGE_REQUEST_EVERY_MS = 333;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{ postgres: OwnPostgres; redis: OwnRedis }> {
  const postgres = await OwnPostgres.create();
  cleanups.push(() => postgres.destroy());
  const redis = await OwnRedis.create();
  cleanups.push(() => redis.destroy());
  await redis.start();
  return { postgres, redis };
}

async function startWorld(o: Parameters<typeof OutageWorld.start>[0]): Promise<OutageWorld> {
  const world = await OutageWorld.start(o);
  cleanups.push(() => world.stop());
  return world;
}

describe('PostgreSQL outage', () => {
  it('PostgreSQL stopped for ~10 s under load: only 503 unavailable with Retry-After, then recovery, and every accepted request reaches Teams once', async () => {
    const { postgres, redis } = await setUp();
    await postgres.start();
    const world = await startWorld({ databaseUrl: postgres.url, redisUrl: redis.url });
    const answers: Answer[] = [];

    await world.load(15, answers);
    await postgres.stop('fast');
    await vi.waitFor(
      async () => expect(await world.readiness()).toMatchObject({ status: 503, checks: { database: expect.not.stringMatching(/^ok$/), redis: 'ok' } }),
      {
        timeout: RESUME_WITHIN_MS,
      },
    );
    const during: Answer[] = [];
    await world.load(OUTAGE_REQUESTS, during, { everyMs: OUTAGE_REQUEST_EVERY_MS });
    expect(during.map((a) => `${a.status} ${a.code}`)).toEqual(during.map(() => '503 unavailable'));
    expect(during.every((a) => a.retryAfter !== null)).toBe(true);
    world.expectAlive();

    await postgres.start();
    await vi.waitFor(async () => expect((await world.readiness()).status).toBe(200), { timeout: RESUME_WITHIN_MS, interval: 200 });
    const after: Answer[] = [];
    await world.load(15, after);
    expect(after.map((a) => a.status)).toEqual(after.map(() => 201));

    const all = [...answers, ...during, ...after];
    await world.expectEachAcceptedOnce(all);
    expect(all.filter((a) => a.status === 201)).toHaveLength(30);
    world.expectAlive();
  });

  it('started while PostgreSQL is down: Samrom waits and says so, then comes up when PostgreSQL starts and serves every request once', async () => {
    const { postgres, redis } = await setUp();
    const world = await startWorld({ databaseUrl: postgres.url, redisUrl: redis.url, waitUntilRunning: false });
    await waitForOutput(world.samrom, /Venter på PostgreSQL/);
    world.expectAlive();
    expect(world.samrom.output()).not.toMatch(/Samrom kjører/);

    await postgres.start();
    await world.ready();
    const answers: Answer[] = [];
    await world.load(15, answers);
    await world.expectEachAcceptedOnce(answers);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    world.expectAlive();
  });

  it('SIGTERM while PostgreSQL is down ends the process cleanly', async () => {
    const { postgres, redis } = await setUp();
    await postgres.start();
    const world = await startWorld({ databaseUrl: postgres.url, redisUrl: redis.url });
    await world.load(6, []);
    await postgres.stop('fast');
    await vi.waitFor(async () => expect((await world.readiness()).status).toBe(503), { timeout: RESUME_WITHIN_MS });
    await world.load(3, []);
    expect(await world.samrom.stop('SIGTERM')).toBe(0);
  });

  it('the record of something already done waits for PostgreSQL to come back instead of being lost', async () => {
    const { postgres } = await setUp();
    await postgres.start();
    const database = await openDatabase({ kind: 'postgres', url: postgres.url, poolSize: 1 });
    cleanups.push(() => database.close());
    await database.migrate();
    const ledger = new PostgresDeliveryLedger(database.db);
    const audit = new PostgresAuditLog(database.db);
    const allowed = {
      actorId: 'fault-ke',
      action: 'consultation.create',
      patientId: null,
      resourceType: 'consultation',
      resourceId: 'c-1',
      outcome: 'allowed',
    } as const;

    await postgres.stop('fast');
    // A message went out (lost mark: sent twice) and a booking committed (lost audit: a 503 for
    // a change that was made) just before the database stopped; their records are written now.
    const recorded = Promise.all([ledger.markSent('invitation:fault-test:teams'), audit.record(allowed)]);
    await postgres.start();
    await recorded;
    expect(await ledger.wasSent('invitation:fault-test:teams')).toBe(true);
    expect(await rowsOf(database.db, sql`select action from audit_events where resource_id = 'c-1'`)).toEqual([{ action: 'consultation.create' }]);
  });
});
