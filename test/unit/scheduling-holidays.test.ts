import { describe, expect, it } from 'vitest';
import { localDateKey } from '../../server/src/shared/calendar';
import { easterSunday, isNorwegianPublicHoliday, norwegianPublicHolidays } from '../../server/src/core/scheduling/holidays';

/**
 * The almanac, written out by hand rather than computed, so the code's Easter formula is not
 * checked against itself: each year's Easter Sunday, and from it Skjærtorsdag (−3 days),
 * Langfredag (−2), 2. påskedag (+1), Kristi himmelfartsdag (+39), 1. pinsedag (+49) and
 * 2. pinsedag (+50).
 */
const ALMANAC = {
  2024: {
    maundyThursday: '2024-03-28',
    goodFriday: '2024-03-29',
    easterSunday: '2024-03-31',
    easterMonday: '2024-04-01',
    ascension: '2024-05-09',
    whitSunday: '2024-05-19',
    whitMonday: '2024-05-20',
  },
  2025: {
    maundyThursday: '2025-04-17',
    goodFriday: '2025-04-18',
    easterSunday: '2025-04-20',
    easterMonday: '2025-04-21',
    ascension: '2025-05-29',
    whitSunday: '2025-06-08',
    whitMonday: '2025-06-09',
  },
  2026: {
    maundyThursday: '2026-04-02',
    goodFriday: '2026-04-03',
    easterSunday: '2026-04-05',
    easterMonday: '2026-04-06',
    ascension: '2026-05-14',
    whitSunday: '2026-05-24',
    whitMonday: '2026-05-25',
  },
  2027: {
    maundyThursday: '2027-03-25',
    goodFriday: '2027-03-26',
    easterSunday: '2027-03-28',
    easterMonday: '2027-03-29',
    ascension: '2027-05-06',
    whitSunday: '2027-05-16',
    whitMonday: '2027-05-17',
  },
  2028: {
    maundyThursday: '2028-04-13',
    goodFriday: '2028-04-14',
    easterSunday: '2028-04-16',
    easterMonday: '2028-04-17',
    ascension: '2028-05-25',
    whitSunday: '2028-06-04',
    whitMonday: '2028-06-05',
  },
  2029: {
    maundyThursday: '2029-03-29',
    goodFriday: '2029-03-30',
    easterSunday: '2029-04-01',
    easterMonday: '2029-04-02',
    ascension: '2029-05-10',
    whitSunday: '2029-05-20',
    whitMonday: '2029-05-21',
  },
  2030: {
    maundyThursday: '2030-04-18',
    goodFriday: '2030-04-19',
    easterSunday: '2030-04-21',
    easterMonday: '2030-04-22',
    ascension: '2030-05-30',
    whitSunday: '2030-06-09',
    whitMonday: '2030-06-10',
  },
} as const;

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2030, '2030-04-21'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i: %s', (year, date) => {
    expect(localDateKey(easterSunday(year))).toBe(date);
  });
});

describe('norwegianPublicHolidays', () => {
  it('lists the ten holidays of 2027 in date order (17 May is also Whit Monday)', () => {
    expect(norwegianPublicHolidays(2027).map((h) => [h.date, h.name.en])).toEqual([
      ['2027-01-01', "New Year's Day"],
      ['2027-03-25', 'Maundy Thursday'],
      ['2027-03-26', 'Good Friday'],
      ['2027-03-29', 'Easter Monday'],
      ['2027-05-01', 'Labour Day'],
      ['2027-05-06', 'Ascension Day'],
      ['2027-05-17', 'Constitution Day'],
      ['2027-05-17', 'Whit Monday'],
      ['2027-12-25', 'Christmas Day'],
      ['2027-12-26', "St Stephen's Day"],
    ]);
  });

  it('names every holiday in bokmål too', () => {
    expect(norwegianPublicHolidays(2027).map((h) => h.name.nb)).toEqual([
      'Første nyttårsdag',
      'Skjærtorsdag',
      'Langfredag',
      'Andre påskedag',
      'Offentlig høytidsdag',
      'Kristi himmelfartsdag',
      'Grunnlovsdag',
      'Andre pinsedag',
      'Første juledag',
      'Andre juledag',
    ]);
  });

  it.each(Object.entries(ALMANAC).map(([year, days]) => [Number(year), days] as const))('%i: every holiday falls on the date in the almanac', (year, days) => {
    const byName = Object.fromEntries(norwegianPublicHolidays(year).map((h) => [h.name.en, h.date]));
    expect(byName).toEqual({
      "New Year's Day": `${year}-01-01`,
      'Maundy Thursday': days.maundyThursday,
      'Good Friday': days.goodFriday,
      'Easter Monday': days.easterMonday,
      'Labour Day': `${year}-05-01`,
      'Ascension Day': days.ascension,
      'Constitution Day': `${year}-05-17`,
      'Whit Monday': days.whitMonday,
      'Christmas Day': `${year}-12-25`,
      "St Stephen's Day": `${year}-12-26`,
    });
    expect(norwegianPublicHolidays(year)).toHaveLength(10);
    // Easter Sunday and Whit Sunday are Sundays anyway, and deliberately not listed.
    expect(isNorwegianPublicHoliday(days.easterSunday)).toBe(false);
    expect(isNorwegianPublicHoliday(days.whitSunday)).toBe(false);
  });
});

describe('isNorwegianPublicHoliday', () => {
  it.each([
    ['2027-05-17', true],
    ['2027-03-29', true],
    ['2026-04-06', true],
    [{ year: 2026, month: 12, day: 26 }, true],
    ['2027-03-28', false], // Easter Sunday: a Sunday, deliberately not listed
    ['2027-05-16', false], // Whit Sunday, likewise
    ['2027-03-30', false],
    ['2027-12-24', false], // Christmas Eve is not a public holiday
    ['not a date', false],
  ] as const)('%j → %s', (date, expected) => {
    expect(isNorwegianPublicHoliday(date)).toBe(expected);
  });
});
