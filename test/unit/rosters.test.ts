import { describe, expect, it } from 'vitest';
import type { Person } from '../../server/src/core/ports';
import { gaps, onCallChain } from '../../server/src/core/rosters/chain';
import { MAX_SHIFT_HOURS, type NewRosterShift, type RosterLevel, checkShift, findSelfOverlap, parseRosterTime } from '../../server/src/core/rosters/shifts';
import { expectDomainError } from '../helpers/expect-domain-error';

const person = (id: string, over: Partial<Person> = {}): Person => ({
  id,
  name: `Dr ${id}`,
  roles: ['specialist'],
  organization: 'Drammen sykehus',
  organizationId: 'org-drammen-sykehus',
  aadObjectId: null,
  hprNumber: null,
  specialty: 'kardiologi',
  phone: null,
  email: null,
  ...over,
});

/** A shift from Oslo local times (first occurrence when ambiguous) or ISO with offset. */
const shift = (personId: string, level: RosterLevel, start: string, end: string): NewRosterShift => ({
  specialty: 'kardiologi',
  personId,
  level,
  startsAt: parseRosterTime(start, 'start'),
  endsAt: parseRosterTime(end, 'end'),
});

const chainAt = (shifts: readonly NewRosterShift[], at: string) => onCallChain(shifts, new Date(at)).map((l) => [l.level, l.shifts.map((s) => s.personId)]);

describe('parseRosterTime', () => {
  it.each([
    ['winter local', '2026-11-10T22:00', '2026-11-10T21:00:00.000Z'],
    ['summer local', '2026-07-01T08:00', '2026-07-01T06:00:00.000Z'],
    ['fall-back 02:30 local is the first occurrence (+02:00)', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
    ['fall-back 02:30 second occurrence needs its offset', '2026-10-25T02:30+01:00', '2026-10-25T01:30:00.000Z'],
    ['UTC with Z', '2027-03-28T01:00:00Z', '2027-03-28T01:00:00.000Z'],
    ['spring-forward 03:00 local exists', '2027-03-28T03:00', '2027-03-28T01:00:00.000Z'],
  ])('%s: %s → %s', (_label, text, iso) => {
    expect(parseRosterTime(text, 'start').toISOString()).toBe(iso);
  });

  it.each([
    ['spring-forward 02:30 does not exist', '2027-03-28T02:30', 'finnes ikke'],
    ['not a time', 'i morgen', '2026-10-25T08:00'],
    ['no minutes', '2026-10-25T08', '2026-10-25T08:00'],
    ['31 November', '2026-11-31T08:00', '2026-10-25T08:00'],
  ])('%s: %s is refused naming the field', (_label, text, hint) => {
    const e = expectDomainError(() => parseRosterTime(text, 'shifts.0.start'), 'validation_failed');
    expect(e.issues[0]?.path).toBe('shifts.0.start');
    expect(e.issues[0]?.message).toContain(hint);
  });
});

describe('onCallChain', () => {
  // The night the clocks go back: 03:00 +02:00 becomes 02:00 +01:00, so 02:30 happens twice.
  const fallBack = [
    shift('a', 1, '2026-10-24T22:00', '2026-10-25T02:45'), // ends at the first 02:45 (00:45Z)
    shift('b', 1, '2026-10-25T02:45', '2026-10-25T08:00'), // 00:45Z → 07:00Z, 7h15m of wall-clock 5h15m
    shift('c', 2, '2026-10-24T20:00', '2026-10-25T08:00'),
    shift('d', 3, '2026-10-24T08:00', '2026-10-26T08:00'),
  ];
  // Spring forward: 02:00 +01:00 becomes 03:00 +02:00; the night is an hour shorter.
  const springForward = [
    shift('e', 1, '2027-03-27T22:00', '2027-03-28T08:00'), // 21:00Z → 06:00Z, 9 hours
    shift('f', 2, '2027-03-27T08:00', '2027-03-28T03:00'), // ends 01:00Z
    shift('g', 2, '2027-03-28T03:00', '2027-03-28T12:00'),
  ];
  // An ordinary night shift across midnight, and the day shift that follows it.
  const night = [
    shift('n', 1, '2026-11-10T22:00', '2026-11-11T08:00'),
    shift('m', 1, '2026-11-11T08:00', '2026-11-11T15:30'),
    shift('o', 2, '2026-11-10T15:30', '2026-11-11T08:00'),
    shift('p', 2, '2026-11-10T15:30', '2026-11-11T08:00'),
  ];

  it.each([
    [
      'fall back, the first 02:30 (+02:00)',
      fallBack,
      '2026-10-25T02:30:00+02:00',
      [
        [1, ['a']],
        [2, ['c']],
        [3, ['d']],
      ],
    ],
    [
      'fall back, the second 02:30 (+01:00)',
      fallBack,
      '2026-10-25T02:30:00+01:00',
      [
        [1, ['b']],
        [2, ['c']],
        [3, ['d']],
      ],
    ],
    [
      'fall back, the hand-over instant belongs to the next shift',
      fallBack,
      '2026-10-25T00:45:00Z',
      [
        [1, ['b']],
        [2, ['c']],
        [3, ['d']],
      ],
    ],
    [
      'fall back, 08:00 +01:00: levels 1 and 2 have ended',
      fallBack,
      '2026-10-25T08:00:00+01:00',
      [
        [1, []],
        [2, []],
        [3, ['d']],
      ],
    ],
    [
      'spring forward, 01:59 +01:00',
      springForward,
      '2027-03-28T01:59:00+01:00',
      [
        [1, ['e']],
        [2, ['f']],
        [3, []],
      ],
    ],
    [
      'spring forward, 03:00 +02:00 (one minute later)',
      springForward,
      '2027-03-28T03:00:00+02:00',
      [
        [1, ['e']],
        [2, ['g']],
        [3, []],
      ],
    ],
    [
      'spring forward, 08:00 +02:00: the night shift has ended',
      springForward,
      '2027-03-28T08:00:00+02:00',
      [
        [1, []],
        [2, ['g']],
        [3, []],
      ],
    ],
    [
      'across midnight, 23:59 the first evening',
      night,
      '2026-11-10T23:59:00+01:00',
      [
        [1, ['n']],
        [2, ['o', 'p']],
        [3, []],
      ],
    ],
    [
      'across midnight, 00:30 the next day',
      night,
      '2026-11-11T00:30:00+01:00',
      [
        [1, ['n']],
        [2, ['o', 'p']],
        [3, []],
      ],
    ],
    [
      'across midnight, 08:00 the day shift has taken over',
      night,
      '2026-11-11T08:00:00+01:00',
      [
        [1, ['m']],
        [2, []],
        [3, []],
      ],
    ],
    [
      'before any shift',
      night,
      '2026-11-10T12:00:00+01:00',
      [
        [1, []],
        [2, []],
        [3, []],
      ],
    ],
  ] as const)('%s', (_label, shifts, at, expected) => {
    expect(chainAt(shifts, at)).toEqual(expected);
  });

  it('the fall-back night shift 22:00–08:00 lasts 11 hours and the spring-forward one 9', () => {
    const hours = (s: NewRosterShift) => (s.endsAt.getTime() - s.startsAt.getTime()) / 3_600_000;
    expect(hours(shift('x', 1, '2026-10-24T22:00', '2026-10-25T08:00'))).toBe(11);
    expect(hours(springForward[0]!)).toBe(9);
  });
});

describe('gaps (no level 1)', () => {
  const from = new Date('2026-11-09T07:00:00Z'); // Monday 08:00 Oslo
  const to = new Date('2026-11-10T07:00:00Z');

  it.each([
    ['no shifts: the whole period', [], [['2026-11-09T07:00:00.000Z', '2026-11-10T07:00:00.000Z']]],
    [
      'day and night shifts that touch leave no gap',
      [shift('a', 1, '2026-11-09T08:00', '2026-11-09T22:00'), shift('b', 1, '2026-11-09T22:00', '2026-11-10T08:00')],
      [],
    ],
    [
      'a hole between the day and the night shift',
      [shift('a', 1, '2026-11-09T08:00', '2026-11-09T20:00'), shift('b', 1, '2026-11-09T22:00', '2026-11-10T08:00')],
      [['2026-11-09T19:00:00.000Z', '2026-11-09T21:00:00.000Z']],
    ],
    [
      'level 2 and 3 do not fill a level-1 hole',
      [shift('a', 1, '2026-11-09T08:00', '2026-11-09T20:00'), shift('c', 2, '2026-11-09T08:00', '2026-11-10T08:00')],
      [['2026-11-09T19:00:00.000Z', '2026-11-10T07:00:00.000Z']],
    ],
    [
      'overlapping level-1 shifts and one starting before the period',
      [
        shift('a', 1, '2026-11-08T22:00', '2026-11-09T10:00'),
        shift('b', 1, '2026-11-09T09:00', '2026-11-09T18:00'),
        shift('d', 1, '2026-11-09T12:00', '2026-11-09T16:00'),
        shift('e', 1, '2026-11-09T19:00', '2026-11-10T09:00'),
      ],
      [['2026-11-09T17:00:00.000Z', '2026-11-09T18:00:00.000Z']],
    ],
  ] as const)('%s', (_label, shifts, expected) => {
    expect(gaps(shifts, from, to).map((g) => [g.startsAt.toISOString(), g.endsAt.toISOString()])).toEqual(expected);
  });
});

describe('checkShift', () => {
  const ok = { personId: 'a', level: 1, start: '2026-11-10T22:00', end: '2026-11-11T08:00' };
  const issuesOf = (input: typeof ok, p: Person | null) => checkShift('kardiologi', input, p, 'shifts.0').issues;

  it('a kardiologi specialist on a night shift passes', () => {
    const result = checkShift('kardiologi', ok, person('a'), 'shifts.0');
    expect(result.issues).toEqual([]);
    expect(result.shift).toMatchObject({ personId: 'a', level: 1, startsAt: new Date('2026-11-10T21:00:00Z'), endsAt: new Date('2026-11-11T07:00:00Z') });
  });

  it(`a weekend home call of exactly ${MAX_SHIFT_HOURS} hours passes; one minute more is refused`, () => {
    expect(issuesOf({ ...ok, start: '2026-11-13T08:00', end: '2026-11-16T08:00' }, person('a'))).toEqual([]);
    expect(issuesOf({ ...ok, start: '2026-11-13T08:00', end: '2026-11-16T08:01' }, person('a'))).toEqual([
      { path: 'shifts.0.end', message: expect.stringContaining('72 timer') },
    ]);
  });

  it.each([
    ['end before start', { ...ok, end: '2026-11-10T21:00' }, person('a'), 'shifts.0.end', 'slutte etter'],
    ['end equal to start', { ...ok, end: ok.start }, person('a'), 'shifts.0.end', 'slutte etter'],
    ['level 4', { ...ok, level: 4 }, person('a'), 'shifts.0.level', '1, 2 eller 3'],
    ['unknown person', ok, null, 'shifts.0.personId', 'fant ingen person'],
    ['a GP', ok, person('a', { roles: ['gp'], specialty: null }), 'shifts.0.personId', 'ikke spesialist'],
    ['a coordinator', ok, person('a', { roles: ['coordinator'] }), 'shifts.0.personId', 'ikke spesialist'],
    ['a specialist in another specialty', ok, person('a', { specialty: 'nevrologi' }), 'shifts.0.personId', 'nevrologi, ikke kardiologi'],
    ['a start in the spring-forward gap', { ...ok, start: '2027-03-28T02:30', end: '2027-03-28T08:00' }, person('a'), 'shifts.0.start', 'finnes ikke'],
  ])('%s is refused', (_label, input, p, path, text) => {
    const result = checkShift('kardiologi', input, p, 'shifts.0');
    expect(result.shift).toBeNull();
    expect(result.issues).toContainEqual({ path, message: expect.stringContaining(text) });
  });

  it('finds the same person twice at one level at overlapping times, but not at different levels', () => {
    const a1 = shift('a', 1, '2026-11-10T08:00', '2026-11-10T16:00');
    expect(findSelfOverlap([a1, shift('a', 1, '2026-11-10T15:00', '2026-11-10T22:00')])).toEqual({ first: 0, second: 1 });
    expect(findSelfOverlap([a1, shift('a', 1, '2026-11-10T16:00', '2026-11-10T22:00')])).toBeNull();
    expect(findSelfOverlap([a1, shift('a', 2, '2026-11-10T08:00', '2026-11-10T16:00')])).toBeNull();
  });
});
