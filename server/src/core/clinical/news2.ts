/**
 * The NEWS2 use case: a clinician scores a set of vital signs. The table, the limits and the
 * pure validation live in the shared leaf (shared/news2.ts) so the browser scores with the same
 * code; here invalid input becomes a `validation_failed` DomainError.
 */
import { type News2Input, type News2Result, news2Issues, scoreNews2 } from '../../shared/news2';
import { requireRole } from '../audit';
import { DomainError } from '../errors';
import { type Actor, CLINICIAN_ROLES } from '../roles';

/** The input, typed, or a `validation_failed` DomainError listing every issue. */
export function validateNews2Input(candidate: unknown): News2Input {
  const issues = news2Issues(candidate);
  if (issues.length > 0) {
    throw new DomainError('validation_failed', `NEWS2 input: ${issues.map((i) => i.path || '(body)').join(', ')}`, issues);
  }
  return candidate as News2Input;
}

// ── Use case ───────────────────────────────────────────────────────────────────────────────

/**
 * A clinician scores a set of vital signs. Not audited: no patient goes in or comes out, so
 * nothing patient-linked is read or written (a use case that saves a score to a patient audits).
 */
export function assessNews2(actor: Actor, candidate: unknown): News2Result {
  requireRole(actor, CLINICIAN_ROLES);
  return scoreNews2(validateNews2Input(candidate));
}
