/**
 * What Samrom accepts as text and as a time at all, whatever the field. Pure, so the HTTP edge
 * (every JSON body and query), the roster file import and the core's own time parsing apply the
 * same rules.
 *
 * - Text never holds C0 control characters other than tab, line feed and carriage return, nor
 *   DEL, nor half of a UTF-16 surrogate pair. PostgreSQL cannot store NUL in text at all (the
 *   insert fails, and used to fail as a 500 after half a request), lone surrogates are silently
 *   turned into U+FFFD on the way in, and the rest are never typed by a person.
 * - Instants and dates lie from 2000-01-01 up to (not including) 2100-01-01. Anything else is a
 *   typo or an attack; years like 1 or 9999 broke Oslo-time arithmetic, holiday calendars and
 *   reminder scheduling further in.
 */

/** The earliest instant accepted (inclusive). */
export const EARLIEST_INSTANT = new Date(Date.UTC(2000, 0, 1));
/** The first instant no longer accepted. */
export const END_OF_INSTANTS = new Date(Date.UTC(2100, 0, 1));

const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type TextProblem = { readonly kind: 'control'; readonly codePoint: number } | { readonly kind: 'surrogate' };

/** Why this text cannot be stored, or undefined when it can. */
export function textProblem(text: string): TextProblem | undefined {
  const control = FORBIDDEN_CONTROL.exec(text);
  if (control) return { kind: 'control', codePoint: control[0].charCodeAt(0) };
  return LONE_SURROGATE.test(text) ? { kind: 'surrogate' } : undefined;
}

export function textProblemMessage(problem: TextProblem): string {
  if (problem.kind === 'surrogate') return 'teksten har et ufullstendig tegn (ugyldig UTF-16) / the text holds a broken character (invalid UTF-16)';
  const code = `U+${problem.codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return `teksten har et kontrolltegn (${code}) som ikke kan lagres / the text holds a control character (${code}) that cannot be stored`;
}

export const INSTANT_WINDOW_MESSAGE = 'tidspunktet må være fra år 2000 til og med 2099 / the time must be from the year 2000 to 2099';

export function isInstantInWindow(instant: Date): boolean {
  const ms = instant.getTime();
  return ms >= EARLIEST_INSTANT.getTime() && ms < END_OF_INSTANTS.getTime();
}

/** A date or a date-time as ISO 8601 writes it, extended (±YYYYYY) years included. */
const DATE_LIKE = /^([+-]\d{6}|\d{4})-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** The year written in text that is a whole date or date-time, e.g. 9999 for `9999-12-31T23:59Z`; else undefined. */
export function writtenYear(text: string): number | undefined {
  const match = DATE_LIKE.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

/** True for text that is a date or date-time whose year is outside 2000–2099. */
export function isDateOutsideWindow(text: string): boolean {
  const year = writtenYear(text);
  return year !== undefined && (year < EARLIEST_INSTANT.getUTCFullYear() || year >= END_OF_INSTANTS.getUTCFullYear());
}
