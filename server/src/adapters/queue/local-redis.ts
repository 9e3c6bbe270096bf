/**
 * On a fresh machine without `REDIS_URL`, Samrom runs its own `redis-server` in
 * `<DATA_DIR>/redis`: loopback only, a random password, `noeviction`, and an append-only
 * file so queued jobs survive a restart.
 *
 * Why TCP on a free loopback port rather than a unix socket: the URL stays an ordinary
 * `redis://` URL for ioredis, BullMQ and `redis-cli`, and deep data directories cannot hit
 * the ~104-byte socket path limit. The password (kept in a 0600 config file, never on the
 * command line where `ps` shows it) keeps other local users out.
 *
 * A server that is killed or crashes while Samrom runs is started again on the same port and
 * password (its AOF keeps the queues), so the connections find it again; one shut down cleanly
 * (`SHUTDOWN`, SIGTERM) is left down.
 *
 * A server left behind by a run that crashed is shut down (`SHUTDOWN` flushes its AOF) and
 * a fresh one started, rather than reused: the fresh one has exactly today's settings and a
 * clear owner. Two live Samroms on one data directory are already prevented by the PGlite
 * lock, so anything found here is stale.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { chmod, mkdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import type { RedisLogger } from './redis';

const STATE_FILE = 'samrom-redis.json';
const CONFIG_FILE = 'redis.conf';
const LOG_FILE = 'redis.log';
const POLL_INTERVAL_MS = 50;
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;
/** An owned server that died is started again after this, doubling up to the maximum while it fails. */
const RESTART_FIRST_DELAY_MS = 500;
const RESTART_MAX_DELAY_MS = 30_000;

export interface EnsureRedisOptions {
  /** Use this Redis as-is when set (`REDIS_URL`). */
  readonly redisUrl: string | undefined;
  /** `DATA_DIR`; the owned server keeps its files in `<dataDir>/redis`. */
  readonly dataDir: string;
  readonly logger: RedisLogger;
  /** A command name looked up on `searchPath`, or a path to the binary. @defaultValue 'redis-server' */
  readonly redisServerBinary?: string;
  /** Directories to search for the binary, `PATH`-style. @defaultValue process.env.PATH */
  readonly searchPath?: string;
  /** How long a starting server may take to load its AOF and answer PING. @defaultValue 30000 */
  readonly startTimeoutMs?: number;
}

export interface EnsuredRedis {
  /** May carry a password: do not log it. */
  readonly url: string;
  /** True when this process started the server and `stop()` shuts it down. */
  readonly owned: boolean;
  /** Shuts an owned server down (its AOF flushed) and waits for it to exit; idempotent. */
  stop(): Promise<void>;
}

export type RedisUnavailableReason = 'not-installed' | 'failed-to-start';

export class RedisUnavailableError extends Error {
  constructor(
    readonly reason: RedisUnavailableReason,
    message: string,
  ) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

/** What the state file records, so a later run can find a server this one leaves behind. */
type ServerState = { readonly pid: number; readonly port: number; readonly password: string };

export async function ensureRedis(opts: EnsureRedisOptions): Promise<EnsuredRedis> {
  if (opts.redisUrl) return { url: opts.redisUrl, owned: false, stop: async () => {} };
  const binary = findExecutable(opts.redisServerBinary ?? 'redis-server', opts.searchPath ?? process.env.PATH ?? '');
  if (!binary) {
    throw new RedisUnavailableError(
      'not-installed',
      'Fant ikke redis-server. Installer Redis (Debian/Ubuntu: apt-get install redis-server, macOS: brew install redis) ' +
        'eller sett REDIS_URL, f.eks. REDIS_URL=redis://127.0.0.1:6379. / ' +
        'redis-server was not found. Install Redis (Debian/Ubuntu: apt-get install redis-server, macOS: brew install redis) ' +
        'or set REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379.',
    );
  }
  const wanted = path.join(path.resolve(opts.dataDir), 'redis');
  await mkdir(wanted, { recursive: true, mode: 0o700 });
  await chmod(wanted, 0o700);
  // Redis reports its dir with symlinks resolved (macOS /tmp → /private/tmp); compare like with like.
  const dir = await realpath(wanted);
  await shutDownStale(dir, opts.logger);
  for (let attempt = 1; ; attempt++) {
    const started = await startServer(binary, dir, opts);
    if (started !== 'port-taken') return started;
    // Another process took the port between our probe and redis binding it; pick again.
    if (attempt >= PORT_ATTEMPTS) throw failedToStart(dir, 'no free port on 127.0.0.1');
  }
}

/** Resolves a command the way a shell would: a path is taken as-is, a name is searched on `searchPath`. */
function findExecutable(command: string, searchPath: string): string | undefined {
  const candidates = command.includes(path.sep)
    ? [path.resolve(command)]
    : searchPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((d) => path.join(d, command));
  return candidates.find((file) => {
    try {
      accessSync(file, fsConstants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false; // not there or not executable: try the next directory
    }
  });
}

async function startServer(binary: string, dir: string, opts: EnsureRedisOptions): Promise<EnsuredRedis | 'port-taken'> {
  const port = await freeLoopbackPort();
  const password = randomBytes(24).toString('hex');
  const { confFile, logFile, logStart } = await writeConfig(dir, port, password);
  const setup: ServerSetup = { binary, dir, confFile, port, password, startTimeoutMs: opts.startTimeoutMs ?? 30_000, logger: opts.logger };
  const server = new OwnedServer(setup, await launch(binary, confFile, dir, { pid: -1, port, password }));
  const outcome = await waitUntilAnswering(port, password, server.run.exited, setup.startTimeoutMs);
  if (outcome !== 'ready') {
    await server.abandon();
    const logTail = await tail(logFile, logStart);
    if (/address already in use/i.test(logTail)) return 'port-taken';
    throw failedToStart(dir, `${outcome}\n${logTail}`);
  }
  opts.logger.info({ pid: server.run.child.pid, port, dir }, 'started redis-server for the queues');
  server.supervise(server.run);
  return { url: `redis://:${password}@127.0.0.1:${port}`, owned: true, stop: () => server.stop() };
}

/** Writes the 0600 config file; `logStart` is where this run's lines begin in the log (read on failure). */
async function writeConfig(dir: string, port: number, password: string): Promise<{ confFile: string; logFile: string; logStart: number }> {
  const logFile = path.join(dir, LOG_FILE);
  const confFile = path.join(dir, CONFIG_FILE);
  const q = JSON.stringify; // redis.conf takes C-style "quoted" strings, so paths may hold spaces
  const conf = [
    ...['bind 127.0.0.1', `port ${port}`, 'protected-mode yes', `requirepass ${password}`, 'daemonize no'],
    ...['maxmemory-policy noeviction', 'appendonly yes', 'appendfsync everysec', 'save ""'],
    ...[`dir ${q(dir)}`, `logfile ${q(logFile)}`],
  ];
  await writeFile(confFile, conf.join('\n') + '\n', { mode: 0o600 });
  await chmod(confFile, 0o600);
  const logStart = await stat(logFile).then(
    (s) => s.size,
    () => 0,
  );
  return { confFile, logFile, logStart };
}

/** What starting (and starting again) the owned server takes. */
interface ServerSetup {
  readonly binary: string;
  readonly dir: string;
  readonly confFile: string;
  readonly port: number;
  readonly password: string;
  readonly startTimeoutMs: number;
  readonly logger: RedisLogger;
}

/**
 * The server this process owns. A server killed or crashed while Samrom runs is started again
 * on the same port, password and append-only file, so every connection finds it again and the
 * queues resume: an outage of the owned Redis is a state that ends, as it would with a
 * supervised Redis.
 */
class OwnedServer {
  private stopping: Promise<void> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  // Last resort if the process ends without calling stop(): SIGTERM still flushes the AOF.
  private readonly onExit = () => this.run.child.kill('SIGTERM');

  constructor(
    private readonly setup: ServerSetup,
    public run: Run,
  ) {
    process.once('exit', this.onExit);
  }

  /** It never answered: stop it and forget it. */
  async abandon(): Promise<void> {
    process.removeListener('exit', this.onExit);
    await stopChild(this.run.child, this.run.exited);
    await forgetState(this.setup.dir, this.run.state.pid);
  }

  supervise(current: Run): void {
    const { logger, dir } = this.setup;
    void current.exited.then((how) => {
      if (this.stopping) return;
      // SHUTDOWN (exit code 0): by hand, or by a later Samrom taking over this folder; either way not ours to undo.
      if (how === 'exit code 0') return logger.warn({ pid: current.state.pid, dir }, 'redis-server was shut down; not starting it again');
      logger.warn({ pid: current.state.pid, how, dir }, 'redis-server stopped unexpectedly; starting it again');
      this.scheduleRestart(RESTART_FIRST_DELAY_MS);
    });
  }

  private scheduleRestart(delayMs: number): void {
    if (this.stopping) return;
    const next = Math.min(delayMs * 2, RESTART_MAX_DELAY_MS);
    this.restartTimer = setTimeout(() => {
      this.restarting = this.restart(next)
        .catch((err: unknown) => {
          this.setup.logger.warn(
            { reason: err instanceof Error ? err.message : String(err), dir: this.setup.dir },
            'could not start redis-server again; trying again',
          );
          this.scheduleRestart(next);
        })
        .finally(() => (this.restarting = undefined));
    }, delayMs);
  }

  private async restart(nextDelayMs: number): Promise<void> {
    if (this.stopping) return;
    const { binary, confFile, dir, port, password, startTimeoutMs, logger } = this.setup;
    // Another Samrom that took the folder over has written its own server into the state file.
    if ((await readState(dir))?.pid !== this.run.state.pid)
      return logger.warn({ dir }, 'another process owns the redis folder now; not starting redis-server again');
    this.run = await launch(binary, confFile, dir, this.run.state);
    const again = await waitUntilAnswering(port, password, this.run.exited, startTimeoutMs);
    if (again === 'ready') {
      logger.info({ pid: this.run.child.pid, port, dir }, 'redis-server is running again');
      return this.supervise(this.run);
    }
    logger.warn({ reason: again, retryInMs: nextDelayMs, dir }, 'redis-server did not start again; trying again');
    await stopChild(this.run.child, this.run.exited);
    this.scheduleRestart(nextDelayMs);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.restartTimer);
      await this.restarting;
      process.removeListener('exit', this.onExit);
      await stopChild(this.run.child, this.run.exited);
      await forgetState(this.setup.dir, this.run.state.pid);
      this.setup.logger.info({ pid: this.run.child.pid, dir: this.setup.dir }, 'stopped redis-server');
    })();
    return this.stopping;
  }
}

/** One run of the server process, and how it ended (`exit code N`, `signal S` or a spawn error). */
interface Run {
  readonly child: ChildProcess;
  readonly exited: Promise<string>;
  readonly state: ServerState;
}

/** Spawns the server on `confFile` and records it in the state file (so a later run can find it). */
async function launch(binary: string, confFile: string, dir: string, previous: ServerState): Promise<Run> {
  // Own process group: Ctrl-C reaches Samrom only, which drains its workers (they need
  // Redis) before it stops the server. Shutdown mirrors start-up.
  const child = spawn(binary, [confFile], { stdio: 'ignore', detached: true });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`));
    child.once('error', (err) => resolve(err.message));
  });
  const state: ServerState = { ...previous, pid: child.pid ?? -1 }; // no pid: spawn failed, `exited` says why
  if (child.pid !== undefined) await writeFile(path.join(dir, STATE_FILE), JSON.stringify(state), { mode: 0o600 });
  return { child, exited, state };
}

/** Resolves 'ready' once the server answers PING (after loading its AOF), else why not. */
async function waitUntilAnswering(port: number, password: string, exited: Promise<string>, timeoutMs: number): Promise<string> {
  const client = loopbackClient(port, password, { maxRetriesPerRequest: null, retryStrategy: () => POLL_INTERVAL_MS });
  try {
    const answered = client.ping().then(
      () => 'ready',
      (err: Error) => `PING failed: ${err.message}`,
    );
    const died = exited.then((how) => `redis-server exited during start-up (${how})`);
    return await within(Promise.race([answered, died]), timeoutMs, `redis-server did not answer PING within ${timeoutMs} ms`);
  } finally {
    client.disconnect();
  }
}

/** SIGTERM makes redis shut down as SHUTDOWN does (AOF fsynced); SIGKILL only if it hangs. */
async function stopChild(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if ((await within(exited, STOP_TIMEOUT_MS, null)) === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Shuts down a server an earlier, crashed run left in `dir`, if it is still there and really ours. */
async function shutDownStale(dir: string, logger: RedisLogger): Promise<void> {
  const stateFile = path.join(dir, STATE_FILE);
  let state: ServerState;
  try {
    state = JSON.parse(await readFile(stateFile, 'utf8')) as ServerState;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ reason: String(err), stateFile }, 'ignoring an unreadable state file');
    return;
  }
  const client = loopbackClient(state.port, state.password, { lazyConnect: true, connectTimeout: 1_000, retryStrategy: () => null });
  try {
    await client.connect();
    const [, liveDir] = (await client.config('GET', 'dir')) as [string, string];
    const pid = Number(/^process_id:(\d+)/m.exec(await client.info('server'))?.[1]);
    if (pid === state.pid && path.resolve(liveDir) === dir) {
      logger.warn({ pid, port: state.port, dir }, 'shutting down a redis-server left by an earlier run');
      await client.call('SHUTDOWN').catch(() => undefined); // the "reply" is the connection closing
      await waitForExit(pid, dir);
    }
  } catch (err) {
    if (err instanceof RedisUnavailableError) throw err;
    logger.info({ pid: state.pid, port: state.port, reason: (err as Error).message }, 'the redis-server of an earlier run is gone');
  } finally {
    client.disconnect();
  }
  await rm(stateFile, { force: true });
}

/** Removes the state file if it still describes `pid` (a later server may have replaced it). */
async function forgetState(dir: string, pid: number): Promise<void> {
  if ((await readState(dir))?.pid === pid) await rm(path.join(dir, STATE_FILE), { force: true });
}

/** The state file, or undefined when it is unreadable or gone (the next start warns about it or finds nothing). */
function readState(dir: string): Promise<ServerState | undefined> {
  return readFile(path.join(dir, STATE_FILE), 'utf8').then(
    (text) => JSON.parse(text) as ServerState,
    () => undefined,
  );
}

async function waitForExit(pid: number, dir: string): Promise<void> {
  for (const deadline = Date.now() + STOP_TIMEOUT_MS; Date.now() < deadline; ) {
    try {
      process.kill(pid, 0);
    } catch {
      return; // ESRCH: it has exited
    }
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
  throw failedToStart(dir, `an earlier redis-server (pid ${pid}) did not exit after SHUTDOWN`);
}

/** A short-lived client for our own server; its errors surface through the commands awaited on it. */
function loopbackClient(port: number, password: string, extra: RedisOptions): Redis {
  const client = new Redis({ host: '127.0.0.1', port, password, protocol: 2, ...extra });
  client.on('error', () => {}); // refused connections are expected while a server starts or after it stopped
  return client;
}

/** `promise`'s value, or `fallback` once `ms` have passed. */
async function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function tail(file: string, fromByte: number, lines = 15): Promise<string> {
  const text = await readFile(file).then(
    (buf) => buf.subarray(fromByte).toString('utf8'),
    () => '(no redis log)',
  );
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function failedToStart(dir: string, detail: string): RedisUnavailableError {
  return new RedisUnavailableError('failed-to-start', `Kunne ikke starte redis-server i ${dir} / could not start redis-server in ${dir}: ${detail}`);
}
