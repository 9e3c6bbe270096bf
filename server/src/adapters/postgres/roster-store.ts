/**
 * Roster shifts in PostgreSQL. A replace runs in one transaction that first takes an advisory
 * lock per specialty, so two coordinators saving the same roster at once cannot both delete
 * the old shifts and leave both new sets behind: the second waits and replaces the first.
 */
import { type SQL, and, asc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import type { RosterPeriod, RosterStore } from '../../core/rosters/store';
import { MAX_SHIFT_HOURS, type NewRosterShift, type RosterLevel, type RosterShift } from '../../core/rosters/shifts';
import type { Db } from './db';
import { rosterShifts } from './schema';

const MAX_SHIFT_MS = MAX_SHIFT_HOURS * 3_600_000;

export class PostgresRosterStore implements RosterStore {
  constructor(private readonly db: Db) {}

  async replace(specialty: string, period: RosterPeriod, shifts: readonly NewRosterShift[], createdBy: string) {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`roster:${specialty}`}))`);
      const removed = await tx
        .delete(rosterShifts)
        .where(and(eq(rosterShifts.specialty, specialty), gte(rosterShifts.startsAt, period.from), lt(rosterShifts.startsAt, period.to)))
        .returning({ id: rosterShifts.id });
      const added =
        shifts.length === 0
          ? []
          : await tx
              .insert(rosterShifts)
              .values(shifts.map((s) => ({ ...s, specialty, createdBy })))
              .returning();
      return { removed: removed.length, added: added.map(toShift) };
    });
  }

  async list(specialty: string, period: RosterPeriod): Promise<RosterShift[]> {
    return this.overlapping(eq(rosterShifts.specialty, specialty), period, [asc(rosterShifts.startsAt), asc(rosterShifts.level), asc(rosterShifts.personId)]);
  }

  async listForPerson(personId: string, period: RosterPeriod): Promise<RosterShift[]> {
    return this.overlapping(eq(rosterShifts.personId, personId), period, [asc(rosterShifts.startsAt), asc(rosterShifts.specialty), asc(rosterShifts.level)]);
  }

  /** The shifts matching `filter` that overlap the period, in `order`. */
  private async overlapping(filter: SQL, period: RosterPeriod, order: SQL[]): Promise<RosterShift[]> {
    // No shift is longer than the maximum, so the lower bound on starts_at lets the index serve the query.
    const rows = await this.db
      .select()
      .from(rosterShifts)
      .where(
        and(
          filter,
          gte(rosterShifts.startsAt, new Date(period.from.getTime() - MAX_SHIFT_MS)),
          lt(rosterShifts.startsAt, period.to),
          gt(rosterShifts.endsAt, period.from),
        ),
      )
      .orderBy(...order);
    return rows.map(toShift);
  }

  async specialtiesWithShifts(after: Date): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ specialty: rosterShifts.specialty })
      .from(rosterShifts)
      .where(gt(rosterShifts.endsAt, after))
      .orderBy(asc(rosterShifts.specialty));
    return rows.map((r) => r.specialty);
  }

  /** For tests: how many shifts a specialty has in all. */
  async count(specialty: string): Promise<number> {
    return this.db.$count(rosterShifts, inArray(rosterShifts.specialty, [specialty]));
  }
}

function toShift(row: typeof rosterShifts.$inferSelect): RosterShift {
  return {
    id: row.id,
    specialty: row.specialty,
    personId: row.personId,
    level: row.level as RosterLevel,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
  };
}
