/**
 * The layer gate bites: `npm test` runs dependency-cruiser with .dependency-cruiser.cjs before
 * vitest, and this proves those rules refuse an upward import. Each case writes a small probe
 * file into the real tree (core → adapters, contracts → core), cruises just that file with the
 * repository's own configuration, expects the rule's violation, and removes the probe. A probe
 * that imports only the shared leaf must pass, so the rules cannot "bite" by refusing everything.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

/** Writes `source` at `relativePath`, cruises only that file (depth 1), and removes it again. */
async function violationsOf(relativePath: string, source: string): Promise<Violation[]> {
  const file = path.join(root, relativePath);
  const cwd = process.cwd();
  writeFileSync(file, source);
  try {
    process.chdir(root);
    const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
    const tsConfig = extractTSConfig('tsconfig.json');
    const result = await cruise([relativePath], { ...options, validate: true, maxDepth: 1 }, undefined, { tsConfig });
    if (typeof result.output === 'string') throw new Error('expected a cruise result, not formatted text');
    return result.output.summary.violations.map((v) => ({ from: v.from, to: v.to, rule: { name: v.rule.name } }));
  } finally {
    process.chdir(cwd);
    rmSync(file, { force: true });
  }
}

const probe = (dir: string) => `server/src/${dir}/__gate_probe_${process.pid}__.ts`;
const header = '/** A temporary probe written by test/unit/layer-gate.test.ts. */\n';

describe('the dependency-cruiser layer gate', () => {
  it('refuses an import from server/src/core into server/src/adapters', async () => {
    const file = probe('core');
    const violations = await violationsOf(file, `${header}export { maskSensitiveText } from '../adapters/logger';\n`);
    expect(violations).toEqual([{ from: file, to: 'server/src/adapters/logger.ts', rule: { name: 'core-only-core-and-shared' } }]);
  });

  it('refuses an import from server/src/contracts into server/src/core', async () => {
    const file = probe('contracts');
    const violations = await violationsOf(file, `${header}export { DomainError } from '../core/errors';\n`);
    expect(violations).toEqual([{ from: file, to: 'server/src/core/errors.ts', rule: { name: 'contracts-only-shared' } }]);
  });

  it('lets core and contracts import the shared leaf', async () => {
    expect(await violationsOf(probe('core'), `${header}export { MS_PER_DAY } from '../shared/calendar';\n`)).toEqual([]);
    expect(await violationsOf(probe('contracts'), `${header}export { MS_PER_DAY } from '../shared/calendar';\n`)).toEqual([]);
  });
});
