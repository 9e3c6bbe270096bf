import { describe, expect, it } from 'vitest';
import type { Person } from '../../server/src/core/ports';
import { gaps, onCallChain } from '../../server/src/core/rosters/chain';
import { checkShift, findSelfOverlap } from '../../server/src/core/rosters/shifts';
import { toOsloLocal } from '../../server/src/shared/oslo-time';
import { DEMO_PEOPLE } from '../../server/src/seed/index';
import { demoRoster } from '../../server/src/seed/roster';

const people = new Map(
  DEMO_PEOPLE.map((p): [string, Person] => [
    p.id,
    { organizationId: `org:${p.organization}`, aadObjectId: null, hprNumber: null, specialty: null, phone: null, email: null, ...p },
  ]),
);

describe('the demo kardiologi roster', () => {
  // Across the fall-back weekend, so the DST night is part of it.
  it.each(['2026-10-20T10:00:00Z', '2027-03-22T06:30:00Z', '2026-11-29T23:30:00Z'])('from %s: valid shifts, someone on call now, one open night', (iso) => {
    const now = new Date(iso);
    const shifts = demoRoster(now);
    for (const s of shifts) {
      const input = { personId: s.personId, level: s.level, start: s.startsAt.toISOString(), end: s.endsAt.toISOString() };
      expect(checkShift('kardiologi', input, people.get(s.personId) ?? null, 's').issues).toEqual([]);
    }
    expect(findSelfOverlap(shifts)).toBeNull();
    const chain = onCallChain(shifts, now);
    expect(chain[0]!.shifts).toHaveLength(1);
    expect(chain[1]!.shifts).toHaveLength(1);
    const holes = gaps(shifts, now, new Date(now.getTime() + 12 * 86_400_000));
    // Within twelve days only the open night: 15:30 to 08:00 Oslo time, three days from today.
    const open = holes[0]!;
    expect([toOsloLocal(open.startsAt).hour, toOsloLocal(open.startsAt).minute]).toEqual([15, 30]);
    expect(toOsloLocal(open.endsAt).hour).toBe(8);
    expect(holes).toHaveLength(1);
    expect(gaps(shifts, now, new Date(now.getTime() + 16 * 86_400_000))).toHaveLength(2);
  });
});
