/**
 * `npm run bench [-- --only <name>] [--seconds <n>] [--cpu-prof <dir>] [--list]`
 *
 * Runs the benchmarks in `benches.ts` one after another and prints one table per bench to
 * stdout; progress goes to stderr. Exits 0 whether or not figures meet their targets (a bench
 * measures, it does not judge); 1 only when a bench could not run, 2 on bad arguments.
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchContext } from './bench';
import { BENCHES } from './benches';
import { type BenchResult, formatReport } from './report';

const DEFAULT_PHASE_SECONDS = 10;

function usage(): string {
  return ['usage: npm run bench [-- --only <name>] [--seconds <n>] [--cpu-prof <dir>] [--list]', `benches: ${BENCHES.map((b) => b.name).join(', ')}`].join(
    '\n',
  );
}

function parseOptions(): { only?: string; phaseSeconds: number; cpuProfileDir?: string; list: boolean } {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      seconds: { type: 'string' },
      'cpu-prof': { type: 'string' },
      list: { type: 'boolean', default: false },
    },
  });
  const phaseSeconds = values.seconds === undefined ? DEFAULT_PHASE_SECONDS : Number(values.seconds);
  if (!Number.isInteger(phaseSeconds) || phaseSeconds < 1) throw new Error(`--seconds must be a whole number ≥ 1, not ${values.seconds}`);
  if (values.only !== undefined && !BENCHES.some((b) => b.name === values.only)) throw new Error(`no bench named ${values.only}`);
  return {
    only: values.only,
    phaseSeconds,
    cpuProfileDir: values['cpu-prof'] === undefined ? undefined : path.resolve(values['cpu-prof']),
    list: values.list,
  };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions();
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${usage()}`);
    return 2;
  }
  if (options.list) {
    for (const b of BENCHES) console.log(`${b.name}  ${b.description}`);
    return 0;
  }
  if (options.cpuProfileDir) await mkdir(options.cpuProfileDir, { recursive: true });

  const selected = BENCHES.filter((b) => options.only === undefined || b.name === options.only);
  const loadBefore = os.loadavg()[0]!;
  const results: BenchResult[] = [];
  for (const bench of selected) {
    const ctx: BenchContext = {
      log: (message) => console.error(`[${bench.name}] ${message}`),
      phaseSeconds: options.phaseSeconds,
      cpuProfileDir: options.cpuProfileDir,
    };
    try {
      results.push({ bench, rows: await bench.run(ctx) });
    } catch (err) {
      console.error(err);
      results.push({ bench, rows: [], error: err instanceof Error ? err.message : String(err) });
    }
  }
  console.log(`\n${machine(loadBefore)}\n\n${formatReport(results)}\n`);
  if (options.cpuProfileDir) console.error(`CPU profiles of the server children: ${options.cpuProfileDir}`);
  return results.some((r) => r.error !== undefined) ? 1 : 0;
}

/** Figures only compare within a run; this says what the run had to work with. */
function machine(loadBefore: number): string {
  const cpus = os.cpus();
  const load = `load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after`;
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'} · Node ${process.version} · ${load}`;
}

process.exitCode = await main();
