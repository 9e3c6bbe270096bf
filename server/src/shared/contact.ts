/**
 * Contact details for people outside the directory (patients, relatives, interpreters): phone
 * numbers that can receive SMS and e-mail addresses. Pure and browser-safe.
 *
 * libphonenumber-js with its `mobile` metadata (≈100 KB, vs ≈160 KB for `max`): with it,
 * "valid" means "a valid mobile number", which is exactly the SMS question, and it knows every
 * country's mobile ranges so relatives abroad can be reached.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';

/** Numbers without a country code are read as Norwegian. */
export const DEFAULT_PHONE_REGION = 'NO';

export type MobileProblem =
  /** Not a phone number at all (letters, extensions, too few or too many digits). */
  | 'format'
  /** A number, but not one that can receive SMS (a landline, a service number). */
  | 'not_mobile';

export type MobileResult = { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly reason: MobileProblem };

/** Digits with the separators people type; a leading `+` or `00` for the country code. */
const PHONE_CHARACTERS = /^\+?[\d\s().-]+$/;

/**
 * A mobile number that can receive SMS, as E.164 (`+4791234567`). Accepts `912 34 567`,
 * `+47 912 34 567`, `0047 912 34 567` and any country's valid mobile (`+46 70 123 45 67`);
 * refuses landlines, extensions and text.
 */
export function normalizeMobile(input: string): MobileResult {
  const trimmed = input.trim();
  if (!PHONE_CHARACTERS.test(trimmed)) return { ok: false, reason: 'format' };
  // `00` is the international prefix from Norway; libphonenumber reads it only with a region.
  const phone = parsePhoneNumberFromString(trimmed, DEFAULT_PHONE_REGION);
  if (phone === undefined || phone.ext !== undefined) return { ok: false, reason: 'format' };
  if (phone.isValid()) return { ok: true, e164: phone.number };
  // With mobile-only metadata a landline is "possible" (right length) but not "valid".
  return { ok: false, reason: phone.isPossible() ? 'not_mobile' : 'format' };
}

/** Same function under the name callers look for; Norway is only the default region. */
export const normalizeNorwegianMobile = normalizeMobile;

/** RFC 5321's limit on a forward path. */
export const MAX_EMAIL_LENGTH = 254;

/**
 * Pragmatic, not RFC 5322: one `@`, no spaces, a local part, a domain with a dot and no empty
 * labels, at most 254 characters. The only check that matters is that the invitation arrives.
 */
export function isValidEmail(input: string): boolean {
  if (input.length > MAX_EMAIL_LENGTH || /\s/.test(input)) return false;
  const parts = input.split('@');
  if (parts.length !== 2) return false;
  const [local, domain] = parts as [string, string];
  if (local.length === 0 || local.length > 64) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((l) => l.length > 0);
}

/** Issue messages, "bokmål / English", so a form can show them as they are. */
export const MOBILE_MESSAGES: Readonly<Record<MobileProblem, string>> = {
  format: 'Telefonnummeret er ugyldig / The phone number is invalid',
  not_mobile: 'Nummeret kan ikke motta SMS; oppgi et mobilnummer / The number cannot receive SMS; give a mobile number',
};

export const EMAIL_MESSAGE = 'E-postadressen er ugyldig / The e-mail address is invalid';
