/**
 * Norwegian national ids (fødselsnummer, D-nummer, H-nummer): 11 digits `DDMMYY III K1 K2`.
 * Pure and browser-safe: the tabs validate forms with the same function the server uses.
 *
 * The value is personal data: it is never logged, never put in a DTO or a message, and
 * `maskNationalId` is for the rare screen that must show that one is on file.
 */

export type NationalIdKind = 'fodselsnummer' | 'd-nummer' | 'h-nummer';

export type NationalIdProblem = 'format' | 'checksum' | 'date';

export type NationalIdResult =
  | {
      readonly ok: true;
      /** The 11 digits, spaces removed. */
      readonly value: string;
      readonly kind: NationalIdKind;
      /** `YYYY-MM-DD`, with the D/H offsets taken off and the century from the individual number. */
      readonly birthDate: string;
    }
  | { readonly ok: false; readonly reason: NationalIdProblem };

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** D-numbers add 4 to the first digit of the day; H-numbers add 4 to the first digit of the month. */
const D_NUMBER_DAY_OFFSET = 40;
const H_NUMBER_MONTH_OFFSET = 40;

/**
 * The mod-11 check digit over `digits` (one digit per weight), or `undefined` when the
 * remainder is 1: no digit fits, so no valid number has these leading digits.
 */
export function mod11CheckDigit(digits: readonly number[], weights: readonly number[]): number | undefined {
  const sum = weights.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  const remainder = sum % 11;
  if (remainder === 0) return 0;
  if (remainder === 1) return undefined;
  return 11 - remainder;
}

/** Both check digits for the first nine digits; `undefined` when either one cannot exist. */
export function nationalIdCheckDigits(firstNine: string): string | undefined {
  if (!/^\d{9}$/.test(firstNine)) return undefined;
  const digits = [...firstNine].map(Number);
  const k1 = mod11CheckDigit(digits, K1_WEIGHTS);
  if (k1 === undefined) return undefined;
  const k2 = mod11CheckDigit([...digits, k1], K2_WEIGHTS);
  if (k2 === undefined) return undefined;
  return `${k1}${k2}`;
}

/** Full year from the two-digit year and the individual number, per Skatteetaten's ranges. */
function fullYear(yy: number, individual: number): number | undefined {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (yy <= 39) return 2000 + yy; // 500–999
  if (individual >= 900) return 1900 + yy; // 900–999, year 40–99
  return undefined; // 500–899 with a year no range allows
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/**
 * Checks an 11-digit national id. Spaces are allowed (`010190 12345`), nothing else.
 * Order: format, then check digits, then the date — a typo usually breaks the check digits,
 * and that is the message the person can act on.
 *
 * Not handled: the post-2032 rule that loosens K1, and synthetic test ids (Tenor's month + 80).
 */
export function validateNationalId(input: string): NationalIdResult {
  const value = input.replace(/\s+/g, '');
  if (!/^\d{11}$/.test(value)) return { ok: false, reason: 'format' };
  if (nationalIdCheckDigits(value.slice(0, 9)) !== value.slice(9)) return { ok: false, reason: 'checksum' };

  let day = Number(value.slice(0, 2));
  let month = Number(value.slice(2, 4));
  const yy = Number(value.slice(4, 6));
  const individual = Number(value.slice(6, 9));

  let kind: NationalIdKind = 'fodselsnummer';
  if (day > D_NUMBER_DAY_OFFSET) {
    kind = 'd-nummer';
    day -= D_NUMBER_DAY_OFFSET;
  }
  if (month > H_NUMBER_MONTH_OFFSET) {
    if (kind === 'd-nummer') return { ok: false, reason: 'date' }; // no number is both
    kind = 'h-nummer';
    month -= H_NUMBER_MONTH_OFFSET;
  }

  const year = fullYear(yy, individual);
  if (year === undefined || !isCalendarDate(year, month, day)) return { ok: false, reason: 'date' };
  return { ok: true, value, kind, birthDate: `${year}-${pad2(month)}-${pad2(day)}` };
}

/** Issue messages, "bokmål / English", so a form can show them as they are. */
export const NATIONAL_ID_MESSAGES: Readonly<Record<NationalIdProblem, string>> = {
  format: 'Fødselsnummeret må ha 11 sifre / The national id must have 11 digits',
  checksum: 'Fødselsnummeret er ugyldig (kontrollsiffer) / The national id is invalid (check digit)',
  date: 'Fødselsnummeret er ugyldig (fødselsdato) / The national id is invalid (date of birth)',
};

/** A masked id that never reveals a valid number: everything hidden. */
const FULLY_MASKED = '**.**.** *****';

/**
 * `dd.mm.åå *****`: the birth date (D/H offsets removed) and the personal part hidden.
 * Anything that is not a valid id is masked entirely, so a typo never leaks digits.
 * Lists never show the id at all; this is for the one screen that must.
 */
export function maskNationalId(input: string): string {
  const result = validateNationalId(input);
  if (!result.ok) return FULLY_MASKED;
  const [year, month, day] = result.birthDate.split('-') as [string, string, string];
  return `${day}.${month}.${year.slice(2)} *****`;
}
