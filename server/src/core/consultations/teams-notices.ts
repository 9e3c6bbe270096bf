/**
 * What the consultations service tells people in Teams, as typed facts (kinds prefixed `consultations.`). The Teams
 * adapter renders each kind (`adapters/teams/cards/consultations.ts`); nothing here builds a card or
 * chooses wording. No clinical text: names, organisations, times, links, ids.
 */
export type ConsultationsNotice = never;
