/**
 * Runs a bench fixture (`test/bench/fixtures/<file>`) as a child process under tsx, so the
 * server under test has its own event loop and core, apart from the load generator.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTRA_ISSUER_TEMPLATE, type LocalEntra } from '../helpers/jwks';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'test/bench/fixtures');
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export interface Fixture<Ready> {
  /** What the child sent once it was listening. */
  readonly ready: Ready;
  readonly pid: number;
  /** Asks the child to shut down cleanly; kills it if it has not exited in time. */
  stop(): Promise<void>;
}

/** The `api-server.ts` fixture's environment: a database, Redis under a prefix, RS256 tokens from a local Entra. */
export function apiServerEnv(o: {
  readonly role: 'all' | 'web' | 'worker';
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly entra: Pick<LocalEntra, 'audience' | 'jwksUri' | 'tenantId'>;
  readonly bootstrapOid: string;
}): Record<string, string> {
  return {
    SAMROM_ROLE: o.role,
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    QUEUE_PREFIX: o.prefix,
    AUTH_ISSUER: ENTRA_ISSUER_TEMPLATE,
    AUTH_AUDIENCE: o.entra.audience,
    AUTH_JWKS_URI: o.entra.jwksUri,
    AUTH_TENANT_IDS: o.entra.tenantId,
    BOOTSTRAP_ADMIN_OIDS: o.bootstrapOid,
  };
}

export async function startFixture<Ready extends { kind: 'ready' }>(
  file: string,
  o: { readonly env: Readonly<Record<string, string>>; readonly cpuProfileDir?: string },
): Promise<Fixture<Ready>> {
  const child = fork(path.join(FIXTURES, file), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', ...(o.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfileDir}`] : [])],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...o.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const ready = await waitForReady<Ready>(child, exited);
    return { ready, pid: child.pid!, stop: () => stopChild(child, exited) };
  } catch (err) {
    await stopChild(child, exited);
    throw err;
  }
}

function waitForReady<Ready extends { kind: 'ready' }>(child: ChildProcess, exited: Promise<number | null>): Promise<Ready> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fixture did not report ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    child.on('message', (message: unknown) => {
      if ((message as { kind?: unknown } | null)?.kind !== 'ready') return;
      clearTimeout(timer);
      resolve(message as Ready);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`fixture exited with ${code} before it was ready`));
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.send('stop');
  else child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS);
  });
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}
