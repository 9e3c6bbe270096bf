/**
 * What the two ledgers do, run against the in-memory ledgers and the PostgreSQL ones: a sent
 * message's key is unsent until marked, and marking twice is harmless; a webhook event is new
 * the first time its id is seen from a source, and never again.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { DeliveryLedger } from '../../../server/src/core/consultations/invitations';
import type { WebhookLedger } from '../../../server/src/core/ports';
import { type Closable, describeSubject } from './subject';

export interface DeliveryLedgerSubject extends Closable {
  readonly ledger: DeliveryLedger;
}

export interface WebhookLedgerSubject extends Closable {
  readonly ledger: WebhookLedger;
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

export function describeWebhookLedger(kind: string, open: () => Promise<WebhookLedgerSubject>): void {
  describeSubject(`WebhookLedger conformance: ${kind}`, open, (current) => {
    it('an event id is new the first time it is seen, never after; the same id from another source is new there', async () => {
      const eventId = `EV_${randomUUID()}`;
      expect(await current().ledger.firstSeen('livekit', eventId)).toBe(true);
      expect(await current().ledger.firstSeen('livekit', eventId)).toBe(false);
      expect(await current().ledger.firstSeen('livekit', eventId)).toBe(false);
      expect(await current().ledger.firstSeen('other-source', eventId)).toBe(true);
    });

    it('the same new id seen twice at once is new for exactly one of them', async () => {
      const eventId = `EV_${randomUUID()}`;
      const answers = await Promise.all([current().ledger.firstSeen('livekit', eventId), current().ledger.firstSeen('livekit', eventId)]);
      expect(answers.sort()).toEqual([false, true]);
    });
  });
}
