/** PostgreSQL SQLSTATE codes we react to; both node-postgres and PGlite expose `code`. */
const UNIQUE_VIOLATION = '23505';

const sqlState = (err: unknown): string | undefined => {
  // drizzle wraps driver errors; the SQLSTATE sits on the cause.
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
};

export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === UNIQUE_VIOLATION;
