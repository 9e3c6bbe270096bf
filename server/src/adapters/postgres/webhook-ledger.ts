import type { WebhookLedger } from '../../core/ports';
import type { Db } from './db';
import { webhookEvents } from './schema';

export class PostgresWebhookLedger implements WebhookLedger {
  constructor(private readonly db: Db) {}

  async firstSeen(source: string, eventId: string): Promise<boolean> {
    const inserted = await this.db.insert(webhookEvents).values({ source, eventId }).onConflictDoNothing().returning({ eventId: webhookEvents.eventId });
    return inserted.length === 1;
  }
}
