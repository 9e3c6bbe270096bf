import { describe, expect, it } from 'vitest';
import { News2RequestSchema } from '../../server/src/contracts/clinical';
import {
  NEWS2_LIMITS,
  NEWS2_PARAMETERS,
  type News2Input,
  type News2Parameter,
  type News2Risk,
  news2Issues,
  news2Risk,
  scoreNews2,
} from '../../server/src/shared/news2';
import { assessNews2, validateNews2Input } from '../../server/src/core/clinical/news2';
import { type Actor, CLINICIAN_ROLES, type Role } from '../../server/src/core/roles';
import { expectDomainError } from '../helpers/expect-domain-error';

/** Every parameter in its 0 band: total 0. */
const NORMAL: News2Input = {
  respirationRate: 16,
  spo2: 97,
  spo2Scale: 1,
  onOxygen: false,
  systolicBp: 120,
  pulse: 70,
  consciousness: 'alert',
  temperature: 37.0,
};
const ALL_ZERO = { respirationRate: 0, spo2: 0, onOxygen: 0, systolicBp: 0, pulse: 0, consciousness: 0, temperature: 0 };

const score = (changes: Partial<News2Input>) => scoreNews2({ ...NORMAL, ...changes });

/** `[value, score]` pairs on both sides of every band edge in the table. */
const EDGES: Record<'respirationRate' | 'systolicBp' | 'pulse' | 'temperature', readonly (readonly [number, number])[]> = {
  respirationRate: [
    [1, 3],
    [8, 3],
    [9, 1],
    [11, 1],
    [12, 0],
    [20, 0],
    [21, 2],
    [24, 2],
    [25, 3],
    [80, 3],
  ],
  systolicBp: [
    [30, 3],
    [90, 3],
    [91, 2],
    [100, 2],
    [101, 1],
    [110, 1],
    [111, 0],
    [219, 0],
    [220, 3],
    [300, 3],
  ],
  pulse: [
    [10, 3],
    [40, 3],
    [41, 1],
    [50, 1],
    [51, 0],
    [90, 0],
    [91, 1],
    [110, 1],
    [111, 2],
    [130, 2],
    [131, 3],
    [300, 3],
  ],
  temperature: [
    [20, 3],
    [35.0, 3],
    [35.1, 1],
    [36.0, 1],
    [36.1, 0],
    [38.0, 0],
    [38.1, 1],
    [39.0, 1],
    [39.1, 2],
    [45, 2],
  ],
};

describe('NEWS2 scoring, one parameter at a time', () => {
  it('vital signs all in the normal band score 0 with low risk', () => {
    expect(scoreNews2(NORMAL)).toEqual({ total: 0, scores: ALL_ZERO, risk: 'low' });
  });

  it('scores every input parameter except the scale, which only chooses the SpO₂ row', () => {
    expect(Object.keys(scoreNews2(NORMAL).scores)).toEqual(NEWS2_PARAMETERS.filter((p) => p !== 'spo2Scale'));
  });

  for (const [parameter, cases] of Object.entries(EDGES) as [keyof typeof EDGES, (typeof EDGES)[keyof typeof EDGES]][]) {
    it.each(cases)(`${parameter} %d scores %d`, (value, expected) => {
      const result = score({ [parameter]: value });
      expect(result.scores).toEqual({ ...ALL_ZERO, [parameter]: expected });
      expect(result.total).toBe(expected);
    });
  }

  it.each([
    [30, 3],
    [91, 3],
    [92, 2],
    [93, 2],
    [94, 1],
    [95, 1],
    [96, 0],
    [100, 0],
  ])('SpO₂ %d on scale 1 scores %d', (spo2, expected) => {
    expect(score({ spo2, spo2Scale: 1 }).scores.spo2).toBe(expected);
  });

  it.each([
    [93, 2],
    [96, 0],
    [100, 0],
  ])('SpO₂ %d on scale 1 scores %d on oxygen too; oxygen scores its own 2', (spo2, expected) => {
    const result = score({ spo2, spo2Scale: 1, onOxygen: true });
    expect(result.scores).toEqual({ ...ALL_ZERO, spo2: expected, onOxygen: 2 });
    expect(result.total).toBe(expected + 2);
  });

  it.each([
    [30, false, 3],
    [83, false, 3],
    [84, false, 2],
    [85, false, 2],
    [86, false, 1],
    [87, false, 1],
    [83, true, 3],
    [84, true, 2],
    [85, true, 2],
    [86, true, 1],
    [87, true, 1],
    [88, false, 0],
    [92, false, 0],
    [88, true, 0],
    [92, true, 0],
    [93, false, 0],
    [94, false, 0],
    [96, false, 0],
    [97, false, 0],
    [100, false, 0],
    [93, true, 1],
    [94, true, 1],
    [95, true, 2],
    [96, true, 2],
    [97, true, 3],
    [100, true, 3],
  ] as const)('SpO₂ %d on scale 2, on oxygen: %s, scores %d', (spo2, onOxygen, expected) => {
    expect(score({ spo2, spo2Scale: 2, onOxygen }).scores.spo2).toBe(expected);
  });

  it('the same saturation scores differently on the two scales', () => {
    expect(score({ spo2: 90, spo2Scale: 1 }).scores.spo2).toBe(3);
    expect(score({ spo2: 90, spo2Scale: 2 }).scores.spo2).toBe(0);
    expect(score({ spo2: 97, spo2Scale: 1, onOxygen: true }).scores.spo2).toBe(0);
    expect(score({ spo2: 97, spo2Scale: 2, onOxygen: true }).scores.spo2).toBe(3);
  });

  it.each([
    [false, 0],
    [true, 2],
  ])('on oxygen: %s scores %d for air or oxygen', (onOxygen, expected) => {
    expect(score({ onOxygen }).scores).toEqual({ ...ALL_ZERO, onOxygen: expected });
  });

  it.each([
    ['alert', 0],
    ['confusion', 3],
    ['voice', 3],
    ['pain', 3],
    ['unresponsive', 3],
  ] as const)('consciousness %s scores %d', (consciousness, expected) => {
    expect(score({ consciousness }).scores).toEqual({ ...ALL_ZERO, consciousness: expected });
  });

  it.each([
    [36.04, 1],
    [36.06, 0],
    [38.04, 0],
    [38.06, 1],
    [34.96, 3],
  ])('a temperature of %d is rounded to tenths first and scores %d', (temperature, expected) => {
    expect(score({ temperature }).scores.temperature).toBe(expected);
  });
});

describe('NEWS2 total and clinical risk', () => {
  it.each<[string, Partial<News2Input>, number, News2Risk]>([
    ['a single 3 alone', { consciousness: 'voice' }, 3, 'low-medium'],
    ['4 without any 3', { respirationRate: 21, pulse: 111 }, 4, 'low'],
    ['4 with a 3', { respirationRate: 25, pulse: 91 }, 4, 'low-medium'],
    ['4 from oxygen and a low-scoring scale 2 saturation', { spo2Scale: 2, spo2: 95, onOxygen: true }, 4, 'low'],
    ['5 without any 3', { respirationRate: 21, pulse: 111, temperature: 38.1 }, 5, 'medium'],
    ['5 with a 3', { respirationRate: 25, pulse: 111 }, 5, 'medium'],
    ['6', { respirationRate: 21, pulse: 111, onOxygen: true }, 6, 'medium'],
    ['7', { respirationRate: 21, pulse: 111, onOxygen: true, temperature: 38.1 }, 7, 'high'],
    [
      'the maximum, 20',
      { respirationRate: 25, spo2: 91, onOxygen: true, systolicBp: 90, pulse: 131, consciousness: 'unresponsive', temperature: 35 },
      20,
      'high',
    ],
  ])('%s: total %d, risk %s', (_what, changes, total, risk) => {
    const result = score(changes);
    expect(result.total).toBe(total);
    expect(result.risk).toBe(risk);
  });

  it.each<[number, boolean, News2Risk]>([
    [0, false, 'low'],
    [4, false, 'low'],
    [3, true, 'low-medium'],
    [4, true, 'low-medium'],
    [5, false, 'medium'],
    [5, true, 'medium'],
    [6, true, 'medium'],
    [7, false, 'high'],
    [7, true, 'high'],
    [20, true, 'high'],
  ])('news2Risk(%d, any single 3: %s) is %s', (total, anySingleThree, risk) => {
    expect(news2Risk(total, anySingleThree)).toBe(risk);
  });

  it('the total is the sum of the parameter scores over a grid of inputs', () => {
    for (const respirationRate of [5, 10, 16, 22, 30])
      for (const spo2 of [80, 85, 90, 93, 95, 98])
        for (const spo2Scale of [1, 2] as const)
          for (const onOxygen of [false, true])
            for (const pulse of [35, 45, 70, 100, 120, 150]) {
              const result = score({ respirationRate, spo2, spo2Scale, onOxygen, pulse });
              const sum = Object.values(result.scores).reduce<number>((a, b) => a + b, 0);
              expect(result.total).toBe(sum);
            }
  });
});

describe('NEWS2 input validation', () => {
  it('valid input has no issues and is returned as is', () => {
    expect(news2Issues(NORMAL)).toEqual([]);
    expect(validateNews2Input(NORMAL)).toBe(NORMAL);
  });

  it.each(NEWS2_PARAMETERS)('a missing %s is named in the issue and refuses the score', (parameter) => {
    const { [parameter]: _dropped, ...rest } = NORMAL;
    const expected = [{ path: parameter, message: `${parameter} mangler / ${parameter} is missing` }];
    expect(news2Issues(rest)).toEqual(expected);
    expect(news2Issues({ ...NORMAL, [parameter]: null })).toEqual(expected);
    expectRefused(() => validateNews2Input(rest), expected);
  });

  it('with nothing given, every parameter is named, in chart order', () => {
    expect(news2Issues({}).map((i) => i.path)).toEqual([...NEWS2_PARAMETERS]);
  });

  it.each<[News2Parameter, unknown]>([
    ['respirationRate', -1],
    ['respirationRate', 0],
    ['respirationRate', 81],
    ['respirationRate', 12.5],
    ['respirationRate', '16'],
    ['spo2', 101],
    ['spo2', 29],
    ['spo2', -5],
    ['spo2', 97.5],
    ['spo2', 0.97],
    ['systolicBp', -120],
    ['systolicBp', 0],
    ['systolicBp', 29],
    ['systolicBp', 301],
    ['pulse', 1000],
    ['pulse', 9],
    ['pulse', 72.5],
    ['temperature', 45.1],
    ['temperature', 19.9],
    ['temperature', -37],
    ['temperature', 98.6],
    ['temperature', Number.NaN],
    ['temperature', Number.POSITIVE_INFINITY],
    ['spo2Scale', 0],
    ['spo2Scale', 3],
    ['spo2Scale', '2'],
    ['onOxygen', 'true'],
    ['onOxygen', 1],
    ['consciousness', 'Alert'],
    ['consciousness', 'asleep'],
    ['consciousness', ''],
  ])('%s = %s is refused with an issue naming it', (parameter, value) => {
    const issues = news2Issues({ ...NORMAL, [parameter]: value });
    expect(issues).toEqual([{ path: parameter, message: expect.stringContaining(parameter) }]);
    expect(issues[0]!.message).toMatch(/må være .* \/ .* must be /);
    expectRefused(() => validateNews2Input({ ...NORMAL, [parameter]: value }), issues);
  });

  it('the refusal of an out-of-range value states the limits', () => {
    expect(news2Issues({ ...NORMAL, pulse: 1000 })).toEqual([
      { path: 'pulse', message: 'pulse må være et heltall fra 10 til 300 /min / pulse must be a whole number from 10 to 300 /min' },
    ]);
    expect(news2Issues({ ...NORMAL, spo2: 101 })[0]!.message).toContain('30 til 100 %');
  });

  it.each(Object.entries(NEWS2_LIMITS))('%s at its limits is accepted and scored', (parameter, { min, max }) => {
    for (const value of [min, max]) {
      expect(news2Issues({ ...NORMAL, [parameter]: value })).toEqual([]);
      expect(score({ [parameter]: value }).total).toBeGreaterThanOrEqual(0);
    }
  });

  it('several problems are reported together', () => {
    const { pulse: _pulse, ...noPulse } = NORMAL;
    expect(news2Issues({ ...noPulse, spo2: 101, consciousness: 'asleep' }).map((i) => i.path)).toEqual(['spo2', 'pulse', 'consciousness']);
  });

  it.each([null, undefined, [], 'vitals', 42])('%j is not a set of vital signs', (candidate) => {
    expect(news2Issues(candidate)).toEqual([{ path: '', message: expect.stringContaining('expected an object') }]);
  });
});

describe('News2RequestSchema (the contract the tabs validate forms with)', () => {
  const bodies: unknown[] = [
    {},
    { ...NORMAL, respirationRate: undefined },
    { ...NORMAL, temperature: null },
    { ...NORMAL, spo2: 101, pulse: 'fast', spo2Scale: 3, onOxygen: 'yes', consciousness: 'asleep', systolicBp: 29.5 },
    { ...NORMAL, respirationRate: Number.NaN, temperature: 12 },
    null,
    [],
  ];

  it.each(bodies)('gives the same issues as the core for %j', (body) => {
    const parsed = News2RequestSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    expect(issues).toEqual(news2Issues(body));
  });

  it('accepts valid input and drops unknown fields', () => {
    expect(News2RequestSchema.parse({ ...NORMAL, patientName: 'Ola Nordmann' })).toEqual(NORMAL);
  });
});

describe('assessNews2', () => {
  const person = (...roles: Role[]): Actor => ({ kind: 'person', personId: 'p-1', roles, name: 'Test Person', organizationId: null, specialty: null });

  it.each(CLINICIAN_ROLES)('a %s gets the score', (role) => {
    expect(assessNews2(person(role), { ...NORMAL, respirationRate: 25 })).toEqual({
      total: 3,
      scores: { ...ALL_ZERO, respirationRate: 3 },
      risk: 'low-medium',
    });
  });

  it.each<[string, Actor]>([
    ['a coordinator', person('coordinator')],
    ['an admin', person('admin')],
    ['a coordinator who is also admin', person('coordinator', 'admin')],
    ['the system', { kind: 'system', name: 'worker' }],
  ])('%s without a clinical role is refused, before the input is looked at', (_who, actor) => {
    expectDomainError(() => assessNews2(actor, NORMAL), 'forbidden');
    expectDomainError(() => assessNews2(actor, {}), 'forbidden');
  });

  it('a clinician with invalid input gets validation_failed naming the field', () => {
    expectRefused(() => assessNews2(person('gp'), { ...NORMAL, spo2: 101 }), [{ path: 'spo2', message: expect.any(String) }]);
  });
});

function expectRefused(work: () => unknown, issues: unknown): void {
  expect(expectDomainError(work, 'validation_failed')).toMatchObject({ issues });
}
