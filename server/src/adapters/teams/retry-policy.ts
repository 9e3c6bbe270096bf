/**
 * When to retry a Teams (Bot Connector) send. Pure: the notifier feeds it the failed status and
 * `Retry-After`, gets back "wait this long", "final" or "give up".
 *
 * - 429: wait what `Retry-After` asks (seconds or an HTTP date), capped; backoff if absent.
 * - 412, 408, 5xx and network errors (no status): exponential backoff with full jitter.
 * - 403 / 401: final `forbidden` (the bot was removed, or our credentials are refused).
 * - 404: final `not_found` (the conversation is gone). Other 4xx: final `bad_request`.
 */

export interface TeamsRetryOptions {
  /** Attempts in total, the first included. @defaultValue 5 */
  readonly maxAttempts?: number;
  /** First backoff ceiling; doubles per attempt. @defaultValue 500 */
  readonly baseDelayMs?: number;
  /** Backoff never exceeds this. @defaultValue 8000 */
  readonly maxDelayMs?: number;
  /** Longest `Retry-After` honoured, so a broken proxy cannot park a worker for hours. @defaultValue 60 */
  readonly maxRetryAfterSeconds?: number;
}

export const DEFAULT_TEAMS_RETRY_OPTIONS: Readonly<Required<TeamsRetryOptions>> = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterSeconds: 60,
};

/** A failed attempt: the HTTP status (null for network errors) and the raw `Retry-After` header. */
export interface SendFailure {
  readonly status: number | null;
  readonly retryAfter: string | null;
}

export type FinalReason = 'forbidden' | 'not_found' | 'bad_request';

export type RetryDecision =
  | { readonly kind: 'retry'; readonly delayMs: number }
  | { readonly kind: 'final'; readonly reason: FinalReason }
  | { readonly kind: 'give_up' };

/** `Retry-After` in milliseconds, capped; null when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, now: Date, maxRetryAfterSeconds: number): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  let delayMs: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    delayMs = Number(trimmed) * 1000;
  } else {
    // An HTTP date has a weekday and month name; Date.parse would also accept "-3" (year -3).
    if (!/[a-z]/i.test(trimmed)) return null;
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
    delayMs = Math.max(0, at - now.getTime());
  }
  return Math.min(delayMs, maxRetryAfterSeconds * 1000);
}

/** Full jitter (AWS "Exponential Backoff and Jitter"): uniform in [0, min(max, base·2^(attempt-1))). */
export function backoffDelayMs(attempt: number, random: () => number, options: Required<TeamsRetryOptions>): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export function finalReasonFor(status: number | null): FinalReason | null {
  if (status === null) return null;
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 412 || status === 429) return null;
  if (status >= 400 && status < 500) return 'bad_request';
  return null;
}

/**
 * @param attempt 1-based number of the attempt that just failed.
 */
export function decideRetry(
  failure: SendFailure,
  attempt: number,
  env: { readonly random: () => number; readonly now: Date },
  options: TeamsRetryOptions = {},
): RetryDecision {
  const o = { ...DEFAULT_TEAMS_RETRY_OPTIONS, ...options };
  const reason = finalReasonFor(failure.status);
  if (reason) return { kind: 'final', reason };
  if (attempt >= o.maxAttempts) return { kind: 'give_up' };
  if (failure.status === 429) {
    const retryAfterMs = parseRetryAfterMs(failure.retryAfter, env.now, o.maxRetryAfterSeconds);
    if (retryAfterMs !== null) return { kind: 'retry', delayMs: retryAfterMs };
  }
  return { kind: 'retry', delayMs: backoffDelayMs(attempt, env.random, o) };
}
