/**
 * `POST /api/consultations/availability`: the earliest common free slots for directory people,
 * from their scheduled consultations, their working hours (the default 08:00–16:00 Europe/Oslo
 * weekdays; the directory holds no personal hours yet), Norwegian public holidays, and the
 * windows given for the patient or relatives. The search itself is the pure scheduling core.
 * Who may search whom: policy.ts (coordinators; a GP or specialist only a meeting they are in).
 */
import { DomainError } from '../errors';
import { enforce } from '../policy';
import type { Clock, Directory } from '../ports';
import type { Actor } from '../roles';
import { findCommonSlots } from '../scheduling/availability';
import type { Interval } from '../scheduling/intervals';
import { BOOKING_MESSAGES } from './booking';
import { decideAvailability } from './policy';
import type { ConsultationStore } from './store';

export interface AvailabilityContext {
  readonly actor: Actor;
  readonly clock: Clock;
  readonly directory: Pick<Directory, 'byId'>;
  readonly store: Pick<ConsultationStore, 'busyIntervals'>;
}

/** What `AvailabilityRequestSchema` parses to. */
export interface AvailabilitySearch {
  readonly personIds: readonly string[];
  readonly externalWindows?: readonly { readonly start: string; readonly end: string }[] | undefined;
  readonly from: string;
  readonly to: string;
  readonly durationMinutes: number;
  readonly count?: number | undefined;
}

export async function searchAvailability(ctx: AvailabilityContext, q: AvailabilitySearch): Promise<readonly Interval[]> {
  enforce(decideAvailability(ctx.actor, q.personIds));
  const people = await Promise.all(q.personIds.map((id) => ctx.directory.byId(id)));
  const issues = q.personIds.flatMap((_, i) => (people[i] ? [] : [{ path: `personIds.${i}`, message: BOOKING_MESSAGES.unknownPerson }]));
  if (issues.length > 0) throw new DomainError('unprocessable', 'unknown people', issues);

  const from = new Date(q.from);
  const to = new Date(q.to);
  const busy = await ctx.store.busyIntervals(q.personIds, from, to);
  const slots = findCommonSlots({
    people: q.personIds.map((id) => ({ id, busy: busy.get(id) ?? [] })),
    ...(q.externalWindows ? { externalWindows: q.externalWindows.map((w) => ({ start: new Date(w.start), end: new Date(w.end) })) } : {}),
    from,
    to,
    durationMinutes: q.durationMinutes,
    ...(q.count !== undefined ? { count: q.count } : {}),
    now: ctx.clock.now(),
  });
  return slots;
}
