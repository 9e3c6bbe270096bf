/**
 * Europe/Oslo time for the Samtaler screens, through the contracts' (the core's) functions so
 * the form reads a date and time exactly as the server does: a time in the spring-forward gap
 * is refused with the core's message, an ambiguous one takes the first occurrence.
 */
import { addOsloDays, formatOslo, parseOsloLocalIso, startOfOsloDay, toOsloLocal } from '../../../../server/src/shared/oslo-time';
import type { Locale } from '../../i18n';

const pad = (n: number) => String(n).padStart(2, '0');

export const hhmm = (instant: Date): string => {
  const local = toOsloLocal(instant);
  return `${pad(local.hour)}:${pad(local.minute)}`;
};

/** `mandag 4. mai 2027 kl. 09:00–09:45` */
export function formatWhen(start: string, end: string, locale: Locale): string {
  return `${formatOslo(new Date(start), locale)}–${hhmm(new Date(end))}`;
}

/** The values for `<input type="date">` and `<input type="time">` in Oslo time. */
export function dateAndTimeInputs(instant: Date): { date: string; time: string } {
  const local = toOsloLocal(instant);
  return { date: `${local.year}-${pad(local.month)}-${pad(local.day)}`, time: `${pad(local.hour)}:${pad(local.minute)}` };
}

export type StartOutcome = { readonly ok: true; readonly start: string } | { readonly ok: false; readonly message: string };

/** A local Oslo date and time → an ISO instant with offset, or the core's message (nb / en). */
export function startFromInputs(date: string, time: string): StartOutcome {
  try {
    return { ok: true, start: parseOsloLocalIso(`${date}T${time}`, { path: 'start' }).instant.toISOString() };
  } catch (err) {
    const issue = (err as { issues?: readonly { message: string }[] }).issues?.[0];
    return { ok: false, message: issue?.message ?? 'Ugyldig dato eller klokkeslett / Invalid date or time' };
  }
}

/** `"nb-tekst / English text"` → the part for the locale. */
export function localized(message: string, locale: Locale): string {
  const parts = message.split(' / ');
  return parts.length === 2 ? (locale === 'nb' ? parts[0]! : parts[1]!) : message;
}

/** Monday 00:00 in Oslo of the week `instant` is in. */
export function startOfOsloWeek(instant: Date): Date {
  return startOfOsloDay(addOsloDays(instant, 1 - toOsloLocal(instant).weekday));
}

export { addOsloDays, startOfOsloDay, toOsloLocal };

/** ISO 8601 week number and its year, of an Oslo calendar day. */
export function isoWeek(instant: Date): { week: number; year: number } {
  const local = toOsloLocal(instant);
  const day = Date.UTC(local.year, local.month - 1, local.day);
  const thursday = day + (4 - local.weekday) * 86_400_000;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return { week, year };
}

/** The day's heading: `mandag 4. mai` / `Monday 4 May` (the weekday and date part of formatOslo). */
export function dayLabel(instant: Date, locale: Locale): string {
  const text = formatOslo(instant, locale);
  return text.replace(/ \d{4} (kl\.|at) \d\d:\d\d.*$/, '');
}
