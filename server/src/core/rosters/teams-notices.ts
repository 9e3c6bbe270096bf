/**
 * What the rosters service tells people in Teams, as typed facts (kinds prefixed `rosters.`). The Teams
 * adapter renders each kind (`adapters/teams/cards/rosters.ts`); nothing here builds a card or
 * chooses wording. No clinical text: names, organisations, times, links, ids.
 */

/** A specialty's roster has nobody on call at level 1 for a while: the coordinators are told. */
export interface RosterGapNotice {
  readonly kind: 'rosters.gap';
  readonly specialty: string;
  readonly gapStart: Date;
  readonly gapEnd: Date;
  /** The specialty's roster in the Samrom tab. */
  readonly rosterUrl: string;
}

export type RostersNotice = RosterGapNotice;
