import { defineConfig } from 'vitest/config';

/**
 * Projects: `unit` (pure, fast), the integration suite twice — once on embedded PGlite and
 * once on real PostgreSQL — and `e2e` (real processes, Chromium, the Agents Playground, and the
 * fault tests that kill Redis and PostgreSQL under a running Samrom).
 */
const integration = ['test/integration/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // Adapters against local protocol peers (LiveKit double, Bot Framework, SMTP, real Redis).
      { extends: true, test: { name: 'adapters', include: ['test/adapters/**/*.test.ts', 'test/bot/**/*.test.ts'] } },
      { extends: true, test: { name: 'pglite', include: integration, env: { TEST_DB: 'pglite' } } },
      { extends: true, test: { name: 'postgres', include: integration, env: { TEST_DB: 'postgres' } } },
      {
        extends: true,
        test: {
          name: 'e2e',
          // test/fault: Samrom as a process while Redis or PostgreSQL is killed and restarted.
          include: ['test/e2e/**/*.test.ts', 'test/fault/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
