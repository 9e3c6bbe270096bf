/**
 * After the meeting: the summary (ISBAR notes, agreed actions, the next meeting) and the
 * attendance export. Browser-safe: the tab's form validates with the same schema the server
 * parses with. The summary is clinical text: it is never put in a Teams message, SMS or e-mail.
 */
import { z } from 'zod';
import { ISBAR_FIELDS } from '../shared/isbar';
import type { ParticipantRole } from './consultations';

export { ISBAR_FIELDS, type IsbarField } from '../shared/isbar';

export const MAX_ISBAR_FIELD_LENGTH = 4000;
export const MAX_ACTIONS = 30;
export const MAX_ACTION_WHAT_LENGTH = 500;
export const MAX_ACTION_WHO_LENGTH = 200;
export const MAX_NEXT_MEETING_LENGTH = 200;

export const SUMMARY_MESSAGES = {
  isbarField: `Hvert ISBAR-felt kan ha høyst ${MAX_ISBAR_FIELD_LENGTH} tegn / Each ISBAR field may have at most ${MAX_ISBAR_FIELD_LENGTH} characters`,
  isbarEmpty: 'Skriv noe i minst ett av ISBAR-feltene / Write something in at least one of the ISBAR fields',
  actions: `Høyst ${MAX_ACTIONS} tiltak / At most ${MAX_ACTIONS} actions`,
  what: `Skriv hva som skal gjøres (høyst ${MAX_ACTION_WHAT_LENGTH} tegn) / Say what is to be done (at most ${MAX_ACTION_WHAT_LENGTH} characters)`,
  who: `Skriv hvem som har ansvaret (høyst ${MAX_ACTION_WHO_LENGTH} tegn) / Say who is responsible (at most ${MAX_ACTION_WHO_LENGTH} characters)`,
  due: 'Frist må være en dato, f.eks. 2027-04-15 / The due date must be a date, e.g. 2027-04-15',
  nextMeeting: `Neste møte kan ha høyst ${MAX_NEXT_MEETING_LENGTH} tegn / The next meeting may have at most ${MAX_NEXT_MEETING_LENGTH} characters`,
  body: 'Send et referat med isbar, actions og nextMeeting / Send a summary with isbar, actions and nextMeeting',
} as const;

const isbarText = z.string({ error: SUMMARY_MESSAGES.isbarField }).trim().max(MAX_ISBAR_FIELD_LENGTH, { error: SUMMARY_MESSAGES.isbarField });

export const IsbarSchema = z
  .object(
    {
      identification: isbarText.default(''),
      situation: isbarText.default(''),
      background: isbarText.default(''),
      assessment: isbarText.default(''),
      recommendation: isbarText.default(''),
    },
    { error: SUMMARY_MESSAGES.isbarEmpty },
  )
  .refine((isbar) => ISBAR_FIELDS.some((field) => isbar[field].length > 0), { error: SUMMARY_MESSAGES.isbarEmpty });
export type Isbar = z.output<typeof IsbarSchema>;

const required = (max: number, message: string) => z.string({ error: message }).trim().min(1, { error: message }).max(max, { error: message });

export const SummaryActionSchema = z.object({
  what: required(MAX_ACTION_WHAT_LENGTH, SUMMARY_MESSAGES.what),
  who: required(MAX_ACTION_WHO_LENGTH, SUMMARY_MESSAGES.who),
  /** A calendar date (`YYYY-MM-DD`) in Norway. */
  due: z.iso.date({ error: SUMMARY_MESSAGES.due }),
});
export type SummaryAction = z.output<typeof SummaryActionSchema>;

/** `PUT /api/consultations/:id/summary` */
export const SaveSummarySchema = z.object(
  {
    isbar: IsbarSchema,
    actions: z.array(SummaryActionSchema, { error: SUMMARY_MESSAGES.actions }).max(MAX_ACTIONS, { error: SUMMARY_MESSAGES.actions }).default([]),
    /** An instant or a date, or free text ("om tre uker, samme tid"); empty means none. */
    nextMeeting: z
      .string({ error: SUMMARY_MESSAGES.nextMeeting })
      .trim()
      .max(MAX_NEXT_MEETING_LENGTH, { error: SUMMARY_MESSAGES.nextMeeting })
      .nullable()
      .optional()
      .transform((value) => (value ? value : null)),
  },
  { error: SUMMARY_MESSAGES.body },
);
export type SaveSummaryRequest = z.input<typeof SaveSummarySchema>;
export type SaveSummary = z.output<typeof SaveSummarySchema>;

export interface SummaryDto {
  readonly isbar: Isbar;
  readonly actions: readonly SummaryAction[];
  readonly nextMeeting: string | null;
  readonly writtenBy: { readonly personId: string; readonly name: string | null };
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** `GET` and `PUT …/summary`: the summary (null before the first save) and whether the caller may change it. */
export interface SummaryResponseDto {
  readonly summary: SummaryDto | null;
  readonly canWrite: boolean;
}

/** One row of the attendance export: one stay, or a participant who never joined (no times, 0 minutes). */
export interface AttendanceRowDto {
  readonly name: string;
  readonly role: ParticipantRole;
  readonly joinedAt: string | null;
  readonly leftAt: string | null;
  readonly minutes: number;
}

/** `GET /api/consultations/:id/attendance` (JSON); the `.csv` variant has the same rows. */
export interface AttendanceExportDto {
  readonly consultationId: string;
  readonly start: string;
  readonly end: string;
  readonly rows: readonly AttendanceRowDto[];
}
