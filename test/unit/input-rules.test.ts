/**
 * The floor under every request (issue #12): which text and which times no field may hold
 * (core/input-rules.ts), how the edge walks a body to find them with their paths, and that a
 * route with a path parameter of no known format stops the app from starting
 * (http/input-guard.ts). The HTTP behaviour itself is in test/integration/hostile-input.test.ts.
 */
import express from 'express';
import { describe, expect, it } from 'vitest';
import { isDateOutsideWindow, isInstantInWindow, textProblem, writtenYear } from '../../server/src/core/input-rules';
import { MAX_JSON_DEPTH, findHostileInput, guardPathParameters } from '../../server/src/http/input-guard';
import { nested } from '../helpers/hostile-values';

describe('text no field may hold', () => {
  it.each([
    ['a\u0000b', { kind: 'control', codePoint: 0 }],
    ['\u0001', { kind: 'control', codePoint: 1 }],
    ['bell\u0007', { kind: 'control', codePoint: 7 }],
    ['\u000b', { kind: 'control', codePoint: 11 }],
    ['esc\u001b[31m', { kind: 'control', codePoint: 27 }],
    ['\u007f', { kind: 'control', codePoint: 127 }],
    ['half \ud800 a pair', { kind: 'surrogate' }],
    ['\udc00 trailing half', { kind: 'surrogate' }],
  ])('%j is refused as %j', (text, problem) => {
    expect(textProblem(text)).toEqual(problem);
  });

  it.each(['', 'Per Pasient', 'linje 1\nlinje 2\r\n\tinnrykk', 'Bjørn Ivar Lie – ÆØÅ', '😀 a whole pair', '\u202e\ufeff\u00a0', '\u0080\u009f'])(
    '%j is fine',
    (text) => {
      expect(textProblem(text)).toBeUndefined();
    },
  );
});

describe('the time window 2000–2099', () => {
  it.each([
    ['0001-01-01T00:00:00Z', true],
    ['0001-01-01T00:00', true],
    ['9999-12-31', true],
    ['1999-12-31T23:59:59.999Z', true],
    ['2100-01-01T00:00:00Z', true],
    ['+275760-09-13T00:00:00.000Z', true],
    ['-000001-01-01T00:00:00Z', true],
    ['2000-01-01T00:00:00Z', false],
    ['2099-12-31T23:59', false],
    ['2026-10-25T02:30:00+02:00', false],
    ['2026-12-06T21:16:48.0810000Z', false],
    ['1999', false],
    ['om tre uker, 2150-01-01', false],
    ['not a date', false],
  ])('%s outside: %s', (text, outside) => {
    expect(isDateOutsideWindow(text)).toBe(outside);
  });

  it('reads the year as written, extended years included', () => {
    expect(writtenYear(' 2026-03-29T02:30 ')).toBe(2026);
    expect(writtenYear('+010000-01-01T00:00:00Z')).toBe(10_000);
    expect(writtenYear('2026-03-29 and more')).toBeUndefined();
  });

  it('holds instants from 2000-01-01 up to, not including, 2100-01-01', () => {
    expect(isInstantInWindow(new Date('2000-01-01T00:00:00Z'))).toBe(true);
    expect(isInstantInWindow(new Date('1999-12-31T23:59:59.999Z'))).toBe(false);
    expect(isInstantInWindow(new Date('2099-12-31T23:59:59.999Z'))).toBe(true);
    expect(isInstantInWindow(new Date('2100-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('walking a request for hostile input', () => {
  it('names each field by its dotted path, array indexes included, and keeps times apart', () => {
    const found = findHostileInput(
      { title: 'ok', isbar: { situation: 'a\u0000' }, participants: [{ name: 'x' }, { name: '\ud800' }], start: '9999-01-01T10:00:00Z' },
      [],
    );
    expect(found.invalid.map((i) => i.path)).toEqual(['isbar.situation', 'participants.1.name']);
    expect(found.outOfWindow).toEqual([{ path: 'start', message: expect.stringContaining('2000') }]);
  });

  it('refuses prototype keys and control characters in keys, and numbers JSON cannot hold', () => {
    const body = JSON.parse('{"__proto__":{"a":1},"ok":{"constructor":1},"a\\u0000":1,"n":1e309}') as unknown;
    expect(findHostileInput(body, []).invalid.map((i) => i.path)).toEqual(['__proto__', 'a\\u0000', 'ok.constructor', 'n']);
  });

  it(`allows ${MAX_JSON_DEPTH} levels of nesting and refuses the next`, () => {
    for (const kind of ['array', 'object'] as const) {
      expect(findHostileInput(JSON.parse(nested(MAX_JSON_DEPTH, kind)), []).invalid).toEqual([]);
      expect(findHostileInput(JSON.parse(nested(MAX_JSON_DEPTH + 1, kind)), []).invalid).toHaveLength(1);
    }
    // Deep enough to overflow a recursive walk: the walk is iterative and stops at the limit.
    expect(findHostileInput(JSON.parse(nested(100_000, 'array')), []).invalid).toHaveLength(1);
  });

  it('prefixes query parameters, and reports at most 20 issues', () => {
    expect(findHostileInput({ from: '0001-01-01', to: ['x', '\u0001'] }, ['query'])).toEqual({
      invalid: [{ path: 'query.to.1', message: expect.any(String) }],
      outOfWindow: [{ path: 'query.from', message: expect.any(String) }],
    });
    expect(
      findHostileInput(
        Array.from({ length: 50 }, () => '\u0000'),
        [],
      ).invalid,
    ).toHaveLength(20);
  });
});

describe('path parameters', () => {
  it('an app whose route names a parameter without a format does not start', () => {
    const app = express();
    const r = express.Router();
    r.get('/:patientName', (_req, res) => res.end());
    app.use('/api/x', r);
    expect(() => guardPathParameters(app)).toThrow(/:patientName has no format/);
  });
});
