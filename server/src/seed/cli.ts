/**
 * `npm run seed`: loads the demo directory into the configured database. Refused in
 * production; the PGlite folder may be held by a running Samrom, which seeds itself.
 */
import { type Database, DatabaseLockedError, openDatabase } from '../adapters/postgres/db';
import { PostgresDirectory } from '../adapters/postgres/directory-store';
import { type Config, ConfigError, loadConfig } from '../config';
import { seedDemoDirectory } from './index';

export interface Printer {
  log(line: string): void;
  error(line: string): void;
}

export const REFUSED_IN_PRODUCTION =
  'Demodata legges aldri inn i produksjon (NODE_ENV=production). Ingenting ble endret. / ' +
  'Demo data is never loaded in production (NODE_ENV=production). Nothing was changed.';

export const SERVER_SEEDS_ITSELF =
  'Samrom-serveren som kjører, legger inn demokatalogen selv ved oppstart når katalogen er tom. ' +
  'Stopp serveren og kjør `npm run seed` igjen for å oppdatere demopersonene. / ' +
  'The running Samrom server loads the demo directory itself at start when the directory is empty; ' +
  'stop it and run `npm run seed` again to refresh the demo people.';

export function seedSummary({ created, updated }: { created: number; updated: number }): string {
  const total = created + updated;
  return `La inn ${total} personer (${created} nye, ${updated} oppdatert). / Loaded ${total} people (${created} new, ${updated} updated).`;
}

/** Runs the seed and returns the process exit code. */
export async function runSeed(env: Record<string, string | undefined> = process.env, print: Printer = console): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // An incomplete production configuration is still production: say why we stop, not what is missing.
    print.error(env.NODE_ENV === 'production' ? REFUSED_IN_PRODUCTION : err.message);
    return 1;
  }
  if (config.env === 'production') {
    print.error(REFUSED_IN_PRODUCTION);
    return 1;
  }

  let database: Database;
  try {
    database = await openDatabase(
      config.database.kind === 'postgres' ? { kind: 'postgres', url: config.database.url } : { kind: 'pglite', dir: config.database.dir },
    );
  } catch (err) {
    if (!(err instanceof DatabaseLockedError)) throw err;
    print.error(err.message);
    print.error(SERVER_SEEDS_ITSELF);
    return 1;
  }
  try {
    await database.migrate();
    print.log(seedSummary(await seedDemoDirectory(new PostgresDirectory(database.db))));
    return 0;
  } finally {
    await database.close();
  }
}
