/**
 * Prints bench results as a plain-text table: figure, unit, the baseline from the same run,
 * the ratio figure/baseline, the target and whether the figure meets it.
 */
import { type Bench, type Row, type Target, meetsTarget } from './bench';

export interface BenchResult {
  readonly bench: Pick<Bench, 'name' | 'description'>;
  readonly rows: readonly Row[];
  /** Set when the bench threw instead of returning rows. */
  readonly error?: string;
}

const HEADER = ['measurement', 'figure', 'unit', 'baseline', 'ratio', 'target', ''] as const;
/** Columns holding numbers are right-aligned. */
const RIGHT_ALIGNED = new Set([1, 3, 4]);

export function formatReport(results: readonly BenchResult[]): string {
  return results.map(formatBench).join('\n\n');
}

function formatBench({ bench, rows, error }: BenchResult): string {
  const title = `${bench.name} — ${bench.description}`;
  if (error !== undefined) return `${title}\n  FAILED: ${error}`;
  const cells = [HEADER.slice(), ...rows.map(rowCells)];
  const widths = HEADER.map((_, col) => Math.max(...cells.map((r) => r[col]!.length)));
  const lines = cells.map((r) =>
    r
      .map((cell, col) => (RIGHT_ALIGNED.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(
    1,
    0,
    widths
      .map((w) => '-'.repeat(w))
      .join('  ')
      .trimEnd(),
  );
  return [title, ...lines.map((l) => `  ${l}`)].join('\n');
}

function rowCells(row: Row): string[] {
  const ratio = row.baseline !== undefined && row.baseline !== 0 ? `${formatNumber(row.figure / row.baseline)}x` : '';
  return [
    row.name,
    formatNumber(row.figure),
    row.unit,
    row.baseline === undefined ? '' : formatNumber(row.baseline),
    ratio,
    row.target ? formatTarget(row.target) : '',
    row.target ? (meetsTarget(row.figure, row.target) ? 'pass' : 'MISS') : '',
  ];
}

function formatTarget(target: Target): string {
  return target.atLeast !== undefined ? `>= ${formatNumber(target.atLeast)}` : `<= ${formatNumber(target.atMost)}`;
}

/** Three significant figures or so: 12,345 · 123 · 12.3 · 1.23 · 0.123. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString('en-US');
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 0.01) return n.toFixed(2);
  return n.toPrecision(2);
}
