/**
 * What the emergency service tells people in Teams, as typed facts (kinds prefixed `emergency.`). The Teams
 * adapter renders each kind (`adapters/teams/cards/emergency.ts`); nothing here builds a card or
 * chooses wording. No clinical text: names, organisations, times, links, ids.
 */
import type { Triage } from '../../shared/emergency-terms';

/** What an AMK operator's card about a call shows: never ISBAR, vitals or the patient. */
interface CallFacts {
  readonly triage: Triage | null;
  readonly news2Total: number | null;
  /** The requester's organization (a legevakt). */
  readonly organization: string;
  /** The call in the Samrom tab, where «Svar» accepts it. */
  readonly tabUrl: string;
}

/** The call rings every AMK operator (`ringing`), or nobody answered and it reached the backup group (`escalated`). */
export interface CallRingingNotice extends CallFacts {
  readonly kind: 'emergency.call_ringing' | 'emergency.call_escalated';
}

/** The card the call sent, replaced in place: an operator answered it (their name: a colleague, not the patient). */
export interface CallAnsweredNotice extends CallFacts {
  readonly kind: 'emergency.call_answered';
  readonly answeredBy: string;
}

/** The card the call sent, replaced in place: the call ended, or was closed because nobody answered. */
export interface CallClosedNotice extends CallFacts {
  readonly kind: 'emergency.call_ended' | 'emergency.call_closed';
}

/** AMK pulls a clinician into an answered call: the link to it, nothing else. */
export interface CallInviteNotice {
  readonly kind: 'emergency.call_invite';
  readonly url: string;
}

/** AMK adds a doctor to a 113 caller's video session: the link to it, nothing else. */
export interface CitizenVideoInviteNotice {
  readonly kind: 'emergency.citizen_video_invite';
  readonly url: string;
}

export type EmergencyCallNotice = CallRingingNotice | CallAnsweredNotice | CallClosedNotice;
export type EmergencyNotice = EmergencyCallNotice | CallInviteNotice | CitizenVideoInviteNotice;
