/**
 * A PostgreSQL cluster of the test's own (initdb in a temp folder, a free port), which the test
 * may stop and start: the shared PostgreSQL is never stopped. Started and stopped with the
 * server's own `pg_ctl`, as the `postgres` user when the tests run as root (PostgreSQL refuses
 * to run as root). Finds the binaries in `TEST_POSTGRES_BIN`, else the newest
 * `/usr/lib/postgresql/<version>/bin` (Debian); fails, never skips, when there are none.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './samrom-process';

const run = promisify(execFile);

export class OwnPostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
  ) {}

  /** Creates the cluster (not started: see `start`). */
  static async create(): Promise<OwnPostgres> {
    const bin = await postgresBin();
    const dir = await mkdtemp(path.join(tmpdir(), 'samrom-own-postgres-'));
    const pg = new OwnPostgres(await freePort(), dir, bin);
    if (process.getuid?.() === 0) {
      const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
      await chown(dir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
    }
    await pg.as(path.join(bin, 'initdb'), ['-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    return pg;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off`;
    await this.pgCtl(['start', '-w', '-t', '60', '-o', options, '-l', path.join(this.dir, 'server.log')]);
  }

  /** `fast` ends every session (57P01, as an administrator's restart does); `immediate` is a crash. Waits until it has stopped. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.pgCtl(['stop', '-w', '-t', '60', '-m', mode]);
  }

  /** Stops the server if it runs, and removes its folder. */
  async destroy(): Promise<void> {
    if (existsSync(path.join(this.dataDir, 'postmaster.pid'))) await this.stop('immediate').catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private pgCtl(args: readonly string[]): Promise<unknown> {
    return this.as(path.join(this.bin, 'pg_ctl'), ['-D', this.dataDir, ...args]);
  }

  /** Runs a PostgreSQL program, as `postgres` when we are root. */
  private async as(program: string, args: readonly string[]): Promise<void> {
    const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, [...args]];
    await run(file, argv, { cwd: this.dir });
  }
}

async function postgresBin(): Promise<string> {
  const fromEnv = process.env.TEST_POSTGRES_BIN?.trim();
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = (await readdir(root).catch(() => [] as string[])).filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl')));
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no PostgreSQL server binaries (pg_ctl) under ${root}: install postgresql or set TEST_POSTGRES_BIN`);
  return path.join(root, newest, 'bin');
}
