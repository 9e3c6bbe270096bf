/**
 * What every access policy answers: allowed (and on which ground) or refused (and whether the
 * refusal may admit that the thing exists). Each resource has its own pure policy module
 * (consultations/policy.ts, rosters/policy.ts, advice/policy.ts); use cases ask it and `enforce`
 * the answer, so a refusal is one error type that the audit log records as `denied`.
 */
import { DomainError } from './errors';

/**
 * `forbidden` (403) when the actor may know the thing exists (it is theirs to see, or not
 * secret at all); `not_found` (404) when even its existence is none of their business.
 */
export type Decision =
  | { readonly allowed: true; readonly reason: string }
  | { readonly allowed: false; readonly code: 'forbidden' | 'not_found'; readonly reason: string };

export const allow = (reason: string): Decision => ({ allowed: true, reason });
export const deny = (code: 'forbidden' | 'not_found', reason: string): Decision => ({ allowed: false, code, reason });

/** A policy's refusal: a `forbidden` or a `not_found` that the audit log counts as denied, not failed. */
export class AccessDenied extends DomainError {
  constructor(
    code: 'forbidden' | 'not_found',
    /** The policy's reason, e.g. `other_organization`: a code, never personal data. */
    readonly reason: string,
  ) {
    super(code, `access denied: ${reason}`);
    this.name = 'AccessDenied';
  }
}

/** Throws the refusal; returns the ground when allowed. */
export function enforce(decision: Decision): string {
  if (!decision.allowed) throw new AccessDenied(decision.code, decision.reason);
  return decision.reason;
}
