import { describe, expect, it } from 'vitest';
import { type AvailabilityPerson, type AvailabilityQuery, findCommonSlots } from '../../server/src/core/scheduling/availability';
import type { Interval } from '../../server/src/core/scheduling/intervals';
import { intersectIntervals } from '../../server/src/core/scheduling/intervals';
import { isNorwegianPublicHoliday } from '../../server/src/core/scheduling/holidays';
import { parseOsloLocalIso, toOsloLocal } from '../../server/src/shared/oslo-time';
import type { WeeklyHours } from '../../server/src/core/scheduling/working-hours';
import { expectDomainError } from '../helpers/expect-domain-error';

/** An instant from Oslo wall-clock text, so tests read like the calendar. */
const oslo = (local: string): Date => parseOsloLocalIso(local).instant;
const local = (start: string, end: string): Interval => ({ start: oslo(start), end: oslo(end) });
const free = (id: string, workingHours?: WeeklyHours): AvailabilityPerson => ({ id, busy: [], workingHours });
const DAY_MS = 86_400_000;
const starts = (slots: readonly Interval[]) => slots.map((s) => s.start.toISOString());

function search(overrides: Partial<AvailabilityQuery> & Pick<AvailabilityQuery, 'from' | 'to'>): Interval[] {
  return findCommonSlots({ people: [free('a')], durationMinutes: 30, ...overrides });
}

// Wednesday 7 April 2027 is an ordinary working day in summer time (+02:00).
const WEDNESDAY = { from: oslo('2027-04-07T00:00'), to: oslo('2027-04-08T00:00') };

describe('findCommonSlots', () => {
  it('finds the gap between two people’s meetings, then the next morning', () => {
    const slots = findCommonSlots({
      people: [
        { id: 'lege', busy: [local('2027-04-06T08:00', '2027-04-06T10:00')] },
        { id: 'sykepleier', busy: [local('2027-04-06T10:00', '2027-04-06T11:30'), local('2027-04-06T12:00', '2027-04-06T16:00')] },
      ],
      from: oslo('2027-04-06T00:00'),
      to: oslo('2027-04-10T00:00'),
      durationMinutes: 30,
      count: 2,
    });
    expect(slots).toEqual([local('2027-04-06T11:30', '2027-04-06T12:00'), local('2027-04-07T08:00', '2027-04-07T08:30')]);
  });

  it.each([
    ['17 May 2027 (Constitution Day and Whit Monday, a Monday)', '2027-05-17T00:00', '2027-05-18T06:00:00.000Z'],
    ['Ascension Day 2027 (Thursday 6 May)', '2027-05-06T00:00', '2027-05-07T06:00:00.000Z'],
    ['Easter 2027: Maundy Thursday to Easter Monday', '2027-03-25T00:00', '2027-03-30T06:00:00.000Z'],
    ['Christmas 2026 (Friday 25th), then the weekend', '2026-12-25T00:00', '2026-12-28T07:00:00.000Z'],
    ['a weekend', '2027-04-10T00:00', '2027-04-12T06:00:00.000Z'],
    ['New Year’s Day 2027 (a Friday), then the weekend', '2027-01-01T00:00', '2027-01-04T07:00:00.000Z'],
  ])('skips %s', (_label, from, firstSlot) => {
    const slots = search({ from: oslo(from), to: new Date(oslo(from).getTime() + 14 * DAY_MS) });
    expect(slots[0]?.start.toISOString()).toBe(firstSlot);
  });

  it.each([
    ['Friday before spring forward 2026 (winter, +01:00)', '2026-03-27T00:00', '2026-03-27T07:00:00.000Z'],
    ['Monday after spring forward 2026 (summer, +02:00)', '2026-03-28T00:00', '2026-03-30T06:00:00.000Z'],
    ['Friday before fall back 2026 (summer)', '2026-10-23T00:00', '2026-10-23T06:00:00.000Z'],
    ['Monday after fall back 2026 (winter)', '2026-10-24T00:00', '2026-10-26T07:00:00.000Z'],
    ['Tuesday after spring forward and Easter Monday 2027', '2027-03-27T00:00', '2027-03-30T06:00:00.000Z'],
    ['Monday after fall back 2027', '2027-10-30T00:00', '2027-11-01T07:00:00.000Z'],
  ])('starts the working day at 08:00 Oslo time: %s', (_label, from, firstSlot) => {
    const slots = search({ from: oslo(from), to: new Date(oslo(from).getTime() + 14 * DAY_MS) });
    expect(slots[0]?.start.toISOString()).toBe(firstSlot);
  });

  it('ends the working day at 16:00 Oslo time', () => {
    const slots = search({ ...WEDNESDAY, durationMinutes: 60, count: 100 });
    expect(slots.at(-1)).toEqual(local('2027-04-07T15:00', '2027-04-07T16:00'));
    expect(slots).toHaveLength(29); // 08:00, 08:15, … 15:00
  });

  it('keeps slots inside the external windows given for the patient and relatives', () => {
    const slots = search({
      ...WEDNESDAY,
      durationMinutes: 60,
      count: 10,
      externalWindows: [local('2027-04-07T13:00', '2027-04-07T14:30'), local('2027-04-07T14:45', '2027-04-07T18:00')],
    });
    expect(slots.map((s) => s.start)).toEqual(['13:00', '13:15', '13:30', '14:45', '15:00'].map((t) => oslo(`2027-04-07T${t}`)));
  });

  it('finds nothing when the external windows are outside working hours, or empty', () => {
    expect(search({ ...WEDNESDAY, externalWindows: [local('2027-04-07T17:00', '2027-04-07T20:00')] })).toEqual([]);
    expect(search({ ...WEDNESDAY, externalWindows: [] })).toEqual([]);
  });

  it('requires every party’s windows when they are intersected first', () => {
    const patient = [local('2027-04-07T09:00', '2027-04-07T12:00')];
    const relative = [local('2027-04-07T11:00', '2027-04-07T14:00')];
    const slots = search({ ...WEDNESDAY, durationMinutes: 60, count: 10, externalWindows: intersectIntervals(patient, relative) });
    expect(slots).toEqual([local('2027-04-07T11:00', '2027-04-07T12:00')]);
  });

  it('uses a person’s own working hours', () => {
    const lateShift: WeeklyHours = { 3: [{ start: '12:00', end: '20:00' }] };
    const slots = findCommonSlots({ people: [free('a'), free('b', lateShift)], ...WEDNESDAY, durationMinutes: 60, count: 100 });
    expect(slots[0]).toEqual(local('2027-04-07T12:00', '2027-04-07T13:00'));
    expect(slots.at(-1)).toEqual(local('2027-04-07T15:00', '2027-04-07T16:00'));
    const alone = findCommonSlots({ people: [free('b', lateShift)], ...WEDNESDAY, durationMinutes: 60, count: 100 });
    expect(alone.at(-1)).toEqual(local('2027-04-07T19:00', '2027-04-07T20:00'));
  });

  const nightShift: WeeklyHours = { 6: [{ start: '20:00', end: '24:00' }], 7: [{ start: '00:00', end: '08:00' }] };
  it.each([
    ['an ordinary weekend', '2027-04-03', 12, '2027-04-03T18:00:00.000Z', '2027-04-04T05:00:00.000Z'],
    ['the spring-forward night (one hour shorter)', '2027-03-27', 11, '2027-03-27T19:00:00.000Z', '2027-03-28T05:00:00.000Z'],
    ['the fall-back night (one hour longer)', '2027-10-30', 13, '2027-10-30T18:00:00.000Z', '2027-10-31T06:00:00.000Z'],
  ])('gives a weekend night worker hourly slots through %s', (_label, saturday, expected, first, last) => {
    const slots = findCommonSlots({
      people: [free('natt', nightShift)],
      from: oslo(`${saturday}T00:00`),
      to: new Date(oslo(`${saturday}T00:00`).getTime() + 2 * DAY_MS),
      durationMinutes: 60,
      stepMinutes: 60,
      count: 100,
    });
    expect(slots).toHaveLength(expected);
    expect(slots[0]!.start.toISOString()).toBe(first);
    expect(slots.at(-1)!.start.toISOString()).toBe(last);
    // Back to back: midnight and the clock change leave no hole.
    for (const [i, s] of slots.slice(1).entries()) expect(s.start.getTime()).toBe(slots[i]!.end.getTime());
  });

  it('starts a working day that begins in the spring-forward gap at 03:00', () => {
    const slots = findCommonSlots({
      people: [free('natt', { 7: [{ start: '02:30', end: '05:00' }] })],
      from: oslo('2027-03-28T00:00'),
      to: oslo('2027-03-29T00:00'),
      durationMinutes: 60,
      stepMinutes: 60,
      count: 10,
    });
    expect(starts(slots)).toEqual(['2027-03-28T01:00:00.000Z', '2027-03-28T02:00:00.000Z']);
  });

  it('treats meetings as half-open: a slot may start when one ends and end when the next starts', () => {
    const slots = findCommonSlots({
      people: [{ id: 'a', busy: [local('2027-04-07T09:00', '2027-04-07T10:00'), local('2027-04-07T11:00', '2027-04-07T16:00')] }],
      ...WEDNESDAY,
      durationMinutes: 60,
      count: 10,
    });
    expect(slots).toEqual([local('2027-04-07T08:00', '2027-04-07T09:00'), local('2027-04-07T10:00', '2027-04-07T11:00')]);
  });

  it('handles meetings that overlap and come unsorted', () => {
    const busy = [
      local('2027-04-07T10:00', '2027-04-07T16:00'),
      local('2027-04-07T08:30', '2027-04-07T09:00'),
      local('2027-04-07T08:00', '2027-04-07T08:45'),
      local('2027-04-07T09:30', '2027-04-07T10:30'),
    ];
    const slots = findCommonSlots({ people: [{ id: 'a', busy }], ...WEDNESDAY, durationMinutes: 30, count: 10 });
    expect(slots).toEqual([local('2027-04-07T09:00', '2027-04-07T09:30')]);
  });

  it('returns at most `count` slots, five by default, earliest first', () => {
    const from = oslo('2027-04-05T00:00');
    const to = oslo('2027-05-01T00:00');
    expect(search({ from, to })).toHaveLength(5);
    expect(search({ from, to, count: 2 })).toEqual([local('2027-04-05T08:00', '2027-04-05T08:30'), local('2027-04-05T08:15', '2027-04-05T08:45')]);
  });

  it('returns [] when nobody is free together', () => {
    const slots = findCommonSlots({
      people: [
        { id: 'a', busy: [local('2027-04-07T08:00', '2027-04-07T12:00')] },
        { id: 'b', busy: [local('2027-04-07T12:00', '2027-04-07T16:00')] },
      ],
      ...WEDNESDAY,
      durationMinutes: 15,
    });
    expect(slots).toEqual([]);
    expect(search({ ...WEDNESDAY, durationMinutes: 9 * 60 })).toEqual([]);
  });

  it('never offers a slot in the past, and starts on the next quarter hour', () => {
    const slots = search({ ...WEDNESDAY, now: oslo('2027-04-07T10:07'), count: 1 });
    expect(slots).toEqual([local('2027-04-07T10:15', '2027-04-07T10:45')]);
    expect(search({ ...WEDNESDAY, now: oslo('2027-04-07T15:50') })).toEqual([]);
    expect(search({ ...WEDNESDAY, from: oslo('2027-04-07T08:01'), count: 1 })[0]!.start).toEqual(oslo('2027-04-07T08:15'));
  });

  it('refuses a bad query with an issue per field', () => {
    const error = expectDomainError(
      () =>
        findCommonSlots({
          people: [{ id: 'a', busy: [local('2027-04-07T09:00', '2027-04-07T08:00')], workingHours: { 1: [{ start: '16:00', end: '08:00' }] } }],
          from: oslo('2027-04-07T00:00'),
          to: oslo('2027-04-06T00:00'),
          durationMinutes: 0,
          stepMinutes: 7,
          count: 0,
        }),
      'validation_failed',
    );
    expect(error.issues.map((i) => i.path).sort()).toEqual(
      ['count', 'durationMinutes', 'people.0.busy.0', 'people.0.workingHours.1.0', 'stepMinutes', 'to'].sort(),
    );
  });

  it('agrees with a minute-by-minute check on random calendars across DST and Easter', () => {
    let seed = 42;
    const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const from = oslo('2027-03-22T00:00');
    const to = oslo('2027-04-05T00:00');
    const people: AvailabilityPerson[] = Array.from({ length: 3 }, (_, p) => ({
      id: `p${p}`,
      busy: Array.from({ length: 40 }, () => {
        const start = from.getTime() + Math.floor(random() * 14 * 96) * 15 * 60_000 + Math.floor(random() * 3) * 5 * 60_000;
        return { start: new Date(start), end: new Date(start + (1 + Math.floor(random() * 12)) * 10 * 60_000) };
      }),
    }));
    const inOfficeHours = (startMs: number, endMs: number) => {
      const start = toOsloLocal(startMs);
      const end = toOsloLocal(endMs);
      return (
        start.weekday <= 5 &&
        !isNorwegianPublicHoliday(start) &&
        start.day === end.day &&
        start.hour * 60 + start.minute >= 8 * 60 &&
        end.hour * 60 + end.minute <= 16 * 60
      );
    };
    const expected: string[] = [];
    for (let t = from.getTime(); t + 45 * 60_000 <= to.getTime(); t += 15 * 60_000) {
      const end = t + 45 * 60_000;
      const everyoneFree = people.every((p) => p.busy.every((b) => b.end.getTime() <= t || b.start.getTime() >= end));
      if (inOfficeHours(t, end) && everyoneFree) expected.push(new Date(t).toISOString());
    }
    expect(expected.length).toBeGreaterThan(5);
    expect(starts(findCommonSlots({ people, from, to, durationMinutes: 45, count: 100 }))).toEqual(expected.slice(0, 100));
  });
});
