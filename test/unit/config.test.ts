import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_SWITCHBOARD_NUMBER, loadConfig, redisPolicyProblem, workerCloseGraceMs } from '../../server/src/config';

/** Everything production needs, with nothing insecure. */
const PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  PUBLIC_BASE_URL: 'https://samrom.vestreviken.no',
  DATABASE_URL: 'postgres://samrom@db.internal:5432/samrom',
  DATABASE_SSL_MODE: 'verify-full',
  REDIS_URL: 'redis://redis.internal:6379',
  SMS_PROVIDER_URL: 'https://n-eu.linkmobility.io/sms',
  SMS_USERNAME: 'samrom',
  SMS_PASSWORD: 'from-the-vault',
  SMS_PLATFORM_ID: 'SMS',
  SMS_PLATFORM_PARTNER_ID: '12345',
  SMTP_URL: 'smtp://samrom:from-the-vault@smtp.internal:587',
  SMTP_FROM: 'samrom@vestreviken.example',
  LIVEKIT_URL: 'wss://video.vestreviken.no',
  LIVEKIT_API_KEY: 'APIk3y7Xq2',
  LIVEKIT_API_SECRET: 'a-real-secret-that-is-at-least-32-characters-long',
  MICROSOFT_APP_ID: '00000000-0000-4000-8000-000000000001',
  MICROSOFT_APP_PASSWORD: 'bot-client-secret',
  MICROSOFT_APP_TENANT_ID: '00000000-0000-4000-8000-0000000000aa',
  AUTH_ISSUER: 'https://login.microsoftonline.com/{tenantid}/v2.0',
  AUTH_AUDIENCE: 'api://samrom.vestreviken.no/00000000-0000-4000-8000-000000000001',
  AUTH_JWKS_URI: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
  AUTH_TENANT_IDS: '00000000-0000-4000-8000-0000000000aa',
  METRICS_TOKEN: 'a-random-scrape-token-of-at-least-32-characters',
  ADVICE_SWITCHBOARD_NUMBER: '+4732800000',
};

/** The problems loadConfig reports for this environment (fails the test if it does not throw ConfigError). */
function problemsFor(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('an empty environment gives development defaults: port 3978, PGlite under ./data, dev sign-in on, LiveKit dev server', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3978,
      publicBaseUrl: 'http://localhost:3978',
      dataDir: path.resolve('./data'),
      database: { kind: 'pglite', dir: path.resolve('./data', 'db') },
      redisUrl: undefined,
      livekit: { url: 'ws://localhost:7880', apiKey: 'devkey', apiSecret: 'secret' },
      auth: { tenantIds: [], bootstrapAdminOids: [], devSignIn: true },
      adviceRingTimeoutSeconds: 60,
      adviceSwitchboards: { fallback: DEMO_SWITCHBOARD_NUMBER, bySpecialty: {} },
      emergencyRingTimeoutSeconds: 10,
      logLevel: 'info',
    });
  });

  it('DATABASE_URL selects PostgreSQL, and lists are split on commas', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://localhost/samrom',
      AUTH_TENANT_IDS: ' t1, t2 ,,',
      BOOTSTRAP_ADMIN_OIDS: 'oid-a,oid-b',
      PUBLIC_BASE_URL: 'https://samrom.example/',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://localhost/samrom',
      poolMax: 20,
      poolTimeoutMs: 10_000,
      statementTimeoutMs: 30_000,
      ssl: undefined,
    });
    expect(config.auth.tenantIds).toEqual(['t1', 't2']);
    expect(config.auth.bootstrapAdminOids).toEqual(['oid-a', 'oid-b']);
    expect(config.publicBaseUrl).toBe('https://samrom.example');
  });

  it('blank optional values count as unset', () => {
    expect(loadConfig({ DATABASE_URL: '  ', MICROSOFT_APP_ID: '' })).toMatchObject({ database: { kind: 'pglite' }, bot: { appId: undefined } });
  });

  it.each(['abc', '-1', '70000', '3978.5'])('PORT=%s is refused with a message naming PORT', (port) => {
    const problems = problemsFor({ PORT: port });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT: /);
  });

  it('every invalid variable is reported at once, each by name', () => {
    const problems = problemsFor({ PORT: 'x', DEV_AUTH: 'maybe', REDIS_URL: 'not a url', ADVICE_RING_TIMEOUT_SECONDS: '0' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['ADVICE_RING_TIMEOUT_SECONDS', 'DEV_AUTH', 'PORT', 'REDIS_URL']);
  });

  it('the ConfigError message lists the problems', () => {
    expect(() => loadConfig({ PORT: 'x' })).toThrow(/invalid configuration[\s\S]*PORT/);
  });

  it('a complete production configuration passes, with the development sign-in off', () => {
    const config = loadConfig(PRODUCTION);
    expect(config).toMatchObject({
      env: 'production',
      database: { kind: 'postgres' },
      auth: { devSignIn: false, tenantIds: ['00000000-0000-4000-8000-0000000000aa'] },
      publicBaseUrl: 'https://samrom.vestreviken.no',
    });
  });

  it.each([
    ['without MICROSOFT_APP_ID (bot authentication off)', { MICROSOFT_APP_ID: undefined }, 'MICROSOFT_APP_ID'],
    ['without MICROSOFT_APP_PASSWORD', { MICROSOFT_APP_PASSWORD: undefined }, 'MICROSOFT_APP_PASSWORD'],
    ['with DEV_AUTH=true', { DEV_AUTH: 'true' }, 'DEV_AUTH'],
    ['with the LiveKit --dev key', { LIVEKIT_API_KEY: 'devkey' }, 'LIVEKIT_API_KEY'],
    ['with the LiveKit --dev secret', { LIVEKIT_API_SECRET: 'secret' }, 'LIVEKIT_API_SECRET'],
    ['with the LiveKit defaults', { LIVEKIT_API_KEY: undefined, LIVEKIT_API_SECRET: undefined }, 'LIVEKIT_API_KEY'],
    ['with a short LiveKit secret', { LIVEKIT_API_SECRET: 'too-short' }, 'LIVEKIT_API_SECRET'],
    ['without AUTH_ISSUER', { AUTH_ISSUER: undefined }, 'AUTH_ISSUER'],
    ['without AUTH_JWKS_URI', { AUTH_JWKS_URI: undefined }, 'AUTH_JWKS_URI'],
    ['without AUTH_TENANT_IDS', { AUTH_TENANT_IDS: undefined }, 'AUTH_TENANT_IDS'],
    ['with a plain-http PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'http://samrom.vestreviken.no' }, 'PUBLIC_BASE_URL'],
    ['without REDIS_URL', { REDIS_URL: undefined }, 'REDIS_URL'],
    ['without DATABASE_URL (PGlite)', { DATABASE_URL: undefined }, 'DATABASE_URL'],
    [
      'with SMS going to the development outbox',
      { SMS_PROVIDER_URL: undefined, SMS_USERNAME: undefined, SMS_PASSWORD: undefined, SMS_PLATFORM_ID: undefined, SMS_PLATFORM_PARTNER_ID: undefined },
      'SMS_PROVIDER_URL',
    ],
    ['with a plain-http SMS provider', { SMS_PROVIDER_URL: 'http://sms.internal/sms' }, 'SMS_PROVIDER_URL'],
    ['with e-mail going to the development outbox', { SMTP_URL: undefined, SMTP_FROM: undefined }, 'SMTP_URL'],
    ['with a LiveKit URL without TLS (ws://)', { LIVEKIT_URL: 'ws://video.vestreviken.no' }, 'LIVEKIT_URL'],
    ['with a LiveKit URL without TLS (http://)', { LIVEKIT_URL: 'http://video.vestreviken.no' }, 'LIVEKIT_URL'],
    ['with the default LiveKit URL (ws://localhost)', { LIVEKIT_URL: undefined }, 'LIVEKIT_URL'],
    ['with SMTP_REQUIRE_TLS=false', { SMTP_REQUIRE_TLS: 'false' }, 'SMTP_REQUIRE_TLS'],
    [
      'with SMTP_REQUIRE_TLS=false over smtps://',
      { SMTP_URL: 'smtps://samrom:from-the-vault@smtp.internal:465', SMTP_REQUIRE_TLS: 'false' },
      'SMTP_REQUIRE_TLS',
    ],
    ['without ADVICE_SWITCHBOARD_NUMBER (the demo number would be given to doctors)', { ADVICE_SWITCHBOARD_NUMBER: undefined }, 'ADVICE_SWITCHBOARD_NUMBER'],
    ['without METRICS_TOKEN (an open /metrics)', { METRICS_TOKEN: undefined }, 'METRICS_TOKEN'],
    ['with a short METRICS_TOKEN', { METRICS_TOKEN: 'metrics' }, 'METRICS_TOKEN'],
    ['with TRUST_PROXY=true (anyone could choose their address)', { TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    ['with a remote database without TLS (no DATABASE_SSL_MODE)', { DATABASE_SSL_MODE: undefined }, 'DATABASE_SSL_MODE'],
    ['with a remote database over TLS that does not check the server (require)', { DATABASE_SSL_MODE: 'require' }, 'DATABASE_SSL_MODE'],
    ['with DATABASE_SSL_MODE=disable', { DATABASE_SSL_MODE: 'disable' }, 'DATABASE_SSL_MODE'],
    [
      'with sslmode=require in DATABASE_URL',
      { DATABASE_SSL_MODE: undefined, DATABASE_URL: 'postgres://samrom@db.internal:5432/samrom?sslmode=require' },
      'DATABASE_SSL_MODE',
    ],
  ])('production %s is refused, naming %s', (_what, change, variable) => {
    const problems = problemsFor({ ...PRODUCTION, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(variable);
    expect(() => loadConfig({ ...PRODUCTION, ...change })).toThrow(variable);
  });

  it('an insecure production configuration lists every problem, not just the first', () => {
    const problems = problemsFor({ NODE_ENV: 'production' });
    const text = problems.join('\n');
    for (const name of ['MICROSOFT_APP_ID', 'LIVEKIT_API_KEY', 'AUTH_ISSUER', 'AUTH_TENANT_IDS', 'PUBLIC_BASE_URL', 'REDIS_URL', 'DATABASE_URL']) {
      expect(text).toContain(name);
    }
  });

  it('production accepts a wss:// or https:// LiveKit URL and SMTP with TLS required', () => {
    expect(loadConfig({ ...PRODUCTION, LIVEKIT_URL: 'https://video.vestreviken.no' }).livekit.url).toBe('https://video.vestreviken.no');
    expect(loadConfig({ ...PRODUCTION, SMTP_REQUIRE_TLS: 'true' }).email).toMatchObject({ kind: 'smtp', requireTls: true });
    expect(loadConfig(PRODUCTION).metricsToken).toBe(PRODUCTION.METRICS_TOKEN);
  });

  it('outside production /metrics is open unless METRICS_TOKEN is set, and any token length will do', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'dev' }).metricsToken).toBe('dev');
  });

  it('the development sign-in may be turned off outside production', () => {
    expect(loadConfig({ DEV_AUTH: 'false' }).auth.devSignIn).toBe(false);
  });
});

describe('redisPolicyProblem', () => {
  it('accepts noeviction', () => {
    expect(redisPolicyProblem('noeviction')).toBeNull();
  });

  it.each(['allkeys-lru', 'volatile-lru', 'allkeys-random'])('refuses %s and says noeviction is required', (policy) => {
    const problem = redisPolicyProblem(policy);
    expect(problem).toContain('noeviction');
    expect(problem).toContain(policy);
  });
});

describe('messaging configuration', () => {
  it('names each missing variable when an SMS provider is only partly configured', () => {
    expect(() => loadConfig({ SMS_PROVIDER_URL: 'https://n-eu.linkmobility.io/sms', SMS_USERNAME: 'x' })).toThrow(/SMS_PASSWORD.*\n.*SMS_PLATFORM_ID/s);
  });

  it('uses the development outbox for SMS and e-mail when nothing is configured outside production', () => {
    const config = loadConfig({});
    expect(config.sms).toEqual({ kind: 'dev-outbox' });
    expect(config.email).toEqual({ kind: 'dev-outbox' });
  });
});

describe('TRUST_PROXY', () => {
  it('unset trusts no proxy in production and only loopback elsewhere', () => {
    expect(loadConfig(PRODUCTION).trustProxy).toBe(false);
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ NODE_ENV: 'test' }).trustProxy).toEqual(['loopback']);
  });

  it.each([
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.5', ['10.0.0.5']],
    ['10.0.0.0/8, 192.168.1.10 ,fd00::/8', ['10.0.0.0/8', '192.168.1.10', 'fd00::/8']],
    ['loopback, uniquelocal', ['loopback', 'uniquelocal']],
  ])('TRUST_PROXY=%s gives %j', (value, expected) => {
    expect(loadConfig({ ...PRODUCTION, TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(['true', 'yes', 'proxy.internal', '10.0.0.0/33', '10.0.0', '::1/129', '11', '10.0.0.0/8/8', 'loopback,private'])(
    'TRUST_PROXY=%s is refused, naming TRUST_PROXY',
    (value) => {
      const problems = problemsFor({ TRUST_PROXY: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^TRUST_PROXY: /);
    },
  );
});

describe('PostgreSQL settings (DATABASE_*)', () => {
  it('pool size, wait limit, statement timeout and TLS are read into the database settings', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://samrom@db.internal/samrom',
      DATABASE_POOL_MAX: '8',
      DATABASE_POOL_TIMEOUT_MS: '2500',
      DATABASE_STATEMENT_TIMEOUT_MS: '15000',
      DATABASE_SSL_MODE: 'verify-ca',
      DATABASE_SSL_CA: '/etc/samrom/db-ca.pem',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://samrom@db.internal/samrom',
      poolMax: 8,
      poolTimeoutMs: 2500,
      statementTimeoutMs: 15_000,
      ssl: { mode: 'verify-ca', caFile: '/etc/samrom/db-ca.pem' },
    });
  });

  it.each([
    ['DATABASE_POOL_MAX', '0'],
    ['DATABASE_POOL_MAX', 'many'],
    ['DATABASE_POOL_TIMEOUT_MS', '0'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '-1'],
    ['DATABASE_SSL_MODE', 'prefer'],
  ])('%s=%s is refused by name', (name, value) => {
    expect(problemsFor({ [name]: value })).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
  });

  it('TLS set both in DATABASE_URL (sslmode) and DATABASE_SSL_MODE is refused: node-postgres would quietly let the URL win', () => {
    const problems = problemsFor({ DATABASE_URL: 'postgres://db.internal/samrom?sslmode=verify-full', DATABASE_SSL_MODE: 'verify-full' });
    expect(problems).toEqual([expect.stringContaining('DATABASE_SSL_MODE / DATABASE_SSL_CA')]);
  });

  it('a CA without a mode that checks the server is refused, naming DATABASE_SSL_CA', () => {
    for (const mode of [undefined, 'require']) {
      const problems = problemsFor({ DATABASE_URL: 'postgres://db.internal/samrom', DATABASE_SSL_MODE: mode, DATABASE_SSL_CA: '/etc/ca.pem' });
      expect(problems).toEqual([expect.stringMatching(/^DATABASE_SSL_CA: /)]);
    }
  });

  it.each([
    ['verify-full in the URL', { DATABASE_SSL_MODE: undefined, DATABASE_URL: 'postgres://samrom@db.internal/samrom?sslmode=verify-full' }],
    ['verify-ca', { DATABASE_SSL_MODE: 'verify-ca' }],
    ['no TLS to a database on this machine (loopback)', { DATABASE_SSL_MODE: undefined, DATABASE_URL: 'postgres://samrom@127.0.0.1:5432/samrom' }],
    ['no TLS over a Unix socket', { DATABASE_SSL_MODE: undefined, DATABASE_URL: 'postgres://samrom@localhost/samrom?host=/var/run/postgresql' }],
  ])('production accepts %s', (_what, change) => {
    expect(loadConfig({ ...PRODUCTION, ...change }).env).toBe('production');
  });
});

describe('advice switchboards', () => {
  it('per specialty from ADVICE_SWITCHBOARD_NUMBERS, the rest from ADVICE_SWITCHBOARD_NUMBER; bad entries are refused by name', () => {
    const config = loadConfig({ ADVICE_SWITCHBOARD_NUMBER: '+4732800000', ADVICE_SWITCHBOARD_NUMBERS: 'kardiologi:+4732800001, nevrologi:+4732800002' });
    expect(config.adviceSwitchboards).toEqual({ fallback: '+4732800000', bySpecialty: { kardiologi: '+4732800001', nevrologi: '+4732800002' } });
    expect(() => loadConfig({ ADVICE_SWITCHBOARD_NUMBERS: 'kardiologi:32800001' })).toThrow(/ADVICE_SWITCHBOARD_NUMBERS: «kardiologi:32800001»/);
    expect(() => loadConfig({ ADVICE_SWITCHBOARD_NUMBER: '0352' })).toThrow(/ADVICE_SWITCHBOARD_NUMBER: «0352»/);
  });
});

describe('shutdown settings (SHUTDOWN_DRAIN_MS, SHUTDOWN_TIMEOUT_MS)', () => {
  it('drain 5 s in production and none elsewhere; the limit 20 s; workers get half of what the drain leaves', () => {
    expect(loadConfig({}).shutdown).toEqual({ drainMs: 0, timeoutMs: 20_000 });
    expect(loadConfig({ NODE_ENV: 'test' }).shutdown).toEqual({ drainMs: 0, timeoutMs: 20_000 });
    const production = loadConfig(PRODUCTION).shutdown;
    expect(production).toEqual({ drainMs: 5_000, timeoutMs: 20_000 });
    expect(workerCloseGraceMs(production)).toBe(7_500);
    expect(loadConfig({ SHUTDOWN_DRAIN_MS: '2000', SHUTDOWN_TIMEOUT_MS: '10000' }).shutdown).toEqual({ drainMs: 2_000, timeoutMs: 10_000 });
  });

  it('a drain as long as the whole shutdown is refused, naming SHUTDOWN_DRAIN_MS', () => {
    expect(problemsFor({ SHUTDOWN_DRAIN_MS: '20000' })).toEqual([expect.stringMatching(/^SHUTDOWN_DRAIN_MS: /)]);
    expect(problemsFor({ SHUTDOWN_TIMEOUT_MS: '500' })).toEqual([expect.stringMatching(/^SHUTDOWN_TIMEOUT_MS: /)]);
  });
});
