/**
 * What the emergency service tells people in Teams, as typed facts (kinds prefixed `emergency.`). The Teams
 * adapter renders each kind (`adapters/teams/cards/emergency.ts`); nothing here builds a card or
 * chooses wording. No clinical text: names, organisations, times, links, ids.
 */
export type EmergencyNotice = never;
