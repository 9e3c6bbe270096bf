/**
 * The words of a consultation (samtale) that the core, the contracts, the bot and the tabs all
 * use: participant roles and their labels in a call, reminder channels, statuses and the
 * reasons a personal link is refused. Plain values and types, browser-safe.
 */

export const PARTICIPANT_ROLES = ['patient', 'relative', 'municipality', 'gp', 'specialist', 'coordinator', 'interpreter', 'other'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** Clinicians can host: a consultation needs at least one of them (checked by the use case). */
export const CLINICIAN_PARTICIPANT_ROLES = ['municipality', 'gp', 'specialist'] as const satisfies readonly ParticipantRole[];
export type ClinicianParticipantRole = (typeof CLINICIAN_PARTICIPANT_ROLES)[number];

/** Roles chosen from the directory by `personId`; everyone else comes with name and contact. */
export const DIRECTORY_PARTICIPANT_ROLES = [...CLINICIAN_PARTICIPANT_ROLES, 'coordinator'] as const satisfies readonly ParticipantRole[];
export type DirectoryParticipantRole = (typeof DIRECTORY_PARTICIPANT_ROLES)[number];

export const isClinicianRole = (role: ParticipantRole): role is ClinicianParticipantRole =>
  (CLINICIAN_PARTICIPANT_ROLES as readonly ParticipantRole[]).includes(role);
export const isDirectoryRole = (role: ParticipantRole): role is DirectoryParticipantRole =>
  (DIRECTORY_PARTICIPANT_ROLES as readonly ParticipantRole[]).includes(role);

/** What a participant entry becomes: its shape follows its role. */
export type ParticipantRequest =
  | { readonly role: DirectoryParticipantRole; readonly personId: string }
  /** The patient joins; name and contact details come from the request's `patient`. */
  | { readonly role: 'patient' }
  | {
      readonly role: 'relative';
      readonly name: string;
      readonly phone?: string;
      readonly email?: string;
      /** `false` when not given; the use case refuses a relative without consent (422). */
      readonly consentedByPatient: boolean;
    }
  | { readonly role: 'interpreter' | 'other'; readonly name: string; readonly phone?: string; readonly email?: string };

export const REMINDER_CHANNELS = ['teams', 'sms', 'email'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

/** What a participant is told about a meeting, by SMS, e-mail or in Teams. */
export type MeetingNoticeKind = 'invitation' | 'update' | 'cancellation' | 'reminder';

export type ConsultationStatus = 'scheduled' | 'cancelled';

/** `not_ready`: not yet in the lobby; `waiting`: in the lobby; `admitted`: may join the call. */
export type GuestStatus = 'not_ready' | 'waiting' | 'admitted' | 'cancelled';

/** The Norwegian and English reasons a link cannot be used, shown on the join error page (`superseded`: a newer link was sent). */
export type LinkRefusal = 'not_found' | 'used' | 'not_open' | 'expired' | 'cancelled' | 'superseded';
