/**
 * The domain core says what happened as typed Teams notices; only `adapters/teams/` and `bot/`
 * build Adaptive Cards (docs/ARCHITECTURE.md, «Layers»). This gate reads every file under
 * server/src/core and fails naming any that writes card JSON.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORE = 'server/src/core';
const CARD_JSON = /['"](AdaptiveCard|TextBlock|FactSet|ColumnSet|Action\.OpenUrl|Action\.Submit|Input\.[A-Za-z]+)['"]/;

const coreFiles = (): string[] =>
  readdirSync(path.join(root, CORE), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${CORE}/${f.split(path.sep).join('/')}`);

describe('the core builds no Adaptive Cards', () => {
  it('no file under server/src/core writes card JSON (the Teams adapter renders notices)', () => {
    const offenders = coreFiles().filter((f) => CARD_JSON.test(readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the check sees card JSON where it is written', () => {
    expect(CARD_JSON.test(`{ type: 'TextBlock', text }`)).toBe(true);
    expect(CARD_JSON.test(`{ kind: 'emergency.call_invite', url }`)).toBe(false);
    expect(coreFiles().length).toBeGreaterThan(20);
  });
});
