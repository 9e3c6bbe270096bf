/**
 * The `rosters` queue: an hourly `scan-gaps` job (a BullMQ job scheduler, upserted by every
 * worker process — the same id makes that idempotent) and one `gap-alert` job per planned
 * alert. An alert is a ledger row and an outbox row written in one transaction, so a scan
 * that runs twice (two workers, a redelivery) plans it once.
 */
import type { Queue } from 'bullmq';
import type { GapAlert, GapAlertPlanner } from '../../core/rosters/gap-alerts';
import { webhookEvents } from '../postgres/schema';
import type { OutboxRelay } from './outbox';
import { DEFAULT_JOB_OPTIONS } from './queues';
import { QUEUES } from './registry';

export const ROSTER_JOBS = { scanGaps: 'scan-gaps', gapAlert: 'gap-alert' } as const;
/** How often gaps are looked for. @defaultValue one hour */
export const GAP_SCAN_EVERY_MS = 3_600_000;
const SCHEDULER_ID = 'roster-gap-scan';
/** The ledger `source` alert keys are stored under (the `webhook_events` table: source, id, when). */
export const GAP_ALERT_LEDGER_SOURCE = 'roster-gap-alert';

export class OutboxGapAlertPlanner implements GapAlertPlanner {
  constructor(private readonly relay: Pick<OutboxRelay, 'transaction'>) {}

  planOnce(alert: GapAlert): Promise<boolean> {
    return this.relay.transaction(async (tx, enqueue) => {
      const inserted = await tx
        .insert(webhookEvents)
        .values({ source: GAP_ALERT_LEDGER_SOURCE, eventId: alert.key })
        .onConflictDoNothing()
        .returning({ eventId: webhookEvents.eventId });
      if (inserted.length === 0) return false;
      await enqueue({ queue: QUEUES.rosters, name: ROSTER_JOBS.gapAlert, payload: { ...alert } });
      return true;
    });
  }
}

/** Starts (or keeps) the hourly scan; the first one runs at once. */
export async function scheduleGapScan(queue: Queue, everyMs: number = GAP_SCAN_EVERY_MS): Promise<void> {
  await queue.upsertJobScheduler(
    SCHEDULER_ID,
    { every: everyMs },
    {
      name: ROSTER_JOBS.scanGaps,
      data: {},
      opts: { attempts: DEFAULT_JOB_OPTIONS.attempts, backoff: DEFAULT_JOB_OPTIONS.backoff, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    },
  );
}
