/**
 * PostgreSQL errors we react to. Both node-postgres and PGlite expose the SQLSTATE as `code`;
 * drizzle wraps driver errors (`DrizzleQueryError`), so the driver's error sits on `cause`.
 */
const UNIQUE_VIOLATION = '23505';

const sqlState = (err: unknown): string | undefined => {
  // drizzle wraps driver errors; the SQLSTATE sits on the cause.
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
};

export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === UNIQUE_VIOLATION;

/** 57014 query_canceled: `statement_timeout` (DATABASE_STATEMENT_TIMEOUT_MS) ran out, or an operator cancelled the statement. */
const QUERY_CANCELED = '57014';

/**
 * The server cancelled the statement — an overloaded database, not a broken request. Not an
 * outage (a job that hits it uses up an attempt instead of waiting for ever), but a request
 * that hits it may be tried again later.
 */
export const isStatementCancelled = (err: unknown): boolean => sqlState(err) === QUERY_CANCELED;

/**
 * SQLSTATEs that mean "the server is going away or not taking connections": class 08
 * (connection exception), 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now:
 * starting up or shutting down), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(?:08...|57P0[123]|53300)$/;
/** Socket errors of a server that is down, restarting or unreachable. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * node-postgres raises these without a code (a socket that closed mid-query, a pool that could
 * not connect within `connectionTimeoutMillis`, a client whose connection broke), so the message
 * is all there is to go on.
 */
const UNAVAILABLE_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect$/, /is not queryable$/, /^Query read timeout$/];

/**
 * Why the database could not be reached or dropped the connection — a SQLSTATE, a socket error
 * code or node-postgres's fixed message, never anything the error carries — or undefined when
 * the error is something else (a statement it refused). Follows `cause` (drizzle) and the
 * `errors` of an AggregateError (a host name that resolves to several addresses, each refused).
 */
export function databaseUnavailableReason(err: unknown, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 5) return undefined;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_SOCKET_CODES.has(e.code))) return e.code;
  const message = typeof e.message === 'string' ? UNAVAILABLE_MESSAGES.find((re) => re.test(e.message as string)) : undefined;
  if (message) return message.source.replace(/^\^|\$$/g, '');
  for (const inner of Array.isArray(e.errors) ? e.errors : []) {
    const reason = databaseUnavailableReason(inner, depth + 1);
    if (reason) return reason;
  }
  return databaseUnavailableReason(e.cause, depth + 1);
}

/** True when the request may succeed if tried again later (503, not 500): see {@link databaseUnavailableReason}. */
export const isDatabaseUnavailable = (err: unknown): boolean => databaseUnavailableReason(err) !== undefined;

/** How long a record of something already done is retried while the database is away. @defaultValue 60000 */
export const RECORD_THROUGH_OUTAGE_MS = 60_000;
const RECORD_RETRY_EVERY_MS = 500;

/**
 * Runs a write that records a side effect already done — a card Teams accepted, a message that
 * went out — again and again while the database is unreachable, for up to `withinMs`. Losing
 * that record would make the job's next run do the side effect a second time (a second ring, a
 * second invitation); the job meanwhile keeps its lock, so nothing else runs it. After
 * `withinMs` the error is thrown and the job is retried as before (at least once, not exactly).
 */
export async function recordThroughOutage<T>(write: () => Promise<T>, withinMs: number = RECORD_THROUGH_OUTAGE_MS): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await write();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_EVERY_MS));
    }
  }
}
