/**
 * Prometheus figures for the advice line: waiting requests and escalations per
 * specialty (read from PostgreSQL when scraped, so every web instance reports the same),
 * time to answer and abandoned requests (observed by the instance that served the request).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AdviceFigures } from '../core/advice/store';

export interface AdviceMetrics {
  answered(specialty: string, waitedSeconds: number): void;
  abandoned(specialty: string): void;
}

export function adviceMetrics(registry: Registry, figures: AdviceFigures): AdviceMetrics {
  new Gauge({
    name: 'samrom_advice_waiting_requests',
    help: 'Advice requests waiting for an answer (queued or ringing), by specialty',
    labelNames: ['specialty'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [specialty, n] of await figures.waitingBySpecialty()) this.set({ specialty }, n);
    },
  });
  new Gauge({
    name: 'samrom_advice_escalated_rounds',
    help: 'Ring rounds after the first (no answer or declined), by specialty, since the start of records',
    labelNames: ['specialty'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [specialty, n] of await figures.escalationsBySpecialty()) this.set({ specialty }, n);
    },
  });
  const timeToAnswer = new Histogram({
    name: 'samrom_advice_time_to_answer_seconds',
    help: 'From an advice request to its acceptance, by specialty',
    labelNames: ['specialty'] as const,
    buckets: [10, 30, 60, 120, 180, 300, 600, 1200, 3600],
    registers: [registry],
  });
  const abandoned = new Counter({
    name: 'samrom_advice_abandoned_total',
    help: 'Advice requests withdrawn by the requester before an answer, by specialty',
    labelNames: ['specialty'] as const,
    registers: [registry],
  });
  return {
    answered: (specialty, waitedSeconds) => timeToAnswer.observe({ specialty }, waitedSeconds),
    abandoned: (specialty) => abandoned.inc({ specialty }),
  };
}
