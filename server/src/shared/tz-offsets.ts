/**
 * UTC offsets of an IANA time zone, from Node's own ICU time-zone data (`Intl`), without a
 * dependency. `Intl.DateTimeFormat#formatToParts` costs ~15 µs a call on the bench machine,
 * far too slow to call per slot, so each (zone, year) is read once into a small table of its
 * offset changes and every later lookup is a few comparisons.
 *
 * How a year is read: the offset is sampled weekly from the year's first UTC instant, and
 * between two samples that differ the change is found by bisection to the minute. This assumes
 * at most one offset change per week and changes on whole UTC minutes — true for
 * Europe/Oslo in all of tzdata (changes at 01:00 UTC), and checked hour by hour in the tests.
 */
import { MS_PER_MINUTE } from './calendar';

const SAMPLE_STEP_MS = 7 * 24 * 60 * MS_PER_MINUTE;

interface YearTable {
  readonly startMs: number;
  readonly endMs: number;
  /** Offset in minutes at `startMs`. */
  readonly initialOffsetMinutes: number;
  /** Instants where the offset changes, ascending, with the offset from then on. */
  readonly changes: readonly { readonly atMs: number; readonly offsetMinutes: number }[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Memo of immutable zone data; a process sees a handful of (zone, year) pairs. */
const tables = new Map<string, YearTable>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The offset straight from ICU; slow, used only to build tables (and by tests to check them). */
export function intlOffsetMinutes(timeZone: string, ms: number): number {
  const wholeSecondMs = Math.floor(ms / 1000) * 1000;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(wholeSecondMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  return Math.round((asUtc - wholeSecondMs) / MS_PER_MINUTE);
}

function buildYear(timeZone: string, year: number): YearTable {
  const startMs = Date.UTC(year, 0, 1);
  const endMs = Date.UTC(year + 1, 0, 1);
  const initialOffsetMinutes = intlOffsetMinutes(timeZone, startMs);
  const changes: { atMs: number; offsetMinutes: number }[] = [];
  let previousMs = startMs;
  let previousOffset = initialOffsetMinutes;
  for (let sampleMs = startMs + SAMPLE_STEP_MS; previousMs < endMs; sampleMs += SAMPLE_STEP_MS) {
    const atMs = Math.min(sampleMs, endMs);
    const offset = intlOffsetMinutes(timeZone, atMs);
    if (offset !== previousOffset) {
      // Bisect on whole minutes: `low` has the old offset, `high` the new one.
      let low = previousMs / MS_PER_MINUTE;
      let high = atMs / MS_PER_MINUTE;
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (intlOffsetMinutes(timeZone, mid * MS_PER_MINUTE) === previousOffset) low = mid;
        else high = mid;
      }
      // A change exactly at `endMs` belongs to the next year's table.
      if (high * MS_PER_MINUTE < endMs) changes.push({ atMs: high * MS_PER_MINUTE, offsetMinutes: offset });
    }
    previousMs = atMs;
    previousOffset = offset;
  }
  return { startMs, endMs, initialOffsetMinutes, changes };
}

let lastTable: (YearTable & { readonly timeZone: string }) | undefined;

function tableFor(timeZone: string, ms: number): YearTable {
  if (lastTable && lastTable.timeZone === timeZone && ms >= lastTable.startMs && ms < lastTable.endMs) return lastTable;
  const year = new Date(ms).getUTCFullYear();
  const key = `${timeZone}|${year}`;
  let table = tables.get(key);
  if (!table) {
    table = buildYear(timeZone, year);
    tables.set(key, table);
  }
  lastTable = { ...table, timeZone };
  return table;
}

/** Minutes to add to UTC to get wall-clock time in `timeZone` at the instant `ms`. */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  const table = tableFor(timeZone, ms);
  let offset = table.initialOffsetMinutes;
  for (const change of table.changes) {
    if (ms < change.atMs) break;
    offset = change.offsetMinutes;
  }
  return offset;
}

/** The first instant strictly after `ms` at which the offset changes, looking at most into the next year. */
export function nextZoneChangeMs(timeZone: string, ms: number): number | undefined {
  const table = tableFor(timeZone, ms);
  const here = table.changes.find((c) => c.atMs > ms);
  if (here) return here.atMs;
  const next = tableFor(timeZone, table.endMs);
  if (next.initialOffsetMinutes !== zoneOffsetMinutes(timeZone, table.endMs - 1)) return table.endMs;
  return next.changes[0]?.atMs;
}
