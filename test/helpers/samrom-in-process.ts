/**
 * Samrom as `npm start` composes it (`startSamrom`), in the test's own process: a fresh data
 * folder, this project's database (a new PostgreSQL database, or PGlite in the folder), the
 * shared Redis and the development sign-in. `stop()` undoes all of it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/src/config';
import { type RunningSamrom, type StartOptions, startSamrom } from '../../server/src/server';
import { createPostgresDatabase, testDbKind } from './db';
import { testRedisUrl } from './redis';

export interface InProcessSamrom {
  readonly samrom: RunningSamrom;
  stop(): Promise<void>;
}

/** `env` is added to (and overrides) a test environment: NODE_ENV test, port 0, silent logs, DEV_AUTH on. */
export async function startSamromInProcess(env: Readonly<Record<string, string | undefined>>, options: StartOptions = {}): Promise<InProcessSamrom> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'samrom-in-process-'));
  const database = testDbKind() === 'postgres' ? await createPostgresDatabase() : undefined;
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      LOG_LEVEL: 'silent',
      DEV_AUTH: 'true',
      DATA_DIR: dataDir,
      DATABASE_URL: database?.url,
      REDIS_URL: testRedisUrl(),
      ...env,
    });
    const samrom = await startSamrom(config, options);
    return {
      samrom,
      async stop() {
        await samrom.stop();
        await database?.drop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}
