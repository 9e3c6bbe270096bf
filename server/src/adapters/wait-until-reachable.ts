/**
 * Start-up with a dependency that is down: an outage is a state, not a reason to exit. Samrom
 * waits for PostgreSQL and Redis, says plainly what it is waiting for and why, and carries on
 * the moment they answer. Anything that is not an outage (a wrong password, a bad
 * configuration) is thrown at once: waiting would not fix it.
 */

/** Structural subset of pino's logger, so this file need not import pino. */
export interface WaitLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface WaitOptions<T> {
  /** Named in the log lines, e.g. `PostgreSQL`. */
  readonly dependency: string;
  readonly attempt: () => Promise<T>;
  /** True when the error means "down or unreachable, try again"; anything else is thrown. */
  readonly isOutage: (err: unknown) => boolean;
  readonly logger: WaitLogger;
  /** The first wait; it doubles up to `maxDelayMs`. @defaultValue 500 */
  readonly firstDelayMs?: number;
  /** @defaultValue 5000 */
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `attempt()`'s value once it succeeds; retried, with a log line each time, while it fails with an outage. */
export async function waitUntilReachable<T>(o: WaitOptions<T>): Promise<T> {
  const sleep = o.sleep ?? defaultSleep;
  let delayMs = o.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await o.attempt();
      if (attempt > 1)
        o.logger.info(
          { dependency: o.dependency, attempts: attempt },
          `${o.dependency} svarer; fortsetter oppstarten / ${o.dependency} is answering; start-up continues`,
        );
      return value;
    } catch (err) {
      if (!o.isOutage(err)) throw err;
      const seconds = Math.round(delayMs / 100) / 10;
      o.logger.warn(
        { dependency: o.dependency, attempt, reason: reasonOf(err), retryInMs: delayMs },
        `Venter på ${o.dependency}: svarer ikke ennå, prøver igjen om ${seconds} s / Waiting for ${o.dependency}: not answering yet, retrying in ${seconds} s`,
      );
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, o.maxDelayMs ?? 5_000);
    }
  }
}

/** A short reason for the log line: a connection error's code and message (they hold no data). */
function reasonOf(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  // Node reports a host name with several refused addresses as an AggregateError without a message.
  const first = Array.isArray(e.errors) ? (e.errors[0] as { message?: unknown } | undefined) : undefined;
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : typeof first?.message === 'string' ? first.message : String(err);
  return typeof e.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}
