/**
 * The core's view of the shared Oslo-time helpers (server/src/shared/oslo-time.ts): the two
 * functions that can refuse a local time throw a `validation_failed` DomainError here, as the
 * core's use cases and the HTTP error handler expect, instead of the leaf's LocalTimeError.
 * Everything else is used from the leaf directly.
 */
import {
  type FromOsloLocalOptions,
  type OsloResolution,
  fromOsloLocal as fromOsloLocalLeaf,
  parseOsloLocalIso as parseOsloLocalIsoLeaf,
} from '../../shared/oslo-time';
import { LocalTimeError } from '../../shared/local-time-error';
import type { LocalDateTime } from '../../shared/calendar';
import { DomainError } from '../errors';

function asDomainError<T>(resolve: () => T): T {
  try {
    return resolve();
  } catch (err) {
    if (err instanceof LocalTimeError) throw new DomainError(err.code, err.message, err.issues, err.params);
    throw err;
  }
}

/** `fromOsloLocal` of the leaf; a refused local time is a `validation_failed` DomainError. */
export function fromOsloLocal(local: LocalDateTime, options: FromOsloLocalOptions = {}): OsloResolution {
  return asDomainError(() => fromOsloLocalLeaf(local, options));
}

/** `parseOsloLocalIso` of the leaf; a refused local time is a `validation_failed` DomainError. */
export function parseOsloLocalIso(text: string, options: FromOsloLocalOptions = {}): OsloResolution {
  return asDomainError(() => parseOsloLocalIsoLeaf(text, options));
}
