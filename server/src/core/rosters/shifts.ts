/**
 * Roster shifts (vaktplan): who holds which on-call level in a specialty, from one instant to
 * another. People enter Europe/Oslo wall-clock times; the core stores and compares instants,
 * so a night shift 22:00–08:00 is simply the interval between two instants, whatever the
 * calendar day or the UTC offset at either end.
 */
import { DomainError, type ErrorIssue } from '../errors';
import { INSTANT_WINDOW_MESSAGE, isDateOutsideWindow, isInstantInWindow } from '../input-rules';
import type { Person } from '../ports';
import { parseOsloLocalIso } from '../scheduling/oslo-time';

/** 1 = vakthavende (on call), 2 = bakvakt (backup), 3 = the consultant in charge. */
export const ROSTER_LEVELS = [1, 2, 3] as const;
export type RosterLevel = (typeof ROSTER_LEVELS)[number];

export interface RosterShift {
  readonly id: string;
  readonly specialty: string;
  readonly personId: string;
  readonly level: RosterLevel;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export type NewRosterShift = Omit<RosterShift, 'id'>;

/** A shift as typed or uploaded: times are text (ISO with offset, or Oslo local `YYYY-MM-DDTHH:mm`). */
export interface RosterShiftInput {
  readonly personId: string;
  readonly level: number;
  readonly start: string;
  readonly end: string;
}

/**
 * The longest shift accepted. Norwegian hospitals roster weekend home call (hjemmevakt) for
 * bakvakt and overlege from Friday morning to Monday morning — 72 hours — so a shorter limit
 * would refuse real rosters; anything longer is almost surely a typo in the date (a wrong day
 * or month), which would silently hide a gap in the chain for days.
 */
export const MAX_SHIFT_HOURS = 72;
const MS_PER_HOUR = 3_600_000;

/** Lowercase slugs like the directory's (`kardiologi`, `gynekologi-og-fodsel`). */
export const SPECIALTY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function requireSpecialty(specialty: string): string {
  if (!SPECIALTY_PATTERN.test(specialty)) {
    throw new DomainError('validation_failed', `bad specialty ${JSON.stringify(specialty)}`, [
      { path: 'specialty', message: 'fagområde skrives med små bokstaver og bindestrek, f.eks. kardiologi / specialty is a lowercase slug, e.g. kardiologi' },
    ]);
  }
  return specialty;
}

const OFFSET_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant from text: ISO 8601 with an offset (`2026-10-25T02:30:00+02:00`), or a local
 * Europe/Oslo time without one (`2026-10-25T02:30`). Local times in the spring-forward gap are
 * refused; the repeated fall-back hour means its first occurrence (write the offset for the second).
 */
export function parseRosterTime(text: string, path: string): Date {
  // An unencoded `+` in a query string arrives as a space: `…T02:30:00 01:00` meant `+01:00`.
  const trimmed = text.trim().replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?) (\d{2}:\d{2})$/, '$1+$2');
  const outsideWindow = () => new DomainError('unprocessable', 'time outside 2000–2099', [{ path, message: INSTANT_WINDOW_MESSAGE }]);
  // Year 1 or 9999 is refused before any Oslo-time arithmetic is tried on it.
  if (isDateOutsideWindow(trimmed)) throw outsideWindow();
  const instant = OFFSET_ISO.test(trimmed) ? new Date(Date.parse(trimmed)) : osloLocal(trimmed, text, path);
  if (Number.isNaN(instant.getTime())) throw new DomainError('validation_failed', 'bad instant', [{ path, message: invalidTimeMessage }]);
  if (!isInstantInWindow(instant)) throw outsideWindow();
  return instant;
}

function osloLocal(trimmed: string, text: string, path: string): Date {
  try {
    return parseOsloLocalIso(trimmed, { path }).instant;
  } catch (err) {
    // The spring-forward refusal names the first valid time: keep it rather than the generic hint.
    if (err instanceof DomainError && err.params.firstValidTime !== undefined) throw err;
    throw new DomainError('validation_failed', `bad time ${JSON.stringify(text)}`, [{ path, message: invalidTimeMessage }]);
  }
}

const invalidTimeMessage =
  'skriv tid som 2026-10-25T08:00 (norsk tid) eller med tidssone, 2026-10-25T08:00+01:00 / ' +
  'write a time as 2026-10-25T08:00 (Norwegian time) or with an offset, 2026-10-25T08:00+01:00';

/** Collects issues instead of throwing at the first one, so a form can show them all. */
export interface ShiftCheck {
  readonly shift: NewRosterShift | null;
  readonly issues: readonly ErrorIssue[];
}

/**
 * Checks one shift against the directory. The person must be a specialist whose directory
 * specialty is this one: the chain is what the dispatcher rings, so a coordinator, a GP or a
 * specialist of another field would be rung for advice they cannot give. A specialist who
 * covers another field must get that specialty in the directory first (an admin's call).
 */
export function checkShift(specialty: string, input: RosterShiftInput, person: Person | null, path: string): ShiftCheck {
  const issues: ErrorIssue[] = [];
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (!person) {
    issues.push({ path: at('personId'), message: `fant ingen person «${input.personId}» i katalogen / no person «${input.personId}» in the directory` });
  } else if (!person.roles.includes('specialist')) {
    issues.push({ path: at('personId'), message: `${person.name} er ikke spesialist / ${person.name} is not a specialist` });
  } else if (person.specialty !== specialty) {
    issues.push({
      path: at('personId'),
      message: `${person.name} har fagområde ${person.specialty ?? '(ingen)'}, ikke ${specialty} / ${person.name}'s specialty is ${person.specialty ?? '(none)'}, not ${specialty}`,
    });
  }
  if (!ROSTER_LEVELS.includes(input.level as RosterLevel)) {
    issues.push({ path: at('level'), message: 'nivå må være 1, 2 eller 3 / level must be 1, 2 or 3' });
  }
  const start = timeOrIssue(input.start, at('start'), issues);
  const end = timeOrIssue(input.end, at('end'), issues);
  if (start && end) {
    if (end.getTime() <= start.getTime()) {
      issues.push({ path: at('end'), message: 'vakta må slutte etter at den starter / the shift must end after it starts' });
    } else if (end.getTime() - start.getTime() > MAX_SHIFT_HOURS * MS_PER_HOUR) {
      issues.push({
        path: at('end'),
        message: `en vakt kan vare høyst ${MAX_SHIFT_HOURS} timer / a shift may last at most ${MAX_SHIFT_HOURS} hours`,
      });
    }
  }
  if (issues.length > 0 || !start || !end || !person) return { shift: null, issues };
  return { shift: { specialty, personId: person.id, level: input.level as RosterLevel, startsAt: start, endsAt: end }, issues };
}

function timeOrIssue(text: string, path: string, issues: ErrorIssue[]): Date | null {
  try {
    return parseRosterTime(text, path);
  } catch (err) {
    if (err instanceof DomainError) {
      issues.push(...err.issues);
      return null;
    }
    throw err;
  }
}

/** The same person twice at the same level at overlapping times is a mistake, not extra cover. */
export function findSelfOverlap(shifts: readonly NewRosterShift[]): { first: number; second: number } | null {
  for (let i = 0; i < shifts.length; i++) {
    for (let j = i + 1; j < shifts.length; j++) {
      const a = shifts[i]!;
      const b = shifts[j]!;
      if (a.personId === b.personId && a.level === b.level && a.startsAt < b.endsAt && b.startsAt < a.endsAt) {
        return { first: i, second: j };
      }
    }
  }
  return null;
}
