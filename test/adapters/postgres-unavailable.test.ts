import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../server/src/adapters/postgres/db';
import { databaseUnavailableReason } from '../../server/src/adapters/postgres/pg-errors';
import { RETRY_AFTER_SECONDS } from '../../server/src/http/errors';
import { TEST_POSTGRES_URL } from '../helpers/db';
import { answerTo } from '../helpers/error-answer';
import { freePort } from '../helpers/samrom-process';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A TCP peer on a free port: `hangUp` closes each connection at once, `silent` accepts and never answers. */
async function peer(behaviour: 'hangUp' | 'silent'): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    if (behaviour === 'hangUp') socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as AddressInfo).port;
}

/** What the query raises through drizzle (as the stores use it) on a pool to `url`. */
async function drizzleError(url: string): Promise<unknown> {
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 1, connectionTimeoutMs: 300 });
  cleanups.push(() => database.close());
  return database.db.execute(sql`select 1`).then(
    () => expect.fail('the query should have failed'),
    (err: unknown) => err,
  );
}

/** What a raw node-postgres client raises. */
async function clientError(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 300 });
  client.on('error', () => {}); // the rejection below is what we look at
  return client.connect().then(
    () => expect.fail('the connection should have failed'),
    (err: unknown) => err,
  );
}

const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

describe('PostgreSQL unreachable → 503 unavailable', () => {
  const cases: Record<string, () => Promise<unknown>> = {
    'connection refused (client)': async () => clientError(url(await freePort())),
    'connection refused (drizzle over the pool)': async () => drizzleError(url(await freePort())),
    'the server hangs up (client)': async () => clientError(url(await peer('hangUp'))),
    'the server hangs up (drizzle over the pool)': async () => drizzleError(url(await peer('hangUp'))),
    'no answer within the pool timeout (drizzle over the pool)': async () => drizzleError(url(await peer('silent'))),
    'a session the server ends (57P01, drizzle)': async () => {
      const database = await openDatabase({ kind: 'postgres', url: TEST_POSTGRES_URL, poolSize: 1 });
      cleanups.push(() => database.close());
      // The server ends its own session, as `pg_ctl stop -m fast` ends every session.
      return database.db.execute(sql`select pg_terminate_backend(pg_backend_pid())`).then(
        () => expect.fail('the session should have ended'),
        (err: unknown) => err,
      );
    },
  };

  for (const [name, raise] of Object.entries(cases)) {
    it(`${name}: 503 with Retry-After and code unavailable`, async () => {
      const err = await raise();
      expect(databaseUnavailableReason(err)).toBeDefined();
      const res = await answerTo(err);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    });
  }

  it('a connection lost while a transaction waits between statements fails that transaction as unavailable, and the process lives on', async () => {
    const database = await openDatabase({ kind: 'postgres', url: TEST_POSTGRES_URL, poolSize: 1 });
    cleanups.push(() => database.close());
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    cleanups.push(() => admin.end());
    const ended = database.db.transaction(async (tx) => {
      const [row] = await rowsOf<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
      // The server ends this session while the transaction is between two statements (a
      // restart or failover at that moment); the client emits 'error' with no query running.
      // (Awaited on the socket's end, not on the client's 'error', which would add the very listener under test.)
      const client = (tx as unknown as { session: { client: { connection: NodeJS.EventEmitter } } }).session.client;
      const lost = new Promise((resolve) => client.connection.once('end', resolve));
      await admin.query('select pg_terminate_backend($1)', [row!.pid]);
      await lost;
      await tx.execute(sql`select 1`);
    });
    const err = await ended.then(
      () => expect.fail('the transaction should have failed'),
      (e: unknown) => e,
    );
    expect(databaseUnavailableReason(err)).toBeDefined();
    expect((await answerTo(err)).status).toBe(503);
    // The pool dropped the broken client: the next statement gets a new connection.
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('a statement the server refuses is no outage: still 500 internal', async () => {
    const database = await openDatabase({ kind: 'postgres', url: TEST_POSTGRES_URL, poolSize: 1 });
    cleanups.push(() => database.close());
    const err = await database.db.execute(sql`select * from no_such_table_anywhere`).then(
      () => expect.fail('the query should have failed'),
      (e: unknown) => e,
    );
    expect(databaseUnavailableReason(err)).toBeUndefined();
    const res = await answerTo(err);
    expect(res.status).toBe(500);
    expect(res.headers.get('retry-after')).toBeNull();
  });
});
