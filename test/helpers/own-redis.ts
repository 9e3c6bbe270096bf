/**
 * A redis-server of the test's own, on a free port with its append-only file in a temp folder,
 * for tests that stop, kill and restart Redis. The shared test Redis is never touched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './samrom-process';

export class OwnRedis {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly extraArgs: readonly string[],
  ) {}

  /** Picks a port and a folder; the server is not started yet (see `start`). `extraArgs` go on its command line (e.g. `--requirepass`). */
  static async create(extraArgs: readonly string[] = []): Promise<OwnRedis> {
    return new OwnRedis(await freePort(), await mkdtemp(path.join(tmpdir(), 'samrom-own-redis-')), extraArgs);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and folder, as production would (AOF, `noeviction`); resolves once it accepts connections. */
  async start(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      ...this.extraArgs,
    ];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/Ready to accept connections/.test(out)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
    });
  }

  /** SIGTERM flushes the append-only file, as on a planned restart; SIGKILL is a crash. Resolves once it has exited. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await this.exited;
  }

  /** Stops the server and removes its folder. */
  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }
}
