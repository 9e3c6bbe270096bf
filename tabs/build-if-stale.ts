/**
 * Builds the tab shell when `tabs/dist` is missing or was built from other sources, then
 * exits. `npm start` and the browser tests run it first; a second run with nothing changed
 * costs a few milliseconds.
 *
 * "Stale" compares a hash of the inputs (tab sources, the shared contracts, the lockfile)
 * with the one stored beside the last build, rather than file times, which a `git checkout`
 * or a fresh clone makes meaningless. A lock keeps two starts from building into the same
 * folder at once.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lockfile from 'proper-lockfile';

const TABS_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(TABS_DIR);
export const DIST_DIR = path.join(TABS_DIR, 'dist');
const STAMP_FILE = path.join(DIST_DIR, '.sources-hash');
const LOCK_DIR = path.join(ROOT, 'node_modules', '.cache');

/** Files and folders whose content decides the build output. */
const INPUTS = [
  'tabs/index.html',
  'tabs/join.html',
  'tabs/vite.config.ts',
  'tabs/vite.join.config.ts',
  'tabs/video.html',
  'tabs/crew.html',
  'tabs/vite.video.config.ts',
  'tabs/report-size.ts',
  'tabs/src',
  'tabs/public',
  'server/src/contracts',
  'server/src/core/clinical',
  'package-lock.json',
];

async function listFiles(relative: string): Promise<string[]> {
  const absolute = path.join(ROOT, relative);
  try {
    const entries = await readdir(absolute, { withFileTypes: true });
    const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(path.join(relative, e.name)) : [path.join(relative, e.name)])));
    return nested.flat();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return [relative];
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export async function sourcesHash(): Promise<string> {
  const files = (await Promise.all(INPUTS.map(listFiles))).flat().sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(ROOT, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

async function builtHash(): Promise<string | undefined> {
  try {
    return (await readFile(STAMP_FILE, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * `vite build` in a child process with NODE_ENV=production: Vite and React take their mode
 * from NODE_ENV, which is "test" under vitest and often "development" on a laptop, and either
 * would produce a development React build twice the size.
 */
function viteBuild(configFile = 'vite.config.ts'): Promise<void> {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--config', path.join(TABS_DIR, configFile), '--configLoader', 'runner', '--logLevel', 'warn'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${signal ?? `exit code ${code}`})`))));
  });
}

export interface BuildResult {
  readonly built: boolean;
  readonly durationMs: number;
}

/** Builds unless `tabs/dist` matches the current sources. */
export async function buildTabsIfStale(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<BuildResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const startedAt = performance.now();
  await mkdir(LOCK_DIR, { recursive: true });
  const release = await lockfile.lock(TABS_DIR, {
    lockfilePath: path.join(LOCK_DIR, 'samrom-tabs-build.lock'),
    retries: { retries: 120, minTimeout: 250, maxTimeout: 1_000 },
    stale: 60_000,
  });
  try {
    const hash = await sourcesHash();
    if (!options.force && (await builtHash()) === hash) return { built: false, durationMs: performance.now() - startedAt };
    log('Bygger Teams-fanene (tabs/dist) … / building the Teams tabs …');
    await viteBuild();
    // The guest join page after the shell: the shell's build empties dist/, including dist/join.
    await viteBuild('vite.join.config.ts');
    // The citizen video page (AMK's SMS link), likewise after the shell.
    await viteBuild('vite.video.config.ts');
    await writeFile(STAMP_FILE, `${hash}\n`);
    const durationMs = performance.now() - startedAt;
    log(`Fanene er bygget på ${(durationMs / 1000).toFixed(1)} s / tabs built in ${(durationMs / 1000).toFixed(1)} s`);
    return { built: true, durationMs };
  } finally {
    await release();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildTabsIfStale({ force: process.argv.includes('--force') }).catch((err: unknown) => {
    console.error('Kunne ikke bygge fanene / could not build the tabs:', err);
    process.exit(1);
  });
}
