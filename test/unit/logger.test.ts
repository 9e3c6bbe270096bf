import { describe, expect, it } from 'vitest';
import { MAX_ERROR_DEPTH, type SerializedError, createLogger, maskSensitiveText, serializeError } from '../../server/src/adapters/logger';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJvaWQiOiIxMjMiLCJ0aWQiOiI0NTYifQ.c2lnbmF0dXJlLWJ5dGVz';
const NATIONAL_ID = '01019012345';
const MOBILE = '91234567';

function collectingLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, output: () => lines.join('') };
}

describe('logger redaction', () => {
  it('censors phone, nationalId, token and authorization keys, also nested and in arrays', () => {
    const { logger, output } = collectingLogger();
    logger.info(
      {
        phone: '+4798765432',
        nationalId: '31129956789',
        token: 'guest-token-value-1234',
        authorization: `Bearer ${JWT}`,
        caller: { phone: '+4741234567', contact: { nationalId: '15076500565' } },
        people: [{ phone: '+4799887766', email: 'kari@example.no' }],
      },
      'booked',
    );
    const out = output();
    for (const secret of ['98765432', '31129956789', 'guest-token-value-1234', JWT, '41234567', '15076500565', '99887766', 'kari@example.no']) {
      expect(out).not.toContain(secret);
    }
    expect(JSON.parse(out)).toMatchObject({ phone: '[redacted]', caller: { contact: { nationalId: '[redacted]' } }, msg: 'booked' });
  });

  it('masks national ids, +47 numbers, Norwegian mobiles and JWTs inside the message', () => {
    const { logger, output } = collectingLogger();
    logger.info(
      `fnr ${NATIONAL_ID} and 010190 12345, ring +47 912 34 567 or +4741234567 or 0047 41234567, ` + `mobil ${MOBILE}, 912 34 567 or 91 23 45 67, token ${JWT}`,
    );
    const out = output();
    for (const secret of [NATIONAL_ID, '010190 12345', '912 34 567', '41234567', MOBILE, '91 23 45 67', JWT, 'eyJ']) {
      expect(out).not.toContain(secret);
    }
    expect(JSON.parse(out).msg).toMatch(/^fnr \[redacted\] and \[redacted\], ring \[redacted\]/);
  });

  it('masks printf-style string arguments and error messages', () => {
    const { logger, output } = collectingLogger();
    logger.info('sending SMS to %s for %s', '+4791234567', NATIONAL_ID);
    logger.error({ err: new Error(`lookup failed for ${NATIONAL_ID} (${MOBILE})`) }, 'lookup failed');
    const out = output();
    expect(out).not.toContain('91234567');
    expect(out).not.toContain(NATIONAL_ID);
    expect(out).toContain('lookup failed for [redacted]');
  });

  it('child loggers keep the redaction', () => {
    const { logger, output } = collectingLogger();
    logger.child({ phone: '+4791234567' }).info(`child ${NATIONAL_ID}`);
    expect(output()).not.toMatch(/91234567|01019012345/);
  });

  it('leaves ordinary numbers, ids and times alone', () => {
    const text = 'consultation 3f2a, 45 minutes at 2025-03-30T02:30:00Z, HPR 1234567, port 3978, order 123456789012';
    expect(maskSensitiveText(text)).toBe(text);
  });

  it('masks the personal token in a guest join link', () => {
    expect(maskSensitiveText('GET /join/AbCdEfGhIjKlMnOpQrStUv123')).toBe('GET /join/[redacted]');
  });
});

describe('the error serializer cannot throw and passes only the allow-list', () => {
  const NAME = 'Ingrid Markørsen';
  const ISBAR = 'Markørtekst: trykkende brystsmerter';
  const MARKERS = [NATIONAL_ID, MOBILE, NAME, 'Ingrid', ISBAR];
  const clean = (out: string) => {
    for (const marker of MARKERS) expect(out).not.toContain(marker);
  };

  function throwingGetters(): Error {
    const err = new Error('base');
    for (const key of ['stack', 'message', 'cause', 'code', 'name', 'errors', 'constructor']) {
      Object.defineProperty(err, key, {
        get: () => {
          throw new Error(`getter ${key} ${NAME}`);
        },
        enumerable: true,
      });
    }
    return err;
  }
  const hostileProxy = () =>
    new Proxy(
      {},
      {
        get: () => {
          throw new Error(NAME);
        },
        getPrototypeOf: () => {
          throw new Error(NAME);
        },
        ownKeys: () => {
          throw new Error(NAME);
        },
        has: () => {
          throw new Error(NAME);
        },
        getOwnPropertyDescriptor: () => {
          throw new Error(NAME);
        },
      },
    );
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable(new Error(NAME), {});
    revoke();
    return proxy;
  };
  const circular = () => {
    const err = new Error(`loop ${NATIONAL_ID}`) as Error & { self?: unknown };
    err.cause = err;
    err.self = err;
    return err;
  };
  const circularAggregate = () => {
    const agg = new AggregateError([], 'several');
    (agg.errors as unknown[]).push(agg, circular());
    return agg;
  };
  const deepChain = () => {
    let err: Error = new Error('deepest', { cause: { params: [NAME] } });
    for (let i = 0; i < 50; i += 1) err = new Error(`level ${i}`, { cause: err });
    return err;
  };

  const inputs: [string, () => unknown][] = [
    ['undefined', () => undefined],
    ['null', () => null],
    ['a string with a national id and a phone', () => `failed for ${NATIONAL_ID} ${MOBILE}`],
    ['a number', () => 42],
    ['a bigint', () => 10n],
    ['a symbol', () => Symbol(NAME)],
    ['a function', () => () => NAME],
    ['a plain object thrown', () => ({ message: `x ${NATIONAL_ID}`, code: 'E1', params: [NAME], detail: ISBAR, body: { isbar: ISBAR } })],
    ['an error whose message is an object', () => Object.assign(new Error(), { message: { name: NAME } })],
    ['an error whose message is a number', () => Object.assign(new Error(), { message: 7 })],
    ['an error with throwing getters', throwingGetters],
    ['a proxy that throws on everything', hostileProxy],
    ['a revoked proxy', revoked],
    ['a circular error', circular],
    ['a circular AggregateError', circularAggregate],
    [
      'an AggregateError of odd throws',
      () => new AggregateError([undefined, `${NATIONAL_ID} ${MOBILE}`, { detail: ISBAR, name: NAME }, new Error(`${MOBILE}`)], `all failed ${NATIONAL_ID}`),
    ],
    ['a cause chain 50 deep', deepChain],
    [
      'a JSON parse error quoting its input',
      () => {
        try {
          JSON.parse(`${NAME}: ${ISBAR}`);
        } catch (err) {
          return err;
        }
      },
    ],
    [
      'an error with an Error-shaped response',
      () => Object.assign(new Error('bad gateway'), { statusCode: 502, response: { body: ISBAR }, data: { name: NAME } }),
    ],
  ];

  it.each(inputs)('%s: under err, as the first argument, under another key and as a printf argument', (_label, make) => {
    const { logger, output } = collectingLogger();
    const value = make();
    expect(() => logger.error({ err: value }, 'failed')).not.toThrow();
    expect(() => logger.error(value as Error)).not.toThrow();
    expect(() => logger.warn({ error: value, nested: { deeper: { value } } }, 'nested')).not.toThrow();
    expect(() => logger.info('printf %s %o %j', value, value as object, value as object)).not.toThrow();
    expect(() => serializeError(value)).not.toThrow();
    const out = output();
    clean(out);
    expect(out.trim().split('\n')).toHaveLength(4);
    const line = JSON.parse(out.split('\n')[0]!);
    // pino leaves out an undefined field.
    if (value === undefined) expect(line.err).toBeUndefined();
    else expect(line.err).toMatchObject({ type: expect.any(String), message: expect.any(String) });
  });

  it('a string under err (how the Redis connection logs its errors) is logged masked, not thrown on', () => {
    const { logger, output } = collectingLogger();
    expect(() => logger.warn({ err: 'connect ECONNREFUSED 127.0.0.1:6379', connection: 'queues' }, 'redis connection error')).not.toThrow();
    expect(JSON.parse(output()).err).toEqual({ type: 'string', message: 'connect ECONNREFUSED 127.0.0.1:6379' });
  });

  it('follows causes and aggregated errors to a fixed depth, and marks a loop', () => {
    const chain = serializeError(deepChain());
    let depth = 0;
    for (let e: SerializedError | undefined = chain; e?.cause; e = e.cause) depth += 1;
    expect(depth).toBe(MAX_ERROR_DEPTH);
    expect(serializeError(circular()).cause).toEqual({ type: 'Circular', message: 'circular reference' });
    const agg = serializeError(new AggregateError([new Error('a'), new Error('b')], 'both'));
    expect(agg).toMatchObject({ type: 'AggregateError', message: 'both', errors: [{ message: 'a' }, { message: 'b' }] });
  });

  it('keeps only the allow-listed fields: a code, a status and the message', () => {
    const err = Object.assign(new Error(`lookup failed for ${NATIONAL_ID}`), {
      code: 'E_LOOKUP',
      statusCode: 502,
      params: [NAME],
      detail: ISBAR,
      headers: { authorization: 'Bearer x' },
    });
    const out = serializeError(err);
    expect(out).toMatchObject({ type: 'Error', message: 'lookup failed for [redacted]', code: 'E_LOOKUP', statusCode: 502 });
    expect(Object.keys(out).sort()).toEqual(['code', 'message', 'stack', 'statusCode', 'type']);
    expect(out.stack).toMatch(/^Error: lookup failed for \[redacted\]\n\s+at /);
  });

  it('censors request bodies and health-data keys wherever they are logged', () => {
    const { logger, output } = collectingLogger();
    logger.info({ body: { patient: { name: NAME } }, job: { data: { isbar: { situation: ISBAR } } }, vitals: { pulse: 137 } }, 'careless');
    clean(output());
    expect(JSON.parse(output())).toMatchObject({ body: '[redacted]', job: { data: { isbar: '[redacted]' } }, vitals: '[redacted]' });
  });
});
