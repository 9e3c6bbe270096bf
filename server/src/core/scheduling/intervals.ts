/**
 * Half-open time intervals `[start, end)`. A meeting 10:00–11:00 and a slot 11:00–12:00 do
 * not overlap. The sweep functions work on `Span`s (ms numbers) that are sorted and disjoint;
 * `unionOfIntervals` (validated, fast) and `mergeSpans` make them so.
 */
import type { ErrorIssue } from '../errors';

export interface Interval {
  readonly start: Date;
  readonly end: Date;
}

/** `[startMs, endMs)`. */
export type Span = readonly [startMs: number, endMs: number];

/** Sorted, disjoint, non-empty; overlapping and touching spans are joined. O(n log n). */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  let current = sorted[0];
  if (!current) return merged;
  for (let i = 1; i < sorted.length; i++) {
    const next = sorted[i]!;
    if (next[0] <= current[1]) {
      if (next[1] > current[1]) current = [current[0], next[1]];
    } else {
      merged.push(current);
      current = next;
    }
  }
  merged.push(current);
  return merged;
}

/** `base` minus `remove`, both sorted and disjoint. O(n + m). */
export function subtractSpans(base: readonly Span[], remove: readonly Span[]): Span[] {
  const out: Span[] = [];
  let j = 0;
  for (const [baseStart, baseEnd] of base) {
    let cursor = baseStart;
    while (j < remove.length && remove[j]![1] <= cursor) j++;
    let k = j;
    while (k < remove.length && remove[k]![0] < baseEnd) {
      const [removeStart, removeEnd] = remove[k]!;
      if (removeStart > cursor) out.push([cursor, removeStart]);
      cursor = Math.max(cursor, removeEnd);
      if (removeEnd > baseEnd) break;
      k++;
    }
    if (cursor < baseEnd) out.push([cursor, baseEnd]);
    j = k;
  }
  return out;
}

/** Where `a` and `b` both hold, both sorted and disjoint. O(n + m). */
export function intersectSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aStart, aEnd] = a[i]!;
    const [bStart, bEnd] = b[j]!;
    const start = Math.max(aStart, bStart);
    const end = Math.min(aEnd, bEnd);
    if (start < end) out.push([start, end]);
    if (aEnd <= bEnd) i++;
    else j++;
  }
  return out;
}

/**
 * The union of `intervals` as sorted, disjoint spans, adding an issue (under `path`) for each
 * that is not a valid `[start, end)` with `end >= start`; empty intervals block nothing.
 *
 * Starts and ends are sorted separately as plain numbers (no comparator, no per-interval
 * objects) and swept with a depth counter: the union of n intervals only needs the two
 * sorted sequences. This is the hot path of an availability search.
 */
export function unionOfIntervals(intervals: readonly Interval[], path: string, issues: ErrorIssue[]): Span[] {
  const starts = new Float64Array(intervals.length);
  const ends = new Float64Array(intervals.length);
  let n = 0;
  for (let i = 0; i < intervals.length; i++) {
    const interval = intervals[i]!;
    const startMs = interval?.start instanceof Date ? interval.start.getTime() : Number.NaN;
    const endMs = interval?.end instanceof Date ? interval.end.getTime() : Number.NaN;
    if (Number.isNaN(startMs) || Number.isNaN(endMs)) {
      issues.push({ path: `${path}.${i}`, message: 'ugyldig tidspunkt / invalid instant' });
    } else if (endMs < startMs) {
      issues.push({ path: `${path}.${i}`, message: 'slutt før start / end before start' });
    } else if (endMs > startMs) {
      starts[n] = startMs;
      ends[n] = endMs;
      n++;
    }
  }
  const sortedStarts = starts.subarray(0, n).sort();
  const sortedEnds = ends.subarray(0, n).sort();
  const union: Span[] = [];
  let depth = 0;
  let unionStart = 0;
  for (let i = 0, j = 0; j < n; ) {
    // At equal times starts go first, so touching intervals join.
    if (i < n && sortedStarts[i]! <= sortedEnds[j]!) {
      if (depth++ === 0) unionStart = sortedStarts[i]!;
      i++;
    } else {
      if (--depth === 0) union.push([unionStart, sortedEnds[j]!]);
      j++;
    }
  }
  return union;
}

export const spansToIntervals = (spans: readonly Span[]): Interval[] => spans.map(([s, e]) => ({ start: new Date(s), end: new Date(e) }));

/** The union of intervals, sorted and joined. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  return spansToIntervals(mergeSpans(intervals.map((i) => [i.start.getTime(), i.end.getTime()] as const)));
}

/**
 * Where every list holds — e.g. the patient's windows and each relative's, before they are
 * passed as `externalWindows` (which is a union: a slot must lie inside it).
 */
export function intersectIntervals(...lists: readonly (readonly Interval[])[]): Interval[] {
  const [first, ...rest] = lists.map((l) => mergeSpans(l.map((i) => [i.start.getTime(), i.end.getTime()] as const)));
  if (!first) return [];
  return spansToIntervals(rest.reduce(intersectSpans, first));
}
