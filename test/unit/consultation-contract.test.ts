import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AvailabilityRequestSchema,
  CLINICIAN_PARTICIPANT_ROLES,
  type ConsultationDto,
  type CreateConsultationRequest,
  CreateConsultationSchema,
  PARTICIPANT_ROLES,
  UpdateConsultationSchema,
  isClinicianRole,
} from '../../server/src/contracts/consultations';
import { nationalIdCheckDigits } from '../../server/src/shared/national-id';

/** A synthetic fødselsnummer (15.06.1985); the check digits are tested on their own elsewhere. */
function syntheticId(): string {
  for (let i = 123; ; i++) {
    const nine = `150685${i}`;
    const check = nationalIdCheckDigits(nine);
    if (check !== undefined) return nine + check;
  }
}

const valid = (): CreateConsultationRequest => ({
  title: 'Samhandlingsmøte',
  patient: { name: 'Kari Nordmann', phone: '912 34 567', nationalId: syntheticId() },
  start: '2030-03-04T09:00:00+01:00',
  durationMinutes: 45,
  participants: [
    { role: 'specialist', personId: 'spes-1' },
    { role: 'gp', personId: 'fastlege-1' },
    { role: 'patient' },
    { role: 'relative', name: 'Ola Nordmann', phone: '+46 70 123 45 67', consentedByPatient: true },
    { role: 'interpreter', name: 'Tolk AS', email: 'tolk@example.no' },
  ],
});

/** Issue paths and messages, as the HTTP layer reports them. */
function issuesOf(schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, body: unknown) {
  const result = schema.safeParse(body);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));
}
const pathsOf = (schema: Parameters<typeof issuesOf>[0], body: unknown) => issuesOf(schema, body).map((i) => i.path);

describe('POST /api/consultations schema', () => {
  it('accepts a booking and normalizes phone numbers and the national id', () => {
    const body = valid();
    body.patient.nationalId = `${syntheticId().slice(0, 6)} ${syntheticId().slice(6)}`;
    const parsed = CreateConsultationSchema.parse(body);
    expect(parsed.patient).toEqual({ name: 'Kari Nordmann', phone: '+4791234567', nationalId: syntheticId() });
    expect(parsed.participants).toEqual([
      { role: 'specialist', personId: 'spes-1' },
      { role: 'gp', personId: 'fastlege-1' },
      { role: 'patient' },
      { role: 'relative', name: 'Ola Nordmann', phone: '+46701234567', consentedByPatient: true },
      { role: 'interpreter', name: 'Tolk AS', email: 'tolk@example.no' },
    ]);
  });

  it('leaves consent false when not given, so the use case can refuse the relative', () => {
    const body = { ...valid(), participants: [{ role: 'relative', name: 'Ola', email: 'ola@example.no' }] };
    expect(CreateConsultationSchema.parse(body).participants).toEqual([{ role: 'relative', name: 'Ola', email: 'ola@example.no', consentedByPatient: false }]);
  });

  it('names the field and the reason when the national id has a wrong check digit', () => {
    const id = syntheticId();
    const wrong = `${id.slice(0, 10)}${(Number(id[10]) + 1) % 10}`;
    expect(issuesOf(CreateConsultationSchema, { ...valid(), patient: { name: 'Kari', nationalId: wrong } })).toEqual([
      { path: 'patient.nationalId', message: 'Fødselsnummeret er ugyldig (kontrollsiffer) / The national id is invalid (check digit)' },
    ]);
  });

  it('refuses a landline for SMS and a malformed e-mail, each on its own field', () => {
    const body = { ...valid(), patient: { name: 'Kari', phone: '22 22 22 22', email: 'kari@localhost' } };
    expect(issuesOf(CreateConsultationSchema, body)).toEqual([
      { path: 'patient.phone', message: expect.stringContaining('kan ikke motta SMS') },
      { path: 'patient.email', message: 'E-postadressen er ugyldig / The e-mail address is invalid' },
    ]);
  });

  it.each([
    ['a local time without offset', { start: '2030-03-04T09:00:00' }, ['start']],
    ['a date only', { start: '2030-03-04' }, ['start']],
    ['a duration under 15 minutes', { durationMinutes: 10 }, ['durationMinutes']],
    ['a duration over 180 minutes', { durationMinutes: 181 }, ['durationMinutes']],
    ['a fractional duration', { durationMinutes: 30.5 }, ['durationMinutes']],
    ['an empty title', { title: '   ' }, ['title']],
    ['no participants', { participants: [] }, ['participants']],
    ['an unknown role', { participants: [{ role: 'nurse', personId: 'x' }] }, ['participants.0.role']],
  ])('refuses %s', (_label, change, paths) => {
    expect(pathsOf(CreateConsultationSchema, { ...valid(), ...change })).toEqual(paths);
  });

  it.each([
    ['a clinician without personId', { role: 'gp', name: 'Dr. Hansen', phone: '91234567' }, ['personId', 'name', 'phone']],
    ['a coordinator with contact details', { role: 'coordinator', personId: 'k-1', email: 'k@example.no' }, ['email']],
    ['a relative from the directory', { role: 'relative', personId: 'p-1', name: 'Ola', phone: '91234567' }, ['personId']],
    ['a relative without name', { role: 'relative', phone: '91234567', consentedByPatient: true }, ['name']],
    ['an interpreter with no way to reach them', { role: 'interpreter', name: 'Tolk' }, ['phone']],
    ['consent on someone who is not a relative', { role: 'other', name: 'Venn', phone: '91234567', consentedByPatient: true }, ['consentedByPatient']],
    ['patient details on the patient participant', { role: 'patient', name: 'Kari' }, ['name']],
  ])('refuses %s, naming the field', (_label, participant, fields) => {
    const body = { ...valid(), participants: [{ role: 'specialist', personId: 'spes-1' }, participant] };
    expect(pathsOf(CreateConsultationSchema, body)).toEqual(fields.map((f) => `participants.1.${f}`));
  });

  it('refuses the same directory person twice and the patient twice', () => {
    const body = {
      ...valid(),
      participants: [{ role: 'gp', personId: 'a' }, { role: 'specialist', personId: 'a' }, { role: 'patient' }, { role: 'patient' }],
    };
    expect(pathsOf(CreateConsultationSchema, body)).toEqual(['participants.1.personId', 'participants.3.role']);
  });

  it('refuses a joining patient who cannot be sent the link', () => {
    const body = { ...valid(), patient: { name: 'Kari' } };
    expect(pathsOf(CreateConsultationSchema, body)).toEqual(['patient.phone']);
  });
});

describe('PATCH /api/consultations/:id schema', () => {
  it('accepts a reschedule alone', () => {
    expect(UpdateConsultationSchema.parse({ start: '2030-03-05T10:00:00Z', durationMinutes: 30 })).toEqual({
      start: '2030-03-05T10:00:00Z',
      durationMinutes: 30,
    });
  });

  it('refuses an empty change and bad fields', () => {
    expect(pathsOf(UpdateConsultationSchema, {})).toEqual(['']);
    expect(pathsOf(UpdateConsultationSchema, { start: 'i morgen', participants: [{ role: 'gp' }] })).toEqual(['start', 'participants.0.personId']);
  });
});

describe('POST /api/consultations/availability schema', () => {
  const query = {
    personIds: ['spes-1', 'fastlege-1'],
    externalWindows: [{ start: '2030-03-04T08:00:00+01:00', end: '2030-03-04T12:00:00+01:00' }],
    from: '2030-03-04T00:00:00+01:00',
    to: '2030-03-11T00:00:00+01:00',
    durationMinutes: 45,
    count: 5,
  };

  it('accepts a search', () => {
    expect(AvailabilityRequestSchema.parse(query)).toEqual(query);
  });

  it.each([
    ['to before from', { to: '2030-03-03T00:00:00+01:00' }, ['to']],
    ['a search longer than a year', { to: '2031-03-11T00:00:00+01:00' }, ['to']],
    ['a window that ends before it starts', { externalWindows: [{ start: '2030-03-04T12:00:00Z', end: '2030-03-04T08:00:00Z' }] }, ['externalWindows.0.end']],
    ['the same person twice', { personIds: ['a', 'a'] }, ['personIds']],
    ['nobody', { personIds: [] }, ['personIds']],
    ['zero slots', { count: 0 }, ['count']],
  ])('refuses %s', (_label, change, paths) => {
    expect(pathsOf(AvailabilityRequestSchema, { ...query, ...change })).toEqual(paths);
  });
});

describe('roles and DTOs', () => {
  it('lists the roles and which of them are clinicians', () => {
    expect(PARTICIPANT_ROLES).toEqual(['patient', 'relative', 'municipality', 'gp', 'specialist', 'coordinator', 'interpreter', 'other']);
    expect(PARTICIPANT_ROLES.filter(isClinicianRole)).toEqual([...CLINICIAN_PARTICIPANT_ROLES]);
    expect(isClinicianRole('coordinator')).toBe(false);
  });

  it('gives the consultation DTO no place for the national id or patient contact details', () => {
    expectTypeOf<ConsultationDto['patient']['nationalId']>().toEqualTypeOf<undefined>();
    expectTypeOf<ConsultationDto['patient']['phone']>().toEqualTypeOf<undefined>();
    // @ts-expect-error: a stored patient with a national id cannot be passed off as the DTO's patient
    const leaked: ConsultationDto['patient'] = { name: 'Kari', nationalId: syntheticId() };
    expect(leaked.name).toBe('Kari');
  });
});
