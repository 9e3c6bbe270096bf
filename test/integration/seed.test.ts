import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/adapters/postgres/db';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { organizations, people } from '../../server/src/adapters/postgres/schema';
import { SERVER_SEEDS_ITSELF, runSeed } from '../../server/src/seed/cli';
import { DEMO_COORDINATOR_AAD_OBJECT_ID, DEMO_PEOPLE, seedDemoDirectory, seedIfEmpty } from '../../server/src/seed/index';
import { type TestDatabase, createPostgresDatabase, createTestDatabase, testDbKind } from '../helpers/db';

const DEMO_COUNT = DEMO_PEOPLE.length;
/** Starting PGlite on disk (initdb in WebAssembly) takes several seconds on a busy machine. */
const PGLITE_ON_DISK_TIMEOUT_MS = 90_000;

function recorder() {
  const out = { log: [] as string[], error: [] as string[] };
  return { out, print: { log: (l: string) => out.log.push(l), error: (l: string) => out.error.push(l) } };
}

describe(`seeding the demo directory on ${testDbKind()}`, () => {
  // One database for the block (creating one is slow); each test starts from an empty directory.
  let database: TestDatabase;
  let directory: PostgresDirectory;
  beforeAll(async () => {
    database = await createTestDatabase();
    directory = new PostgresDirectory(database.db);
  });
  afterAll(() => database?.destroy());
  beforeEach(async () => {
    await database.db.delete(people); // person_roles follow by cascade
    await database.db.delete(organizations);
  });

  it('seedIfEmpty seeds an empty directory once; the second call changes nothing', async () => {
    expect(await seedIfEmpty(directory)).toBe(true);
    expect(await directory.list()).toHaveLength(DEMO_COUNT);
    expect(await seedIfEmpty(directory)).toBe(false);
    expect(await directory.list()).toHaveLength(DEMO_COUNT);
  });

  it('seedIfEmpty leaves a directory an administrator has filled alone', async () => {
    await directory.upsert([{ id: 'real-1', name: 'Ekte Person', roles: ['admin'], organization: 'Vestre Viken HF' }]);
    expect(await seedIfEmpty(directory)).toBe(false);
    expect((await directory.list()).map((p) => p.id)).toEqual(['real-1']);
  });

  it('seedDemoDirectory twice creates everyone, then only updates', async () => {
    expect(await seedDemoDirectory(directory)).toEqual({ created: DEMO_COUNT, updated: 0 });
    expect(await seedDemoDirectory(directory)).toEqual({ created: 0, updated: DEMO_COUNT });
    expect(await directory.list()).toHaveLength(DEMO_COUNT);
  });

  it('a seeded Teams identity maps to its demo person with roles and organization', async () => {
    await seedDemoDirectory(directory);
    expect(await directory.byAadObjectId(DEMO_COORDINATOR_AAD_OBJECT_ID)).toMatchObject({
      id: 'ke-drammen-1',
      roles: ['coordinator'],
      organization: 'Drammen kommune',
    });
    expect(await directory.byId('admin-2')).toMatchObject({ roles: ['admin', 'coordinator'] });
    expect(await directory.byId('spes-kardiologi-1')).toMatchObject({ roles: ['specialist'], specialty: 'kardiologi' });
  });
});

describe(`npm run seed on ${testDbKind()}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** An environment pointing the CLI at a fresh database of this project's kind. */
  async function freshTarget(): Promise<{ env: Record<string, string> }> {
    if (testDbKind() === 'postgres') {
      const created = await createPostgresDatabase();
      cleanups.push(created.drop);
      return { env: { NODE_ENV: 'test', DATABASE_URL: created.url } };
    }
    const dataDir = await mkdtemp(path.join(tmpdir(), 'samrom-seed-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    return { env: { NODE_ENV: 'test', DATA_DIR: dataDir } };
  }

  it(
    'migrates, seeds and reports new, then updated, people in Norwegian first',
    async () => {
      const target = await freshTarget();
      const first = recorder();
      expect(await runSeed(target.env, first.print)).toBe(0);
      expect(first.out.log).toEqual([
        `La inn ${DEMO_COUNT} personer (${DEMO_COUNT} nye, 0 oppdatert). / Loaded ${DEMO_COUNT} people (${DEMO_COUNT} new, 0 updated).`,
      ]);
      // A second run can open the database again (the first closed it and released any lock) and finds everyone.
      const second = recorder();
      expect(await runSeed(target.env, second.print)).toBe(0);
      expect(second.out.log[0]).toMatch(new RegExp(`^La inn ${DEMO_COUNT} personer \\(0 nye, ${DEMO_COUNT} oppdatert\\)`));
    },
    PGLITE_ON_DISK_TIMEOUT_MS,
  );

  it(
    'a PGlite folder held by a running Samrom is refused with exit code 1, and nothing is changed',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'samrom-seed-locked-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const running = await openDatabase({ kind: 'pglite', dir: path.join(dataDir, 'db') });
      try {
        const { out, print } = recorder();
        expect(await runSeed({ NODE_ENV: 'test', DATA_DIR: dataDir }, print)).toBe(1);
        expect(out.error[0]).toContain('brukes allerede av en annen Samrom-prosess');
        expect(out.error[1]).toBe(SERVER_SEEDS_ITSELF);
        expect(out.log).toEqual([]);
        // Refused before migrating: the running instance's database has not even got the tables.
        await expect(running.db.select().from(people)).rejects.toThrow(/people/);
      } finally {
        await running.close();
      }
    },
    PGLITE_ON_DISK_TIMEOUT_MS,
  );
});
