/**
 * The queue of one specialty for its channel tab, and the specialties one can ask. The list
 * carries names and priority only, never the ISBAR; reading it is audited all the same.
 */
import type { AdvicePriority, AdviceStatus } from '../../shared/advice-terms';
import { type AuditContext, audited, requireRole } from '../audit';
import { enforce } from '../policy';
import type { Directory } from '../ports';
import { decideAdviceOverview } from './policy';
import type { AdviceQueueSource } from './store';
import { ADVICE_REQUESTER_ROLES } from './use-cases';

/** The most requests a queue answer lists. */
export const ADVICE_QUEUE_LIMIT = 200;

/** One waiting request in the queue: names and priority only, never the ISBAR. */
export interface AdviceQueueItem {
  readonly id: string;
  readonly priority: AdvicePriority;
  readonly status: AdviceStatus;
  readonly requester: { readonly id: string; readonly name: string; readonly organization: string };
  readonly createdAt: Date;
  /** 1 = next in line. */
  readonly position: number;
}

export interface AdviceQueue {
  readonly specialty: string;
  readonly requests: readonly AdviceQueueItem[];
}

export interface AdviceQueueContext extends AuditContext {
  readonly store: AdviceQueueSource;
  readonly directory: Pick<Directory, 'list'>;
}

/** The waiting requests of `specialty`, for its specialists and coordinators and for admins (see policy.ts). */
export function adviceQueue(ctx: AdviceQueueContext, specialty: string): Promise<AdviceQueue> {
  return audited(ctx, { action: 'advice_request.list', patientId: null, resourceType: 'advice_request', resourceId: null }, async () => {
    enforce(decideAdviceOverview(ctx.actor, specialty));
    const people = await ctx.directory.list();
    const byId = new Map(people.map((p) => [p.id, p]));
    const waiting = await ctx.store.waiting(specialty, ADVICE_QUEUE_LIMIT);
    return {
      specialty,
      requests: waiting.map((r, i) => ({
        id: r.id,
        priority: r.priority,
        status: r.status,
        requester: { id: r.requesterId, name: byId.get(r.requesterId)?.name ?? r.requesterId, organization: byId.get(r.requesterId)?.organization ?? '' },
        createdAt: r.createdAt,
        position: i + 1,
      })),
    };
  });
}

/** The specialties that have a specialist, for the "ask for advice" form. No patient data: not audited. */
export async function adviceSpecialties(
  ctx: Pick<AuditContext, 'actor'> & { readonly directory: Pick<Directory, 'list'> },
): Promise<{ readonly specialties: readonly string[] }> {
  requireRole(ctx.actor, [...ADVICE_REQUESTER_ROLES, 'coordinator']);
  const people = await ctx.directory.list();
  const specialties = new Set(people.filter((p) => p.roles.includes('specialist') && p.specialty).map((p) => p.specialty as string));
  return { specialties: [...specialties].sort((a, b) => a.localeCompare(b, 'nb')) };
}
