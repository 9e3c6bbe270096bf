/**
 * The roster and advice-line policies as tables: role × the actor's directory specialty ×
 * the specialty asked about. Both refuse with 403 (specialties are no secret).
 */
import { describe, expect, it } from 'vitest';
import { decideAdviceOverview } from '../../server/src/core/advice/policy';
import type { Actor, Role } from '../../server/src/core/roles';
import { decideRoster } from '../../server/src/core/rosters/policy';

const person = (roles: Role[], specialty: string | null): Actor => ({
  kind: 'person',
  personId: `p-${roles.join('-')}-${specialty ?? 'none'}`,
  roles,
  name: 'Test',
  organizationId: 'org-1',
  specialty,
});
const worker: Actor = { kind: 'system', name: 'roster' };

const verdict = (d: { allowed: boolean; reason: string }) => (d.allowed ? `allow:${d.reason}` : `403:${d.reason}`);

describe('decideRoster (kardiologi)', () => {
  it.each([
    ['an admin', person(['admin'], null), 'allow:admin', 'allow:admin'],
    ['kardiologi’s coordinator', person(['coordinator'], 'kardiologi'), 'allow:specialty_coordinator', 'allow:specialty_coordinator'],
    ['indremedisin’s coordinator', person(['coordinator'], 'indremedisin'), '403:other_specialty', '403:other_specialty'],
    ['a municipal coordinator (no specialty)', person(['coordinator'], null), '403:other_specialty', '403:other_specialty'],
    ['a kardiologi specialist', person(['specialist'], 'kardiologi'), '403:role', 'allow:specialty_specialist'],
    ['an indremedisin specialist', person(['specialist'], 'indremedisin'), '403:other_specialty', '403:other_specialty'],
    ['a GP', person(['gp'], null), '403:role', '403:role'],
    ['AMK', person(['amk'], null), '403:role', '403:role'],
    ['a worker', worker, '403:not_a_person', '403:not_a_person'],
  ] as const)('%s (write, read)', (_who, actor, write, read) => {
    expect([verdict(decideRoster(actor, 'write', 'kardiologi')), verdict(decideRoster(actor, 'read', 'kardiologi'))]).toEqual([write, read]);
  });

  it('refuses with 403, never 404', () => {
    expect(decideRoster(person(['gp'], null), 'read', 'kardiologi')).toMatchObject({ allowed: false, code: 'forbidden' });
  });
});

describe('decideAdviceOverview (queue and figures)', () => {
  it.each([
    ['an admin', person(['admin'], null), 'allow:admin', 'allow:admin'],
    ['a kardiologi specialist', person(['specialist'], 'kardiologi'), 'allow:specialty_specialist', '403:all_specialties'],
    ['kardiologi’s coordinator', person(['coordinator'], 'kardiologi'), 'allow:specialty_coordinator', '403:all_specialties'],
    ['an indremedisin specialist', person(['specialist'], 'indremedisin'), '403:other_specialty', '403:all_specialties'],
    ['a municipal coordinator (no specialty)', person(['coordinator'], null), '403:other_specialty', '403:all_specialties'],
    ['a GP', person(['gp'], null), '403:role', '403:role'],
    ['a worker', worker, '403:not_a_person', '403:not_a_person'],
  ] as const)('%s (kardiologi, every specialty)', (_who, actor, kardiologi, all) => {
    expect([verdict(decideAdviceOverview(actor, 'kardiologi')), verdict(decideAdviceOverview(actor, null))]).toEqual([kardiologi, all]);
  });
});
