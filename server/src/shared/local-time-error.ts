/**
 * The leaf's own refusal for a local time that is malformed or does not exist (spring forward).
 * The shared leaf may not import the core, so it cannot throw a DomainError; it throws this,
 * with the same detail, issues and params, and core/scheduling/oslo-time.ts maps it to a
 * `validation_failed` DomainError so messages and HTTP answers stay as they were. The tabs and
 * the bot read `issues` directly.
 */

/** Same shape as the core's ErrorIssue: a dotted path and a "bokmål / English" message. */
export interface LocalTimeIssue {
  readonly path: string;
  readonly message: string;
}

export class LocalTimeError extends Error {
  readonly code = 'validation_failed' as const;

  constructor(
    /** A short English developer-facing detail. */
    detail: string,
    readonly issues: readonly LocalTimeIssue[],
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(detail);
    this.name = 'LocalTimeError';
  }
}
