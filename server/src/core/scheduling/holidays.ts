/**
 * Norwegian public holidays that fall on working days or can: the days working-hours logic
 * skips. Easter Sunday and Whit Sunday are public holidays too but always Sundays, so they
 * are left out of the list on purpose (no weekday is lost by omitting them).
 */
import { type LocalDate, MS_PER_DAY, localDateFromMs, localDateKey, localDateMs, parseLocalDateKey } from '../../shared/calendar';

export interface PublicHoliday {
  /** `YYYY-MM-DD`, a local date in Norway. */
  readonly date: string;
  readonly name: { readonly nb: string; readonly en: string };
}

/** Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

/** Days relative to Easter Sunday. */
const MOVABLE = [
  { fromEaster: -3, nb: 'Skjærtorsdag', en: 'Maundy Thursday' },
  { fromEaster: -2, nb: 'Langfredag', en: 'Good Friday' },
  { fromEaster: 1, nb: 'Andre påskedag', en: 'Easter Monday' },
  { fromEaster: 39, nb: 'Kristi himmelfartsdag', en: 'Ascension Day' },
  { fromEaster: 50, nb: 'Andre pinsedag', en: 'Whit Monday' },
] as const;

const FIXED = [
  { month: 1, day: 1, nb: 'Første nyttårsdag', en: "New Year's Day" },
  { month: 5, day: 1, nb: 'Offentlig høytidsdag', en: 'Labour Day' },
  { month: 5, day: 17, nb: 'Grunnlovsdag', en: 'Constitution Day' },
  { month: 12, day: 25, nb: 'Første juledag', en: 'Christmas Day' },
  { month: 12, day: 26, nb: 'Andre juledag', en: "St Stephen's Day" },
] as const;

interface HolidayDay {
  /** Days since 1970-01-01 (`localDateMs / MS_PER_DAY`). */
  readonly day: number;
  readonly nb: string;
  readonly en: string;
}

function holidayDays(year: number): HolidayDay[] {
  const easter = localDateMs(easterSunday(year)) / MS_PER_DAY;
  return [
    ...FIXED.map((h) => ({ day: localDateMs({ year, month: h.month, day: h.day }) / MS_PER_DAY, nb: h.nb, en: h.en })),
    ...MOVABLE.map((h) => ({ day: easter + h.fromEaster, nb: h.nb, en: h.en })),
  ].sort((a, b) => a.day - b.day);
}

/** The year's holidays in date order. Two can share a date (17 May is Whit Monday in 2027). */
export function norwegianPublicHolidays(year: number): PublicHoliday[] {
  return holidayDays(year).map((h) => ({ date: localDateKey(localDateFromMs(h.day * MS_PER_DAY)), name: { nb: h.nb, en: h.en } }));
}

/** Whether a local date (or `YYYY-MM-DD`) is in `norwegianPublicHolidays`. */
export function isNorwegianPublicHoliday(date: LocalDate | string): boolean {
  const local = typeof date === 'string' ? parseLocalDateKey(date) : date;
  if (!local) return false;
  const day = localDateMs(local) / MS_PER_DAY;
  return holidayDays(local.year).some((h) => h.day === day);
}

/** Holiday dates as day numbers (`localDateMs / MS_PER_DAY`) for the years `fromYear`–`toYear`, for fast lookups in a sweep. */
export function holidayDayNumbers(fromYear: number, toYear: number): Set<number> {
  const days = new Set<number>();
  for (let year = fromYear; year <= toYear; year++) {
    for (const h of holidayDays(year)) days.add(h.day);
  }
  return days;
}
