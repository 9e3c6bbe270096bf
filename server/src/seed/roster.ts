/**
 * A demo kardiologi roster for the next 14 days, so a fresh `npm start` shows a vaktplan:
 * day shifts 08:00–15:30 and evening/night shifts 15:30–08:00 at level 1, bakvakt 08:00–08:00
 * at level 2, rotating among the three demo cardiologists. The night of day 3 is left open
 * on purpose, so the tab shows a gap and the gap alert has something to say.
 */
import { addCalendarDays } from '../shared/calendar';
import { fromOsloLocal, toOsloLocal } from '../shared/oslo-time';
import type { NewRosterShift, RosterLevel } from '../core/rosters/shifts';
import type { Directory } from '../core/ports';
import type { RosterStore } from '../core/rosters/store';

const SPECIALTY = 'kardiologi';
const CARDIOLOGISTS = ['spes-kardiologi-1', 'spes-kardiologi-2', 'spes-kardiologi-3'] as const;
export const DEMO_ROSTER_DAYS = 14;
const OPEN_NIGHT_DAY = 3;

export function demoRoster(now: Date): NewRosterShift[] {
  const today = toOsloLocal(now);
  const at = (dayOffset: number, hour: number, minute = 0) =>
    fromOsloLocal({ ...addCalendarDays(today, dayOffset), hour, minute }, { nonexistent: 'shiftForward' }).instant;
  const shift = (personId: string, level: RosterLevel, startsAt: Date, endsAt: Date): NewRosterShift => ({
    specialty: SPECIALTY,
    personId,
    level,
    startsAt,
    endsAt,
  });
  const shifts: NewRosterShift[] = [];
  // From yesterday's night shift, so someone is on call right now.
  for (let d = -1; d < DEMO_ROSTER_DAYS; d++) {
    const who = (k: number) => CARDIOLOGISTS[(((d + k) % 3) + 3) % 3]!;
    shifts.push(shift(who(0), 1, at(d, 8), at(d, 15, 30)));
    if (d !== OPEN_NIGHT_DAY) shifts.push(shift(who(1), 1, at(d, 15, 30), at(d + 1, 8)));
    shifts.push(shift(who(2), 2, at(d, 8), at(d + 1, 8)));
  }
  return shifts;
}

/** Writes the demo roster unless kardiologi already has shifts ahead. */
export async function seedDemoRoster(store: RosterStore, now: Date): Promise<boolean> {
  if ((await store.list(SPECIALTY, { from: now, to: new Date(now.getTime() + 1) })).length > 0) return false;
  const shifts = demoRoster(now);
  const from = shifts[0]!.startsAt;
  const to = new Date(Math.max(...shifts.map((s) => s.endsAt.getTime())));
  await store.replace(SPECIALTY, { from, to }, shifts, 'system:seed');
  return true;
}

/**
 * Seeds the demo roster only over the demo directory (its three cardiologists are there):
 * people an administrator entered never get demo shifts.
 */
export async function seedDemoDirectoryRoster(directory: Pick<Directory, 'byId'>, store: RosterStore, now: Date = new Date()): Promise<boolean> {
  for (const id of CARDIOLOGISTS) {
    const person = await directory.byId(id);
    if (person?.specialty !== SPECIALTY) return false;
  }
  return seedDemoRoster(store, now);
}
