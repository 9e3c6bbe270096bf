/**
 * Wall-clock time in Europe/Oslo, the only zone people see (DESIGN.md, "Time"). Instants are
 * `Date`s (UTC); local times are plain fields. The rules:
 *
 * - A local time that does not exist (spring forward, 02:00–02:59 on the last Sunday of
 *   March) is refused with a `LocalTimeError` (the core maps it to `validation_failed`),
 *   unless the caller asks to shift it forward.
 * - An ambiguous local time (fall back, 02:00–02:59 on the last Sunday of October) takes the
 *   first occurrence (+02:00), and says so with `ambiguous: true` so the offset can be shown.
 * - "The day before" is the same wall-clock time on the previous calendar day.
 */
import { LocalTimeError } from './local-time-error';
import {
  type IsoWeekday,
  type LocalDate,
  type LocalDateTime,
  MS_PER_DAY,
  MS_PER_MINUTE,
  addCalendarDays,
  hhmm,
  isValidLocalDate,
  isoWeekday,
  localDateFromMs,
  localDateKey,
} from './calendar';
import { nextZoneChangeMs, zoneOffsetMinutes } from './tz-offsets';

export const OSLO = 'Europe/Oslo';

export interface OsloLocal extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: IsoWeekday;
  /** +60 in winter (CET), +120 in summer (CEST). */
  readonly offsetMinutes: number;
}

export interface OsloResolution {
  readonly instant: Date;
  readonly offsetMinutes: number;
  /** The wall-clock time occurs twice (fall back); `instant` is the first occurrence. */
  readonly ambiguous: boolean;
  /** The wall-clock time did not exist (spring forward) and `instant` is the first one after the gap. */
  readonly shiftedForward: boolean;
}

export interface FromOsloLocalOptions {
  /** Where the time came from, for the error's issue path. @defaultValue `'localTime'` */
  readonly path?: string;
  /**
   * What to do with a local time in the spring-forward gap: refuse it, or take the first
   * valid instant after the gap (03:00 +02:00). @defaultValue `'refuse'`
   */
  readonly nonexistent?: 'refuse' | 'shiftForward';
}

export function osloOffsetMinutes(instant: Date | number): number {
  return zoneOffsetMinutes(OSLO, typeof instant === 'number' ? instant : instant.getTime());
}

/** `+02:00` / `-03:30`. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${hhmm(Math.floor(abs / 60), abs % 60)}`;
}

export function toOsloLocal(instant: Date | number): OsloLocal {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const offsetMinutes = osloOffsetMinutes(ms);
  const wall = new Date(ms + offsetMinutes * MS_PER_MINUTE);
  const date = localDateFromMs(wall.getTime());
  return {
    ...date,
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: isoWeekday(date),
    offsetMinutes,
  };
}

function invalid(path: string, message: string, detail: string): LocalTimeError {
  return new LocalTimeError(detail, [{ path, message }]);
}

type WallResolution =
  | { readonly kind: 'instant'; readonly ms: number; readonly offsetMinutes: number; readonly ambiguous: boolean }
  | { readonly kind: 'gap'; readonly gapEndMs: number };

/**
 * Resolves wall-clock ms (the local fields read as if UTC). The instant lies within a day of
 * `wallMs`, and Oslo changes offset at most once in two days, so equal offsets a day either
 * side mean exactly one answer — the fast path taken on all but two days a year.
 */
function resolveOsloWallMs(wallMs: number): WallResolution {
  const offsetBefore = zoneOffsetMinutes(OSLO, wallMs - MS_PER_DAY);
  const offsetAfter = zoneOffsetMinutes(OSLO, wallMs + MS_PER_DAY);
  if (offsetBefore === offsetAfter) {
    return { kind: 'instant', ms: wallMs - offsetBefore * MS_PER_MINUTE, offsetMinutes: offsetBefore, ambiguous: false };
  }
  const candidates = [offsetBefore, offsetAfter]
    .map((offset) => ({ ms: wallMs - offset * MS_PER_MINUTE, offset }))
    .filter((c) => zoneOffsetMinutes(OSLO, c.ms) === c.offset)
    .sort((a, b) => a.ms - b.ms);
  const first = candidates[0];
  if (first) return { kind: 'instant', ms: first.ms, offsetMinutes: first.offset, ambiguous: candidates.length > 1 };
  // In the gap: the offset changes somewhere in (wallMs - offsetAfter, wallMs - offsetBefore].
  const gapEndMs = nextZoneChangeMs(OSLO, wallMs - offsetAfter * MS_PER_MINUTE);
  if (gapEndMs === undefined) throw new Error(`no offset change found around ${new Date(wallMs).toISOString()} in ${OSLO}`);
  return { kind: 'gap', gapEndMs };
}

/**
 * The instant of a wall-clock time given as ms (local fields read as if UTC, e.g.
 * `Date.UTC(2027, 2, 29, 10)`), unchecked and never refusing: first occurrence when
 * ambiguous, the first instant after the gap when nonexistent. For sweeps over many days.
 */
export function osloWallMsToInstantMs(wallMs: number): number {
  const resolved = resolveOsloWallMs(wallMs);
  return resolved.kind === 'instant' ? resolved.ms : resolved.gapEndMs;
}

/** The instant a wall-clock time in Europe/Oslo names; see the file comment for gaps and overlaps. */
export function fromOsloLocal(local: LocalDateTime, options: FromOsloLocalOptions = {}): OsloResolution {
  const path = options.path ?? 'localTime';
  const second = local.second ?? 0;
  const fieldsOk =
    isValidLocalDate(local) &&
    [local.hour, local.minute, second].every(Number.isInteger) &&
    local.hour >= 0 &&
    local.hour <= 23 &&
    local.minute >= 0 &&
    local.minute <= 59 &&
    second >= 0 &&
    second <= 59;
  if (!fieldsOk) throw invalid(path, 'ugyldig dato eller klokkeslett / invalid date or time', 'invalid local date-time fields');

  const wallMs = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, second);
  const resolved = resolveOsloWallMs(wallMs);
  if (resolved.kind === 'instant') {
    const { ms, offsetMinutes, ambiguous } = resolved;
    return { instant: new Date(ms), offsetMinutes, ambiguous, shiftedForward: false };
  }
  const changeMs = resolved.gapEndMs;
  const after = toOsloLocal(changeMs);
  if (options.nonexistent === 'shiftForward') {
    return { instant: new Date(changeMs), offsetMinutes: after.offsetMinutes, ambiguous: false, shiftedForward: true };
  }
  const asked = `${localDateKey(local)} ${hhmm(local.hour, local.minute)}`;
  const firstValid = hhmm(after.hour, after.minute);
  throw new LocalTimeError(
    `nonexistent local time ${asked} in ${OSLO} (spring-forward gap)`,
    [
      {
        path,
        message:
          `${asked} finnes ikke (klokka stilles fram); første gyldige tid er ${firstValid} / ` +
          `${asked} does not exist (clocks spring forward); the first valid time is ${firstValid}`,
      },
    ],
    { localTime: `${localDateKey(local)}T${hhmm(local.hour, local.minute)}`, firstValidTime: firstValid },
  );
}

/**
 * Parses a local Europe/Oslo time written `YYYY-MM-DDTHH:MM` (seconds allowed, no offset: the
 * zone is implied) and resolves it with `fromOsloLocal`.
 */
export function parseOsloLocalIso(text: string, options: FromOsloLocalOptions = {}): OsloResolution {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) {
    throw invalid(
      options.path ?? 'localTime',
      'skriv lokal norsk tid som 2027-03-29T10:00, uten tidssone / write local Norwegian time like 2027-03-29T10:00, without a zone',
      `not a local ISO date-time: ${JSON.stringify(text)}`,
    );
  }
  const [year, month, day, hour, minute, second = 0] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v)));
  return fromOsloLocal({ year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second }, options);
}

/**
 * The same wall-clock time `days` calendar days later (negative: earlier) in Europe/Oslo. If
 * that time does not exist on the target day, the first valid instant after the gap (03:00);
 * if it occurs twice, the first occurrence. Milliseconds are kept.
 */
export function addOsloDays(instant: Date, days: number): Date {
  const local = toOsloLocal(instant);
  const target = addCalendarDays(local, days);
  const resolved = fromOsloLocal({ ...target, hour: local.hour, minute: local.minute, second: local.second }, { nonexistent: 'shiftForward' });
  return new Date(resolved.instant.getTime() + (((instant.getTime() % 1000) + 1000) % 1000));
}

/**
 * "The day before" (DESIGN.md): the same wall-clock time on the previous calendar day in
 * Europe/Oslo — not 24 hours earlier. A meeting Monday 29 March 2027 10:00 (+02:00) is
 * reminded Sunday 28 March 10:00 (+02:00, 08:00Z); one on Sunday 28 March 10:00 is reminded
 * Saturday 27 March 10:00 (+01:00, 09:00Z). A meeting at 02:30 on the Monday after spring
 * forward is reminded at 03:00 on the Sunday, the first valid instant after the gap.
 */
export function sameWallClockPreviousDay(instant: Date): Date {
  return addOsloDays(instant, -1);
}

/** Midnight in Europe/Oslo at the start of the local day `instant` falls on. */
export function startOfOsloDay(instant: Date): Date {
  const local = toOsloLocal(instant);
  return fromOsloLocal({ ...local, hour: 0, minute: 0, second: 0 }, { nonexistent: 'shiftForward' }).instant;
}

/** True when the wall-clock time of `instant` occurs twice in Europe/Oslo (the fall-back hour). */
export function isAmbiguousOsloTime(instant: Date): boolean {
  const local = toOsloLocal(instant);
  return fromOsloLocal({ ...local }).ambiguous;
}

export type DisplayLocale = 'nb' | 'en';

export interface FormatOsloOptions {
  /**
   * When to append the UTC offset: only when the wall-clock time occurs twice (so "02:30" is
   * not misread), or always. @defaultValue `'whenAmbiguous'`
   */
  readonly offset?: 'whenAmbiguous' | 'always';
}

/* Spelled out here rather than taken from ICU, whose wording shifts between Node versions. */
const WEEKDAYS: Record<DisplayLocale, readonly string[]> = {
  nb: ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};
const MONTHS: Record<DisplayLocale, readonly string[]> = {
  nb: ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/**
 * Human text for an instant in Europe/Oslo: `mandag 29. mars 2027 kl. 10:00` /
 * `Monday 29 March 2027 at 10:00`; in the fall-back hour `søndag 25. oktober 2026 kl. 02:30 (UTC+02:00)`.
 */
export function formatOslo(instant: Date, locale: DisplayLocale = 'nb', options: FormatOsloOptions = {}): string {
  const local = toOsloLocal(instant);
  const weekday = WEEKDAYS[locale][local.weekday - 1];
  const month = MONTHS[locale][local.month - 1];
  const time = hhmm(local.hour, local.minute);
  const text = locale === 'nb' ? `${weekday} ${local.day}. ${month} ${local.year} kl. ${time}` : `${weekday} ${local.day} ${month} ${local.year} at ${time}`;
  const showOffset = options.offset === 'always' || isAmbiguousOsloTime(instant);
  return showOffset ? `${text} (UTC${formatOffset(local.offsetMinutes)})` : text;
}

/*
 * The meeting notices' wording of a time (SMS, e-mail and the Teams card say it the same way):
 * ICU's long forms, with the zone's abbreviation in English.
 */
const NB_LONG_TIME = new Intl.DateTimeFormat('nb-NO', {
  timeZone: OSLO,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const EN_LONG_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});
const NB_CLOCK = new Intl.DateTimeFormat('nb-NO', { timeZone: OSLO, hour: '2-digit', minute: '2-digit' });

/** `mandag 29. mars 2027 kl. 10:00` (Europe/Oslo). */
export const osloTimeNb = (instant: Date): string => NB_LONG_TIME.format(instant);
/** `Monday, 29 March 2027 at 10:00 CEST` (Europe/Oslo). */
export const osloTimeEn = (instant: Date): string => EN_LONG_TIME.format(instant);
/** `mandag 29. mars 2027 kl. 10:00–11:00` (Europe/Oslo). */
export const osloSpanNb = (start: Date, end: Date): string => `${osloTimeNb(start)}–${NB_CLOCK.format(end)}`;
