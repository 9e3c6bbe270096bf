/**
 * What the rosters service tells people in Teams, as typed facts (kinds prefixed `rosters.`). The Teams
 * adapter renders each kind (`adapters/teams/cards/rosters.ts`); nothing here builds a card or
 * chooses wording. No clinical text: names, organisations, times, links, ids.
 */
export type RostersNotice = never;
