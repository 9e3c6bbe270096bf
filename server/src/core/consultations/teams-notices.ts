/**
 * What the consultations service tells people in Teams, as typed facts (kinds prefixed `consultations.`). The Teams
 * adapter renders each kind (`adapters/teams/cards/consultations.ts`); nothing here builds a card or
 * chooses wording. No clinical text: names, organisations, times, links, ids.
 */
import type { ParticipantRole } from '../../shared/consultation-terms';

/** A guest entered the lobby and waits for a clinician to let them in (issue 15). Name and role only. */
export interface GuestWaitingNotice {
  readonly kind: 'consultations.guest-waiting';
  readonly consultationId: string;
  readonly guestName: string;
  readonly guestRole: ParticipantRole;
  readonly startsAt: Date;
  /** The meeting in Samrom (Teams deep link or browser URL), where «Slipp inn» is. */
  readonly tabUrl: string;
}

export type ConsultationsNotice = GuestWaitingNotice;
