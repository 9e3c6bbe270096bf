/**
 * Joining a consultation: the guest join page's and the clinician call panel's DTOs, and the
 * Norwegian role labels shown in a call (`Name (rolle)`). Browser-safe and free of zod, so the
 * small join page can import it without pulling in a validation library.
 */
import type { ParticipantRole } from './consultations';

type Label = { readonly nb: string; readonly en: string };

/** Role labels; the `nb` one goes into display names in the call. */
export const PARTICIPANT_ROLE_LABELS: Readonly<Record<ParticipantRole, Label>> = {
  patient: { nb: 'pasient', en: 'patient' },
  relative: { nb: 'pårørende', en: 'relative' },
  municipality: { nb: 'kommune', en: 'municipal services' },
  gp: { nb: 'fastlege', en: 'GP' },
  specialist: { nb: 'spesialist', en: 'specialist' },
  coordinator: { nb: 'koordinator', en: 'coordinator' },
  interpreter: { nb: 'tolk', en: 'interpreter' },
  other: { nb: 'deltaker', en: 'participant' },
};

/** What others see in the call: `Kari Nordmann (pårørende)`. */
export function videoDisplayName(name: string, role: ParticipantRole): string {
  return `${name} (${PARTICIPANT_ROLE_LABELS[role].nb})`;
}

/** `not_ready`: not yet in the lobby; `waiting`: in the lobby; `admitted`: may join the call. */
export type GuestStatus = 'not_ready' | 'waiting' | 'admitted' | 'cancelled';

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

/** The Norwegian and English reasons a link cannot be used, shown on the join error page (`superseded`: a newer link was sent). */
export type LinkRefusal = 'not_found' | 'used' | 'not_open' | 'expired' | 'cancelled' | 'superseded';
