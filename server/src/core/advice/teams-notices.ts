/**
 * What the advice service tells people in Teams, as typed facts (kinds prefixed `advice.`). The Teams
 * adapter renders each kind (`adapters/teams/cards/advice.ts`); nothing here builds a card or
 * chooses wording. No clinical text: names, organisations, times, links, ids.
 */
export type AdviceNotice = never;
