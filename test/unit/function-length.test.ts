/**
 * «Functions stay under ~80 lines» (issue 13): a long function is where a newcomer gets lost and
 * where unrelated changes collide. This gate parses every .ts file under server/src and bot/ with
 * the TypeScript compiler and fails naming each function, method, accessor or arrow longer than
 * {@link MAX_LINES} lines (from its first token to its closing brace; leading comments not counted).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAX_LINES = 80;
const DIRS = ['server/src', 'bot'];
const EXEMPT = new Set<string>([]);

interface LongFunction {
  readonly where: string;
  readonly name: string;
  readonly lines: number;
}

function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return '(anonymous)';
}

/** Every function-like node in `source` longer than `max` lines. */
function longFunctions(file: string, source: string, max = MAX_LINES): LongFunction[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node as ts.FunctionLikeDeclaration;
      const first = sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(fn.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push({ where: `${file}:${first + 1}`, name: nameOf(fn), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const sourceFiles = (): string[] =>
  DIRS.flatMap((dir) =>
    readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => `${dir}/${f.split(path.sep).join('/')}`),
  );

describe('no server or bot function is longer than 80 lines', () => {
  it('every function, method and arrow under server/src and bot/ fits in 80 lines', () => {
    const files = sourceFiles().filter((f) => !EXEMPT.has(f));
    expect(files.length).toBeGreaterThan(100);
    const long = files.flatMap((f) => longFunctions(f, readFileSync(path.join(root, f), 'utf8')));
    expect(long.map((l) => `${l.where} ${l.name} (${l.lines} lines)`)).toEqual([]);
  });

  it('the measure counts from the first token to the closing brace, for every kind of function', () => {
    const body = (n: number) => Array.from({ length: n - 2 }, (_, i) => `  x += ${i};`).join('\n');
    const source = [
      `/** a comment that does not count */\nexport function fits() {\n${body(80)}\n}`,
      `function tooLong() {\n${body(81)}\n}`,
      `const arrow = () => {\n${body(81)}\n};`,
      `class K {\n  method() {\n${body(81)}\n  }\n}`,
    ].join('\n');
    expect(longFunctions('probe.ts', source).map((l) => `${l.name} ${l.lines}`)).toEqual(['tooLong 81', 'arrow 81', 'method 81']);
  });
});
