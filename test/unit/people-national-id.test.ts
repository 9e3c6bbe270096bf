import { describe, expect, it } from 'vitest';
import { maskNationalId, validateNationalId } from '../../server/src/shared/national-id';

// Synthetic numbers only: built here from a date and an individual number, check digits
// computed independently of the code under test. No real person's number appears.
const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: number[], weights: number[]): number | null {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i]!, 0);
  const k = 11 - (sum % 11);
  return k === 11 ? 0 : k === 10 ? null : k;
}

/** `null` when no valid number exists for these nine digits (a remainder of 1). */
function withCheckDigits(firstNine: string): string | null {
  const digits = [...firstNine].map(Number);
  const k1 = checkDigit(digits, K1_WEIGHTS);
  if (k1 === null) return null;
  const k2 = checkDigit([...digits, k1], K2_WEIGHTS);
  return k2 === null ? null : `${firstNine}${k1}${k2}`;
}

type Kind = 'f' | 'd' | 'h' | 'dh';

const firstNineOf = (date: string, individual: number, kind: Kind = 'f') => {
  const [yyyy, mm, dd] = date.split('-') as [string, string, string];
  const day = Number(dd) + (kind === 'd' || kind === 'dh' ? 40 : 0);
  const month = Number(mm) + (kind === 'h' || kind === 'dh' ? 40 : 0);
  return `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${yyyy.slice(2)}${String(individual).padStart(3, '0')}`;
};

/**
 * A valid synthetic id for `date` (YYYY-MM-DD), starting at `individual` and moving on to the
 * next individual number while the check digits cannot exist.
 */
function syntheticNationalId(date: string, individual: number, kind: Kind = 'f'): string {
  for (let i = individual; i < individual + 50; i++) {
    const id = withCheckDigits(firstNineOf(date, i, kind));
    if (id !== null) return id;
  }
  throw new Error(`no synthetic id near ${date}/${individual}`);
}

/** Nine digits whose K1 or K2 would be 10, so every completion is invalid. */
function remainderOneNine(which: 'k1' | 'k2'): string {
  for (let i = 0; i < 500; i++) {
    const nine = firstNineOf('1990-01-01', i);
    const digits = [...nine].map(Number);
    const k1 = checkDigit(digits, K1_WEIGHTS);
    if (which === 'k1' && k1 === null) return nine;
    if (which === 'k2' && k1 !== null && checkDigit([...digits, k1], K2_WEIGHTS) === null) return `${nine}${k1}`;
  }
  throw new Error('none found');
}

const flip = (digit: string) => String((Number(digit) + 1) % 10);

describe('validateNationalId', () => {
  it.each([
    ['1900s, individual 000–499', '1985-06-15', 123, '1985-06-15'],
    ['1900s, first day of the century', '1900-01-01', 0, '1900-01-01'],
    ['1800s, individual 500–749, year 54–99', '1860-03-09', 600, '1860-03-09'],
    ['2000s, individual 500–999, year 00–39', '2015-12-31', 520, '2015-12-31'],
    ['2000s, individual 900–999, year 00–39', '2039-07-04', 950, '2039-07-04'],
    ['1940–1999, individual 900–999', '1945-05-08', 910, '1945-05-08'],
    ['a leap day', '2000-02-29', 510, '2000-02-29'],
  ])('accepts a fødselsnummer: %s', (_label, date, individual, birthDate) => {
    const id = syntheticNationalId(date, individual);
    expect(validateNationalId(id)).toEqual({ ok: true, value: id, kind: 'fodselsnummer', birthDate });
  });

  it('accepts a D-number (day + 40) and gives the real birth date', () => {
    const id = syntheticNationalId('1979-11-30', 200, 'd');
    expect(id.slice(0, 2)).toBe('70');
    expect(validateNationalId(id)).toEqual({ ok: true, value: id, kind: 'd-nummer', birthDate: '1979-11-30' });
  });

  it('accepts an H-number (month + 40) and gives the real birth date', () => {
    const id = syntheticNationalId('2001-12-05', 700, 'h');
    expect(id.slice(2, 4)).toBe('52');
    expect(validateNationalId(id)).toEqual({ ok: true, value: id, kind: 'h-nummer', birthDate: '2001-12-05' });
  });

  it('accepts spaces between the groups and returns the bare digits', () => {
    const id = syntheticNationalId('1985-06-15', 123);
    expect(validateNationalId(` ${id.slice(0, 6)} ${id.slice(6)} `)).toMatchObject({ ok: true, value: id });
  });

  const valid = syntheticNationalId('1985-06-15', 123);
  it.each([
    ['a wrong first check digit', `${valid.slice(0, 9)}${flip(valid[9]!)}${valid[10]}`],
    ['a wrong second check digit', `${valid.slice(0, 10)}${flip(valid[10]!)}`],
    ['a changed birth-date digit', `${flip(valid[0]!)}${valid.slice(1)}`],
    ['nine digits whose K1 remainder is 1', `${remainderOneNine('k1')}00`],
    ['ten digits whose K2 remainder is 1', `${remainderOneNine('k2')}0`],
  ])('refuses %s as a checksum problem', (_label, id) => {
    expect(validateNationalId(id)).toEqual({ ok: false, reason: 'checksum' });
  });

  it.each([
    ['31 February', '1985-02-31', 123, 'f'],
    ['29 February in a common year', '1985-02-29', 123, 'f'],
    ['29 February 1900 (not a leap year)', '1900-02-29', 100, 'f'],
    ['month 13', '1985-13-01', 123, 'f'],
    ['day 00', '1985-01-00', 123, 'f'],
    ['individual 750–899 (no century)', '1985-06-15', 800, 'f'],
    ['individual 500–749 with year 40–53', '1950-06-15', 600, 'f'],
    ['a D-number for 31 April', '1985-04-31', 123, 'd'],
  ] as const)('refuses an impossible date: %s', (_label, date, individual, kind) => {
    const id = syntheticNationalId(date, individual, kind);
    expect(validateNationalId(id)).toEqual({ ok: false, reason: 'date' });
  });

  it('refuses a number that is both a D- and an H-number', () => {
    const id = syntheticNationalId('1985-01-01', 123, 'dh');
    expect(id.slice(0, 4)).toBe('4141');
    expect(validateNationalId(id)).toEqual({ ok: false, reason: 'date' });
  });

  it.each([
    ['empty', ''],
    ['ten digits', '1234567890'],
    ['twelve digits', '123456789012'],
    ['letters', '15068512a45'],
    ['dashes', '150685-12345'],
  ])('refuses the format: %s', (_label, input) => {
    expect(validateNationalId(input)).toEqual({ ok: false, reason: 'format' });
  });
});

describe('maskNationalId', () => {
  it('shows the birth date and hides the personal number', () => {
    expect(maskNationalId(syntheticNationalId('1985-06-15', 123))).toBe('15.06.85 *****');
  });

  it('shows the real birth date for a D-number', () => {
    expect(maskNationalId(syntheticNationalId('1979-11-30', 200, 'd'))).toBe('30.11.79 *****');
  });

  it('hides everything when the input is not a valid id, so a typo leaks nothing', () => {
    const valid = syntheticNationalId('1985-06-15', 123);
    expect(maskNationalId(`${valid.slice(0, 10)}${flip(valid[10]!)}`)).toBe('**.**.** *****');
    expect(maskNationalId('garbage')).toBe('**.**.** *****');
  });
});
