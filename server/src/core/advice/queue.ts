/**
 * The queue of one specialty for its channel tab, and the specialties one can ask. The list
 * carries names and priority only, never the ISBAR; reading it is audited all the same.
 */
import type { AdvicePriority, AdviceStatus } from '../../shared/advice-terms';
import type { Isbar } from '../../shared/isbar';
import { type AuditContext, audited, requireRole } from '../audit';
import { DomainError } from '../errors';
import { enforce } from '../policy';
import type { Clock, Directory } from '../ports';
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

/** How far back «Mine forespørsler» reaches for requests no longer open. */
export const OWN_REQUESTS_DAYS = 30;

/** One of the requester's own requests, with the specialist's advice note once answered. */
export interface OwnAdviceRequest {
  readonly id: string;
  readonly specialty: string;
  readonly priority: AdvicePriority;
  readonly status: AdviceStatus;
  readonly acceptedBy: { readonly id: string; readonly name: string } | null;
  readonly advice: Isbar | null;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
}

export interface OwnAdviceContext extends AuditContext {
  readonly store: AdviceQueueSource;
  readonly directory: Pick<Directory, 'list'>;
  readonly clock: Clock;
}

/** The signed-in requester's own requests: open ones and those of the last 30 days. Nobody else's, whatever their role. */
export function ownAdviceRequests(ctx: OwnAdviceContext): Promise<readonly OwnAdviceRequest[]> {
  return audited(ctx, { action: 'advice_request.list_own', patientId: null, resourceType: 'advice_request', resourceId: null }, async () => {
    requireRole(ctx.actor, [...ADVICE_REQUESTER_ROLES]);
    if (ctx.actor.kind !== 'person') throw new DomainError('forbidden', 'only a person has requests of their own');
    const since = new Date(ctx.clock.now().getTime() - OWN_REQUESTS_DAYS * 86_400_000);
    const [mine, people] = await Promise.all([ctx.store.byRequesterSince(ctx.actor.personId, since, ADVICE_QUEUE_LIMIT), ctx.directory.list()]);
    const names = new Map(people.map((p) => [p.id, p.name]));
    return mine.map((r) => ({
      id: r.id,
      specialty: r.specialty,
      priority: r.priority,
      status: r.status,
      acceptedBy: r.acceptedBy ? { id: r.acceptedBy, name: names.get(r.acceptedBy) ?? r.acceptedBy } : null,
      advice: r.adviceNote,
      createdAt: r.createdAt,
      completedAt: r.completedAt,
    }));
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
