import { eq, inArray } from 'drizzle-orm';
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
  aadObjectId: people.aadObjectId,
  hprNumber: people.hprNumber,
  specialty: people.specialty,
  phone: people.phone,
  email: people.email,
};

export class PostgresDirectory implements Directory {
  constructor(private readonly db: Db) {}

  async upsert(input: readonly PersonInput[]): Promise<{ created: number; updated: number }> {
    try {
      return await this.db.transaction(async (tx) => {
        const ids = input.map((p) => p.id);
        const existing = new Set(
          ids.length === 0 ? [] : (await tx.select({ id: people.id }).from(people).where(inArray(people.id, ids))).map((r) => r.id),
        );
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
    return (await this.find(eq(people.id, id)))[0] ?? null;
  }

  async byAadObjectId(aadObjectId: string): Promise<Person | null> {
    return (await this.find(eq(people.aadObjectId, aadObjectId)))[0] ?? null;
  }

  list(): Promise<Person[]> {
    return this.find(undefined);
  }

  private async find(where: ReturnType<typeof eq> | undefined): Promise<Person[]> {
    const rows = await this.db
      .select(personColumns)
      .from(people)
      .innerJoin(organizations, eq(people.organizationId, organizations.id))
      .where(where)
      .orderBy(people.name);
    if (rows.length === 0) return [];
    const roles = await this.db
      .select()
      .from(personRoles)
      .where(inArray(personRoles.personId, rows.map((r) => r.id)));
    const byPerson = new Map<string, Role[]>();
    for (const { personId, role } of roles) byPerson.set(personId, [...(byPerson.get(personId) ?? []), role as Role]);
    return rows.map((r) => ({ ...r, roles: (byPerson.get(r.id) ?? []).sort() }));
  }
}
