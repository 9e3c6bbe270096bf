/**
 * Quality figures for akuttvideo: how many calls, how fast they were answered (median and
 * 90th percentile, requested → answered), and the share answered within 10 seconds — the
 * national 113 requirement is at least 90 %; and how the calls nobody answered ended (the
 * requester gave up, or Samrom closed them). Not patient-linked: times and counts only.
 */
import { requireRole } from '../audit';
import { DomainError } from '../errors';
import type { Actor } from '../roles';
import type { CitizenVideoStore } from './citizen-video-store';
import type { CallTimes, EmergencyCallStore } from './store';

/** The 113 requirement's answer time. @defaultValue 10 */
export const ANSWER_TARGET_SECONDS = 10;
/** A longer range is refused: the figures are computed in process. @defaultValue 366 */
export const MAX_STATS_RANGE_DAYS = 366;

export interface EmergencyStatsContext {
  readonly actor: Actor;
  readonly store: Pick<EmergencyCallStore, 'timesBetween'>;
  /** Citizen video sessions; without it the citizen share stays null. */
  readonly citizenVideo?: Pick<CitizenVideoStore, 'countsBetween'>;
}

/** The period, as ISO instants (parsed at the edge with contracts/emergency.ts). */
export interface EmergencyStatsQuery {
  readonly from: string;
  readonly to: string;
}

/** Counts and answer times of one period (see `summarize`). */
export interface EmergencyStatsFigures {
  readonly counts: {
    readonly requested: number;
    readonly answered: number;
    readonly answeredWithin10Seconds: number;
    readonly escalated: number;
    readonly unanswered: number;
    /** Ended by the requester before anyone answered. */
    readonly cancelledByRequester: number;
    /** Closed by Samrom: nobody answered in time after escalation. */
    readonly closedUnanswered: number;
  };
  /** Requested → answered; null when nothing was answered. */
  readonly secondsToAnswer: { readonly median: number | null; readonly p90: number | null };
  /** Answered within 10 s of all requested; null without calls. */
  readonly shareAnsweredWithin10Seconds: number | null;
  /** Citizen video links that reached video; null until citizen video exists. */
  readonly citizenLinkVideoShare: number | null;
}

export interface EmergencyStats extends EmergencyStatsFigures {
  readonly from: Date;
  readonly to: Date;
}

/** AMK and admins read the figures; the edge asks before it parses the query, so a stranger gets 403, not 400. */
export function requireStatsReader(actor: Actor): void {
  requireRole(actor, ['amk', 'admin']);
}

export async function emergencyStats(ctx: EmergencyStatsContext, query: EmergencyStatsQuery): Promise<EmergencyStats> {
  requireStatsReader(ctx.actor);
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (from >= to)
    throw new DomainError('validation_failed', 'from is not before to', [{ path: 'from', message: 'from må være før to / from must be before to' }]);
  if (to.getTime() - from.getTime() > MAX_STATS_RANGE_DAYS * 86_400_000) {
    throw new DomainError('validation_failed', 'range too long', [
      { path: 'to', message: `høyst ${MAX_STATS_RANGE_DAYS} dager / at most ${MAX_STATS_RANGE_DAYS} days` },
    ]);
  }
  const citizen = ctx.citizenVideo ? await ctx.citizenVideo.countsBetween(from, to) : undefined;
  return { from, to, ...summarize(await ctx.store.timesBetween(from, to), citizen) };
}

/** `citizen`: citizen video sessions created in the period, and how many of them reached video. */
export function summarize(calls: readonly CallTimes[], citizen?: { created: number; reachedVideo: number }): EmergencyStatsFigures {
  const seconds = calls.flatMap((c) => (c.answeredAt ? [(c.answeredAt.getTime() - c.requestedAt.getTime()) / 1_000] : [])).sort((a, b) => a - b);
  const within = seconds.filter((s) => s <= ANSWER_TARGET_SECONDS).length;
  return {
    counts: {
      requested: calls.length,
      answered: seconds.length,
      answeredWithin10Seconds: within,
      escalated: calls.filter((c) => c.escalatedAt !== null).length,
      unanswered: calls.length - seconds.length,
      cancelledByRequester: calls.filter((c) => c.answeredAt === null && c.endedByRequester === true).length,
      closedUnanswered: calls.filter((c) => c.outcome === 'unanswered').length,
    },
    secondsToAnswer: { median: percentile(seconds, 0.5), p90: percentile(seconds, 0.9) },
    shareAnsweredWithin10Seconds: calls.length === 0 ? null : within / calls.length,
    citizenLinkVideoShare: citizen && citizen.created > 0 ? citizen.reachedVideo / citizen.created : null,
  };
}

/** Nearest-rank percentile of sorted values (the smallest value with at least `q` of them at or below it). */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return round3(sorted[rank - 1]!);
}

const round3 = (n: number) => Math.round(n * 1_000) / 1_000;
