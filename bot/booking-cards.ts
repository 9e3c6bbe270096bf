/**
 * The booking form (Adaptive Card 1.5) and what its submit turns into. The form's `value` is
 * mapped onto the API's request shape and validated with the same contracts schema as
 * `POST /api/consultations`, so chat and tab refuse the same things with the same messages.
 */
import type { ConsultationDto, ClinicianDto, CreateConsultationRequest, DirectoryParticipantRole } from '../server/src/contracts/consultations';
import { CLINICIAN_PARTICIPANT_ROLES } from '../server/src/contracts/consultations';
import type { ErrorIssue } from '../server/src/core/errors';
import { formatOslo, parseOsloLocalIso, toOsloLocal } from '../server/src/shared/oslo-time';
import type { AdaptiveCard } from './cards';
import type { BookingMessages } from './booking-messages';
import type { Language } from './messages';

/** `data.samromAction` of the form's submit button. */
export const BOOK_ACTION = 'book-consultation';
export const DURATION_CHOICES_MINUTES = [15, 30, 45, 60, 90, 120, 180] as const;
/** @defaultValue 60 */
export const DEFAULT_DURATION_MINUTES = 60;
/** @defaultValue '09:00' */
export const DEFAULT_TIME = '09:00';

const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
const MS_PER_DAY = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** The role a person takes when picked: a clinician role first, else coordinator. */
export function primaryRole(person: Pick<ClinicianDto, 'roles'>): DirectoryParticipantRole | undefined {
  return CLINICIAN_PARTICIPANT_ROLES.find((r) => person.roles.includes(r)) ?? person.roles[0];
}

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });
const heading = (value: string) => text(value, { weight: 'Bolder', spacing: 'Medium' });

function input(type: string, id: string, label: string, extra: Record<string, unknown> = {}) {
  return { type, id, label, ...extra };
}

/**
 * The form. `now` picks the default date (tomorrow in Oslo); `bookerId` is preselected among
 * the clinicians when the booker is one.
 */
export function bookingFormCard(m: BookingMessages, clinicians: readonly ClinicianDto[], now: Date, bookerId?: string): AdaptiveCard {
  const tomorrow = toOsloLocal(new Date(now.getTime() + MS_PER_DAY));
  const choices = clinicians.flatMap((c) => {
    const role = primaryRole(c);
    return role ? [{ title: `${c.name} (${m.roles[role]}, ${c.organization})`, value: c.id }] : [];
  });
  const preselected = bookerId && clinicians.some((c) => c.id === bookerId) ? bookerId : undefined;
  const body = [
    text(m.formTitle, { size: 'Medium', weight: 'Bolder' }),
    text(m.formIntro, { isSubtle: true }),
    input('Input.Text', 'title', m.title, { isRequired: true, maxLength: 200, placeholder: m.titleHint, errorMessage: m.title }),
    heading(m.patientHeading),
    input('Input.Text', 'patientName', m.patientName, { isRequired: true, maxLength: 200, errorMessage: m.patientName }),
    input('Input.Text', 'patientPhone', m.patientPhone, { style: 'Tel', maxLength: 30 }),
    input('Input.Text', 'patientEmail', m.patientEmail, { style: 'Email', maxLength: 254 }),
    input('Input.Text', 'patientNationalId', m.patientNationalId, { maxLength: 13 }),
    heading(m.whenHeading),
    input('Input.Date', 'date', m.date, { isRequired: true, value: `${tomorrow.year}-${pad(tomorrow.month)}-${pad(tomorrow.day)}`, errorMessage: m.date }),
    input('Input.Time', 'time', m.time, { isRequired: true, value: DEFAULT_TIME, errorMessage: m.time }),
    input('Input.ChoiceSet', 'durationMinutes', m.duration, {
      style: 'compact',
      value: String(DEFAULT_DURATION_MINUTES),
      choices: DURATION_CHOICES_MINUTES.map((n) => ({ title: m.minutes(n), value: String(n) })),
    }),
    input('Input.ChoiceSet', 'clinicians', `${m.clinicians} — ${m.cliniciansHint}`, {
      isMultiSelect: true,
      style: 'expanded',
      isRequired: true,
      errorMessage: m.clinicians,
      choices,
      ...(preselected ? { value: preselected } : {}),
    }),
    heading(m.relativeHeading),
    input('Input.Text', 'relativeName', m.relativeName, { maxLength: 200 }),
    input('Input.Text', 'relativePhone', m.relativePhone, { style: 'Tel', maxLength: 30 }),
    input('Input.Toggle', 'relativeConsent', m.relativeConsent, { title: m.consentYes, value: 'false', valueOn: 'true', valueOff: 'false' }),
  ];
  return {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: '1.5',
    fallbackText: m.formTitle,
    body,
    actions: [{ type: 'Action.Submit', title: m.submit, data: { samromAction: BOOK_ACTION } }],
  };
}

/** What an Adaptive Card submit delivers: every input as a string (ChoiceSets comma-joined). */
export type FormValue = Readonly<Record<string, unknown>>;

export function isBookingSubmit(value: unknown): value is FormValue {
  return typeof value === 'object' && value !== null && (value as FormValue).samromAction === BOOK_ACTION;
}

const field = (v: FormValue, key: string): string | undefined => {
  const raw = v[key];
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
};

export type FormOutcome = { readonly ok: true; readonly request: CreateConsultationRequest } | { readonly ok: false; readonly issues: readonly ErrorIssue[] };

/**
 * The form's fields → the API request. The start is the date and time read as Europe/Oslo (a
 * time in the spring-forward gap is refused with the core's message); the patient joins when
 * a mobile number or e-mail is given; the relative is added when any relative field is filled.
 */
export function requestFromForm(v: FormValue, clinicians: readonly ClinicianDto[]): FormOutcome {
  const issues: ErrorIssue[] = [];
  let start = '';
  const date = field(v, 'date');
  const time = field(v, 'time');
  try {
    start = parseOsloLocalIso(`${date ?? ''}T${time ?? ''}`, { path: 'start' }).instant.toISOString();
  } catch (err) {
    const issue = (err as { issues?: readonly ErrorIssue[] }).issues?.[0];
    issues.push(issue ?? { path: 'start', message: 'Ugyldig dato eller klokkeslett / Invalid date or time' });
  }
  const byId = new Map(clinicians.map((c) => [c.id, c]));
  const picked = (field(v, 'clinicians') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const directory = picked.flatMap((id) => {
    const person = byId.get(id);
    const role = person ? primaryRole(person) : undefined;
    // An id no longer in the directory still goes to the use case, which names it as unknown.
    return [{ role: role ?? 'specialist', personId: id }];
  });
  const patient = {
    name: field(v, 'patientName') ?? '',
    ...optional('phone', field(v, 'patientPhone')),
    ...optional('email', field(v, 'patientEmail')),
    ...optional('nationalId', field(v, 'patientNationalId')),
  };
  const patientJoins = patient.phone !== undefined || patient.email !== undefined;
  const relativeName = field(v, 'relativeName');
  const relativePhone = field(v, 'relativePhone');
  const relative =
    relativeName !== undefined || relativePhone !== undefined
      ? [
          {
            role: 'relative' as const,
            name: relativeName ?? '',
            ...optional('phone', relativePhone),
            consentedByPatient: field(v, 'relativeConsent') === 'true',
          },
        ]
      : [];
  const duration = Number(field(v, 'durationMinutes') ?? DEFAULT_DURATION_MINUTES);
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    request: {
      title: field(v, 'title') ?? '',
      patient,
      start,
      durationMinutes: duration,
      participants: [...(patientJoins ? [{ role: 'patient' as const }] : []), ...relative, ...directory],
    },
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** `"nb-tekst / English text"` → the part for the language. */
export function localized(message: string, language: Language): string {
  const parts = message.split(' / ');
  return parts.length === 2 ? (language === 'nb' ? parts[0]! : parts[1]!) : message;
}

/**
 * The confirmation: time in Oslo, then the participants — directory people by name and role,
 * the patient and other guests by role only — and a link to the meeting. Never the title.
 */
export function bookedCard(m: BookingMessages, language: Language, c: ConsultationDto, meetingUrl: string): AdaptiveCard {
  const start = new Date(c.start);
  const end = toOsloLocal(new Date(c.end));
  const when = `${formatOslo(start, language)}–${pad(end.hour)}:${pad(end.minute)}`;
  const people = c.participants.map((p) => (p.personId === null ? capitalize(m.roles[p.role]) : `${p.name} (${m.roles[p.role]})`));
  return {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: '1.5',
    fallbackText: `${m.booked}: ${when}`,
    body: [
      text(m.booked, { size: 'Medium', weight: 'Bolder', color: 'Good' }),
      text(m.bookedIntro),
      {
        type: 'FactSet',
        facts: [
          { title: m.when, value: when },
          { title: m.participants, value: people.join(', ') },
        ],
      },
    ],
    actions: [{ type: 'Action.OpenUrl', title: m.openMeeting, url: meetingUrl }],
  };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The refusal: what to fix, in the user's language; the messages are the schema's and the core's, never the user's input. */
export function notBookedCard(m: BookingMessages, language: Language, messages: readonly string[]): AdaptiveCard {
  const unique = [...new Set(messages.map((msg) => localized(msg, language)))];
  return {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: '1.5',
    fallbackText: m.notBooked,
    body: [text(m.notBooked, { size: 'Medium', weight: 'Bolder', color: 'Attention' }), text(m.fixAndRetry), ...unique.map((msg) => text(`• ${msg}`))],
    actions: [],
  };
}
