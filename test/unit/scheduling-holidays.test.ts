import { describe, expect, it } from 'vitest';
import { addCalendarDays, localDateKey } from '../../server/src/shared/calendar';
import { easterSunday, isNorwegianPublicHoliday, norwegianPublicHolidays } from '../../server/src/core/scheduling/holidays';

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

  it.each([2024, 2025, 2026, 2027, 2028, 2029, 2030])('%i: Ascension is Easter + 39 days, Whit Monday Easter + 50', (year) => {
    const easter = easterSunday(year);
    const byName = new Map(norwegianPublicHolidays(year).map((h) => [h.name.en, h.date]));
    expect(byName.get('Ascension Day')).toBe(localDateKey(addCalendarDays(easter, 39)));
    expect(byName.get('Whit Monday')).toBe(localDateKey(addCalendarDays(easter, 50)));
    expect(byName.get('Maundy Thursday')).toBe(localDateKey(addCalendarDays(easter, -3)));
    expect(byName.get('Good Friday')).toBe(localDateKey(addCalendarDays(easter, -2)));
    expect(byName.get('Easter Monday')).toBe(localDateKey(addCalendarDays(easter, 1)));
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
