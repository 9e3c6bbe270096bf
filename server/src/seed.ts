/**
 * `npm run seed` — loads the synthetic Vestre Viken demo directory (never in production).
 *
 * `import … from './seed'` resolves to this file rather than `./seed/index`, so it re-exports
 * the seeding API and runs the CLI only when started as a script: importing it is harmless.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSeed } from './seed/cli';

export * from './seed/index';

function startedAsScript(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false; // argv[1] is not a file (a REPL or an eval): not started as this script.
  }
}

if (startedAsScript()) {
  try {
    process.exitCode = await runSeed();
  } catch (err) {
    console.error('Kunne ikke laste inn demokatalogen / could not load the demo directory:', err);
    process.exitCode = 1;
  }
}
