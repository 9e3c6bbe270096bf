/**
 * What a benchmark is: a named module that measures something and returns rows. A row is one
 * figure, optionally beside a baseline measured in the same run and a target from the issue
 * that asked for it. Targets are reported, never enforced: a bench is a measurement, not a test.
 */

/** A target the figure should meet; one direction only. */
export type Target = { readonly atLeast: number; readonly atMost?: never } | { readonly atMost: number; readonly atLeast?: never };

export interface Row {
  /** What was measured, e.g. `max throughput`. */
  readonly name: string;
  readonly figure: number;
  /** e.g. `req/s`, `ms`, `count`. */
  readonly unit: string;
  /** The same measurement on the baseline, in the same run; the report prints figure/baseline. */
  readonly baseline?: number;
  readonly target?: Target;
}

export interface BenchContext {
  /** Progress for the person watching; goes to stderr so stdout holds only the report. */
  log(message: string): void;
  /** How long each measured phase runs. @defaultValue 10 */
  readonly phaseSeconds: number;
  /** When set, server children write V8 CPU profiles (`--cpu-prof`) into this folder. */
  readonly cpuProfileDir: string | undefined;
}

export interface Bench {
  /** Short and unique; `npm run bench -- --only <name>` selects it. */
  readonly name: string;
  /** What is measured against what, in one line. */
  readonly description: string;
  run(ctx: BenchContext): Promise<readonly Row[]>;
}

export function meetsTarget(figure: number, target: Target): boolean {
  return target.atLeast !== undefined ? figure >= target.atLeast : figure <= target.atMost;
}
