/**
 * One way to say "this is refused with that DomainError code", so a test never passes on an
 * unrelated crash (a TypeError, a database error) and never reaches for the message text.
 * Returns the error for further checks on its issues, params or developer detail.
 */
import { expect } from 'vitest';
import { DomainError, type ErrorCode } from '../../server/src/core/errors';

function checked(error: unknown, code: ErrorCode): DomainError {
  expect(error, `expected a DomainError with code ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code, (error as DomainError).message).toBe(code);
  return error as DomainError;
}

function nothingThrown(code: ErrorCode): never {
  return expect.fail(`expected a DomainError with code ${code}, but nothing was thrown`);
}

/** A promise (or an async function) that must reject with a DomainError of this code. */
export function expectDomainError(action: Promise<unknown> | (() => Promise<unknown>), code: ErrorCode): Promise<DomainError>;
/** A function that must throw a DomainError of this code, at once. */
export function expectDomainError(action: () => unknown, code: ErrorCode): DomainError;
export function expectDomainError(action: Promise<unknown> | (() => unknown), code: ErrorCode): Promise<DomainError> | DomainError {
  let result: unknown;
  if (typeof action === 'function') {
    try {
      result = action();
    } catch (error) {
      return checked(error, code);
    }
    if (!(result instanceof Promise)) return nothingThrown(code);
  } else {
    result = action;
  }
  return (result as Promise<unknown>).then(
    () => nothingThrown(code),
    (error: unknown) => checked(error, code),
  );
}
