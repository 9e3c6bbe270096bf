/**
 * The consultation policy as a table: each kind of actor (by role, relationship and
 * organisation) against each action, and the reason it gives. The API-level table is
 * test/integration/api-authorization.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  CONSULTATION_ACTIONS,
  type ConsultationAction,
  type ConsultationParties,
  decideAvailability,
  decideConsultation,
  decideListAll,
  partiesOf,
} from '../../server/src/core/consultations/policy';
import type { Person } from '../../server/src/core/ports';
import type { Actor, Role } from '../../server/src/core/roles';

const DRAMMEN = 'org-drammen-kommune';
const ASKER = 'org-asker-kommune';
const LIER_GPS = 'org-fastlegene-i-lier';
const HOSPITAL = 'org-vestre-viken';

const person = (personId: string, roles: Role[], organizationId: string | null): Actor => ({
  kind: 'person',
  personId,
  roles,
  name: personId,
  organizationId,
  specialty: null,
});

/** Booked by a coordinator of Drammen kommune; a GP, a specialist and a municipal nurse take part, and a relative. */
const parties: ConsultationParties = {
  createdBy: 'ke-drammen-1',
  bookerOrganizationId: DRAMMEN,
  participants: [
    { personId: null, role: 'patient' },
    { personId: null, role: 'relative' },
    { personId: 'gp-1', role: 'gp' },
    { personId: 'sp-1', role: 'specialist' },
    { personId: 'kom-1', role: 'municipality' },
    { personId: 'ke-asker-2', role: 'coordinator' },
  ],
};

type Outcome = 'allow' | 403 | 404;
const A = 'allow' as const;

/** Columns: read, change, cancel, attendance, summary.read, summary.write, lobby, admit, join. */
const TABLE: readonly [string, Actor, readonly Outcome[]][] = [
  ['the booker (a Drammen coordinator)', person('ke-drammen-1', ['coordinator'], DRAMMEN), [A, A, A, A, A, A, A, A, 403]],
  ['another Drammen coordinator', person('ke-drammen-2', ['coordinator'], DRAMMEN), [A, A, A, A, A, A, A, A, 403]],
  ['an Asker coordinator', person('ke-asker-1', ['coordinator'], ASKER), [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['an Asker coordinator taking part', person('ke-asker-2', ['coordinator'], ASKER), [A, 403, 403, 403, A, A, A, A, A]],
  ['a hospital coordinator', person('ke-vv', ['coordinator'], HOSPITAL), [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['the GP taking part', person('gp-1', ['gp'], LIER_GPS), [A, 403, 403, 403, A, A, A, A, A]],
  ['a GP of the same practice, not taking part', person('gp-2', ['gp'], LIER_GPS), [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['a GP in Drammen kommune itself, not a coordinator', person('gp-d', ['gp'], DRAMMEN), [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['the specialist taking part', person('sp-1', ['specialist'], HOSPITAL), [A, 403, 403, 403, A, A, A, A, A]],
  ['the municipal nurse taking part', person('kom-1', ['municipality'], DRAMMEN), [A, 403, 403, 403, A, A, A, A, A]],
  ['an admin', person('admin-1', ['admin'], HOSPITAL), [A, A, A, A, A, 403, 403, 403, 403]],
  ['a bootstrap admin outside the directory', person('bootstrap:oid', ['admin'], null), [A, A, A, A, A, 403, 403, 403, 403]],
  ['a worker', { kind: 'system', name: 'reminders' }, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
];

const outcome = (actor: Actor, action: ConsultationAction): Outcome => {
  const d = decideConsultation(actor, action, parties);
  return d.allowed ? 'allow' : d.code === 'forbidden' ? 403 : 404;
};

describe('decideConsultation', () => {
  it.each(TABLE)('%s', (_who, actor, expected) => {
    expect(CONSULTATION_ACTIONS.map((action) => outcome(actor, action))).toEqual(expected);
  });

  it('names the ground of an allowance and the reason of a refusal', () => {
    expect(decideConsultation(person('ke-drammen-2', ['coordinator'], DRAMMEN), 'cancel', parties)).toEqual({
      allowed: true,
      reason: 'organization_coordinator',
    });
    expect(decideConsultation(person('gp-1', ['gp'], LIER_GPS), 'cancel', parties)).toEqual({ allowed: false, code: 'forbidden', reason: 'may_not_cancel' });
    expect(decideConsultation(person('ke-asker-1', ['coordinator'], ASKER), 'read', parties)).toEqual({
      allowed: false,
      code: 'not_found',
      reason: 'other_organization',
    });
    expect(decideConsultation(person('gp-2', ['gp'], LIER_GPS), 'read', parties)).toEqual({ allowed: false, code: 'not_found', reason: 'not_a_party' });
  });

  it('a booker who is not a coordinator manages and reads the meeting, but neither writes its summary nor joins', () => {
    const gpBooker = person('gp-b', ['gp'], LIER_GPS);
    const booked = { ...parties, createdBy: 'gp-b', bookerOrganizationId: LIER_GPS };
    expect(CONSULTATION_ACTIONS.map((action) => decideConsultation(gpBooker, action, booked).allowed)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('when the booker has left the directory, no coordinator is of their organisation', () => {
    const gone = { ...parties, bookerOrganizationId: null };
    expect(decideConsultation(person('ke-x', ['coordinator'], DRAMMEN), 'read', gone)).toMatchObject({ allowed: false, code: 'not_found' });
  });

  it('partiesOf finds the booker’s organisation in the directory', async () => {
    const directory = { byId: async (id: string) => (id === 'ke-drammen-1' ? ({ organizationId: DRAMMEN } as Person) : null) };
    expect(await partiesOf(directory, parties)).toEqual(parties);
    expect((await partiesOf(directory, { ...parties, createdBy: 'nobody' })).bookerOrganizationId).toBeNull();
  });
});

describe('decideListAll (the coordinators’ calendar)', () => {
  it.each([
    ['an admin sees every meeting', person('admin-1', ['admin', 'coordinator'], HOSPITAL), { allowed: true, organizationId: null }],
    ['a coordinator sees their organisation’s', person('ke-1', ['coordinator'], DRAMMEN), { allowed: true, organizationId: DRAMMEN }],
    ['a GP may not ask', person('gp-1', ['gp'], LIER_GPS), { allowed: false, code: 'forbidden' }],
  ] as const)('%s', (_case, actor, expected) => {
    expect(decideListAll(actor)).toMatchObject(expected);
  });
});

describe('decideAvailability (free/busy)', () => {
  it.each([
    ['a coordinator, about anyone', person('ke-1', ['coordinator'], DRAMMEN), ['gp-1', 'sp-1'], 'allow'],
    ['a GP in the meeting being planned', person('gp-1', ['gp'], LIER_GPS), ['gp-1', 'sp-1'], 'allow'],
    ['a specialist about themselves', person('sp-1', ['specialist'], HOSPITAL), ['sp-1'], 'allow'],
    ['a GP about others only', person('gp-1', ['gp'], LIER_GPS), ['gp-2', 'sp-1'], 'not_in_the_meeting'],
    ['a municipal nurse, even in the meeting', person('kom-1', ['municipality'], DRAMMEN), ['kom-1'], 'role'],
    ['an admin', person('admin-1', ['admin'], HOSPITAL), ['gp-1'], 'role'],
  ] as const)('%s', (_case, actor, personIds, expected) => {
    const d = decideAvailability(actor, personIds);
    expect(d.allowed ? 'allow' : d.reason).toBe(expected);
    if (!d.allowed) expect(d.code).toBe('forbidden');
  });
});
