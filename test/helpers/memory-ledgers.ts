/**
 * The two ledgers without a database: which messages were sent (unit tests of sending
 * invitations and reminders) and which webhook events were seen (the LiveKit webhook adapter
 * tests). The ledger conformance suites hold them to the PostgreSQL ledgers' rules.
 */
import type { DeliveryLedger, DeliveryStateEntry, DeliveryStates } from '../../server/src/core/consultations/invitations';
import type { WebhookLedger } from '../../server/src/core/ports';

export class MemoryDeliveryLedger implements DeliveryLedger, DeliveryStates {
  readonly keys = new Set<string>();
  /** Each message's latest state, by key. */
  readonly states = new Map<string, DeliveryStateEntry>();

  async recordState(entry: DeliveryStateEntry): Promise<void> {
    this.states.set(entry.key, entry);
  }

  async wasSent(key: string): Promise<boolean> {
    return this.keys.has(key);
  }

  async markSent(key: string): Promise<void> {
    this.keys.add(key);
  }
}

export class MemoryWebhookLedger implements WebhookLedger {
  private readonly seen = new Map<string, Set<string>>();

  async firstSeen(source: string, eventId: string): Promise<boolean> {
    const ids = this.seen.get(source) ?? new Set<string>();
    this.seen.set(source, ids);
    if (ids.has(eventId)) return false;
    ids.add(eventId);
    return true;
  }
}
