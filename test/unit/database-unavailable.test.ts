/**
 * Which database errors are outages (503, wait and retry) and which are not (500, thrown), and
 * how a record of something already done is kept through an outage. The real driver errors
 * are in test/adapters/postgres-unavailable.test.ts; these are the shapes around them.
 */
import { describe, expect, it } from 'vitest';
import { databaseUnavailableReason, recordThroughOutage } from '../../server/src/adapters/postgres/pg-errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const wrapped = (cause: unknown) =>
  Object.assign(new Error('Failed query: insert into "x" values ($1)\nparams: Kari Nordmann'), { name: 'DrizzleQueryError', cause });

describe('databaseUnavailableReason', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'ECONNREFUSED'],
    ['a reset connection, wrapped by drizzle', wrapped(withCode('read ECONNRESET', 'ECONNRESET')), 'ECONNRESET'],
    ['admin shutdown (57P01)', withCode('terminating connection due to administrator command', '57P01'), '57P01'],
    ['cannot connect now (57P03)', wrapped(withCode('the database system is starting up', '57P03')), '57P03'],
    ['a connection exception (08006)', withCode('connection failure', '08006'), '08006'],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300'), '53300'],
    ['a connection that ended mid-query', wrapped(new Error('Connection terminated unexpectedly')), 'Connection terminated'],
    ['the pool timeout', new Error('timeout exceeded when trying to connect'), 'timeout exceeded when trying to connect'],
    ['a broken client', new Error('Client has encountered a connection error and is not queryable'), 'is not queryable'],
    ['every address of a host refused', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), 'ECONNREFUSED'],
  ])('%s is an outage', (_name, err, reason) => {
    expect(databaseUnavailableReason(err)).toBe(reason);
  });

  it.each([
    ['a unique violation', wrapped(withCode('duplicate key value violates unique constraint', '23505'))],
    ['a NUL character in text', wrapped(withCode('invalid byte sequence for encoding "UTF8": 0x00', '22021'))],
    ['a wrong password', withCode('password authentication failed for user "samrom"', '28P01')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
  ])('%s is not', (_name, err) => {
    expect(databaseUnavailableReason(err)).toBeUndefined();
  });

  it('gives a reason that carries nothing of the failed query', () => {
    expect(databaseUnavailableReason(wrapped(new Error('Connection terminated unexpectedly')))).not.toMatch(/Kari|params|insert/);
  });

  it('stops following a cycle of causes', () => {
    const a: { cause?: unknown } = {};
    a.cause = { cause: a };
    expect(databaseUnavailableReason(a)).toBeUndefined();
  });
});

describe('recordThroughOutage', () => {
  it('retries the write while the database is away and returns once it lands', async () => {
    let calls = 0;
    const result = await recordThroughOutage(async () => {
      if (++calls < 3) throw withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
      return 'recorded';
    });
    expect(result).toBe('recorded');
    expect(calls).toBe(3);
  });

  it('throws any other error at once', async () => {
    let calls = 0;
    const conflict = withCode('duplicate key value', '23505');
    await expect(
      recordThroughOutage(async () => {
        calls++;
        throw conflict;
      }),
    ).rejects.toBe(conflict);
    expect(calls).toBe(1);
  });

  it('gives up after its bound, so a job cannot hold its worker for ever', async () => {
    const refused = withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    await expect(
      recordThroughOutage(async () => {
        throw refused;
      }, 0),
    ).rejects.toBe(refused);
  });
});
