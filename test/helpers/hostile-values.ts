/**
 * Hostile HTTP requests as fast-check arbitraries: what an attacker or a broken client sends
 * instead of what the API expects. Control characters, lone surrogates and NUL in strings and
 * keys, wrong types, numbers JSON cannot hold (1e309 parses to Infinity), dates in year 1 or
 * 9999, deep nesting, prototype keys, bodies that are not JSON, and path ids and link tokens
 * that are `%00`, overlong, malformed percent-escapes or not ids at all. A request starts from a
 * valid-looking body for its route, so mutations reach past the first check.
 */
import fc from 'fast-check';

/** A string the request sends as a bare JSON number token (e.g. `1e309`), not as a string. */
export interface RawNumber {
  readonly rawNumber: string;
}
const raw = (rawNumber: string): RawNumber => ({ rawNumber });
const RAW_NUMBER_MARK = '\uE000raw\uE000';

/** JSON text with every {@link RawNumber} written as the bare token it holds. */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && 'rawNumber' in v && typeof (v as RawNumber).rawNumber === 'string'
      ? `${RAW_NUMBER_MARK}${(v as RawNumber).rawNumber}${RAW_NUMBER_MARK}`
      : v,
  );
  return (text ?? 'null').replace(new RegExp(`"${RAW_NUMBER_MARK}(.*?)${RAW_NUMBER_MARK}"`, 'g'), '$1');
}

/** C0 controls a JSON string may carry escaped: everything below U+0020 but tab, LF and CR. */
const c0 = fc
  .integer({ min: 0, max: 0x1f })
  .filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d)
  .map((c) => String.fromCharCode(c));

export const HOSTILE_DATES = [
  '0001-01-01T00:00:00Z',
  '0000-01-01T00:00:00.000Z',
  '0001-01-01T00:00',
  '0001-01-01',
  '1899-12-31T23:00:00+01:00',
  '1999-12-31T23:59:59Z',
  '9999-12-31T23:59:59Z',
  '9999-01-01T10:00:00+01:00',
  '9999-12-31T23:59',
  '9999-12-31',
  '2100-01-01T00:00:00Z',
  '2150-06-01T12:00',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '+010000-01-01T00:00:00Z',
  '2026-02-30T10:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-03-29T02:30',
  '2026-10-25T02:30',
  '1970-01-01T00:00:00Z',
  '2026-06-01T25:61:61Z',
  '2026-06-01T10:00:00+99:99',
] as const;

const HOSTILE_TEXT = [
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(64),
  '\u007f',
  '\ud800',
  'x\udfffy',
  '\udbff\u0000',
  '\u202e',
  '\ufeff',
  '',
  ' ',
  '\t\n\r',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  "'; drop table people; --",
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x")',
  '../../etc/passwd',
  '%00',
  '\\u0000',
  '😀'.repeat(40),
  'x'.repeat(2_001),
  'x'.repeat(20_000),
  '__proto__',
  'constructor',
] as const;

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 4, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), c0, fc.string({ maxLength: 8 })).map(([a, c, b]) => `${a}${c}${b}`) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_DATES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const hostileNumber: fc.Arbitrary<number | RawNumber> = fc.oneof(
  fc.constantFrom(0, -1, 0.5, -0, 2 ** 31, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, -Number.MAX_VALUE, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.constantFrom(raw('1e309'), raw('-1e309'), raw('1e-400'), raw('123456789012345678901234567890'), raw('-0.0'), raw('0.30000000000000004')),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '', '\u0000', 'a\u0000', '\ud800', 'x'.repeat(1_000), 'toString', 'hasOwnProperty'),
  fc.string({ maxLength: 10 }),
);

/** A leaf or a small container of hostile values. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: hostileString },
    { weight: 3, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(hostileKey, tie('value'), { maxKeys: 3 }) },
  ),
})).value;

/** `[` × depth … `]` × depth, or the same with objects. */
export function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Bodies that are not the JSON an API expects at all. */
export const hostileRawBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'null',
    'true',
    '"text"',
    '123',
    '1e309',
    '[]',
    '[',
    '{"triage":',
    'not json',
    '\u0000',
    '{"a":"\\u0000"}',
    '{"__proto__":{"isAdmin":true,"roles":["admin"]}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"triage":"rod","triage":"\\u0000"}',
    '\ufeff{"triage":"rod"}',
    '{"a":1}{"b":2}',
    "{'single':'quotes'}",
    '{"a":NaN}',
    '{"a":Infinity}',
  ),
  fc.tuple(fc.constantFrom(33, 64, 512, 20_000), fc.constantFrom('array' as const, 'object' as const)).map(([depth, kind]) => nested(depth, kind)),
);

/** Raw URL path segments (already percent-encoded, as they go on the wire). */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      '%00',
      'a%00',
      '%00'.repeat(40),
      '%01',
      '%1F',
      '%7F',
      '%0A',
      '%0D%0A',
      '%09',
      '%20',
      '%C3%28',
      '%E0%A4%A',
      '%ED%A0%80',
      '%F0%9F%92%A9',
      '%FF',
      '%',
      '%zz',
      'x'.repeat(300),
      'x'.repeat(4_000),
      '..%2F..%2Fetc',
      '%2e%2e',
      'null',
      'undefined',
      'NaN',
      '-1',
      '0',
      '1e309',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '6f1c1d1e2b7a4c3d9e8f7a6b5c4d3e2f',
      '6F1C1D1E-2B7A-4C3D-9E8F-7A6B5C4D3E2F',
      '6f1c1d1e-2b7a-4c3d-9e8f-7a6b5c4d3e2f%00',
      '%27%3B%20drop%20table%20people%3B--',
      '__proto__',
      'constructor',
      '%C3%B8',
      '%EF%BB%BF',
    ),
  },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).map(encodeSegment) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map(encodeSegment) },
);

/** Percent-encodes any string, lone surrogates included (as the bytes a careless client sends). */
export function encodeSegment(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      out += `%${(0xe0 | (code >> 12)).toString(16).toUpperCase()}%${(0x80 | ((code >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    else out += encodeURIComponent(ch);
  }
  return out;
}

const shortHostileString = hostileString.filter((s) => s.length <= 2_100);

/** A query string: hostile values under the names the API reads, and some it does not. */
export const hostileQuery: fc.Arbitrary<string> = fc
  .dictionary(
    fc.oneof(
      fc.constantFrom('from', 'to', 'at', 'patientId', 'specialty', 'scope', 'limit', 'targetSeconds', 'open', '__proto__'),
      fc.string({ maxLength: 6 }),
    ),
    // Short enough that the URL stays under Node's 16 KB header limit (past it Node answers 431 before any app code).
    fc.oneof(shortHostileString, fc.array(shortHostileString, { minLength: 2, maxLength: 3 })),
    { maxKeys: 3 },
  )
  .map((q) => {
    const parts = Object.entries(q).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeSegment(k)}=${encodeSegment(x)}`));
    return parts.length > 0 ? `?${parts.join('&')}` : '';
  });

/** Every path to a node of a JSON value (the root is `[]`). */
export function nodePaths(value: unknown, at: readonly (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [[...at]];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...nodePaths(v, [...at, i]));
  } else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...nodePaths(v, [...at, k]));
  return out;
}

export type Mutation =
  | { readonly op: 'replace'; readonly node: number; readonly value: unknown }
  | { readonly op: 'delete'; readonly node: number }
  | { readonly op: 'add'; readonly node: number; readonly key: string; readonly value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('replace' as const), node: fc.nat(), value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), node: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), node: fc.nat(), key: hostileKey, value: hostileValue }) },
);

/** A deep copy of `template` with the mutations applied (node indices wrap around). */
export function mutate(template: unknown, mutations: readonly Mutation[]): unknown {
  let value: unknown = structuredClone(template);
  for (const m of mutations) {
    const paths = nodePaths(value);
    const path = paths[m.node % paths.length]!;
    if (path.length === 0) {
      if (m.op === 'replace') value = structuredClone(m.value);
      else if (m.op === 'add' && typeof value === 'object' && value !== null && !Array.isArray(value))
        defineOwn(value as Record<string, unknown>, m.key, structuredClone(m.value));
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], value) as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (m.op === 'replace') parent[last] = structuredClone(m.value);
    else if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else {
      const target = parent[last];
      // A copy each time: generated values (and constants such as `{}`) are shared between mutations and runs; adding into a shared one would make a cycle.
      const added = structuredClone(m.value);
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) defineOwn(target as Record<string, unknown>, m.key, added);
      else if (Array.isArray(target)) target.push(added);
      else parent[last] = { [m.key]: added };
    }
  }
  return value;
}

/** `__proto__` as an own key, the way JSON.parse makes it. */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}
