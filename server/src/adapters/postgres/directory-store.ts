import { eq, inArray, sql } from 'drizzle-orm';
import { DomainError } from '../../core/errors';
import type { Directory, Person, PersonInput } from '../../core/ports';
import type { Role } from '../../core/roles';
import type { Db } from './db';
import { isUniqueViolation } from './pg-errors';
import { organizations, people, personRoles } from './schema';

const personColumns = {
  id: people.id,
  name: people.name,
  organization: organizations.name,
  organizationId: organizations.id,
  aadObjectId: people.aadObjectId,
  hprNumber: people.hprNumber,
  specialty: people.specialty,
  phone: people.phone,
  email: people.email,
};

export class PostgresDirectory implements Directory {
  // Prepared once: identity lookups run on every authenticated request.
  private readonly byIdQuery;
  private readonly byOidQuery;

  constructor(private readonly db: Db) {
    this.byIdQuery = this.select()
      .where(eq(people.id, sql.placeholder('id')))
      .prepare('directory_by_id');
    this.byOidQuery = this.select()
      .where(eq(people.aadObjectId, sql.placeholder('oid')))
      .prepare('directory_by_oid');
  }

  async upsert(input: readonly PersonInput[]): Promise<{ created: number; updated: number }> {
    try {
      return await this.db.transaction(async (tx) => {
        const ids = input.map((p) => p.id);
        const existing = new Set(ids.length === 0 ? [] : (await tx.select({ id: people.id }).from(people).where(inArray(people.id, ids))).map((r) => r.id));
        const orgIds = new Map<string, string>();
        for (const name of new Set(input.map((p) => p.organization))) {
          await tx.insert(organizations).values({ name }).onConflictDoNothing();
          const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name));
          orgIds.set(name, org!.id);
        }
        for (const p of input) {
          const row = {
            id: p.id,
            name: p.name,
            organizationId: orgIds.get(p.organization)!,
            aadObjectId: p.aadObjectId ?? null,
            hprNumber: p.hprNumber ?? null,
            specialty: p.specialty ?? null,
            phone: p.phone ?? null,
            email: p.email ?? null,
            updatedAt: new Date(),
          };
          await tx.insert(people).values(row).onConflictDoUpdate({ target: people.id, set: row });
          await tx.delete(personRoles).where(eq(personRoles.personId, p.id));
          if (p.roles.length > 0) await tx.insert(personRoles).values(p.roles.map((role) => ({ personId: p.id, role })));
        }
        return { created: ids.filter((id) => !existing.has(id)).length, updated: ids.filter((id) => existing.has(id)).length };
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new DomainError('conflict', 'aadObjectId or hprNumber already belongs to another person', [
          { path: 'people', message: 'aadObjectId / hprNumber' },
        ]);
      }
      throw err;
    }
  }

  async byId(id: string): Promise<Person | null> {
    return (await this.byIdQuery.execute({ id }))[0] ?? null;
  }

  async byAadObjectId(aadObjectId: string): Promise<Person | null> {
    return (await this.byOidQuery.execute({ oid: aadObjectId }))[0] ?? null;
  }

  /**
   * Awaited here, so callers get a settled promise: a drizzle query is a thenable that runs
   * again each time it is awaited, and the caching directory awaits one load many times.
   */
  async list(): Promise<Person[]> {
    return await this.select().orderBy(people.name);
  }

  /** People with their roles in one round trip (roles aggregated in SQL). */
  private select() {
    return this.db
      .select({
        ...personColumns,
        roles: sql<Role[]>`coalesce(array_agg(${personRoles.role} order by ${personRoles.role}) filter (where ${personRoles.role} is not null), '{}')`,
      })
      .from(people)
      .innerJoin(organizations, eq(people.organizationId, organizations.id))
      .leftJoin(personRoles, eq(personRoles.personId, people.id))
      .groupBy(people.id, organizations.name, organizations.id)
      .$dynamic();
  }
}
