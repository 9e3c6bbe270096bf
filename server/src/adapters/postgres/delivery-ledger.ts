/**
 * Which messages were already sent, by idempotency key, so a redelivered invitation or
 * reminder job sends nothing twice; and what became of each consultation message
 * (`consultation_deliveries`: sent, delivered, failed) for the meeting view. Kept in the `webhook_events` ledger table under its own
 * source, which has exactly the shape needed (source, id, when) and needs no migration.
 */
import { and, eq } from 'drizzle-orm';
import type { DeliveryLedger, DeliveryStateEntry, DeliveryStates } from '../../core/consultations/invitations';
import type { Executor } from './db';
import { recordThroughOutage } from './pg-errors';
import { consultationDeliveries, webhookEvents } from './schema';

/** The `source` the keys are stored under. */
export const DELIVERY_LEDGER_SOURCE = 'message-sent';

export class PostgresDeliveryLedger implements DeliveryLedger, DeliveryStates {
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

  /** One row per message key; a later state (a delivery report, a retried send) replaces the earlier. */
  async recordState(e: DeliveryStateEntry): Promise<void> {
    const row = {
      key: e.key,
      consultationId: e.consultationId,
      participantId: e.participantId,
      channel: e.channel,
      kind: e.kind,
      state: e.state,
      providerRef: e.providerRef,
      reason: e.reason,
      updatedAt: e.at,
    };
    await this.db
      .insert(consultationDeliveries)
      .values(row)
      .onConflictDoUpdate({
        target: consultationDeliveries.key,
        set: { state: row.state, providerRef: row.providerRef, reason: row.reason, updatedAt: row.updatedAt },
      });
  }
}
