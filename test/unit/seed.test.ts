import { describe, expect, it } from 'vitest';
import { DirectoryUpsertSchema, PersonSchema } from '../../server/src/contracts/api';
import { ROLES } from '../../server/src/core/roles';
import { DEMO_COORDINATOR_AAD_OBJECT_ID, DEMO_PEOPLE, SPECIALTIES } from '../../server/src/seed/index';

const MAIN_SPECIALTIES = ['kardiologi', 'indremedisin', 'geriatri', 'psykiatri', 'barnemedisin'];
const HOSPITALS = ['Bærum sykehus', 'Drammen sykehus', 'Kongsberg sykehus', 'Ringerike sykehus', 'Klinikk psykisk helse og rus'];
const INVENTED_PHONE = /^\+47(4000|9000)\d{4}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const withRole = (role: string) => DEMO_PEOPLE.filter((p) => p.roles.includes(role as never));
const defined = <T>(values: readonly (T | null | undefined)[]) => values.filter((v): v is T => v != null);
const duplicates = (values: readonly string[]) => values.filter((v, i) => values.indexOf(v) !== i);

describe('the Vestre Viken demo directory', () => {
  it('every demo person is accepted unchanged by the admin API person schema', () => {
    for (const person of DEMO_PEOPLE) {
      const parsed = PersonSchema.safeParse(person);
      expect(parsed.error?.issues, person.id).toBeUndefined();
      expect(parsed.data, person.id).toEqual(person);
    }
    expect(DirectoryUpsertSchema.safeParse({ people: DEMO_PEOPLE }).success).toBe(true);
  });

  it('ids, HPR numbers, Teams ids, phone numbers and e-mail addresses are unique', () => {
    expect(duplicates(DEMO_PEOPLE.map((p) => p.id))).toEqual([]);
    expect(duplicates(defined(DEMO_PEOPLE.map((p) => p.hprNumber)))).toEqual([]);
    expect(duplicates(defined(DEMO_PEOPLE.map((p) => p.aadObjectId)))).toEqual([]);
    expect(duplicates(defined(DEMO_PEOPLE.map((p) => p.phone)))).toEqual([]);
    expect(duplicates(defined(DEMO_PEOPLE.map((p) => p.email)))).toEqual([]);
  });

  it('contact details are invented: fake phone ranges and reserved .example mail domains only', () => {
    for (const person of DEMO_PEOPLE) {
      expect(person.phone, person.id).toMatch(INVENTED_PHONE);
      expect(person.email, person.id).toMatch(/@[a-z0-9.-]+\.example$/);
      if (person.hprNumber) expect(person.hprNumber, person.id).toMatch(/^99000\d{4}$/);
    }
  });

  it('every role is held by someone', () => {
    for (const role of ROLES) expect(withRole(role).length, role).toBeGreaterThan(0);
  });

  it('there are two admins, one of whom also coordinates', () => {
    const admins = withRole('admin');
    expect(admins).toHaveLength(2);
    expect(admins.filter((p) => p.roles.includes('coordinator'))).toHaveLength(1);
  });

  it('coordinators work in at least three municipalities and at the hospital trust', () => {
    const orgs = new Set(withRole('coordinator').map((p) => p.organization));
    expect([...orgs].filter((o) => o.endsWith(' kommune')).length).toBeGreaterThanOrEqual(3);
    expect(orgs).toContain('Vestre Viken HF');
  });

  it('GPs and legevakt doctors are spread over the region', () => {
    expect(new Set(withRole('gp').map((p) => p.organization)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(withRole('legevakt').map((p) => p.organization))).toEqual(
      new Set(['Drammen interkommunale legevakt', 'Asker og Bærum legevakt', 'Kongsberg interkommunale legevakt', 'Ringerike interkommunale legevakt']),
    );
  });

  it('AMK Vestre Viken has an operational leader and at least five operators', () => {
    const amk = withRole('amk');
    expect(amk.every((p) => p.organization === 'AMK Vestre Viken')).toBe(true);
    expect(amk.map((p) => p.id)).toContain('amk-leder-1');
    expect(amk.filter((p) => p.id !== 'amk-leder-1').length).toBeGreaterThanOrEqual(5);
  });

  it('specialty slugs are unique lowercase ids with a display name', () => {
    expect(duplicates(SPECIALTIES.map((s) => s.id))).toEqual([]);
    for (const s of SPECIALTIES) {
      expect(s.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(s.name.length).toBeGreaterThan(0);
    }
  });

  it('every specialty has a specialist, and the five main ones have enough for levels 1, 2 and 3', () => {
    const specialists = withRole('specialist');
    for (const { id } of SPECIALTIES) {
      const count = specialists.filter((p) => p.specialty === id).length;
      expect(count, id).toBeGreaterThanOrEqual(MAIN_SPECIALTIES.includes(id) ? 3 : 1);
    }
  });

  it('only specialists and roster coordinators carry a specialty, always one from the list, and specialists work at the hospitals', () => {
    const ids: readonly string[] = SPECIALTIES.map((s) => s.id);
    for (const person of DEMO_PEOPLE) {
      if (person.roles.includes('specialist')) {
        expect(ids, person.id).toContain(person.specialty);
        expect(HOSPITALS, person.id).toContain(person.organization);
      } else if (person.id === 'amk-leder-1') {
        // Not a specialty: the AMK backup group's marker, which unanswered emergency calls escalate to.
        expect(person.specialty).toBe('amk-leder');
      } else if (person.roles.includes('coordinator') && person.specialty !== undefined) {
        expect(ids, person.id).toContain(person.specialty);
      } else {
        expect(person.specialty, person.id).toBeUndefined();
      }
    }
    expect(new Set(withRole('specialist').map((p) => p.organization))).toEqual(new Set(HOSPITALS));
  });

  it('a few people have valid Teams ids; the Drammen coordinator has the documented one', () => {
    const withAad = DEMO_PEOPLE.filter((p) => p.aadObjectId);
    expect(withAad.length).toBeGreaterThanOrEqual(5);
    for (const p of withAad) expect(p.aadObjectId, p.id).toMatch(UUID_V4);
    expect(DEMO_PEOPLE.find((p) => p.id === 'ke-drammen-1')?.aadObjectId).toBe(DEMO_COORDINATOR_AAD_OBJECT_ID);
  });
});
