/**
 * Opens the database: real PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise.
 * Both speak the same SQL and run the same migrations. PGlite is an in-process database, so
 * its folder is locked: a second process on the same folder would silently lose writes.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; the same query API as `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

/** The rows of a raw statement: both drivers (node-postgres and PGlite) answer `{ rows }`. */
export async function rowsOf<Row>(db: Executor, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

export type DatabaseTarget =
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly poolSize?: number;
      /** How long a query waits for a pool connection (a new one included) before it fails as unavailable. @defaultValue 10000 */
      readonly connectionTimeoutMs?: number;
      /** PostgreSQL cancels a pooled connection's statement after this long (SQLSTATE 57014). @defaultValue 0: never */
      readonly statementTimeoutMs?: number;
      /** TLS to the server, in libpq's modes; the CA is a PEM file. @defaultValue as the URL says */
      readonly ssl?: { readonly mode: 'disable' | 'require' | 'verify-ca' | 'verify-full'; readonly caFile?: string };
    }
  | { readonly kind: 'pglite'; readonly dir: string }
  /** In-memory PGlite, for tests. */
  | { readonly kind: 'pglite-memory' };

export interface Database {
  readonly db: Db;
  readonly kind: DatabaseTarget['kind'];
  /** Brings the schema up to date; safe when several instances start at once. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Any fixed 64-bit number; all Samrom instances take this advisory lock to migrate one at a time. */
const MIGRATION_LOCK_KEY = 7_302_114_562_001n;

export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holderPid: number | null,
  ) {
    super(
      `Databasemappa ${dir} brukes allerede av en annen Samrom-prosess${holderPid ? ` (pid ${holderPid})` : ''}. ` +
        'Stopp den først, eller bruk en annen DATA_DIR. / ' +
        `The database folder is already in use by another Samrom process${holderPid ? ` (pid ${holderPid})` : ''}; ` +
        'stop it first or choose another DATA_DIR. Nothing was changed.',
    );
    this.name = 'DatabaseLockedError';
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  switch (target.kind) {
    case 'postgres':
      return openPostgres(target.url, {
        max: target.poolSize ?? 20,
        connectionTimeoutMillis: target.connectionTimeoutMs ?? 10_000,
        ...(target.statementTimeoutMs ? { statement_timeout: target.statementTimeoutMs } : {}),
        ...(target.ssl ? { ssl: await tlsOptions(target.ssl) } : {}),
      });
    case 'pglite':
      return openPglite(target.dir);
    case 'pglite-memory':
      return wrapPglite(new PGlite(), async () => {});
    default:
      return target satisfies never;
  }
}

type PoolSettings = Pick<pg.PoolConfig, 'max' | 'connectionTimeoutMillis' | 'statement_timeout' | 'ssl'>;

/**
 * node-postgres's TLS options for libpq's modes: `require` encrypts without checking the
 * server, `verify-ca` checks its certificate's chain, `verify-full` also its host name.
 */
export async function tlsOptions(ssl: NonNullable<Extract<DatabaseTarget, { kind: 'postgres' }>['ssl']>): Promise<pg.PoolConfig['ssl']> {
  if (ssl.mode === 'disable') return false;
  if (ssl.mode === 'require') return { rejectUnauthorized: false };
  const ca = ssl.caFile ? await readCa(ssl.caFile) : undefined;
  return {
    rejectUnauthorized: true,
    ...(ca ? { ca } : {}),
    // verify-ca: the chain is checked, the host name is not (a server reached through an address its certificate does not name).
    ...(ssl.mode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
  };
}

async function readCa(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`DATABASE_SSL_CA: kan ikke lese ${file} / cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function openPostgres(url: string, settings: PoolSettings): Database {
  // Without a connection timeout a server that stops answering (a network partition, not a
  // refused port) would hold every request until the operating system gives up, minutes later.
  const pool = new pg.Pool({ connectionString: url, ...settings });
  const { connectionTimeoutMillis, ssl } = settings;
  // A client whose connection breaks emits 'error', and an 'error' event nobody listens to ends
  // the process. The pool listens only while a client is idle; a client checked out for a
  // transaction has no listener between its statements, so a server restart at that moment
  // would kill Samrom. Every client gets a listener of its own; the statement it runs next fails
  // ("not queryable"), the request answers 503 and the pool drops the client.
  pool.on('connect', (client) => client.on('error', onConnectionError));
  pool.on('error', onConnectionError);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // No statement timeout here: a migration may rightly take longer than any request.
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis, ssl });
      client.on('error', onConnectionError); // a connection lost mid-migration fails the awaited query instead
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
        await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch(() => {});
        await client.end();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

/** The connection error's own message (a server or socket message, no query data); the failing statement carries it on. */
function onConnectionError(err: Error): void {
  console.error('postgres connection error', err.message);
}

async function openPglite(dir: string): Promise<Database> {
  await mkdir(dir, { recursive: true });
  const release = await lockFolder(dir);
  try {
    const client = await PGlite.create(dir);
    return wrapPglite(client, release);
  } catch (err) {
    await release();
    throw err;
  }
}

function wrapPglite(client: PGlite, release: () => Promise<void>): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    // One process owns the folder (locked above), so migrations cannot race here.
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER }),
    async ping() {
      await client.query('select 1');
    },
    async close() {
      await client.close();
      await release();
    },
  };
}

/**
 * Takes an exclusive lock on the PGlite folder. A lock whose holder is alive fails at once;
 * one left by a crashed process goes stale (its mtime stops being refreshed) and is taken over.
 */
async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const pidFile = path.join(dir, '..', `${path.basename(dir)}.pid`);
  const tryLock = () => lockfile.lock(dir, { stale: 10_000, update: 2_000, realpath: false });
  let release: () => Promise<void>;
  try {
    release = await tryLock();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const holder = Number.parseInt(await readFile(pidFile, 'utf8').catch(() => ''), 10) || null;
    if (holder === null || isAlive(holder)) throw new DatabaseLockedError(dir, holder);
    // The holder died without releasing: wait for the lock to go stale, then take it.
    release = await lockfile.lock(dir, { stale: 10_000, update: 2_000, realpath: false, retries: { retries: 15, minTimeout: 1_000, maxTimeout: 1_000 } });
  }
  await writeFile(pidFile, String(process.pid));
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
