/**
 * What an Agents Playground test starts with: Samrom as a real process on a fresh PostgreSQL
 * database (and a fresh data folder), and the Playground pointed at its bot endpoint with the
 * Teams identity the test needs. The browser is the test's own: some install the bot for other
 * users before they open the Playground page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPostgresDatabase } from './db';
import { type Playground, type PlaygroundIdentityOverrides, startPlayground } from './playground';
import { type SamromProcess, freePort, spawnSamrom, waitUntilRunning } from './samrom-process';

export interface SamromInPlayground {
  readonly samrom: SamromProcess;
  readonly playground: Playground;
  /** The database Samrom runs on, for the test to look into. */
  readonly databaseUrl: string;
  /** Stops the Playground and Samrom, drops the database and removes the data folder. */
  stop(): Promise<void>;
}

export interface SamromInPlaygroundOptions {
  /** Names the data folder. */
  readonly name: string;
  readonly identity: PlaygroundIdentityOverrides;
  /** More environment for Samrom (a short ring timeout, say). */
  readonly env?: Readonly<Record<string, string>>;
}

export async function startSamromInPlayground(o: SamromInPlaygroundOptions): Promise<SamromInPlayground> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `samrom-${o.name}-`));
  const db = await createPostgresDatabase();
  const port = String(await freePort());
  const samrom = spawnSamrom({ PORT: port, PUBLIC_BASE_URL: `http://localhost:${port}`, DATA_DIR: dataDir, DATABASE_URL: db.url, ...o.env });
  let playground: Playground | undefined;
  const stop = async () => {
    await playground?.stop();
    await samrom.stop();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilRunning(samrom);
    playground = await startPlayground({ botEndpoint: `${samrom.baseUrl}/api/messages`, identity: o.identity });
  } catch (err) {
    await stop();
    throw err;
  }
  return { samrom, playground, databaseUrl: db.url, stop };
}
