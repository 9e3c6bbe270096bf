/**
 * For tests of what the database itself refuses (triggers, constraints): the refusal must be
 * the one meant, by SQLSTATE and the trigger's or constraint's own words, not any failure
 * (a typo in the statement, a lost connection) that would pass a bare `rejects.toThrow()`.
 * drizzle wraps driver errors, so the SQLSTATE sits on the cause; PGlite and node-postgres
 * both expose it as `code`.
 */
import { expect } from 'vitest';

/** SQLSTATE codes the tests expect (PostgreSQL appendix A). */
export const SQLSTATE = {
  checkViolation: '23514',
  insufficientPrivilege: '42501',
  uniqueViolation: '23505',
} as const;

interface DriverError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: DriverError;
}

/** Awaits a statement that must fail with this SQLSTATE and a message matching `message`. */
export async function expectSqlError(statement: PromiseLike<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await Promise.resolve(statement).then(
    () => expect.fail(`expected SQLSTATE ${code}, but the statement succeeded`),
    (e: unknown) => e as DriverError,
  );
  const driver = typeof error?.code === 'string' ? error : error?.cause;
  expect(driver?.code, String(error?.message)).toBe(code);
  expect(String(driver?.message)).toMatch(message);
}
