/**
 * Prometheus figures for akuttvideo: the time to answer (the 113 requirement: ≥ 90 % within
 * 10 s) and the escalation alarm. Registered once per process on the registry `/metrics` serves.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { EmergencyMetrics } from '../../core/emergency/store';

export const TIME_TO_ANSWER_METRIC = 'samrom_emergency_time_to_answer_seconds';
export const ESCALATIONS_METRIC = 'samrom_emergency_escalations_total';
export const CALLS_METRIC = 'samrom_emergency_calls_total';
export const FIRST_ALERT_METRIC = 'samrom_emergency_first_alert_seconds';

export class PrometheusEmergencyMetrics implements EmergencyMetrics {
  private readonly timeToAnswer: Histogram;
  private readonly escalations: Counter;
  private readonly calls: Counter;
  private readonly firstAlertSeconds: Histogram;

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
}
