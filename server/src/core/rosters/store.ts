import type { NewRosterShift, RosterShift } from './shifts';

/** A period `[from, to)`: a roster replace owns the shifts that start inside it. */
export interface RosterPeriod {
  readonly from: Date;
  readonly to: Date;
}

export interface RosterStore {
  /**
   * In one transaction: removes the specialty's shifts that start in the period and inserts
   * `shifts`. All or nothing.
   */
  replace(
    specialty: string,
    period: RosterPeriod,
    shifts: readonly NewRosterShift[],
    createdBy: string,
  ): Promise<{ readonly removed: number; readonly added: readonly RosterShift[] }>;
  /** The specialty's shifts that overlap the period, by start. */
  list(specialty: string, period: RosterPeriod): Promise<RosterShift[]>;
  /** One person's shifts in every specialty that overlap the period, by start (`mine vakter`). */
  listForPerson(personId: string, period: RosterPeriod): Promise<RosterShift[]>;
  /** Every specialty that has a shift ending after `after`. */
  specialtiesWithShifts(after: Date): Promise<string[]>;
}
