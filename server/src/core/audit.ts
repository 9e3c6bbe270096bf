/**
 * Auditing: every read or write of patient-linked data leaves an event — also refusals and
 * failures. Use cases wrap their work in `audited` so the outcome is recorded whatever happens.
 */
import { DomainError, isDomainError } from './errors';
import { AccessDenied } from './policy';
import type { AuditEvent, AuditLog, Clock } from './ports';
import { type Actor, actorId, hasAnyRole } from './roles';

export interface AuditTarget {
  readonly action: string;
  readonly patientId: string | null;
  readonly resourceType?: string;
  readonly resourceId?: string | null;
}

export interface AuditContext {
  readonly audit: AuditLog;
  readonly actor: Actor;
  readonly requestId?: string;
}

/**
 * Runs `work` and records its outcome: allowed, denied (forbidden/unauthenticated, or a policy's
 * refusal, recorded with the policy's reason even when it is answered 404) or failed.
 */
export async function audited<T>(ctx: AuditContext, target: AuditTarget, work: () => Promise<T>): Promise<T> {
  const base = {
    actorId: actorId(ctx.actor),
    action: target.action,
    patientId: target.patientId,
    resourceType: target.resourceType ?? null,
    resourceId: target.resourceId ?? null,
    requestId: ctx.requestId ?? null,
  };
  let result: T;
  try {
    result = await work();
  } catch (err) {
    if (err instanceof AccessDenied) {
      await ctx.audit.record({ ...base, outcome: 'denied', reason: err.reason });
      throw err;
    }
    const denied = isDomainError(err) && (err.code === 'forbidden' || err.code === 'unauthenticated');
    await ctx.audit.record({ ...base, outcome: denied ? 'denied' : 'failed', reason: isDomainError(err) ? err.code : 'internal' });
    throw err;
  }
  await ctx.audit.record({ ...base, outcome: 'allowed' });
  return result;
}

export function requireRole(actor: Actor, roles: Parameters<typeof hasAnyRole>[1]): void {
  if (!hasAnyRole(actor, roles)) throw new DomainError('forbidden', `requires one of: ${roles.join(', ')}`);
}

/** An admin reads a patient's access log; the reading itself is audited. */
export function readPatientAccessLog(
  ctx: AuditContext & { readonly clock: Clock },
  patientId: string,
  range: { from?: Date; to?: Date },
): Promise<AuditEvent[]> {
  return audited(ctx, { action: 'audit.read', patientId, resourceType: 'patient', resourceId: patientId }, async () => {
    requireRole(ctx.actor, ['admin']);
    if (range.from && range.to && range.from > range.to) {
      throw new DomainError('validation_failed', 'from is after to', [{ path: 'from', message: 'from > to' }]);
    }
    return ctx.audit.forPatient(patientId, range);
  });
}
