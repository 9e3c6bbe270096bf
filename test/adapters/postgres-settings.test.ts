/**
 * Issue #18 item 3: the PostgreSQL pool is sized and bounded by configuration, on the real
 * server. `DATABASE_STATEMENT_TIMEOUT_MS` makes PostgreSQL cancel a statement that runs too long
 * (answered 503 `unavailable`, never 500); `DATABASE_POOL_MAX` caps the connections and
 * `DATABASE_POOL_TIMEOUT_MS` bounds the wait for one (503 `unavailable` instead of hanging). The
 * settings go through `loadConfig` and `databaseTarget`, as `main.ts` opens the database.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, rowsOf, tlsOptions } from '../../server/src/adapters/postgres/db';
import { databaseUnavailableReason, isStatementCancelled } from '../../server/src/adapters/postgres/pg-errors';
import { loadConfig } from '../../server/src/config';
import { RETRY_AFTER_SECONDS } from '../../server/src/http/errors';
import { databaseTarget } from '../../server/src/server';
import { TEST_POSTGRES_URL } from '../helpers/db';
import { answerTo } from '../helpers/error-answer';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The database as Samrom opens it from this environment. */
async function open(env: Record<string, string>): Promise<Database> {
  const database = await openDatabase(databaseTarget(loadConfig({ DATABASE_URL: TEST_POSTGRES_URL, ...env })));
  cleanups.push(() => database.close());
  return database;
}

const failureOf = (work: Promise<unknown>) =>
  work.then(
    () => expect.fail('the statement should have failed'),
    (err: unknown) => err,
  );

async function expect503(err: unknown): Promise<void> {
  const res = await answerTo(err);
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
}

describe('PostgreSQL pool settings', () => {
  it('DATABASE_STATEMENT_TIMEOUT_MS: PostgreSQL cancels a long pg_sleep (57014), the server runs it no more, and it is answered 503 unavailable', async () => {
    const database = await open({ DATABASE_STATEMENT_TIMEOUT_MS: '200' });
    const marker = `samrom-statement-timeout-${process.pid}-${Date.now()}`;
    const err = await failureOf(database.db.execute(sql.raw(`select pg_sleep(30), '${marker}'`)));
    expect(isStatementCancelled(err)).toBe(true);
    // Not an outage: a job that hits it uses up an attempt rather than waiting for ever.
    expect(databaseUnavailableReason(err)).toBeUndefined();
    await expect503(err);

    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    cleanups.push(() => admin.end());
    const running = await admin.query(`select count(*)::int as n from pg_stat_activity where state = 'active' and query like $1 and pid <> pg_backend_pid()`, [
      `%${marker}%`,
    ]);
    expect(running.rows[0].n).toBe(0);
    // The connection is fine afterwards: a short statement still runs.
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('DATABASE_STATEMENT_TIMEOUT_MS is 30 s on every pooled connection when unset, and 0 sets none', async () => {
    const timeoutOf = async (database: Database) =>
      (await rowsOf<{ statement_timeout: string }>(database.db, sql`show statement_timeout`))[0]!.statement_timeout;
    expect(await timeoutOf(await open({}))).toBe('30s');
    expect(await timeoutOf(await open({ DATABASE_STATEMENT_TIMEOUT_MS: '0' }))).toBe('0');
  });

  it('DATABASE_POOL_MAX caps the connections and DATABASE_POOL_TIMEOUT_MS bounds the wait for one: the query beyond the cap fails as 503 unavailable, then the pool serves again', {
    timeout: 8_000,
  }, async () => {
    const database = await open({ DATABASE_POOL_MAX: '2', DATABASE_POOL_TIMEOUT_MS: '300' });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holding: Promise<unknown>[] = [];
    const held: Promise<void>[] = [];
    for (let i = 0; i < 2; i++) {
      let taken!: () => void;
      held.push(new Promise<void>((resolve) => (taken = resolve)));
      holding.push(
        database.db.transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          taken();
          await released;
        }),
      );
    }
    await Promise.all(held);

    // The default wait (10 s) would outlast this test's 8-s limit: the configured 300 ms is what ends it.
    const err = await failureOf(database.db.execute(sql`select 1`));
    expect(databaseUnavailableReason(err)).toBe('timeout exceeded when trying to connect');
    await expect503(err);

    release();
    await Promise.all(holding);
    await expect(database.ping()).resolves.toBeUndefined();
  });
});

describe('TLS to PostgreSQL (DATABASE_SSL_MODE, DATABASE_SSL_CA)', () => {
  it('maps libpq modes to node-postgres: require encrypts unchecked, verify-ca checks the chain only, verify-full the chain and the host name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'samrom-db-ca-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const caFile = path.join(dir, 'ca.pem');
    await writeFile(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

    expect(await tlsOptions({ mode: 'disable' })).toBe(false);
    expect(await tlsOptions({ mode: 'require' })).toEqual({ rejectUnauthorized: false });
    expect(await tlsOptions({ mode: 'verify-full' })).toEqual({ rejectUnauthorized: true });
    expect(await tlsOptions({ mode: 'verify-full', caFile })).toEqual({ rejectUnauthorized: true, ca: await readFile(caFile, 'utf8') });
    const verifyCa = (await tlsOptions({ mode: 'verify-ca', caFile })) as { rejectUnauthorized: boolean; checkServerIdentity: () => unknown };
    expect(verifyCa.rejectUnauthorized).toBe(true);
    expect(verifyCa.checkServerIdentity()).toBeUndefined();
  });

  it('a CA file that cannot be read stops start-up with a message naming DATABASE_SSL_CA and the file', async () => {
    await expect(tlsOptions({ mode: 'verify-full', caFile: '/nonexistent/samrom-ca.pem' })).rejects.toThrow(
      /^DATABASE_SSL_CA: .*\/nonexistent\/samrom-ca\.pem.*ENOENT/,
    );
  });

  it('verify-full against a server that offers no TLS is refused, not silently unencrypted', async () => {
    const database = await openDatabase({ kind: 'postgres', url: TEST_POSTGRES_URL, poolSize: 1, ssl: { mode: 'verify-full' } });
    cleanups.push(() => database.close());
    await expect(database.ping()).rejects.toMatchObject({ cause: { message: expect.stringMatching(/does not support SSL/) } });
  });
});
