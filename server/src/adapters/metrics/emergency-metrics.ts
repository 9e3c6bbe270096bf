/**
 * Prometheus figures for akuttvideo: the time to answer (the 113 requirement: ≥ 90 % within
 * 10 s) and the escalation alarm. Registered once per process on the registry `/metrics` serves.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CitizenVideoStore } from '../../core/emergency/citizen-video-store';
import type { EmergencyMetrics } from '../../core/emergency/store';
import type { Clock } from '../../core/ports';

export const TIME_TO_ANSWER_METRIC = 'samrom_emergency_time_to_answer_seconds';
export const ESCALATIONS_METRIC = 'samrom_emergency_escalations_total';
export const CALLS_METRIC = 'samrom_emergency_calls_total';
export const FIRST_ALERT_METRIC = 'samrom_emergency_first_alert_seconds';
export const CLOSED_UNANSWERED_METRIC = 'samrom_emergency_closed_unanswered_total';
export const CITIZEN_SESSIONS_METRIC = 'samrom_citizen_video_sessions';
export const CITIZEN_REACHED_VIDEO_METRIC = 'samrom_citizen_video_sessions_reached_video';
export const CITIZEN_VIDEO_SHARE_METRIC = 'samrom_citizen_video_reached_video_share';
/** The window of {@link CITIZEN_VIDEO_SHARE_METRIC}. @defaultValue 24 */
export const CITIZEN_VIDEO_SHARE_WINDOW_HOURS = 24;

export class PrometheusEmergencyMetrics implements EmergencyMetrics {
  private readonly timeToAnswer: Histogram;
  private readonly escalations: Counter;
  private readonly calls: Counter;
  private readonly firstAlertSeconds: Histogram;
  private readonly closedUnansweredCalls: Counter;

  constructor(registry: Registry) {
    this.timeToAnswer = new Histogram({
      name: TIME_TO_ANSWER_METRIC,
      help: 'Akuttvideo: seconds from a legevakt request to an AMK operator answering',
      buckets: [1, 2, 3, 5, 7.5, 10, 15, 20, 30, 60, 120],
      registers: [registry],
    });
    this.escalations = new Counter({
      name: ESCALATIONS_METRIC,
      help: 'Akuttvideo: calls unanswered after the ring timeout, escalated to the backup group (alarm)',
      registers: [registry],
    });
    this.calls = new Counter({
      name: CALLS_METRIC,
      help: 'Akuttvideo: calls requested by legevakt (the denominator of the share answered within 10 s)',
      registers: [registry],
    });
    this.firstAlertSeconds = new Histogram({
      name: FIRST_ALERT_METRIC,
      help: 'Akuttvideo: seconds from a request to the first AMK alert leaving Samrom',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.closedUnansweredCalls = new Counter({
      name: CLOSED_UNANSWERED_METRIC,
      help: 'Akuttvideo: calls closed because nobody answered within the allowed time after escalation (alarm)',
      registers: [registry],
    });
  }

  requested(): void {
    this.calls.inc();
  }

  firstAlert(secondsFromRequest: number): void {
    this.firstAlertSeconds.observe(secondsFromRequest);
  }

  answered(secondsToAnswer: number): void {
    this.timeToAnswer.observe(secondsToAnswer);
  }

  escalated(): void {
    this.escalations.inc();
  }

  closedUnanswered(): void {
    this.closedUnansweredCalls.inc();
  }
}

/**
 * The share of citizen links that reached video (issue §6), read from PostgreSQL when scraped so
 * every web instance reports the same: sessions and those that reached video since records
 * began (for `increase()` over any range), and the share over the last 24 hours (NaN without
 * sessions). "Reached video" is the caller's phone joining the room, as in the stats endpoint.
 */
export function registerCitizenVideoMetrics(registry: Registry, figures: Pick<CitizenVideoStore, 'countsBetween'>, clock: Clock): void {
  const since = new Date(0);
  const later = () => new Date(clock.now().getTime() + 1);
  // The two all-time gauges are collected together (prom-client collects at once): one read for both.
  let allTime: Promise<{ created: number; reachedVideo: number }> | undefined;
  const allTimeCounts = () => (allTime ??= figures.countsBetween(since, later()).finally(() => (allTime = undefined)));
  new Gauge({
    name: CITIZEN_SESSIONS_METRIC,
    help: 'Citizen video: sessions AMK started (links sent to 113 callers), since the start of records',
    registers: [registry],
    async collect() {
      this.set((await allTimeCounts()).created);
    },
  });
  new Gauge({
    name: CITIZEN_REACHED_VIDEO_METRIC,
    help: "Citizen video: sessions whose caller's phone joined the video room, since the start of records",
    registers: [registry],
    async collect() {
      this.set((await allTimeCounts()).reachedVideo);
    },
  });
  new Gauge({
    name: CITIZEN_VIDEO_SHARE_METRIC,
    help: `Citizen video: share of sessions started in the last ${CITIZEN_VIDEO_SHARE_WINDOW_HOURS} h that reached video (NaN without sessions)`,
    registers: [registry],
    async collect() {
      const now = clock.now();
      const { created, reachedVideo } = await figures.countsBetween(
        new Date(now.getTime() - CITIZEN_VIDEO_SHARE_WINDOW_HOURS * 3_600_000),
        new Date(now.getTime() + 1),
      );
      this.set(created === 0 ? Number.NaN : reachedVideo / created);
    },
  });
}
