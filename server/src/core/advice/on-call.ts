/**
 * Who is on call for a request right now, and what to tell the requester when nobody is: the
 * request must never pretend to ring. `chainAt` reads the roster and who is busy at an instant;
 * `onCallOf` turns it into the names the requester sees, or the specialty's switchboard number
 * (from configuration) when nobody can be rung.
 */
import type { Directory } from '../ports';
import { onCallChain } from '../rosters/chain';
import { coordinatorsOf } from '../rosters/gap-alerts';
import type { RosterLevel } from '../rosters/shifts';
import type { RosterStore } from '../rosters/store';
import { type AdviceRequestRecord, type ChainAt, isWaiting, nobodyToRing, ringableNow } from './model';
import type { AdviceStore } from './store';

/** The switchboard a requester is told to call when nobody is on call: one per specialty, and a default. */
export interface SwitchboardNumbers {
  /** E.164. */
  readonly fallback: string;
  /** Specialty id → E.164. */
  readonly bySpecialty: Readonly<Record<string, string>>;
}

export const switchboardFor = (numbers: SwitchboardNumbers, specialty: string): string => numbers.bySpecialty[specialty] ?? numbers.fallback;

/** A person who would be rung now, by name and roster level (never an id alone). */
export interface OnCallPerson {
  readonly personId: string;
  readonly name: string;
  readonly level: RosterLevel;
}

/** What a waiting request's readers see of the chain; for a request no longer waiting, nothing. */
export interface OnCallNow {
  /** Who would be rung now; empty when nobody is on call. */
  readonly onCallNow: readonly OnCallPerson[];
  readonly nobodyOnCall: boolean;
  /** The specialty's switchboard (E.164) when nobody is on call, else null. */
  readonly switchboardPhone: string | null;
}

export const NOT_WAITING: OnCallNow = { onCallNow: [], nobodyOnCall: false, switchboardPhone: null };

export interface ChainContext {
  readonly rosters: Pick<RosterStore, 'list'>;
  readonly store: Pick<AdviceStore, 'busy'>;
  readonly directory: Pick<Directory, 'list'>;
}

/** The specialty's on-call chain at `now`, who in it is busy, and its coordinators. */
export async function chainAt(ctx: ChainContext, specialty: string, now: Date): Promise<ChainAt> {
  const shifts = await ctx.rosters.list(specialty, { from: now, to: new Date(now.getTime() + 1) });
  const byLevel = new Map<RosterLevel, string[]>();
  for (const level of onCallChain(shifts, now))
    byLevel.set(
      level.level,
      level.shifts.map((s) => s.personId),
    );
  const everyone = [...byLevel.values()].flat();
  const busy = everyone.length > 0 ? await ctx.store.busy(everyone) : new Set<string>();
  const coordinators = coordinatorsOf(await ctx.directory.list(), specialty).map((p) => p.id);
  return { byLevel, busy, coordinators };
}

/** Who would be rung for the request now, with names, or the switchboard when nobody can be. */
export async function onCallOf(
  ctx: ChainContext & { readonly switchboards: SwitchboardNumbers },
  request: Pick<AdviceRequestRecord, 'specialty' | 'priority' | 'status' | 'attempt'>,
  now: Date,
): Promise<OnCallNow> {
  if (!isWaiting(request.status)) return NOT_WAITING;
  const chain = await chainAt(ctx, request.specialty, now);
  if (nobodyToRing(request.priority, chain))
    return { onCallNow: [], nobodyOnCall: true, switchboardPhone: switchboardFor(ctx.switchboards, request.specialty) };
  const names = new Map((await ctx.directory.list()).map((p) => [p.id, p.name]));
  const onCallNow = ringableNow(request.priority, request.attempt, chain).map((t) => ({
    personId: t.personId,
    name: names.get(t.personId) ?? t.personId,
    level: t.level as RosterLevel,
  }));
  return { onCallNow, nobodyOnCall: false, switchboardPhone: null };
}
