/**
 * Rosters (vaktplan): request schemas and DTOs for `/api/rosters/:specialty` (browser-safe).
 * Times in requests are ISO 8601 with an offset, or Europe/Oslo local `YYYY-MM-DDTHH:mm`;
 * the server checks them (a local time in the spring-forward gap is refused). Times in
 * answers are UTC instants.
 */
import { z } from 'zod';

export const ROSTER_LEVEL_VALUES = [1, 2, 3] as const;
export type RosterLevelDto = (typeof ROSTER_LEVEL_VALUES)[number];

const timeText = z.string({ error: 'tid som tekst, f.eks. 2026-10-25T08:00 / a time as text, e.g. 2026-10-25T08:00' }).trim().min(1).max(40);

export const RosterShiftInputSchema = z.object({
  personId: z.string().trim().min(1).max(64),
  level: z.number({ error: 'nivå 1, 2 eller 3 / level 1, 2 or 3' }).int(),
  start: timeText,
  end: timeText,
});

export const ReplaceRosterSchema = z.object({
  /** The period replaced (shifts starting in it); defaults to the span of `shifts`. */
  from: timeText.optional(),
  to: timeText.optional(),
  shifts: z.array(RosterShiftInputSchema).max(2_000),
});
export type ReplaceRosterRequest = z.input<typeof ReplaceRosterSchema>;

export const RosterRangeQuerySchema = z.object({ from: timeText.optional(), to: timeText.optional() });
export const OnCallQuerySchema = z.object({ at: timeText.optional() });

export interface RosterShiftDto {
  readonly id: string;
  readonly personId: string;
  readonly personName: string;
  readonly level: RosterLevelDto;
  readonly start: string;
  readonly end: string;
}

export interface RosterDto {
  readonly specialty: string;
  readonly from: string;
  readonly to: string;
  readonly shifts: readonly RosterShiftDto[];
}

export interface RosterChangeDto extends RosterDto {
  /** How many earlier shifts in the period were replaced. */
  readonly removed: number;
}

export interface OnCallDto {
  readonly specialty: string;
  readonly at: string;
  /** Levels 1, 2, 3 in order; `people` is empty when nobody holds that level. */
  readonly chain: readonly { readonly level: RosterLevelDto; readonly people: readonly RosterShiftDto[] }[];
}

export interface RosterGapsDto {
  readonly specialty: string;
  readonly from: string;
  readonly to: string;
  readonly gaps: readonly { readonly start: string; readonly end: string }[];
}

/** The specialists who may be put on a specialty's roster. */
export interface RosterPeopleDto {
  readonly specialty: string;
  readonly people: readonly { readonly id: string; readonly name: string; readonly organization: string }[];
}
