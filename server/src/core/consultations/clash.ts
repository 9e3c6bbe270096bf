/**
 * A booking or change refused because someone is already booked (409) should help the
 * coordinator on: it names who is busy (directory name and the role in this meeting — never
 * the other meeting's title or patient) and offers the next times everyone is free, from the
 * same availability search the form uses (working hours, holidays, scheduled meetings).
 */
import { DomainError, type ErrorIssue } from '../errors';
import type { Clock, Directory } from '../ports';
import { findCommonSlots } from '../scheduling/availability';
import type { Interval } from '../scheduling/intervals';
import { MS_PER_DAY } from '../../shared/calendar';
import type { ConsultationStore } from './store';

/** How many next free times a clash offers. @defaultValue 3 */
export const NEXT_FREE_COUNT = 3;
/** How far after the refused start the next free times are looked for. @defaultValue 14 */
export const NEXT_FREE_SEARCH_DAYS = 14;

export interface ClashContext {
  readonly clock: Clock;
  readonly directory: Pick<Directory, 'byId'>;
  readonly store: Pick<ConsultationStore, 'busyIntervals'>;
}

export interface Clash {
  /** The meeting's directory people and the role each takes in it. */
  readonly people: readonly { readonly personId: string; readonly role: string }[];
  readonly busyPersonIds: readonly string[];
  readonly startsAt: Date;
  readonly durationMinutes: number;
  /** Field-level messages (which participant is busy). */
  readonly issues: readonly ErrorIssue[];
  /** The meeting being changed, which must not count as busy for its own people. */
  readonly ignore?: Interval;
}

export async function clashError(ctx: ClashContext, clash: Clash): Promise<DomainError> {
  const busy = await Promise.all(
    clash.busyPersonIds.map(async (personId) => ({
      personId,
      name: (await ctx.directory.byId(personId))?.name ?? '',
      role: clash.people.find((p) => p.personId === personId)?.role ?? '',
    })),
  );
  const nextFree = await nextFreeTimes(ctx, clash);
  return new DomainError('conflict', 'a participant is double-booked', clash.issues, {}, { busy, nextFree });
}

async function nextFreeTimes(ctx: ClashContext, clash: Clash): Promise<{ startsAt: Date; endsAt: Date }[]> {
  const personIds = [...new Set(clash.people.map((p) => p.personId))];
  if (personIds.length === 0) return [];
  const from = clash.startsAt;
  const to = new Date(from.getTime() + NEXT_FREE_SEARCH_DAYS * MS_PER_DAY);
  const busy = await ctx.store.busyIntervals(personIds, from, to);
  const own = clash.ignore;
  const notOwn = (i: Interval) => !own || i.start.getTime() !== own.start.getTime() || i.end.getTime() !== own.end.getTime();
  const slots = findCommonSlots({
    people: personIds.map((id) => ({ id, busy: (busy.get(id) ?? []).filter(notOwn) })),
    from,
    to,
    durationMinutes: clash.durationMinutes,
    count: NEXT_FREE_COUNT,
    now: ctx.clock.now(),
  });
  return slots.map((s) => ({ startsAt: s.start, endsAt: s.end }));
}
