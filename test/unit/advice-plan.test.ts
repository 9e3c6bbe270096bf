import { describe, expect, it } from 'vitest';
import { type ChainAt, nobodyToRing, planRing, ringableNow, roundDelaySeconds } from '../../server/src/core/advice/model';
import type { RosterLevel } from '../../server/src/core/rosters/shifts';

const chain = (levels: Partial<Record<RosterLevel, string[]>>, o: { busy?: string[]; coordinators?: string[] } = {}): ChainAt => ({
  byLevel: new Map(Object.entries(levels).map(([k, v]) => [Number(k) as RosterLevel, v])),
  busy: new Set(o.busy ?? []),
  coordinators: o.coordinators ?? ['ke'],
});
const full = chain({ 1: ['v1'], 2: ['b2'], 3: ['o3'] });
const who = (plan: ReturnType<typeof planRing>) => plan.targets.map((t) => `${t.kind}:${t.personId}`);

describe('planRing: who a ring round rings', () => {
  it('rings level 1, then 2, then 3, then alarms the coordinators and starts at level 1 again', () => {
    expect(who(planRing('vanlig', 1, full))).toEqual(['ring:v1']);
    expect(who(planRing('haster', 2, full))).toEqual(['ring:b2']);
    expect(who(planRing('vanlig', 3, full))).toEqual(['ring:o3']);
    expect(who(planRing('vanlig', 4, full))).toEqual(['ring:v1', 'alarm:ke']);
    expect(planRing('vanlig', 5, full)).toMatchObject({ attempt: 5, targets: [{ personId: 'b2', level: 2 }] });
  });

  it('akutt rings levels 1 and 2 at once, then level 3', () => {
    expect(who(planRing('akutt', 1, full))).toEqual(['ring:v1', 'ring:b2']);
    expect(who(planRing('akutt', 2, full))).toEqual(['ring:o3']);
    expect(who(planRing('akutt', 3, full))).toEqual(['ring:v1', 'ring:b2', 'alarm:ke']);
  });

  it('passes over a specialist in another connected request and an empty level, moving the round on', () => {
    const plan = planRing('vanlig', 1, chain({ 1: ['v1'], 3: ['o3'] }, { busy: ['v1'] }));
    expect(plan).toEqual({ attempt: 3, targets: [{ personId: 'o3', level: 3, kind: 'ring' }] });
  });

  it('does not pass over an empty level into the next pass: the pass ends with the coordinators alarmed', () => {
    const noLevel3 = chain({ 1: ['v1'], 2: ['b2'] });
    expect(planRing('vanlig', 3, noLevel3)).toEqual({ attempt: 3, targets: [{ personId: 'ke', level: 0, kind: 'alarm' }] });
    expect(who(planRing('vanlig', 4, noLevel3))).toEqual(['ring:v1', 'alarm:ke']);
    expect(planRing('akutt', 2, noLevel3)).toMatchObject({ attempt: 2, targets: [{ kind: 'alarm' }] });
  });

  it('alarms the coordinators at once when nobody in the chain can be rung', () => {
    expect(planRing('vanlig', 1, chain({}, { coordinators: ['ke', 'ke2'] }))).toEqual({
      attempt: 3,
      targets: [
        { personId: 'ke', level: 0, kind: 'alarm' },
        { personId: 'ke2', level: 0, kind: 'alarm' },
      ],
    });
  });
});

describe('nobody on call and back-off', () => {
  it('nobody to ring: no shift, or everyone on shift busy; someone at any level is enough', () => {
    expect(nobodyToRing('vanlig', chain({}))).toBe(true);
    expect(nobodyToRing('vanlig', chain({ 1: ['v1'], 2: ['b2'] }, { busy: ['v1', 'b2'] }))).toBe(true);
    expect(nobodyToRing('akutt', chain({ 3: ['o3'] }))).toBe(false);
  });

  it('who would be rung now is the round’s own step, or the next pass’s first at the end of a pass with nobody left', () => {
    expect(ringableNow('vanlig', 2, full).map((t) => t.personId)).toEqual(['b2']);
    expect(ringableNow('vanlig', 3, chain({ 1: ['v1'], 2: ['b2'] })).map((t) => t.personId)).toEqual(['v1']);
  });

  it('rounds wait the ring timeout in the first pass, then back off 1, 2, 5 and every 10 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((round) => roundDelaySeconds('vanlig', round, 60))).toEqual([60, 60, 60, 60, 120, 300, 600, 600, 600]);
    // akutt's pass is two rounds long; a ring timeout longer than the step is kept.
    expect([1, 2, 3, 4].map((round) => roundDelaySeconds('akutt', round, 90))).toEqual([90, 90, 90, 120]);
  });
});
