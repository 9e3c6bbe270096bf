/**
 * The sent-message ledger without a database, for unit tests of sending invitations and
 * reminders; the delivery-ledger conformance suite holds it to PostgresDeliveryLedger's rules.
 */
import type { DeliveryLedger } from '../../server/src/core/consultations/invitations';

export class MemoryDeliveryLedger implements DeliveryLedger {
  readonly keys = new Set<string>();

  async wasSent(key: string): Promise<boolean> {
    return this.keys.has(key);
  }

  async markSent(key: string): Promise<void> {
    this.keys.add(key);
  }
}
