/**
 * The Samtaler tab's pure helpers: where a server message lands in the form, and Oslo time for
 * the date and time inputs (the same rules as the server: gap refused, fall-back first).
 */
import { describe, expect, it } from 'vitest';
import { fieldKey, primaryRole } from '../../tabs/src/screens/consultations/form';
import { dateAndTimeInputs, dayLabel, formatWhen, isoWeek, localized, startFromInputs, startOfOsloWeek } from '../../tabs/src/screens/consultations/time';

describe('fieldKey: a server issue path → the form field beside which it is shown', () => {
  const fieldOf = ['patient', 'relative.7', 'other.9', 'clinicians', 'clinicians'];
  it.each([
    ['title', 'title'],
    ['start', 'start'],
    ['durationMinutes', 'durationMinutes'],
    ['patient.phone', 'patient.phone'],
    ['patient.nationalId', 'patient.nationalId'],
    ['participants.1.consentedByPatient', 'relative.7.consentedByPatient'],
    ['participants.1.phone', 'relative.7.phone'],
    ['participants.2.name', 'other.9.name'],
    ['participants.4.personId', 'clinicians'],
    ['participants', 'clinicians'],
    ['participants.0.role', 'patient.phone'],
  ])('%s → %s', (path, key) => {
    expect(fieldKey(path, fieldOf)).toBe(key);
  });
  it('an index outside the list or an unknown head has no field (shown above the form instead)', () => {
    expect(fieldKey('participants.9.name', fieldOf)).toBeUndefined();
    expect(fieldKey('something', fieldOf)).toBeUndefined();
  });
});

describe('Oslo time in the form', () => {
  it('reads the date and time as Europe/Oslo, summer and winter', () => {
    expect(startFromInputs('2027-03-29', '10:00')).toEqual({ ok: true, start: '2027-03-29T08:00:00.000Z' });
    expect(startFromInputs('2027-01-15', '10:00')).toEqual({ ok: true, start: '2027-01-15T09:00:00.000Z' });
    // Fall back: 02:30 happens twice; the first (+02:00) is taken.
    expect(startFromInputs('2026-10-25', '02:30')).toEqual({ ok: true, start: '2026-10-25T00:30:00.000Z' });
  });
  it('refuses a time in the spring-forward gap with the core’s message naming the first valid time', () => {
    const outcome = startFromInputs('2027-03-28', '02:30');
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && localized(outcome.message, 'nb')).toContain('første gyldige tid er 03:00');
    expect(!outcome.ok && localized(outcome.message, 'en')).toContain('the first valid time is 03:00');
    expect(startFromInputs('', '')).toMatchObject({ ok: false });
  });
  it('fills the inputs and formats a meeting in Oslo time', () => {
    expect(dateAndTimeInputs(new Date('2027-05-04T07:00:00Z'))).toEqual({ date: '2027-05-04', time: '09:00' });
    expect(formatWhen('2027-05-04T07:00:00Z', '2027-05-04T07:45:00Z', 'nb')).toBe('tirsdag 4. mai 2027 kl. 09:00–09:45');
    expect(formatWhen('2027-05-04T07:00:00Z', '2027-05-04T07:45:00Z', 'en')).toBe('Tuesday 4 May 2027 at 09:00–09:45');
    expect(dayLabel(new Date('2027-05-04T07:00:00Z'), 'nb')).toBe('tirsdag 4. mai');
  });
  it('weeks start on Monday 00:00 Oslo time and are numbered the ISO way', () => {
    expect(startOfOsloWeek(new Date('2027-05-06T12:00:00Z')).toISOString()).toBe('2027-05-02T22:00:00.000Z');
    // Sunday 28 March 2027 (the spring-forward day) is still in the week that began Monday 22 March (+01:00).
    expect(startOfOsloWeek(new Date('2027-03-28T12:00:00Z')).toISOString()).toBe('2027-03-21T23:00:00.000Z');
    expect(isoWeek(new Date('2027-01-01T12:00:00Z'))).toEqual({ week: 53, year: 2026 });
    expect(isoWeek(new Date('2027-05-04T12:00:00Z'))).toEqual({ week: 18, year: 2027 });
  });
  it('a person picked from the directory takes a clinician role before coordinator', () => {
    expect(primaryRole({ roles: ['coordinator', 'gp'] })).toBe('gp');
    expect(primaryRole({ roles: ['coordinator'] })).toBe('coordinator');
  });
});
