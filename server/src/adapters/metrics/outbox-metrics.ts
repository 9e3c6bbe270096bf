/**
 * The outbox's age for Prometheus: how long the oldest job row has waited to reach Redis. A
 * healthy relay keeps it at a few seconds; a growing figure means jobs (rings, escalations) are
 * not being published — Redis away, or no worker role running the relay — and is the alert that
 * catches it before a clinician notices. Read from PostgreSQL when scraped, so every process
 * reports the same figure.
 */
import { Gauge, type Registry } from 'prom-client';

export const OUTBOX_AGE_METRIC = 'samrom_outbox_oldest_pending_age_seconds';

export function registerOutboxMetrics(registry: Registry, outbox: { oldestPendingAt(): Promise<Date | null> }, now: () => Date): void {
  new Gauge({
    name: OUTBOX_AGE_METRIC,
    help: 'Outbox: seconds the oldest job row has waited to be published to Redis (0 when none waits)',
    registers: [registry],
    async collect() {
      // PostgreSQL away: the last figure stays, and the rest of the scrape (the counters) still answers.
      const oldest = await outbox.oldestPendingAt().catch(() => undefined);
      if (oldest !== undefined) this.set(oldest ? Math.max(0, (now().getTime() - oldest.getTime()) / 1_000) : 0);
    },
  });
}
