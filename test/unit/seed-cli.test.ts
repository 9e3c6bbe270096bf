import { describe, expect, it, vi } from 'vitest';
import { REFUSED_IN_PRODUCTION, runSeed, seedSummary } from '../../server/src/seed/cli';

/** Collects what the CLI prints. */
function recorder() {
  const out = { log: [] as string[], error: [] as string[] };
  return { out, print: { log: (l: string) => out.log.push(l), error: (l: string) => out.error.push(l) } };
}

// Nothing listens here: if the CLI tried to open the database the run would throw, not refuse.
const UNREACHABLE_DB = 'postgres://nobody@127.0.0.1:1/none';

const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  DATABASE_URL: UNREACHABLE_DB,
  REDIS_URL: 'redis://127.0.0.1:1',
  PUBLIC_BASE_URL: 'https://samrom.example',
  MICROSOFT_APP_ID: 'app-id',
  MICROSOFT_APP_PASSWORD: 'app-password',
  LIVEKIT_API_KEY: 'prod-key',
  LIVEKIT_API_SECRET: 'a-production-secret-of-at-least-32-chars',
  AUTH_ISSUER: 'https://login.example/issuer',
  AUTH_AUDIENCE: 'api://samrom',
  AUTH_JWKS_URI: 'https://login.example/keys',
  AUTH_TENANT_IDS: '11111111-1111-4111-8111-111111111111',
  DEV_AUTH: 'false',
};

describe('npm run seed', () => {
  it('refuses a valid production configuration before touching the database', async () => {
    const { out, print } = recorder();
    expect(await runSeed(PRODUCTION_ENV, print)).toBe(1);
    expect(out.error).toEqual([REFUSED_IN_PRODUCTION]);
    expect(out.log).toEqual([]);
  });

  it('refuses production even when the production configuration is incomplete', async () => {
    const { out, print } = recorder();
    expect(await runSeed({ NODE_ENV: 'production' }, print)).toBe(1);
    expect(out.error).toEqual([REFUSED_IN_PRODUCTION]);
  });

  it('the refusal is Norwegian first, then English', () => {
    expect(REFUSED_IN_PRODUCTION).toMatch(/^Demodata legges aldri inn i produksjon.* \/ Demo data is never loaded in production/);
  });

  it('a broken configuration names the variable and stops', async () => {
    const { out, print } = recorder();
    expect(await runSeed({ NODE_ENV: 'development', DATABASE_URL: 'not a url' }, print)).toBe(1);
    expect(out.error.join('\n')).toContain('DATABASE_URL');
  });

  it('the summary counts new and updated people in Norwegian, then English', () => {
    expect(seedSummary({ created: 3, updated: 62 })).toBe('La inn 65 personer (3 nye, 62 oppdatert). / Loaded 65 people (3 new, 62 updated).');
  });
});

describe('server/src/seed.ts', () => {
  it('importing it gives the seeding API without running the CLI', async () => {
    const log = vi.spyOn(console, 'log');
    const error = vi.spyOn(console, 'error');
    try {
      const seed = await import('../../server/src/seed');
      expect(seed.seedIfEmpty).toBeTypeOf('function');
      expect(seed.seedDemoDirectory).toBeTypeOf('function');
      // The CLI awaits at the top level, so had it run, it would have printed before import returned.
      expect(log).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
