/**
 * What every DeliveryLedger does, run against the in-memory ledger (unit tests of sending)
 * and the PostgreSQL one: a key is unsent until marked, and marking twice is harmless.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { DeliveryLedger } from '../../../server/src/core/consultations/invitations';
import { type Closable, describeSubject } from './subject';

export interface DeliveryLedgerSubject extends Closable {
  readonly ledger: DeliveryLedger;
}

export function describeDeliveryLedger(kind: string, open: () => Promise<DeliveryLedgerSubject>): void {
  describeSubject(`DeliveryLedger conformance: ${kind}`, open, (current) => {
    it('a key is unsent until marked, and marking it twice is harmless; other keys stay unsent', async () => {
      const key = `invite:${randomUUID()}:pa-1:0:sms`;
      expect(await current().ledger.wasSent(key)).toBe(false);
      await current().ledger.markSent(key);
      await current().ledger.markSent(key);
      expect(await current().ledger.wasSent(key)).toBe(true);
      expect(await current().ledger.wasSent(`invite:${randomUUID()}:pa-1:0:sms`)).toBe(false);
    });
  });
}
