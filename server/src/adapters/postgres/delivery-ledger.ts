/**
 * Which messages were already sent, by idempotency key, so a redelivered invitation or
 * reminder job sends nothing twice. Kept in the `webhook_events` ledger table under its own
 * source, which has exactly the shape needed (source, id, when) and needs no migration.
 */
import { and, eq } from 'drizzle-orm';
import type { DeliveryLedger } from '../../core/consultations/invitations';
import type { Executor } from './db';
import { recordThroughOutage } from './pg-errors';
import { webhookEvents } from './schema';

/** The `source` the keys are stored under. */
export const DELIVERY_LEDGER_SOURCE = 'message-sent';

export class PostgresDeliveryLedger implements DeliveryLedger {
  constructor(private readonly db: Executor) {}

  async wasSent(key: string): Promise<boolean> {
    const rows = await this.db
      .select({ eventId: webhookEvents.eventId })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.source, DELIVERY_LEDGER_SOURCE), eq(webhookEvents.eventId, key)));
    return rows.length > 0;
  }

  /** Called after the message went out: waits out a database outage rather than lose the mark (and send twice). */
  async markSent(key: string): Promise<void> {
    await recordThroughOutage(() => this.db.insert(webhookEvents).values({ source: DELIVERY_LEDGER_SOURCE, eventId: key }).onConflictDoNothing());
  }
}
