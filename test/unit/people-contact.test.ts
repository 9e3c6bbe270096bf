import { describe, expect, it } from 'vitest';
import { isValidEmail, normalizeMobile } from '../../server/src/shared/contact';

describe('normalizeMobile', () => {
  it.each([
    ['spaced the Norwegian way', '912 34 567', '+4791234567'],
    ['without spaces', '91234567', '+4791234567'],
    ['a 4-series number', '412 34 567', '+4741234567'],
    ['with +47', '+47 912 34 567', '+4791234567'],
    ['with 0047', '0047 912 34 567', '+4791234567'],
    ['with dashes and dots', '912-34.567', '+4791234567'],
    ['with surrounding whitespace', '  +4791234567 ', '+4791234567'],
  ])('turns a Norwegian mobile %s into E.164', (_label, input, e164) => {
    expect(normalizeMobile(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['Sweden', '+46 70 123 45 67', '+46701234567'],
    ['the United Kingdom', '+44 7911 123456', '+447911123456'],
    ['Poland, dialled with 00', '0048 512 345 678', '+48512345678'],
  ])('accepts a mobile in %s, since relatives may live abroad', (_label, input, e164) => {
    expect(normalizeMobile(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['an Oslo landline', '22 22 22 22'],
    ['a Bergen landline with +47', '+47 55 55 55 55'],
    ['an 8-series number (not mobile)', '812 34 567'],
    ['a Swedish landline', '+46 8 123 456 78'],
  ])('refuses %s for SMS', (_label, input) => {
    expect(normalizeMobile(input)).toEqual({ ok: false, reason: 'not_mobile' });
  });

  it.each([
    ['empty', ''],
    ['letters', 'ring meg'],
    ['a trailing letter', '91234567x'],
    ['an extension', '+47 912 34 567 ext 12'],
    ['too short', '912'],
    ['far too long', '+47 912 34 567 891 23'],
  ])('refuses %s as not a phone number', (_label, input) => {
    expect(normalizeMobile(input)).toEqual({ ok: false, reason: 'format' });
  });
});

describe('isValidEmail', () => {
  it.each(['ola.nordmann@example.no', 'kari+samrom@helse.example.com', 'æøå@example.no'])('accepts %s', (email) => {
    expect(isValidEmail(email)).toBe(true);
  });

  it.each([
    ['no @', 'ola.example.no'],
    ['two @', 'ola@nordmann@example.no'],
    ['a space', 'ola nordmann@example.no'],
    ['no dot in the domain', 'ola@localhost'],
    ['an empty domain label', 'ola@example..no'],
    ['an empty local part', '@example.no'],
    ['longer than 254 characters', `${'a'.repeat(60)}@${'b'.repeat(200)}.no`],
  ])('refuses %s', (_label, email) => {
    expect(isValidEmail(email)).toBe(false);
  });
});
