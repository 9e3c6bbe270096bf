import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/src/core/errors';
import {
  OSLO,
  addOsloDays,
  formatOslo,
  osloOffsetMinutes,
  parseOsloLocalIso as parseOsloLocalIsoInLeaf,
  sameWallClockPreviousDay,
  startOfOsloDay,
  toOsloLocal,
} from '../../server/src/shared/oslo-time';
import { fromOsloLocal, parseOsloLocalIso } from '../../server/src/core/scheduling/oslo-time';
import { LocalTimeError } from '../../server/src/shared/local-time-error';
import { intlOffsetMinutes } from '../../server/src/shared/tz-offsets';
import { expectDomainError } from '../helpers/expect-domain-error';

const at = (iso: string) => new Date(iso);

describe('Oslo offsets', () => {
  it.each([
    ['winter', '2027-01-15T12:00:00Z', 60],
    ['summer', '2027-07-15T12:00:00Z', 120],
    ['last winter minute before spring forward', '2027-03-28T00:59:59Z', 60],
    ['spring forward instant', '2027-03-28T01:00:00Z', 120],
    ['last summer minute before fall back', '2026-10-25T00:59:59Z', 120],
    ['fall back instant', '2026-10-25T01:00:00Z', 60],
    ['fall back 2027', '2027-10-31T01:00:00Z', 60],
    ['new year', '2027-01-01T00:00:00Z', 60],
  ])('%s: %s is UTC%+d min', (_label, iso, offset) => {
    expect(osloOffsetMinutes(at(iso))).toBe(offset);
  });

  it('agrees with ICU every 30 minutes through 2026 and 2027', () => {
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 30 * 60_000) {
      if (osloOffsetMinutes(ms) !== intlOffsetMinutes(OSLO, ms)) throw new Error(`offset differs at ${new Date(ms).toISOString()}`);
    }
  });
});

describe('from Oslo local time to an instant', () => {
  it.each([
    ['winter', '2027-01-15T10:00', '2027-01-15T09:00:00.000Z', 60],
    ['summer', '2027-07-15T10:00', '2027-07-15T08:00:00.000Z', 120],
    ['just before the spring gap', '2027-03-28T01:59', '2027-03-28T00:59:00.000Z', 60],
    ['just after the spring gap', '2027-03-28T03:00', '2027-03-28T01:00:00.000Z', 120],
    ['just before the autumn overlap', '2026-10-25T01:59', '2026-10-24T23:59:00.000Z', 120],
    ['just after the autumn overlap', '2026-10-25T03:00', '2026-10-25T02:00:00.000Z', 60],
    ['with seconds', '2027-01-15T10:00:30', '2027-01-15T09:00:30.000Z', 60],
  ])('%s: %s is %s', (_label, local, utc, offset) => {
    const resolved = parseOsloLocalIso(local);
    expect(resolved.instant.toISOString()).toBe(utc);
    expect(resolved.offsetMinutes).toBe(offset);
    expect(resolved.ambiguous).toBe(false);
  });

  it.each(['2027-03-28T02:00', '2027-03-28T02:30', '2027-03-28T02:59', '2026-03-29T02:15'])(
    'refuses %s, which does not exist because clocks spring forward',
    (local) => {
      const err = expectDomainError(() => parseOsloLocalIso(local, { path: 'startsAt' }), 'validation_failed');
      expect(err.issues).toHaveLength(1);
      expect(err.issues[0]!.path).toBe('startsAt');
      expect(err.issues[0]!.message).toContain('finnes ikke (klokka stilles fram)');
      expect(err.issues[0]!.message).toContain('does not exist (clocks spring forward)');
      expect(err.issues[0]!.message).toContain(local.replace('T', ' '));
      expect(err.params).toMatchObject({ localTime: local, firstValidTime: '03:00' });
    },
  );

  it('refuses the same gap in the shared leaf with a LocalTimeError carrying the same issues and params', () => {
    let leafError: unknown;
    try {
      parseOsloLocalIsoInLeaf('2027-03-28T02:30', { path: 'startsAt' });
    } catch (err) {
      leafError = err;
    }
    expect(leafError).toBeInstanceOf(LocalTimeError);
    expect(leafError).not.toBeInstanceOf(DomainError);
    const core = expectDomainError(() => parseOsloLocalIso('2027-03-28T02:30', { path: 'startsAt' }), 'validation_failed');
    const leaf = leafError as LocalTimeError;
    expect({ code: leaf.code, message: leaf.message, issues: leaf.issues, params: leaf.params }).toEqual({
      code: core.code,
      message: core.message,
      issues: core.issues,
      params: core.params,
    });
  });

  it('shifts a time in the gap to 03:00 only when asked to', () => {
    const shifted = fromOsloLocal({ year: 2027, month: 3, day: 28, hour: 2, minute: 30 }, { nonexistent: 'shiftForward' });
    expect(shifted).toEqual({ instant: at('2027-03-28T01:00:00Z'), offsetMinutes: 120, ambiguous: false, shiftedForward: true });
  });

  it.each([
    ['2026-10-25T02:00', '2026-10-25T00:00:00.000Z'],
    ['2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
    ['2026-10-25T02:59', '2026-10-25T00:59:00.000Z'],
    ['2027-10-31T02:30', '2027-10-31T00:30:00.000Z'],
  ])('takes the first occurrence (+02:00) of the ambiguous fall-back time %s', (local, utc) => {
    const resolved = parseOsloLocalIso(local);
    expect(resolved.instant.toISOString()).toBe(utc);
    expect(resolved.offsetMinutes).toBe(120);
    expect(resolved.ambiguous).toBe(true);
  });

  it.each([
    ['not a date', '29.03.2027 10:00'],
    ['an offset', '2027-03-29T10:00+02:00'],
    ['UTC', '2027-03-29T10:00Z'],
    ['February 30th', '2027-02-30T10:00'],
    ['hour 24', '2027-03-29T24:00'],
    ['minute 60', '2027-03-29T10:60'],
  ])('refuses a local time with %s', (_label, text) => {
    const err = expectDomainError(() => parseOsloLocalIso(text, { path: 'startsAt' }), 'validation_failed');
    expect(err.issues.map((i) => i.path)).toEqual(['startsAt']);
  });
});

describe('from an instant to Oslo local time', () => {
  it.each([
    ['2027-03-29T08:00:00Z', { year: 2027, month: 3, day: 29, hour: 10, minute: 0, second: 0, weekday: 1, offsetMinutes: 120 }],
    ['2027-01-01T00:00:00Z', { year: 2027, month: 1, day: 1, hour: 1, minute: 0, second: 0, weekday: 5, offsetMinutes: 60 }],
    ['2026-12-31T23:30:15Z', { year: 2027, month: 1, day: 1, hour: 0, minute: 30, second: 15, weekday: 5, offsetMinutes: 60 }],
    ['2026-10-25T00:30:00Z', { year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0, weekday: 7, offsetMinutes: 120 }],
    ['2026-10-25T01:30:00Z', { year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0, weekday: 7, offsetMinutes: 60 }],
  ])('%s', (iso, local) => {
    expect(toOsloLocal(at(iso))).toEqual(local);
  });
});

describe('the day before: same wall-clock time on the previous calendar day', () => {
  it.each([
    ['meeting Monday 29 March 2027 10:00 (the issue example)', '2027-03-29T10:00', '2027-03-28T08:00:00.000Z'],
    ['meeting Sunday 28 March 2027 10:00 (the issue example)', '2027-03-28T10:00', '2027-03-27T09:00:00.000Z'],
    ['across spring forward 2026', '2026-03-30T09:00', '2026-03-29T07:00:00.000Z'],
    ['across fall back 2026, day before is the change day', '2026-10-26T09:00', '2026-10-25T08:00:00.000Z'],
    ['across fall back 2026, from the change day', '2026-10-25T09:00', '2026-10-24T07:00:00.000Z'],
    ['across fall back 2027', '2027-11-01T14:15', '2027-10-31T13:15:00.000Z'],
    ['month boundary', '2027-05-01T08:00', '2027-04-30T06:00:00.000Z'],
    ['year boundary', '2027-01-01T09:30', '2026-12-31T08:30:00.000Z'],
    ['leap day', '2028-03-01T12:00', '2028-02-29T11:00:00.000Z'],
    ['into the spring gap: first valid instant after it (03:00)', '2027-03-29T02:30', '2027-03-28T01:00:00.000Z'],
    ['into the autumn overlap: first occurrence', '2026-10-26T02:30', '2026-10-25T00:30:00.000Z'],
  ])('%s: %s → %s', (_label, local, expected) => {
    expect(sameWallClockPreviousDay(parseOsloLocalIso(local).instant).toISOString()).toBe(expected);
  });

  it('is 23 or 25 hours before across a change, not 24', () => {
    const monday = parseOsloLocalIso('2027-03-29T10:00').instant;
    expect(monday.getTime() - sameWallClockPreviousDay(monday).getTime()).toBe(24 * 3_600_000);
    const sunday = parseOsloLocalIso('2027-03-28T10:00').instant;
    expect(sunday.getTime() - sameWallClockPreviousDay(sunday).getTime()).toBe(23 * 3_600_000);
    const autumnSunday = parseOsloLocalIso('2027-10-31T10:00').instant;
    expect(autumnSunday.getTime() - sameWallClockPreviousDay(autumnSunday).getTime()).toBe(25 * 3_600_000);
  });

  it('keeps milliseconds', () => {
    expect(sameWallClockPreviousDay(at('2027-06-10T08:00:00.250Z')).toISOString()).toBe('2027-06-09T08:00:00.250Z');
  });
});

describe('calendar days in Oslo', () => {
  it.each([
    ['a week on across spring forward', '2027-03-25T10:00', 7, '2027-04-01T08:00:00.000Z'],
    ['a day on into summer time', '2027-03-27T10:00', 1, '2027-03-28T08:00:00.000Z'],
    ['a day on into winter time', '2027-10-30T10:00', 1, '2027-10-31T09:00:00.000Z'],
    ['none', '2027-10-30T10:00', 0, '2027-10-30T08:00:00.000Z'],
  ])('addOsloDays: %s', (_label, local, days, expected) => {
    expect(addOsloDays(parseOsloLocalIso(local).instant, days).toISOString()).toBe(expected);
  });

  it.each([
    ['winter', '2027-01-15T15:00:00Z', '2027-01-14T23:00:00.000Z'],
    ['summer', '2027-07-15T15:00:00Z', '2027-07-14T22:00:00.000Z'],
    ['spring-forward day starts in winter time', '2027-03-28T12:00:00Z', '2027-03-27T23:00:00.000Z'],
    ['fall-back day starts in summer time', '2026-10-25T12:00:00Z', '2026-10-24T22:00:00.000Z'],
    ['just after local midnight', '2027-01-14T23:00:00Z', '2027-01-14T23:00:00.000Z'],
  ])('startOfOsloDay: %s', (_label, iso, expected) => {
    expect(startOfOsloDay(at(iso)).toISOString()).toBe(expected);
  });
});

describe('formatOslo', () => {
  it.each([
    ['2027-03-29T08:00:00Z', 'nb', 'mandag 29. mars 2027 kl. 10:00'],
    ['2027-03-29T08:00:00Z', 'en', 'Monday 29 March 2027 at 10:00'],
    ['2026-10-25T00:30:00Z', 'nb', 'søndag 25. oktober 2026 kl. 02:30 (UTC+02:00)'],
    ['2026-10-25T01:30:00Z', 'nb', 'søndag 25. oktober 2026 kl. 02:30 (UTC+01:00)'],
    ['2026-10-25T01:30:00Z', 'en', 'Sunday 25 October 2026 at 02:30 (UTC+01:00)'],
    ['2026-10-25T02:30:00Z', 'en', 'Sunday 25 October 2026 at 03:30'],
  ] as const)('%s in %s', (iso, locale, text) => {
    expect(formatOslo(at(iso), locale)).toBe(text);
  });

  it('shows the offset on request', () => {
    expect(formatOslo(at('2027-01-04T07:00:00Z'), 'en', { offset: 'always' })).toBe('Monday 4 January 2027 at 08:00 (UTC+01:00)');
  });
});
