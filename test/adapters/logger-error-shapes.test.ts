/**
 * Every error shape Samrom's stack can raise, fed to the one logger (a real pino logger writing
 * to memory): real PostgreSQL, drizzle and PGlite errors, ioredis and BullMQ errors, a zod
 * error, a LiveKit Twirp error and a fetch error, plus the odd throws (undefined, strings,
 * circular objects, throwing getters). Each carries a national id, a phone number, a name, an
 * ISBAR text and a vital sign, wherever that kind of error carries data: its parameters, its
 * detail, its command, its message. None of them may reach the output, and logging never throws.
 */
import { createServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { Redis } from 'ioredis';
import { RoomServiceClient, TwirpError } from 'livekit-server-sdk';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger, serializeError } from '../../server/src/adapters/logger';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { CreateEmergencyCallSchema } from '../../server/src/contracts/emergency';
import { createPostgresDatabase } from '../helpers/db';
import { HEALTH_MARKERS as MARKERS, ISBAR_TEXT, NAME, NATIONAL_ID, PHONE, VITALS } from '../helpers/health-markers';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';
import { LiveKitDouble } from '../doubles/livekit-double';

const VITAL = `temperatur ${VITALS.temperature}`;
/** One text with all of them, as a row or a parameter would hold them. */
const HEALTH_TEXT = `${NAME}, fnr ${NATIONAL_ID}, tlf ${PHONE}: ${ISBAR_TEXT}, ${VITAL}`;
/** Text a library may put in a message it passes on: only what the masks can find. */
const MASKABLE_TEXT = `fnr ${NATIONAL_ID}, tlf ${PHONE}`;

/** What drivers and SDKs hang on errors beside the message; the serializer must ignore it all. */
function carrying<T>(err: T): T {
  const extras = {
    detail: HEALTH_TEXT,
    params: [HEALTH_TEXT],
    parameters: [HEALTH_TEXT],
    query: `insert ... '${HEALTH_TEXT}'`,
    where: HEALTH_TEXT,
    data: { name: NAME, isbar: ISBAR_TEXT },
    body: HEALTH_TEXT,
    response: { body: HEALTH_TEXT },
    hint: HEALTH_TEXT,
  };
  for (const [key, value] of Object.entries(extras)) {
    try {
      if ((err as Record<string, unknown>)[key] === undefined) Object.defineProperty(err, key, { value, enumerable: true, configurable: true, writable: true });
    } catch {
      // frozen or exotic: it carries what it carries
    }
  }
  return err;
}

async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A table that refuses every row with an exception quoting it, and one with a NOT NULL column. */
const REFUSING_TABLE = [
  'create table plain (id int not null, note text)',
  'create table refusing (id int, note text)',
  `create function refuse() returns trigger language plpgsql as $$
     begin raise exception 'refused: %', NEW.note using detail = NEW.note, hint = NEW.note; end $$`,
  'create trigger refuse before insert on refusing for each row execute function refuse()',
];

const shapes: Record<string, unknown> = {};
let postgres: { url: string; drop(): Promise<void> };
let livekit: LiveKitDouble;

beforeAll(async () => {
  expect(NATIONAL_ID).toMatch(/^\d{11}$/);
  // PostgreSQL through node-postgres: the raw DatabaseError, drizzle's wrapper, and a NUL byte.
  postgres = await createPostgresDatabase();
  const pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
  try {
    for (const statement of REFUSING_TABLE) await pool.query(statement);
    shapes['pg DatabaseError from a trigger'] = await caught(() => pool.query('insert into refusing values ($1, $2)', [1, HEALTH_TEXT]));
    shapes['pg DatabaseError, NUL in a parameter'] = await caught(() => pool.query('select $1::text', [`${HEALTH_TEXT}\u0000`]));
    shapes['pg DatabaseError, invalid input quoting the value'] = await caught(() => pool.query('select $1::int', [HEALTH_TEXT]));
    const db = drizzlePg(pool);
    shapes['DrizzleQueryError on PostgreSQL'] = await caught(() => db.execute(sql`insert into refusing values (${1}, ${HEALTH_TEXT})`));
    shapes['DrizzleQueryError, NUL on PostgreSQL'] = await caught(() => db.execute(sql`insert into refusing values (${2}, ${`${HEALTH_TEXT}\u0000`})`));
    shapes['DrizzleQueryError, NOT NULL on PostgreSQL'] = await caught(() => db.execute(sql`insert into plain values (${null}, ${HEALTH_TEXT})`));
  } finally {
    await pool.end();
  }

  // PGlite, raw (its error keeps the query and the parameters) and through drizzle.
  const pglite = new PGlite();
  for (const statement of REFUSING_TABLE) await pglite.exec(statement);
  shapes['PGlite error'] = await caught(() => pglite.query('insert into refusing values ($1, $2)', [1, HEALTH_TEXT]));
  shapes['DrizzleQueryError on PGlite'] = await caught(() => drizzlePglite(pglite).execute(sql`insert into refusing values (${1}, ${HEALTH_TEXT})`));
  await pglite.close();

  // ioredis: a refused connection, and a ReplyError whose command holds the data.
  const port = await closedPort();
  const away = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  const refused = new Promise((resolve) => away.once('error', resolve));
  await caught(() => away.connect());
  shapes['ioredis connection refused'] = carrying(await refused);
  away.disconnect();
  const redis = new Redis(testRedisUrl());
  const key = `${uniquePrefix('logger')}:k`;
  try {
    await redis.set(key, 'x');
    shapes['ioredis ReplyError'] = await caught(() => redis.lpush(key, HEALTH_TEXT, NAME));
    // BullMQ: a refused job whose data is the health text.
    const queue = new Queue('logger-shapes', { connection: redis, prefix: uniquePrefix('logger') });
    shapes['BullMQ error'] = carrying(await caught(() => queue.add('x', { note: HEALTH_TEXT }, { jobId: '123' })));
    await queue.close();
  } finally {
    await redis.del(key);
    redis.disconnect();
  }

  // zod: the project's own schema given the health text in the wrong places.
  shapes.ZodError = await caught(() =>
    CreateEmergencyCallSchema.parse({
      triage: HEALTH_TEXT,
      isbar: { situation: 42, [HEALTH_TEXT]: HEALTH_TEXT },
      vitals: { pulse: HEALTH_TEXT, temperature: 38.7 },
    }),
  );

  // LiveKit: a real Twirp error from the SDK (against the double), and one with metadata.
  livekit = new LiveKitDouble();
  await livekit.start();
  const rooms = new RoomServiceClient(livekit.url, livekit.apiKey, livekit.apiSecret);
  shapes['LiveKit TwirpError'] = carrying(await caught(() => rooms.removeParticipant('room-x', NAME)));
  shapes['LiveKit TwirpError with metadata'] = new TwirpError('Bad Request', `sip call to ${PHONE} failed`, 400, 'invalid_argument', {
    callee: NAME,
    note: HEALTH_TEXT,
  });

  // fetch (undici): TypeError('fetch failed') with the system error as its cause.
  shapes['fetch error'] = carrying(await caught(() => fetch(`http://127.0.0.1:${port}/api?note=${encodeURIComponent(HEALTH_TEXT)}`)));
});

afterAll(async () => {
  await livekit?.stop();
  await postgres?.drop();
});

/** The serializer's output keys: the allow-list and nothing else. */
const ALLOWED_KEYS = new Set([
  'type',
  'name',
  'message',
  'stack',
  'cause',
  'errors',
  'code',
  'errno',
  'syscall',
  'status',
  'statusCode',
  'severity',
  'constraint',
  'table',
  'column',
  'schema',
  'dataType',
  'routine',
]);

function collecting() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

describe('the error serializer, on every shape the stack raises', () => {
  it('the real errors were raised as expected (so the test below tests them)', () => {
    const s = shapes as Record<string, any>;
    expect(s['pg DatabaseError from a trigger']).toMatchObject({ code: 'P0001', detail: HEALTH_TEXT });
    expect(s['pg DatabaseError, NUL in a parameter']).toMatchObject({ code: '22021' });
    expect(s['DrizzleQueryError on PostgreSQL'].message).toContain(NATIONAL_ID);
    expect(s['DrizzleQueryError on PGlite'].message).toContain(NAME);
    expect(s['PGlite error']).toMatchObject({ code: 'P0001', params: [1, HEALTH_TEXT] });
    expect(s['ioredis connection refused']).toMatchObject({ code: 'ECONNREFUSED' });
    expect(s['ioredis ReplyError'].command.args).toContain(HEALTH_TEXT);
    expect(s['BullMQ error']).toBeInstanceOf(Error);
    expect(s.ZodError.name).toBe('ZodError');
    expect(s['LiveKit TwirpError']).toMatchObject({ status: 404, code: 'not_found' });
    expect(s['fetch error'].cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('logs each under err, as the first argument, under another key, as a cause and as a printf argument, without a marker and without throwing', () => {
    const real = Object.entries(shapes);
    expect(real.length).toBeGreaterThanOrEqual(15);
    const wrapped: [string, unknown][] = [
      [
        'AggregateError of them all',
        new AggregateError(
          real.map(([, e]) => e),
          MASKABLE_TEXT,
        ),
      ],
      [
        'a drizzle error three causes down',
        new Error('booking failed', { cause: new Error('store failed', { cause: shapes['DrizzleQueryError on PostgreSQL'] }) }),
      ],
    ];
    for (const [name, err] of [...real, ...wrapped]) {
      const { logger, lines } = collecting();
      expect(() => logger.error({ err, shape: name }, 'failed')).not.toThrow();
      expect(() => logger.error(err as Error)).not.toThrow();
      expect(() => logger.warn({ error: err, report: { failure: err } }, 'nested')).not.toThrow();
      expect(() => logger.info('printf %s %o %j', err, err as object, { params: [HEALTH_TEXT] })).not.toThrow();
      expect(lines, name).toHaveLength(4);
      for (const marker of MARKERS) expect(lines.join(''), `${name}: the output contains ${marker}`).not.toContain(marker);
      const first = JSON.parse(lines[0]!);
      expect(first.err, name).toMatchObject({ type: expect.any(String), message: expect.any(String) });
      expect(
        Object.keys(first.err).filter((k) => !ALLOWED_KEYS.has(k)),
        name,
      ).toEqual([]);
    }
  });

  it('keeps what helps: the SQLSTATE, the system error code, the HTTP status and the Twirp code', () => {
    const s = (name: string) => serializeError(shapes[name]);
    expect(s('DrizzleQueryError on PostgreSQL')).toMatchObject({
      type: 'DrizzleQueryError',
      message: 'database query failed',
      cause: { type: 'DatabaseError', code: 'P0001', severity: 'ERROR' },
    });
    expect(s('DrizzleQueryError, NOT NULL on PostgreSQL').cause).toMatchObject({ code: '23502', table: 'plain', column: 'id' });
    expect(s('PGlite error')).toMatchObject({ type: 'DatabaseError', message: 'database error', code: 'P0001' });
    expect(s('ioredis connection refused')).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect', errno: expect.any(Number) });
    expect(s('ioredis ReplyError')).toMatchObject({ name: 'ReplyError', message: expect.stringMatching(/^WRONGTYPE/) });
    expect(s('BullMQ error').message).toBe('Custom Id cannot be integers');
    expect(s('ZodError')).toMatchObject({ type: 'ZodError', message: expect.stringMatching(/^validation failed \(\d+ issues\)$/) });
    expect(s('LiveKit TwirpError')).toMatchObject({ status: 404, code: 'not_found', message: 'participant not found' });
    expect(s('LiveKit TwirpError with metadata')).toMatchObject({ status: 400, code: 'invalid_argument', message: 'sip call to [redacted] failed' });
    expect(s('fetch error')).toMatchObject({ type: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });

  it('the Redis connection reports a refused connection through the one logger without throwing (it used to crash the process)', async () => {
    const { logger, lines } = collecting();
    const redis = createRedisConnection(`redis://127.0.0.1:${await closedPort()}`, { connectionName: 'logger-test', logger, maxReconnectDelayMs: 50 });
    try {
      await vi.waitFor(() => expect(lines.join('')).toContain('redis connection error'));
    } finally {
      redis.disconnect();
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({ err: { message: expect.stringContaining('ECONNREFUSED'), code: 'ECONNREFUSED' }, connection: 'logger-test' });
  });
});
