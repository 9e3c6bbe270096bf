/**
 * Weekly working hours in Europe/Oslo wall-clock time, and the UTC spans they cover over a
 * period. Every local time is resolved through `oslo-time.ts`, so a week with a DST change
 * gets the right offsets on each side of it, and the night of the change is one hour shorter
 * (spring) or longer (autumn) for someone who works through it.
 */
import type { ErrorIssue } from '../errors';
import { type IsoWeekday, MS_PER_DAY, MS_PER_MINUTE, localDateMs } from '../../shared/calendar';
import { holidayDayNumbers } from './holidays';
import { type Span, mergeSpans } from './intervals';
import { osloWallMsToInstantMs, toOsloLocal } from '../../shared/oslo-time';

/** Local wall-clock `HH:MM`; `end` may be `24:00` (midnight at the end of the day). */
export interface LocalTimeRange {
  readonly start: string;
  readonly end: string;
}

/** Per ISO weekday (1 = Monday … 7 = Sunday), the day's ranges; a missing day is a day off. */
export type WeeklyHours = Readonly<Partial<Record<IsoWeekday, readonly LocalTimeRange[]>>>;

const OFFICE_DAY: readonly LocalTimeRange[] = [{ start: '08:00', end: '16:00' }];

/** Monday–Friday 08:00–16:00 Europe/Oslo. */
export const DEFAULT_WORKING_HOURS: WeeklyHours = { 1: OFFICE_DAY, 2: OFFICE_DAY, 3: OFFICE_DAY, 4: OFFICE_DAY, 5: OFFICE_DAY };

/** A range as minutes after local midnight; `endMinute` may be 1440. */
interface DayRange {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** Validated weekly hours, indexed by ISO weekday. */
export type CompiledHours = readonly (readonly DayRange[])[];

function minutesOf(text: unknown, allowMidnightEnd: boolean): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (allowMidnightEnd && hour === 24 && minute === 0) return 24 * 60;
  return hour <= 23 && minute <= 59 ? hour * 60 + minute : undefined;
}

/** Checks and compiles weekly hours, adding an issue (under `path`) for each bad range. */
export function compileWeeklyHours(hours: WeeklyHours, path: string, issues: ErrorIssue[]): CompiledHours {
  const compiled: DayRange[][] = [[], [], [], [], [], [], [], []];
  for (const [key, ranges] of Object.entries(hours) as [string, readonly LocalTimeRange[] | undefined][]) {
    const weekday = Number(key);
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      issues.push({ path: `${path}.${key}`, message: 'ukedag må være 1–7 (mandag–søndag) / weekday must be 1–7 (Monday–Sunday)' });
      continue;
    }
    (ranges ?? []).forEach((range, i) => {
      const startMinute = minutesOf(range?.start, false);
      const endMinute = minutesOf(range?.end, true);
      if (startMinute === undefined || endMinute === undefined || endMinute <= startMinute) {
        issues.push({
          path: `${path}.${key}.${i}`,
          message: 'arbeidstid må være HH:MM–HH:MM med slutt etter start / working hours must be HH:MM–HH:MM with end after start',
        });
      } else {
        compiled[weekday]!.push({ startMinute, endMinute });
      }
    });
  }
  return compiled;
}

/**
 * Working spans over one period, for any number of people: the period's holidays are looked
 * up once, and people with the same hours (usually `DEFAULT_WORKING_HOURS`) share one computation.
 */
export class WorkingCalendar {
  private readonly firstDay: number;
  private readonly lastDay: number;
  private readonly holidays: Set<number>;
  private readonly byHours = new Map<CompiledHours, Span[]>();

  constructor(
    private readonly fromMs: number,
    private readonly toMs: number,
  ) {
    const first = toOsloLocal(fromMs);
    const last = toOsloLocal(toMs);
    this.firstDay = localDateMs(first) / MS_PER_DAY;
    this.lastDay = localDateMs(last) / MS_PER_DAY;
    this.holidays = holidayDayNumbers(first.year, last.year);
  }

  /**
   * The spans inside `[fromMs, toMs)` the hours cover, Norwegian public holidays skipped (a
   * range belongs to the day it starts on). Sorted and disjoint; ranges that touch across
   * midnight are joined. Pass the same `CompiledHours` object to reuse the result.
   */
  spans(hours: CompiledHours): Span[] {
    let spans = this.byHours.get(hours);
    if (!spans) {
      spans = this.compute(hours);
      this.byHours.set(hours, spans);
    }
    return spans;
  }

  private compute(hours: CompiledHours): Span[] {
    const spans: Span[] = [];
    if (this.toMs <= this.fromMs) return spans;
    for (let day = this.firstDay; day <= this.lastDay; day++) {
      if (this.holidays.has(day)) continue;
      for (const range of hours[weekdayOfDayNumber(day)] ?? []) {
        const startMs = Math.max(this.instant(day, range.startMinute), this.fromMs);
        const endMs = Math.min(this.instant(day, range.endMinute), this.toMs);
        if (endMs > startMs) spans.push([startMs, endMs]);
      }
    }
    return mergeSpans(spans);
  }

  /** The instant of a wall-clock minute (0–1440) on a local day; spring-forward gaps shift to 03:00. */
  private instant(day: number, minuteOfDay: number): number {
    return osloWallMsToInstantMs(day * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE);
  }
}

/** ISO weekday of a day number (days since 1970-01-01, a Thursday). */
function weekdayOfDayNumber(day: number): IsoWeekday {
  return (((((day + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}
