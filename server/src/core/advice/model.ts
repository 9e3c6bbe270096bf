/**
 * The advice line's model: requests, ring rounds and who a round rings. Pure.
 *
 * Ring rounds ("attempts") are numbered from 1. A round rings one step of the on-call chain:
 * levels 1, 2, 3 in turn (`akutt`: levels 1 and 2 at once, then 3). When a full pass of the
 * chain has gone unanswered the specialty's coordinators are alarmed and the chain starts
 * again. A level nobody holds (or whose people are all in another connected request) is
 * passed over at once, within the same round. After the first pass the rounds back off (see
 * `roundDelaySeconds`), so a request nobody answers is not rung every minute for ever.
 */
import type { AdviceMode, AdvicePriority, AdviceStatus } from '../../shared/advice-terms';
import type { Isbar } from '../../shared/isbar';
import type { RosterLevel } from '../rosters/shifts';

export const PRIORITY_RANK: Readonly<Record<AdvicePriority, 1 | 2 | 3>> = { akutt: 1, haster: 2, vanlig: 3 };
export const priorityOfRank = (rank: number): AdvicePriority => (rank === 1 ? 'akutt' : rank === 2 ? 'haster' : 'vanlig');

/** Still waiting for someone to answer. */
export const isWaiting = (status: AdviceStatus): boolean => status === 'queued' || status === 'ringing';

export interface AdviceRequestRecord {
  readonly id: string;
  readonly requesterId: string;
  readonly specialty: string;
  readonly priority: AdvicePriority;
  /** Arrival order within the specialty and priority: 1, 2, 3, … (the queue is ordered by priority, then this). */
  readonly queueTicket: number;
  readonly isbar: Isbar;
  readonly callbackPhone: string | null;
  readonly mode: AdviceMode;
  readonly status: AdviceStatus;
  /** The latest ring round planned. */
  readonly attempt: number;
  /** The latest ring round whose rings are written (0 before the first). */
  readonly rungAttempt: number;
  readonly acceptedBy: string | null;
  readonly roomName: string | null;
  readonly adviceNote: Isbar | null;
  readonly createdAt: Date;
  readonly acceptedAt: Date | null;
  readonly completedAt: Date | null;
  /** The requester's status card in Teams (see `status-card.ts`), once there is one. */
  readonly statusActivityId: string | null;
}

export type RingKind = 'ring' | 'alarm';

export interface RingTarget {
  readonly personId: string;
  /** Roster level, or 0 for a coordinator's alarm. */
  readonly level: RosterLevel | 0;
  readonly kind: RingKind;
}

export interface RingRecord extends RingTarget {
  readonly requestId: string;
  readonly attempt: number;
  readonly sentAt: Date | null;
  /** The Teams message of the ring, so it can be updated in place once the request is settled. */
  readonly activityId: string | null;
  readonly failure: string | null;
  readonly declinedAt: Date | null;
}

/** The chain steps one round each: `akutt` rings levels 1 and 2 together. */
export function chainSteps(priority: AdvicePriority): readonly (readonly RosterLevel[])[] {
  return priority === 'akutt' ? [[1, 2], [3]] : [[1], [2], [3]];
}

/** True for the last round of a pass of the chain (the next round alarms the coordinators). */
export function endsPass(priority: AdvicePriority, round: number): boolean {
  return round % chainSteps(priority).length === 0;
}

export interface ChainAt {
  /** People on shift per level at the moment of ringing (earliest start first). */
  readonly byLevel: ReadonlyMap<RosterLevel, readonly string[]>;
  /** Specialists in another connected request: passed over. */
  readonly busy: ReadonlySet<string>;
  readonly coordinators: readonly string[];
}

export interface RingPlan {
  /** The round the rings belong to: `attempt`, or later when empty steps were passed over. */
  readonly attempt: number;
  readonly targets: readonly RingTarget[];
}

/**
 * Who round `attempt` rings. Empty steps are passed over (the round number moves on with
 * them) up to the end of the current pass, never into the next: a new pass waits for the
 * ring timeout, so a chain nobody can be reached in is tried once per timeout, not in a loop.
 * Starting a new pass alarms the coordinators; so does a pass that finds nobody to ring.
 */
export function planRing(priority: AdvicePriority, attempt: number, chain: ChainAt): RingPlan {
  const steps = chainSteps(priority);
  const alarms = new Map<string, RingTarget>();
  const alarm = () => {
    for (const personId of chain.coordinators) alarms.set(personId, { personId, level: 0, kind: 'alarm' });
  };
  if (attempt > 1 && (attempt - 1) % steps.length === 0) alarm();
  const passEnd = Math.ceil(attempt / steps.length) * steps.length;
  for (let round = attempt; round <= passEnd; round++) {
    const rings: RingTarget[] = [];
    for (const level of steps[(round - 1) % steps.length]!) {
      for (const personId of chain.byLevel.get(level) ?? []) {
        if (chain.busy.has(personId) || rings.some((r) => r.personId === personId)) continue;
        rings.push({ personId, level, kind: 'ring' });
      }
    }
    if (rings.length > 0) return { attempt: round, targets: [...rings, ...[...alarms.values()].filter((a) => !rings.some((r) => r.personId === a.personId))] };
  }
  alarm();
  return { attempt: passEnd, targets: [...alarms.values()] };
}

/** The pause before each round after the first pass: 1, 2, 5, then every 10 minutes. */
export const BACK_OFF_SECONDS: readonly number[] = [60, 120, 300, 600];

/**
 * How long round `round` waits for an answer before the next round: the ring timeout within
 * the first pass of the chain; after it, 1, 2, 5, 10, 10, … minutes (never less than the ring timeout).
 */
export function roundDelaySeconds(priority: AdvicePriority, round: number, ringTimeoutSeconds: number): number {
  const afterFirstPass = round - chainSteps(priority).length;
  if (afterFirstPass < 1) return ringTimeoutSeconds;
  const pause = BACK_OFF_SECONDS[Math.min(afterFirstPass, BACK_OFF_SECONDS.length) - 1]!;
  return Math.max(ringTimeoutSeconds, pause);
}

/** True when no one in the chain can be rung at all (no shift now, or everyone on shift is busy). */
export function nobodyToRing(priority: AdvicePriority, chain: ChainAt): boolean {
  return !planRing(priority, 1, chain).targets.some((t) => t.kind === 'ring');
}

/** Who a round would ring now: its own step, or (at the end of a pass with nobody left) the next pass's first. */
export function ringableNow(priority: AdvicePriority, attempt: number, chain: ChainAt): RingTarget[] {
  const rings = (round: number) => planRing(priority, Math.max(1, round), chain).targets.filter((t) => t.kind === 'ring');
  const now = rings(attempt);
  return now.length > 0 ? now : rings(Math.ceil(Math.max(1, attempt) / chainSteps(priority).length) * chainSteps(priority).length + 1);
}
