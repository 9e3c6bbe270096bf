/**
 * The one domain error. Callers branch on `code`, never on message text; the HTTP layer maps
 * codes to status codes and the message catalogue (contracts/messages.ts) turns them into
 * Norwegian or English text.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'malformed_json'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'forbidden'
  | 'unknown_person'
  | 'not_found'
  | 'conflict'
  /** An emergency call another operator answered first (`params.name`). */
  | 'already_answered'
  | 'gone'
  /** Letting a guest in before the admission window (`params.minutes`, `opensAtNb`, `opensAtEn`). */
  | 'admission_not_open'
  /** A clinician joining the call before the join window (same params). */
  | 'join_not_open'
  | 'unprocessable'
  /** An emergency call with no triage colour, vital sign or ISBAR text: nobody is rung. */
  | 'emergency_call_empty'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface ErrorIssue {
  /** Dotted path to the offending field, e.g. `people.0.roles`. */
  readonly path: string;
  readonly message: string;
}

/**
 * What a refusal carries besides its message, so the client can act on it. A booking clash
 * (409): who is busy (directory name and role in the meeting, never clinical text) and the next
 * times free for everyone in the meeting.
 */
export interface ErrorDetails {
  readonly busy?: readonly { readonly personId: string; readonly name: string; readonly role: string }[];
  readonly nextFree?: readonly { readonly startsAt: Date; readonly endsAt: Date }[];
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** A short English developer-facing detail; never shown instead of the catalogue text. */
    detail?: string,
    readonly issues: readonly ErrorIssue[] = [],
    readonly params: Readonly<Record<string, string | number>> = {},
    readonly details: ErrorDetails = {},
  ) {
    super(detail ?? code);
    this.name = 'DomainError';
  }
}

/**
 * A request body parsed at the edge (zod, in the route), handed to a use case that decides
 * when — after which permission and state checks — a refusal is raised, so the order of
 * answers (403, 404, 409 before 422) stays the use case's.
 */
export type ParsedInput<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly ErrorIssue[] };

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
