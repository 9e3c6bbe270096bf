/**
 * What the consultations service tells people in Teams, as typed facts (kinds prefixed `consultations.`). The Teams
 * adapter renders each kind (`adapters/teams/cards/consultations.ts`); nothing here builds a card or
 * chooses wording. No clinical text: names, organisations, times, links, ids.
 */
import type { MeetingNoticeKind, ParticipantRole } from '../../shared/consultation-terms';

/** An invitation, update, cancellation or reminder in a clinician's personal chat: when, in which role, links. */
export interface MeetingNotice {
  readonly kind: `consultations.${MeetingNoticeKind}`;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly role: ParticipantRole;
  /** The meeting to join; absent on a cancellation. */
  readonly joinUrl?: string;
  /** The meeting in the Samrom tab (a Teams deep link, or the browser URL without a Teams app id). */
  readonly tabUrl: string;
}

/** A summary was saved: the meeting's time and a link to it, never the title or any text of the summary. */
export interface SummarySavedNotice {
  readonly kind: 'consultations.summary_saved';
  readonly startsAt: Date;
  /** The meeting in the Samrom tab. */
  readonly url: string;
}

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

export type ConsultationsNotice = MeetingNotice | SummarySavedNotice | GuestWaitingNotice;
