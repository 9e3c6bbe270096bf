/**
 * The bounds of one availability search and one consultation list, shared by the core (which
 * enforces them) and the contracts (whose schema and messages name them), so the two can never
 * disagree.
 */

/** Longest period searched in one call; bounds the work a single request can cause. */
export const MAX_SEARCH_DAYS = 366;
/** Most slots one search returns. */
export const MAX_SLOT_COUNT = 100;

/** The longest span one list request may cover. */
export const MAX_LIST_DAYS = 92;
/** Without `to`: this many days from `from`. */
export const DEFAULT_LIST_DAYS = 60;
/** `mine`: meetings I take part in or booked; `all`: every meeting (coordinators, for the calendar). */
export const LIST_SCOPES = ['mine', 'all'] as const;
export type ListScope = (typeof LIST_SCOPES)[number];

export const LIST_SPAN_MESSAGE = `Oppgi et tidsrom på høyst ${MAX_LIST_DAYS} dager der to er etter from / Give a span of at most ${MAX_LIST_DAYS} days with to after from`;
