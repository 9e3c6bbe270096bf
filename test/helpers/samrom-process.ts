/**
 * Runs Samrom as a real child process (`tsx server/src/main.ts`), as `npm start` would, and
 * waits for it on observable events: its "running" banner, or its exit.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const READY_LINE = /Samrom kjører/;

export interface SamromProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Spawns Samrom; does not wait (see `waitUntilRunning`). */
export function spawnSamrom(env: Record<string, string>, args: readonly string[] = ['--role=all']): SamromProcess {
  const port = env.PORT ?? '3978';
  const child = spawn(TSX, ['server/src/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    baseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Sends `signal` to the Node process that runs main.ts (tsx's child), not to tsx. tsx relays a
 * signal only if its child confirms it within 30 ms and SIGKILLs it otherwise, so on a busy
 * machine a SIGTERM to tsx may become a SIGKILL; tsx still exits with its child's code.
 */
export async function signalServer(p: SamromProcess, signal: NodeJS.Signals): Promise<void> {
  const children = await new Promise<string>((resolve, reject) =>
    execFile('pgrep', ['-P', String(p.child.pid)], (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
  const pids = children.split('\n').filter(Boolean).map(Number);
  if (pids.length !== 1) throw new Error(`expected one child of tsx (pid ${p.child.pid}), found ${pids.length}`);
  process.kill(pids[0]!, signal);
}

/** Waits for the banner; rejects with the output if the process exits first or time runs out. */
export function waitUntilRunning(p: SamromProcess, timeoutMs = 60_000): Promise<void> {
  return waitForOutput(p, READY_LINE, timeoutMs);
}

/** Waits until stdout shows `line`; rejects with the output if the process exits first or time runs out. */
export function waitForOutput(p: SamromProcess, line: RegExp, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = () => {
      if (line.test(p.output())) done(null);
    };
    const timer = setTimeout(() => done(new Error(`Samrom did not print ${line} within ${timeoutMs} ms:\n${p.output()}`)), timeoutMs);
    const done = (err: Error | null) => {
      clearTimeout(timer);
      p.child.stdout!.off('data', onData);
      if (err) reject(err);
      else resolve();
    };
    p.child.stdout!.on('data', onData);
    void p.exited.then((code) => done(new Error(`Samrom exited with ${code} before it printed ${line}:\n${p.output()}`)));
    onData();
  });
}
