/**
 * Calendar dates without a time zone: the proleptic Gregorian calendar, computed with
 * `Date.UTC` so no local zone of the machine ever leaks in. Time-zone reasoning lives in
 * `oslo-time.ts`; this file only counts days.
 */

export interface LocalDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
}

export interface LocalDateTime extends LocalDate {
  /** 0–23. */
  readonly hour: number;
  /** 0–59. */
  readonly minute: number;
  /** 0–59. @defaultValue 0 */
  readonly second?: number;
}

/** ISO 8601 weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Years outside this range are refused: `Date.UTC` maps 0–99 to 1900–1999, and four digits keep ISO text simple. */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidLocalDate(d: LocalDate): boolean {
  return (
    Number.isInteger(d.year) &&
    d.year >= MIN_YEAR &&
    d.year <= MAX_YEAR &&
    Number.isInteger(d.month) &&
    d.month >= 1 &&
    d.month <= 12 &&
    Number.isInteger(d.day) &&
    d.day >= 1 &&
    d.day <= daysInMonth(d.year, d.month)
  );
}

/** The date as if it were a UTC midnight, in ms: a day number times `MS_PER_DAY`. */
export function localDateMs(d: LocalDate): number {
  return Date.UTC(d.year, d.month - 1, d.day);
}

export function localDateFromMs(ms: number): LocalDate {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function addCalendarDays(d: LocalDate, days: number): LocalDate {
  return localDateFromMs(localDateMs(d) + days * MS_PER_DAY);
}

export function isoWeekday(d: LocalDate): IsoWeekday {
  const sundayZero = new Date(localDateMs(d)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD`. */
export function localDateKey(d: LocalDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** `HH:MM`. */
export function hhmm(hour: number, minute: number): string {
  return `${pad(hour)}:${pad(minute)}`;
}

/** Parses `YYYY-MM-DD`; undefined unless it names a real date. */
export function parseLocalDateKey(text: string): LocalDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidLocalDate(d) ? d : undefined;
}
