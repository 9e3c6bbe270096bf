/**
 * The on-call chain at an instant and the holes in it. Both work on instants only: a shift
 * covers `[startsAt, endsAt)`, so the hand-over instant belongs to the next shift, and a
 * night that is 25 hours long (fall back) or 23 (spring forward) needs no special case.
 */
import { ROSTER_LEVELS, type RosterLevel } from './shifts';

interface Interval {
  readonly startsAt: Date;
  readonly endsAt: Date;
}

interface ChainShift extends Interval {
  readonly personId: string;
  readonly level: RosterLevel;
}

export interface ChainLevel<S> {
  readonly level: RosterLevel;
  /** Everyone on shift at this level, the earliest start first (who took over first rings first). */
  readonly shifts: readonly S[];
}

/** Levels 1, 2, 3 in order, each with the shifts covering `at`; a level nobody holds has none. */
export function onCallChain<S extends ChainShift>(shifts: readonly S[], at: Date): ChainLevel<S>[] {
  const t = at.getTime();
  const covering = shifts
    .filter((s) => s.startsAt.getTime() <= t && t < s.endsAt.getTime())
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.personId.localeCompare(b.personId));
  return ROSTER_LEVELS.map((level) => ({ level, shifts: covering.filter((s) => s.level === level) }));
}

/** Intervals of `[from, to)` that no level-1 shift covers, in order; touching shifts leave no gap. */
export function gaps(shifts: readonly ChainShift[], from: Date, to: Date): Interval[] {
  const result: Interval[] = [];
  if (to.getTime() <= from.getTime()) return result;
  const covers = shifts.filter((s) => s.level === 1 && s.endsAt > from && s.startsAt < to).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  let cursor = from.getTime();
  for (const s of covers) {
    const start = s.startsAt.getTime();
    if (start > cursor) result.push({ startsAt: new Date(cursor), endsAt: new Date(start) });
    cursor = Math.max(cursor, s.endsAt.getTime());
    if (cursor >= to.getTime()) return result;
  }
  if (cursor < to.getTime()) result.push({ startsAt: new Date(cursor), endsAt: new Date(to.getTime()) });
  return result;
}

/** How far ahead gaps are looked for and alerted. */
export const GAP_HORIZON_DAYS = 7;
