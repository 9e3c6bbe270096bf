/**
 * What the advice service tells people in Teams, as typed facts (kinds prefixed `advice.`). The Teams
 * adapter renders each kind (`adapters/teams/cards/advice.ts`); nothing here builds a card or
 * chooses wording. No clinical text: names, organisations, times, links, ids.
 */
import type { AdvicePriority } from '../../shared/advice-terms';

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

export type AdviceNotice = AdviceNobodyOnCallNotice;
