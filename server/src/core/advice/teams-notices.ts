/**
 * What the advice service tells people in Teams, as typed facts (kinds prefixed `advice.`). The Teams
 * adapter renders each kind (`adapters/teams/cards/advice.ts`); nothing here builds a card or
 * chooses wording. No clinical text: names, organisations, times, links, ids.
 */
import type { AdviceMode, AdvicePriority, AdviceStatus } from '../../shared/advice-terms';

/** A roster level, 1–3 (not imported from the rosters: ports import this file). */
type RosterLevel = 1 | 2 | 3;

/** The requester as a card names them: never the ISBAR. Null when not in the directory. */
export interface NoticeRequester {
  readonly name: string;
  readonly organization: string;
}

/**
 * `advice.nobody_on_call`: a request came in (or kept waiting) while nobody in the specialty's
 * chain can be rung — no shift now, or everyone on shift busy. Sent once per coordinator and request.
 */
export interface AdviceNobodyOnCallNotice {
  readonly kind: 'advice.nobody_on_call';
  readonly requestId: string;
  readonly specialty: string;
  readonly priority: AdvicePriority;
  readonly requester: NoticeRequester | null;
  /** The switchboard number the requester was given (E.164). */
  readonly switchboardPhone: string;
  /** The request in the tab. */
  readonly link: string;
}

/**
 * `advice.ring`: a specialist is rung for a request (with accept and decline), or — `alarm` — a
 * coordinator is told that a full pass of the roster went unanswered (no buttons).
 */
export interface AdviceRingNotice {
  readonly kind: 'advice.ring';
  readonly requestId: string;
  readonly specialty: string;
  readonly priority: AdvicePriority;
  readonly requester: NoticeRequester | null;
  /** The ring round, carried by the buttons so a stale card's answer is known as such. */
  readonly attempt: number;
  readonly alarm: boolean;
  readonly link: string;
}

/** `advice.closed`: a ring's card once the request was answered by someone else or withdrawn (updated in place). */
export interface AdviceClosedNotice {
  readonly kind: 'advice.closed';
  readonly requestId: string;
  readonly specialty: string;
  readonly withdrawn: boolean;
  readonly link: string;
}

/** One ring round as the requester's card lists it. */
export interface AdviceRoundStep {
  readonly round: number;
  /** The roster levels rung (none when the round only alarmed the coordinators). */
  readonly levels: readonly RosterLevel[];
  /** Every ring of the round failed (nobody could be reached). */
  readonly unreached: boolean;
  /** The coordinators were alarmed in this round. */
  readonly alarmed: boolean;
}

/** `advice.status`: the requester's status card, updated in place at every step. */
export interface AdviceStatusNotice {
  readonly kind: 'advice.status';
  readonly requestId: string;
  readonly specialty: string;
  readonly priority: AdvicePriority;
  readonly status: AdviceStatus;
  readonly mode: AdviceMode;
  /** The requester's own number, for a callback request. */
  readonly callbackPhone: string | null;
  /** Null unless waiting. */
  readonly position: number | null;
  /** Whole minutes (at least 1); null unless waiting with an honest estimate. */
  readonly estimatedWaitMinutes: number | null;
  readonly steps: readonly AdviceRoundStep[];
  /** Who answered. */
  readonly specialist: NoticeRequester | null;
  /** Who would be rung now, by name and level. */
  readonly onCallNow: readonly { readonly name: string; readonly level: RosterLevel }[];
  readonly nobodyOnCall: boolean;
  /** The switchboard to call, when nobody is on call. */
  readonly switchboardPhone: string | null;
  /** When the request was made: the card says how long it has waited since. */
  readonly createdAt: Date;
  readonly link: string;
}

export type AdviceNotice = AdviceNobodyOnCallNotice | AdviceRingNotice | AdviceClosedNotice | AdviceStatusNotice;
