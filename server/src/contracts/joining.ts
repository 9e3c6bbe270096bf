/**
 * Joining a consultation: the guest join page's and the clinician call panel's DTOs, and the
 * display name shown in a call (`Name (rolle)`, the role's label from texts.ts). Browser-safe and free of zod, so the
 * small join page can import it without pulling in a validation library.
 */
import type { GuestStatus, ParticipantRole } from '../shared/consultation-terms';

export type { GuestStatus, LinkRefusal } from '../shared/consultation-terms';
/** Role labels (the `nb` one goes into display names in the call), from the one text catalogue. */
export { PARTICIPANT_ROLE_LABELS, videoDisplayName } from '../shared/texts';

/** `GET /api/guest/me`: first name, role and time only (never the title or a national id). */
export interface GuestMeDto {
  readonly firstName: string;
  readonly role: ParticipantRole;
  /** Instants (UTC). */
  readonly start: string;
  readonly end: string;
  /** The start in Europe/Oslo, e.g. `mandag 29. mars 2027 kl. 10:00`. */
  readonly startOslo: { readonly nb: string; readonly en: string };
  readonly status: GuestStatus;
}

export interface GuestStatusDto {
  readonly status: GuestStatus;
}

/** A LiveKit join token for one room, at most ten minutes. */
export interface VideoTokenDto {
  readonly token: string;
  readonly serverUrl: string;
  readonly roomName: string;
  readonly expiresAt: string;
}

export interface LobbyEntryDto {
  readonly participantId: string;
  readonly name: string;
  readonly role: ParticipantRole;
  /** When they entered the lobby. */
  readonly since: string | null;
  readonly admittedAt: string | null;
}

/** `GET /api/consultations/:id/lobby` */
export interface LobbyDto {
  readonly waiting: readonly LobbyEntryDto[];
  readonly admitted: readonly LobbyEntryDto[];
}
