/**
 * Consultation API schemas and DTOs (browser-safe): the booking tab validates with the same
 * schemas the server parses with. Phone numbers come out as E.164 and national ids as 11
 * digits, checked by the core's functions with the core's messages ("bokmål / English").
 *
 * Only what the request itself can tell is checked here. Rules that need the directory or the
 * clock — a relative needs the patient's consent (422), at least one clinician host, a start
 * in the future, no double booking (409) — belong to the booking use case.
 */
import { z } from 'zod';
import { EMAIL_MESSAGE, MAX_EMAIL_LENGTH, MOBILE_MESSAGES, isValidEmail, normalizeMobile } from '../shared/contact';
import { NATIONAL_ID_MESSAGES, validateNationalId } from '../shared/national-id';
import { LIST_SCOPES, LIST_SPAN_MESSAGE, MAX_LIST_DAYS, MAX_SEARCH_DAYS, MAX_SLOT_COUNT } from '../shared/scheduling-limits';
import { PersonSchema } from './api';
import {
  type ClinicianParticipantRole,
  type ConsultationStatus,
  type DirectoryParticipantRole,
  PARTICIPANT_ROLES,
  type ParticipantRequest,
  type ParticipantRole,
  REMINDER_CHANNELS,
  type ReminderChannel,
  isDirectoryRole,
} from '../shared/consultation-terms';

export {
  CLINICIAN_PARTICIPANT_ROLES,
  type ClinicianParticipantRole,
  type ConsultationStatus,
  DIRECTORY_PARTICIPANT_ROLES,
  type DirectoryParticipantRole,
  PARTICIPANT_ROLES,
  type ParticipantRequest,
  type ParticipantRole,
  REMINDER_CHANNELS,
  type ReminderChannel,
  isClinicianRole,
  isDirectoryRole,
} from '../shared/consultation-terms';

export const MIN_DURATION_MINUTES = 15;
export const MAX_DURATION_MINUTES = 180;
export const MAX_PARTICIPANTS = 20;
export const MAX_EXTERNAL_WINDOWS = 100;

const MESSAGES = {
  title: 'Tittel mangler eller er over 200 tegn / Title is missing or longer than 200 characters',
  name: 'Navn mangler eller er over 200 tegn / Name is missing or longer than 200 characters',
  start: 'Oppgi tidspunkt med tidssone, f.eks. 2025-03-03T09:00:00+01:00 / Give a time with offset, e.g. 2025-03-03T09:00:00+01:00',
  duration: `Varighet må være et helt antall minutter fra ${MIN_DURATION_MINUTES} til ${MAX_DURATION_MINUTES} / Duration must be whole minutes from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}`,
  role: `Ukjent rolle; bruk ${PARTICIPANT_ROLES.join(', ')} / Unknown role; use ${PARTICIPANT_ROLES.join(', ')}`,
  participants: `Oppgi 1–${MAX_PARTICIPANTS} deltakere / Give 1–${MAX_PARTICIPANTS} participants`,
  personIdRequired: 'Velg personen fra katalogen (personId) / Choose the person from the directory (personId)',
  personIdNotAllowed: 'Bare klinikere og koordinatorer velges fra katalogen / Only clinicians and coordinators come from the directory',
  fromDirectory: 'Hentes fra katalogen; send bare personId / Comes from the directory; send only personId',
  patientFromPatientField: 'Pasientens navn og kontaktinfo står i patient / The patient’s name and contact details go in patient',
  contactRequired: 'Oppgi mobilnummer eller e-post / Give a mobile number or an e-mail address',
  consentOnlyRelatives: 'Samtykke gjelder bare pårørende / Consent applies to relatives only',
  boolean: 'Må være true eller false / Must be true or false',
  duplicatePerson: 'Personen er allerede med / This person is already a participant',
  onePatient: 'Pasienten kan bare være med én gang / The patient can only be added once',
  patientContact: 'Pasienten trenger mobilnummer eller e-post for å få lenken / The patient needs a mobile number or e-mail to get the link',
  emptyPatch: 'Endre minst ett felt / Change at least one field',
  endBeforeStart: 'Slutt må være etter start / End must be after start',
  searchTooLong: `Søk i høyst ${MAX_SEARCH_DAYS} dager / Search at most ${MAX_SEARCH_DAYS} days`,
  count: `Antall forslag må være 1–${MAX_SLOT_COUNT} / The number of slots must be 1–${MAX_SLOT_COUNT}`,
  personIds: `Oppgi 1–${MAX_PARTICIPANTS} ulike personer / Give 1–${MAX_PARTICIPANTS} different people`,
  windows: `Høyst ${MAX_EXTERNAL_WINDOWS} tidsvinduer / At most ${MAX_EXTERNAL_WINDOWS} windows`,
} as const;

const text = (max: number, message: string) => z.string({ error: message }).trim().min(1, { error: message }).max(max, { error: message });

/** An instant with an explicit offset (`Z` or `±hh:mm`); a local time would be ambiguous. */
const instant = z.iso.datetime({ offset: true, error: MESSAGES.start });

const durationMinutes = z
  .int({ error: MESSAGES.duration })
  .min(MIN_DURATION_MINUTES, { error: MESSAGES.duration })
  .max(MAX_DURATION_MINUTES, { error: MESSAGES.duration });

/** A mobile number anywhere in the world (Norway by default), out as E.164. */
const mobile = z.string({ error: MOBILE_MESSAGES.format }).transform((value, ctx) => {
  const result = normalizeMobile(value);
  if (result.ok) return result.e164;
  ctx.addIssue({ code: 'custom', message: MOBILE_MESSAGES[result.reason], input: value });
  return z.NEVER;
});

const email = z.string({ error: EMAIL_MESSAGE }).trim().max(MAX_EMAIL_LENGTH, { error: EMAIL_MESSAGE }).refine(isValidEmail, { error: EMAIL_MESSAGE });

/** Out as the 11 digits, spaces removed. */
const nationalId = z.string({ error: NATIONAL_ID_MESSAGES.format }).transform((value, ctx) => {
  const result = validateNationalId(value);
  if (result.ok) return result.value;
  ctx.addIssue({ code: 'custom', message: NATIONAL_ID_MESSAGES[result.reason], input: value });
  return z.NEVER;
});

const personId = PersonSchema.shape.id;

export const PatientSchema = z.object({
  name: text(200, MESSAGES.name),
  phone: mobile.optional(),
  email: email.optional(),
  nationalId: nationalId.optional(),
});

const contactOf = (p: { phone?: string | undefined; email?: string | undefined }) => ({
  ...(p.phone === undefined ? {} : { phone: p.phone }),
  ...(p.email === undefined ? {} : { email: p.email }),
});

export const ParticipantSchema = z
  .object({
    role: z.enum(PARTICIPANT_ROLES, { error: MESSAGES.role }),
    personId: personId.optional(),
    name: text(200, MESSAGES.name).optional(),
    phone: mobile.optional(),
    email: email.optional(),
    consentedByPatient: z.boolean({ error: MESSAGES.boolean }).optional(),
  })
  .superRefine((p, ctx) => {
    const refuse = (field: keyof typeof p, message: string) => {
      if (p[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message, input: p[field] });
    };
    if (p.role !== 'relative') refuse('consentedByPatient', MESSAGES.consentOnlyRelatives);
    if (isDirectoryRole(p.role)) {
      if (p.personId === undefined) ctx.addIssue({ code: 'custom', path: ['personId'], message: MESSAGES.personIdRequired, input: p });
      for (const field of ['name', 'phone', 'email'] as const) refuse(field, MESSAGES.fromDirectory);
      return;
    }
    if (p.role === 'patient') {
      for (const field of ['personId', 'name', 'phone', 'email'] as const) refuse(field, MESSAGES.patientFromPatientField);
      return;
    }
    refuse('personId', MESSAGES.personIdNotAllowed);
    if (p.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: MESSAGES.name, input: p });
    if (p.phone === undefined && p.email === undefined) ctx.addIssue({ code: 'custom', path: ['phone'], message: MESSAGES.contactRequired, input: p });
  })
  .transform((p): ParticipantRequest => {
    // The refinement above has guaranteed the fields each branch reads.
    if (isDirectoryRole(p.role)) return { role: p.role, personId: p.personId ?? '' };
    switch (p.role) {
      case 'patient':
        return { role: 'patient' };
      case 'relative':
        return { role: 'relative', name: p.name ?? '', ...contactOf(p), consentedByPatient: p.consentedByPatient ?? false };
      case 'interpreter':
      case 'other':
        return { role: p.role, name: p.name ?? '', ...contactOf(p) };
      default:
        return p.role satisfies never;
    }
  });

/** The whole list: each directory person once, the patient at most once. */
const ParticipantsSchema = z
  .array(ParticipantSchema, { error: MESSAGES.participants })
  .min(1, { error: MESSAGES.participants })
  .max(MAX_PARTICIPANTS, { error: MESSAGES.participants })
  .superRefine((participants, ctx) => {
    const seen = new Set<string>();
    let patients = 0;
    participants.forEach((p, i) => {
      if ('personId' in p) {
        if (seen.has(p.personId)) ctx.addIssue({ code: 'custom', path: [i, 'personId'], message: MESSAGES.duplicatePerson, input: p.personId });
        seen.add(p.personId);
      }
      if (p.role === 'patient' && ++patients > 1) ctx.addIssue({ code: 'custom', path: [i, 'role'], message: MESSAGES.onePatient, input: p.role });
    });
  });

/** `POST /api/consultations` */
export const CreateConsultationSchema = z
  .object({
    title: text(200, MESSAGES.title),
    patient: PatientSchema,
    start: instant,
    durationMinutes,
    participants: ParticipantsSchema,
  })
  .superRefine((body, ctx) => {
    const patientJoins = body.participants.some((p) => p.role === 'patient');
    if (patientJoins && body.patient.phone === undefined && body.patient.email === undefined) {
      ctx.addIssue({ code: 'custom', path: ['patient', 'phone'], message: MESSAGES.patientContact, input: body.patient });
    }
  });
export type CreateConsultationRequest = z.input<typeof CreateConsultationSchema>;
export type CreateConsultation = z.output<typeof CreateConsultationSchema>;

/**
 * `PATCH /api/consultations/:id`: reschedule, rename or replace the participant list. The
 * patient cannot be changed here. Whether a joining patient can be reached is the use case's
 * check, since only it knows the stored patient.
 */
export const UpdateConsultationSchema = z
  .object({
    title: text(200, MESSAGES.title).optional(),
    start: instant.optional(),
    durationMinutes: durationMinutes.optional(),
    participants: ParticipantsSchema.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { error: MESSAGES.emptyPatch });
export type UpdateConsultationRequest = z.input<typeof UpdateConsultationSchema>;
export type UpdateConsultation = z.output<typeof UpdateConsultationSchema>;

const WindowSchema = z
  .object({ start: instant, end: instant })
  .refine((w) => Date.parse(w.start) < Date.parse(w.end), { error: MESSAGES.endBeforeStart, path: ['end'] });

const MS_PER_DAY = 86_400_000;

/** `POST /api/consultations/availability` → `AvailabilityResponseDto` */
export const AvailabilityRequestSchema = z
  .object({
    personIds: z
      .array(personId, { error: MESSAGES.personIds })
      .min(1, { error: MESSAGES.personIds })
      .max(MAX_PARTICIPANTS, { error: MESSAGES.personIds })
      .refine((ids) => new Set(ids).size === ids.length, { error: MESSAGES.personIds }),
    /** Times the patient or relatives can do; a slot must lie inside one of them. */
    externalWindows: z.array(WindowSchema, { error: MESSAGES.windows }).max(MAX_EXTERNAL_WINDOWS, { error: MESSAGES.windows }).optional(),
    from: instant,
    to: instant,
    durationMinutes,
    count: z.int({ error: MESSAGES.count }).min(1, { error: MESSAGES.count }).max(MAX_SLOT_COUNT, { error: MESSAGES.count }).optional(),
  })
  .superRefine((q, ctx) => {
    const span = Date.parse(q.to) - Date.parse(q.from);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: MESSAGES.endBeforeStart, input: q.to });
    else if (span > MAX_SEARCH_DAYS * MS_PER_DAY) ctx.addIssue({ code: 'custom', path: ['to'], message: MESSAGES.searchTooLong, input: q.to });
  });
export type AvailabilityRequest = z.input<typeof AvailabilityRequestSchema>;

// ---- Responses. Never a national id, phone number or e-mail address: see DESIGN.md. ----

export interface ReminderDto {
  readonly participantId: string;
  readonly channel: ReminderChannel;
  /** When it is (or was) sent: an ISO 8601 instant. */
  readonly at: string;
}

export interface AttendanceDto {
  readonly joinedAt: string;
  /** `null` while still in the call. */
  readonly leftAt: string | null;
}

/** What became of the latest invitation, update or cancellation to one participant on one channel. */
export interface DeliveryDto {
  readonly channel: ReminderChannel;
  readonly kind: 'invitation' | 'update' | 'cancellation';
  /** `sent`: the provider took it; `delivered`: the SMS delivery report, SMTP's acceptance or Teams said so; `failed`: see `reason`. */
  readonly state: 'sent' | 'delivered' | 'failed';
  readonly reason: string | null;
  readonly at: string;
}

export interface ConsultationParticipantDto {
  readonly id: string;
  readonly role: ParticipantRole;
  /** Set for directory people (clinicians, coordinators). */
  readonly personId: string | null;
  readonly name: string;
  /** Set for relatives only. */
  readonly consentedByPatient: boolean | null;
  readonly attendance: readonly AttendanceDto[];
  /** Per channel, the latest invitation message's state (reminders not included). */
  readonly deliveries: readonly DeliveryDto[];
}

export interface ConsultationDto {
  readonly id: string;
  readonly title: string;
  readonly status: ConsultationStatus;
  readonly start: string;
  readonly end: string;
  readonly durationMinutes: number;
  /** The name only. `nationalId?: never` makes copying the stored patient in a type error. */
  readonly patient: { readonly name: string; readonly nationalId?: never; readonly phone?: never; readonly email?: never };
  readonly participants: readonly ConsultationParticipantDto[];
  readonly reminders: readonly ReminderDto[];
}

export interface AvailabilityResponseDto {
  readonly slots: readonly { readonly start: string; readonly end: string }[];
}

// ---- Listing (`GET /api/consultations?from=&to=&scope=`) and the clinicians to choose from. ----

export { DEFAULT_LIST_DAYS, LIST_SCOPES, type ListScope, MAX_LIST_DAYS } from '../shared/scheduling-limits';

export const LIST_MESSAGES = {
  scope: 'Ukjent utvalg; bruk mine eller all / Unknown scope; use mine or all',
  span: LIST_SPAN_MESSAGE,
} as const;

export const ListConsultationsQuerySchema = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    scope: z.enum(LIST_SCOPES, { error: LIST_MESSAGES.scope }).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from === undefined || q.to === undefined) return;
    const span = Date.parse(q.to) - Date.parse(q.from);
    if (span <= 0 || span > MAX_LIST_DAYS * MS_PER_DAY) ctx.addIssue({ code: 'custom', path: ['to'], message: LIST_MESSAGES.span, input: q.to });
  });
export type ListConsultationsQuery = z.output<typeof ListConsultationsQuerySchema>;

/** One meeting in a list or calendar: names and roles, no contact details, no reminders. */
export interface ConsultationSummaryDto {
  readonly id: string;
  readonly title: string;
  readonly status: ConsultationStatus;
  readonly start: string;
  readonly end: string;
  readonly durationMinutes: number;
  readonly patient: { readonly name: string; readonly nationalId?: never; readonly phone?: never; readonly email?: never };
  readonly participants: readonly Omit<ConsultationParticipantDto, 'attendance' | 'deliveries'>[];
}

export interface ConsultationListDto {
  /** Ordered by start. */
  readonly consultations: readonly ConsultationSummaryDto[];
}

/** A directory person a booker can add (`GET /api/directory/clinicians`): no phone, e-mail or HPR number. */
export interface ClinicianDto {
  readonly id: string;
  readonly name: string;
  /** Only the roles a participant can have (`DIRECTORY_PARTICIPANT_ROLES`). */
  readonly roles: readonly DirectoryParticipantRole[];
  readonly organization: string;
  readonly specialty: string | null;
}
