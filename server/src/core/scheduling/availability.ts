/**
 * Finding a time (issue 4, part 3): the earliest slots when every person is inside their
 * working hours and free, Norwegian public holidays skipped, and — when given — inside the
 * windows the patient or relatives can do. Pure: no clock, no I/O; "now" comes in.
 *
 * How: each person's working spans minus their merged meetings (sort once, sweep), the lists
 * intersected pairwise, then slot starts walked on the step grid. Work is O(n log n) in the
 * meetings plus O(days × people) for working hours.
 */
import { DomainError, type ErrorIssue } from '../errors';
import { MS_PER_DAY, MS_PER_MINUTE } from '../../shared/calendar';
import { osloOffsetMinutes } from '../../shared/oslo-time';
import { MAX_SEARCH_DAYS, MAX_SLOT_COUNT } from '../../shared/scheduling-limits';
import { type Interval, type Span, intersectSpans, subtractSpans, unionOfIntervals } from './intervals';
import { type CompiledHours, DEFAULT_WORKING_HOURS, type WeeklyHours, WorkingCalendar, compileWeeklyHours } from './working-hours';

/** Default for `AvailabilityQuery.count`. */
export const DEFAULT_SLOT_COUNT = 5;
/** Default for `AvailabilityQuery.stepMinutes`: slots start on the quarter hour. */
export const DEFAULT_STEP_MINUTES = 15;

export interface AvailabilityPerson {
  readonly id: string;
  /** Existing meetings, `[start, end)`; they may overlap and come in any order. */
  readonly busy: readonly Interval[];
  /** @defaultValue `DEFAULT_WORKING_HOURS` (Monday–Friday 08:00–16:00 Europe/Oslo) */
  readonly workingHours?: WeeklyHours;
}

export interface AvailabilityQuery {
  readonly people: readonly AvailabilityPerson[];
  /**
   * When given, a slot must lie inside these (their union): the times the patient or relatives
   * can do. An empty list means no time suits them. To require several parties' windows at
   * once, intersect them first (`intersectIntervals`).
   */
  readonly externalWindows?: readonly Interval[];
  readonly from: Date;
  readonly to: Date;
  readonly durationMinutes: number;
  /** @defaultValue `DEFAULT_SLOT_COUNT` */
  readonly count?: number;
  /**
   * Slot starts lie on this grid of Oslo wall-clock minutes; must divide 60.
   * @defaultValue `DEFAULT_STEP_MINUTES`
   */
  readonly stepMinutes?: number;
  /** Slots never start before this. Without it, `from` is the only lower bound. */
  readonly now?: Date;
}

const isPositiveInteger = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
const validDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

function checkScalars(q: AvailabilityQuery, issues: ErrorIssue[]): void {
  const count = q.count ?? DEFAULT_SLOT_COUNT;
  const step = q.stepMinutes ?? DEFAULT_STEP_MINUTES;
  if (!validDate(q.from)) issues.push({ path: 'from', message: 'ugyldig tidspunkt / invalid instant' });
  if (!validDate(q.to)) issues.push({ path: 'to', message: 'ugyldig tidspunkt / invalid instant' });
  if (q.now !== undefined && !validDate(q.now)) issues.push({ path: 'now', message: 'ugyldig tidspunkt / invalid instant' });
  if (validDate(q.from) && validDate(q.to)) {
    if (q.to.getTime() <= q.from.getTime()) issues.push({ path: 'to', message: 'må være etter «from» / must be after "from"' });
    else if (q.to.getTime() - q.from.getTime() > MAX_SEARCH_DAYS * MS_PER_DAY) {
      issues.push({ path: 'to', message: `høyst ${MAX_SEARCH_DAYS} dager etter «from» / at most ${MAX_SEARCH_DAYS} days after "from"` });
    }
  }
  if (!isPositiveInteger(q.durationMinutes) || q.durationMinutes > 24 * 60) {
    issues.push({ path: 'durationMinutes', message: 'må være et helt antall minutter, 1–1440 / must be whole minutes, 1–1440' });
  }
  if (!isPositiveInteger(count) || count > MAX_SLOT_COUNT) {
    issues.push({ path: 'count', message: `må være 1–${MAX_SLOT_COUNT} / must be 1–${MAX_SLOT_COUNT}` });
  }
  // Oslo's offsets are whole hours, so a grid dividing 60 is the same in UTC and local time.
  if (!isPositiveInteger(step) || 60 % step !== 0) {
    issues.push({ path: 'stepMinutes', message: 'må gå opp i 60 (f.eks. 15) / must divide 60 (e.g. 15)' });
  }
  if (!Array.isArray(q.people) || q.people.length === 0) {
    issues.push({ path: 'people', message: 'minst én person / at least one person' });
  }
}

/** The first instant ≥ `ms` on the step grid of Oslo wall-clock time. */
function alignUpToOsloGrid(ms: number, stepMs: number): number {
  const offsetMs = osloOffsetMinutes(ms) * MS_PER_MINUTE;
  return Math.ceil((ms + offsetMs) / stepMs) * stepMs - offsetMs;
}

/**
 * The earliest `count` slots of `durationMinutes`, earliest first, that suit everyone; `[]`
 * when there are none. Throws `validation_failed` with an issue per bad field.
 */
export function findCommonSlots(query: AvailabilityQuery): Interval[] {
  const issues: ErrorIssue[] = [];
  checkScalars(query, issues);
  const people = Array.isArray(query.people) ? query.people : [];
  // Compiled once per distinct hours object, so people on the default hours share their spans.
  const compiled = new Map<WeeklyHours, CompiledHours>();
  const hours = people.map((p, i) => {
    const weekly = p.workingHours ?? DEFAULT_WORKING_HOURS;
    let c = compiled.get(weekly);
    if (!c) {
      c = compileWeeklyHours(weekly, `people.${i}.workingHours`, issues);
      compiled.set(weekly, c);
    }
    return c;
  });
  const busy = people.map((p, i) => unionOfIntervals(p.busy ?? [], `people.${i}.busy`, issues));
  const external = query.externalWindows && unionOfIntervals(query.externalWindows, 'externalWindows', issues);
  if (issues.length > 0) throw new DomainError('validation_failed', 'invalid availability query', issues);

  const durationMs = query.durationMinutes * MS_PER_MINUTE;
  const stepMs = (query.stepMinutes ?? DEFAULT_STEP_MINUTES) * MS_PER_MINUTE;
  const count = query.count ?? DEFAULT_SLOT_COUNT;
  const fromMs = Math.max(query.from.getTime(), query.now?.getTime() ?? Number.NEGATIVE_INFINITY);
  const toMs = query.to.getTime();
  if (toMs - fromMs < durationMs) return [];

  const calendar = new WorkingCalendar(fromMs, toMs);
  let common: Span[] | undefined = external;
  for (let i = 0; i < people.length && (common === undefined || common.length > 0); i++) {
    const free = subtractSpans(calendar.spans(hours[i]!), busy[i]!);
    common = common === undefined ? free : intersectSpans(common, free);
  }

  const slots: Interval[] = [];
  for (const [freeStart, freeEnd] of common ?? []) {
    if (freeEnd - freeStart < durationMs) continue;
    for (let start = alignUpToOsloGrid(freeStart, stepMs); start + durationMs <= freeEnd; start += stepMs) {
      slots.push({ start: new Date(start), end: new Date(start + durationMs) });
      if (slots.length === count) return slots;
    }
  }
  return slots;
}
