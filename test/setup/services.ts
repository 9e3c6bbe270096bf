/**
 * Before `npm test` (the `pretest` script) and in `.ci/run`: makes sure the real parts the suite
 * runs against are there — PostgreSQL (`TEST_POSTGRES_URL`), Redis (`TEST_REDIS_URL`, with
 * `maxmemory-policy noeviction`) and Chromium (`CHROMIUM_PATH`). On a machine where we are root
 * and the service is local, it installs the Debian package and starts it; otherwise it stops at
 * once with the one command that would fix it, instead of letting hundreds of tests time out.
 *
 *   tsx test/setup/services.ts           check, install and start what is missing
 *   tsx test/setup/services.ts --check   only check (exit 1 with the command to run)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';

const POSTGRES_URL = process.env.TEST_POSTGRES_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';

const checkOnly = process.argv.includes('--check');
const isRoot = process.getuid?.() === 0;

function log(message: string): void {
  process.stderr.write(`test services: ${message}\n`);
}

class Missing extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}

function run(command: string, args: readonly string[], options: { quiet?: boolean } = {}): boolean {
  const result = spawnSync(command, args, {
    stdio: options.quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

let aptUpdated = false;
function aptInstall(...packages: string[]): void {
  if (!aptUpdated) {
    log('apt-get update');
    if (!run('apt-get', ['update'])) throw new Missing('apt-get update failed', `apt-get install -y ${packages.join(' ')}`);
    aptUpdated = true;
  }
  log(`installing ${packages.join(' ')}`);
  if (!run('apt-get', ['install', '-y', ...packages])) throw new Missing(`could not install ${packages.join(' ')}`, `apt-get install -y ${packages.join(' ')}`);
}

/** Polls `check` until it passes or `seconds` run out (services start in the background). */
async function waitFor(check: () => Promise<boolean>, seconds: number): Promise<boolean> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ── PostgreSQL ────────────────────────────────────────────────────────────────────────────

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function clusterVersion(): string | undefined {
  if (!existsSync('/etc/postgresql')) return undefined;
  const versions = readdirSync('/etc/postgresql').filter((v) => existsSync(`/etc/postgresql/${v}/main`));
  return versions.sort((a, b) => Number(a) - Number(b)).at(-1);
}

async function ensurePostgres(): Promise<void> {
  if (await postgresAnswers()) return;
  const fix = 'apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start';
  if (checkOnly || !isRoot || !isLocal(POSTGRES_URL)) {
    throw new Missing(
      `PostgreSQL does not answer at ${POSTGRES_URL}`,
      isLocal(POSTGRES_URL) ? `sudo sh -c '${fix}'` : 'set TEST_POSTGRES_URL to a reachable server',
    );
  }
  if (!clusterVersion()) aptInstall('postgresql');
  const version = clusterVersion();
  if (!version) throw new Missing('no PostgreSQL cluster after installing postgresql', fix);
  const port = new URL(POSTGRES_URL).port || '5432';
  const accepting = () => run('pg_isready', ['-q', '-h', '127.0.0.1', '-p', port], { quiet: true });
  if (!accepting()) {
    log(`starting PostgreSQL ${version}`);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
    await waitFor(async () => accepting(), 30);
  }
  if (await postgresAnswers()) return;
  // Running, but the postgres user may not connect over TCP without a password: trust loopback.
  const hba = `/etc/postgresql/${version}/main/pg_hba.conf`;
  log(`allowing trust authentication from loopback in ${hba}`);
  writeFileSync(hba, `host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n${readFileSync(hba, 'utf8')}`);
  run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'reload']);
  if (!(await waitFor(postgresAnswers, 10))) throw new Missing(`PostgreSQL does not accept connections at ${POSTGRES_URL}`, `check ${hba}`);
}

// ── Redis ─────────────────────────────────────────────────────────────────────────────────

async function withRedis<T>(use: (redis: Redis) => Promise<T>): Promise<T | undefined> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await use(redis);
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

const redisAnswers = async () => (await withRedis((r) => r.ping())) === 'PONG';

async function ensureRedis(): Promise<void> {
  if (!(await redisAnswers())) {
    const port = new URL(REDIS_URL).port || '6379';
    const fix = `apt-get install -y redis-server && redis-server --daemonize yes --bind 127.0.0.1 --port ${port} --save '' --appendonly no`;
    if (checkOnly || !isRoot || !isLocal(REDIS_URL)) {
      throw new Missing(`Redis does not answer at ${REDIS_URL}`, isLocal(REDIS_URL) ? `sudo sh -c "${fix}"` : 'set TEST_REDIS_URL to a reachable server');
    }
    if (!has('redis-server')) aptInstall('redis-server');
    log(`starting Redis on 127.0.0.1:${port}`);
    run('mkdir', ['-p', '/var/lib/redis', '/var/log/redis']);
    run('redis-server', [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '-::1',
      '--port',
      port,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      '/var/lib/redis',
      '--logfile',
      '/var/log/redis/test.log',
    ]);
    if (!(await waitFor(redisAnswers, 30))) throw new Missing(`Redis does not answer at ${REDIS_URL} (see /var/log/redis/test.log)`, fix);
  }
  // BullMQ loses jobs under eviction; the suite tests Samrom's refusal of other policies with its own servers.
  const policy = await withRedis(async (r) => {
    const [, value] = (await r.config('GET', 'maxmemory-policy')) as [string, string];
    if (value !== 'noeviction') await r.config('SET', 'maxmemory-policy', 'noeviction');
    return value;
  });
  if (policy !== undefined && policy !== 'noeviction') log(`set Redis maxmemory-policy to noeviction (was ${policy})`);
}

// ── Chromium ──────────────────────────────────────────────────────────────────────────────

async function ensureChromium(): Promise<void> {
  if (existsSync(CHROMIUM_PATH)) return;
  if (checkOnly || !isRoot || CHROMIUM_PATH !== '/usr/bin/chromium') {
    throw new Missing(
      `Chromium is missing at ${CHROMIUM_PATH}`,
      CHROMIUM_PATH === '/usr/bin/chromium' ? 'sudo apt-get install -y chromium' : 'set CHROMIUM_PATH to a Chromium binary',
    );
  }
  aptInstall('chromium');
  if (!existsSync(CHROMIUM_PATH)) throw new Missing(`${CHROMIUM_PATH} is missing after installing chromium`, 'apt-get install -y chromium');
}

async function main(): Promise<void> {
  const problems: Missing[] = [];
  for (const ensure of [ensurePostgres, ensureRedis, ensureChromium]) {
    try {
      await ensure();
    } catch (err) {
      if (!(err instanceof Missing)) throw err;
      problems.push(err);
    }
  }
  if (problems.length === 0) {
    log(`PostgreSQL ${POSTGRES_URL}, Redis ${REDIS_URL} (noeviction), Chromium ${CHROMIUM_PATH}: ready`);
    return;
  }
  for (const p of problems) log(`${p.message}\n  run: ${p.fix}`);
  process.exitCode = 1;
}

await main();
