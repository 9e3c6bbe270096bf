/**
 * The bounds of one availability search, shared by the core (which enforces them) and the
 * contracts (whose schema and messages name them), so the two can never disagree.
 */

/** Longest period searched in one call; bounds the work a single request can cause. */
export const MAX_SEARCH_DAYS = 366;
/** Most slots one search returns. */
export const MAX_SLOT_COUNT = 100;
