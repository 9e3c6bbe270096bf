export const ROLES = ['coordinator', 'specialist', 'gp', 'legevakt', 'amk', 'municipality', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose holders are clinicians (may see clinical content they are party to). */
export const CLINICIAN_ROLES: readonly Role[] = ['specialist', 'gp', 'legevakt', 'amk', 'municipality'];

/**
 * Who is acting: a directory person (or the system itself for workers). A person carries their
 * organisation and specialty from the directory: the access policies compare them with the
 * resource's (the `policy.ts` of each resource in core). Both are null for a bootstrap admin not yet in the directory.
 */
export type Actor =
  | {
      readonly kind: 'person';
      readonly personId: string;
      readonly roles: readonly Role[];
      readonly name: string;
      readonly organizationId: string | null;
      readonly specialty: string | null;
    }
  | { readonly kind: 'system'; readonly name: string };

export const hasAnyRole = (actor: Actor, roles: readonly Role[]): boolean => actor.kind === 'person' && actor.roles.some((r) => roles.includes(r));

export const actorId = (actor: Actor): string => (actor.kind === 'person' ? actor.personId : `system:${actor.name}`);
