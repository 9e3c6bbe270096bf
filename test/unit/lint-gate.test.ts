/**
 * The lint and format gate bites: `npm test` runs `biome ci` (biome.jsonc) before vitest, so a
 * lint error or unformatted code fails the run before any test. Each case writes a small probe
 * file into the real tree (so the repository's own includes and rules apply), runs Biome on just
 * that file and removes it. A clean probe must pass, so the gate cannot "bite" by refusing everything.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const biome = path.join(root, 'node_modules', '.bin', 'biome');

/** Writes `source` as a probe in server/src/core, runs `biome ci` on it, and removes it again. */
function biomeCi(source: string): { status: number | null; output: string } {
  const relative = `server/src/core/__lint_probe_${process.pid}__.ts`;
  const file = path.join(root, relative);
  writeFileSync(file, source);
  try {
    const run = spawnSync(biome, ['ci', '--colors=off', relative], { cwd: root, encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(file, { force: true });
  }
}

const header = '/** A temporary probe written by test/unit/lint-gate.test.ts. */\n';

describe('the Biome lint and format gate', () => {
  it('refuses a lint error', () => {
    const result = biomeCi(`${header}export function probe(): number {\n  debugger;\n  return 1;\n}\n`);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('lint/suspicious/noDebugger');
  });

  it('refuses code that is not formatted', () => {
    const result = biomeCi(`${header}export const probe   =  { a:1,b :2 }\n`);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/format/i);
  });

  it('passes a clean, formatted file', () => {
    const result = biomeCi(`${header}export const probe = { a: 1, b: 2 };\n`);
    expect(result.output).not.toContain('lint/');
    expect(result.status).toBe(0);
  });
});
