/**
 * The directory of people who use Samrom, and how a signed-in identity becomes an actor.
 */
import { requireRole } from './audit';
import { DomainError } from './errors';
import type { Directory, Person, PersonInput } from './ports';
import type { Actor } from './roles';

export interface IdentityClaims {
  /** Entra ID object id. */
  readonly oid: string;
  readonly name?: string;
}

/**
 * Maps a verified identity to an actor. A person's roles come from the directory only;
 * `bootstrapAdminOids` may act as admins before anyone has been entered.
 */
export async function resolveActor(directory: Directory, claims: IdentityClaims, bootstrapAdminOids: readonly string[]): Promise<Actor> {
  const person = await directory.byAadObjectId(claims.oid);
  const bootstrap = bootstrapAdminOids.includes(claims.oid);
  if (person) return personActor(person, bootstrap);
  if (bootstrap) {
    return {
      kind: 'person',
      personId: `bootstrap:${claims.oid}`,
      roles: ['admin'],
      name: claims.name ?? 'Administrator',
      organizationId: null,
      specialty: null,
    };
  }
  throw new DomainError('unknown_person', 'no directory person has this oid');
}

export function personActor(person: Person, alsoAdmin = false): Actor {
  const roles = alsoAdmin && !person.roles.includes('admin') ? [...person.roles, 'admin' as const] : person.roles;
  return { kind: 'person', personId: person.id, roles, name: person.name, organizationId: person.organizationId, specialty: person.specialty };
}

export async function upsertPeople(directory: Directory, actor: Actor, people: readonly PersonInput[]) {
  requireRole(actor, ['admin']);
  return directory.upsert(people);
}

export async function listPeople(directory: Directory, actor: Actor): Promise<Person[]> {
  requireRole(actor, ['admin']);
  return directory.list();
}
