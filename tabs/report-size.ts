/**
 * Bundle-size budget for the tab shell. The build prints what a first visit downloads (the
 * entry chunk and everything it imports statically, gzipped), writes `dist/size-report.json`,
 * and fails when that exceeds the budget, so a careless barrel import cannot slip through.
 */
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What a first visit may download, gzipped. */
export const SHELL_BUDGET_GZIP_BYTES = 300 * 1024;
/** All the guest join page's JavaScript, gzipped (issue 4: at most 350 KB). */
export const JOIN_PAGE_BUDGET_GZIP_BYTES = 350 * 1024;

export interface ReportOptions {
  /** The first words of the printed line. @defaultValue the tab shell's */
  readonly label?: string;
  /** Hold every JS chunk, lazy ones too, to the budget (not only the first visit). @defaultValue false */
  readonly countAllChunks?: boolean;
}

export interface SizeReport {
  /** Entry chunk plus its static imports, gzipped. */
  readonly shellGzipBytes: number;
  /** Every JS chunk, gzipped (lazy screens included). */
  readonly totalGzipBytes: number;
  readonly chunks: readonly { readonly file: string; readonly gzipBytes: number; readonly initial: boolean }[];
}

interface ChunkLike {
  readonly type: 'chunk';
  readonly fileName: string;
  readonly code: string;
  readonly isEntry: boolean;
  readonly imports: readonly string[];
}

export function measureChunks(chunks: readonly ChunkLike[]): SizeReport {
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const initial = new Set<string>();
  const visit = (file: string) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const dep of byFile.get(file)?.imports ?? []) visit(dep);
  };
  for (const c of chunks) if (c.isEntry) visit(c.fileName);
  const measured = chunks
    .map((c) => ({ file: c.fileName, gzipBytes: gzipSync(c.code, { level: 9 }).length, initial: initial.has(c.fileName) }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  const sum = (xs: readonly { gzipBytes: number }[]) => xs.reduce((n, x) => n + x.gzipBytes, 0);
  return { shellGzipBytes: sum(measured.filter((c) => c.initial)), totalGzipBytes: sum(measured), chunks: measured };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function reportBundleSize(budgetGzipBytes = SHELL_BUDGET_GZIP_BYTES, options: ReportOptions = {}): Plugin {
  const label = options.label ?? 'Fanens JS (gzip) / tab shell JS (gzip)';
  return {
    name: 'samrom-bundle-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o): o is typeof o & ChunkLike => o.type === 'chunk');
      const report = measureChunks(chunks);
      this.emitFile({ type: 'asset', fileName: 'size-report.json', source: `${JSON.stringify(report, null, 2)}\n` });
      const lines = report.chunks.slice(0, 8).map((c) => `  ${c.initial ? 'shell' : 'lazy '} ${kb(c.gzipBytes).padStart(9)}  ${c.file}`);
      console.log(
        [
          `${label}: ${kb(report.shellGzipBytes)} første visning / first visit` +
            ` (budsjett / budget ${kb(budgetGzipBytes)}), ${kb(report.totalGzipBytes)} totalt / in all`,
          ...lines,
        ].join('\n'),
      );
      const measured = options.countAllChunks ? report.totalGzipBytes : report.shellGzipBytes;
      if (measured > budgetGzipBytes) {
        this.error(`${label}: ${kb(measured)} gzip, over the ${kb(budgetGzipBytes)} budget`);
      }
    },
  };
}
