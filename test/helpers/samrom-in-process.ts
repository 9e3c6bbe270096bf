/**
 * Samrom as `startSamrom` composes it, in this process, on port 0: a fresh database (PGlite in a
 * temporary folder, or a fresh PostgreSQL database on the postgres project), real Redis under a
 * unique prefix, the demo directory and the development sign-in. `stop()` undoes all of it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { expect } from 'vitest';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { loadConfig } from '../../server/src/config';
import { type Role, type RunningSamrom, type StartOptions, startSamrom } from '../../server/src/server';
import { type ApiClient, api } from './app';
import { createPostgresDatabase, testDbKind } from './db';
import { testRedisUrl, uniquePrefix } from './redis';

export interface SamromInProcess {
  readonly samrom: RunningSamrom;
  /** The BullMQ prefix it runs under. */
  readonly prefix: string;
  /** A client signed in (development sign-in) as this demo person. */
  signIn(personId: string): Promise<ApiClient>;
  /** Stops Samrom, empties `queues` under its prefix, drops the database and removes the folder. */
  stop(queues?: readonly string[]): Promise<void>;
}

/**
 * `env` adds to (or overrides) the test environment: e.g. the LiveKit double's URL and keys, or
 * `QUEUE_PREFIX`; `options.logger` replaces the silent one.
 */
export async function startSamromInProcess(
  role: Role,
  env: Readonly<Record<string, string>> = {},
  options: Pick<StartOptions, 'logger'> = {},
): Promise<SamromInProcess> {
  const prefix = env.QUEUE_PREFIX ?? uniquePrefix();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'samrom-in-process-'));
  const created = testDbKind() === 'postgres' ? await createPostgresDatabase() : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DEV_AUTH: 'true',
    DATA_DIR: dataDir,
    DATABASE_URL: created?.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    ...env,
  });
  const samrom = await startSamrom(config, { role, seedDemo: true, ...options });
  return {
    samrom,
    prefix,
    async signIn(personId) {
      const client = api(samrom.url!);
      const res = await client.post('/api/dev/sign-in', { personId });
      expect(res.status, personId).toBe(200);
      return client.as(res.body.token);
    },
    async stop(queues = []) {
      await samrom.stop();
      const connection = createRedisConnection(testRedisUrl(), { connectionName: 'test-cleanup' });
      for (const name of queues) {
        const queue = new Queue(name, { connection, prefix });
        await queue.obliterate({ force: true });
        await queue.close();
      }
      connection.disconnect();
      await created?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
