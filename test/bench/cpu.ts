/**
 * CPU time spent by processes, read from /proc (Linux). On a shared 2-core machine wall-clock
 * figures move with whatever else runs; CPU milliseconds per request mostly do not, so they
 * say where the cost is. Elsewhere these return undefined and benches leave the rows out.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds of one process so far; undefined if it cannot be read. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL backends serving one database: their process titles read
 * `postgres: <cluster>: <user> <database> <client> <state>`. Shared processes (WAL writer,
 * checkpointer) are not counted; they serve every database on the server.
 */
export function postgresBackendPids(database: string): number[] | undefined {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
          return title.startsWith('postgres:') && title.split(' ').includes(database);
        } catch {
          return false; // the process ended while we looked
        }
      })
      .map(Number);
  } catch {
    return undefined;
  }
}

/** CPU seconds a set of processes spends while `work` runs (processes that end mid-way are lost). */
export async function cpuSecondsDuring<T>(
  pids: () => readonly number[] | undefined,
  work: () => Promise<T>,
): Promise<{ result: T; cpuSeconds: number | undefined }> {
  const before = snapshot(pids());
  const result = await work();
  if (!before) return { result, cpuSeconds: undefined };
  const after = snapshot(pids()) ?? new Map<number, number>();
  let total = 0;
  // A process that appeared during the work (a new pool connection) counts from zero.
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return { result, cpuSeconds: total };
}

function snapshot(pids: readonly number[] | undefined): Map<number, number> | undefined {
  if (!pids) return undefined;
  const m = new Map<number, number>();
  for (const pid of pids) {
    const s = cpuSecondsOf(pid);
    if (s !== undefined) m.set(pid, s);
  }
  // Nothing readable although there were processes: no /proc here.
  return pids.length > 0 && m.size === 0 ? undefined : m;
}
