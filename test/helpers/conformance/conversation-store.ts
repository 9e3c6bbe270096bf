/**
 * What every ConversationStore does, run against the in-memory store (bot tests) and the
 * PostgreSQL one: a conversation reads back as saved, a save updates it, and a person's
 * personal conversation is the one saved last. Each test uses its own ids.
 */
import { randomUUID } from 'node:crypto';
import { expect, it, vi } from 'vitest';
import type { ConversationRecord, ConversationStore, PersonInput } from '../../../server/src/core/ports';
import { type Closable, describeSubject } from './subject';

export interface ConversationStoreSubject extends Closable {
  readonly store: ConversationStore;
  /** Makes a directory person known before their conversation is saved (PostgreSQL refers to them). */
  addPeople(people: readonly PersonInput[]): Promise<void>;
}

export function describeConversationStore(kind: string, open: () => Promise<ConversationStoreSubject>): void {
  describeSubject(`ConversationStore conformance: ${kind}`, open, (current) => {
    const conversation = (personId: string | null, over: Partial<ConversationRecord> = {}): ConversationRecord => {
      const conversationId = `a:${randomUUID()}`;
      return {
        conversationId,
        personId,
        aadObjectId: randomUUID(),
        tenantId: 'tenant-1',
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        reference: { conversation: { id: conversationId }, bot: { id: 'samrom' }, locale: 'nb-NO' },
        ...over,
      };
    };

    it('a saved conversation reads back by its id, its reference as JSON; an unknown id reads as null', async () => {
      const saved = conversation(null);
      await current().store.save(saved);
      expect(await current().store.byConversationId(saved.conversationId)).toMatchObject(saved);
      expect(await current().store.byConversationId(`a:${randomUUID()}`)).toBeNull();
    });

    it('saving the same conversation again updates it: the latest serviceUrl and person win', async () => {
      const first = conversation(null);
      await current().store.save(first);
      const again = { ...first, personId: null, serviceUrl: 'https://smba.trafficmanager.net/amer/', tenantId: null };
      await current().store.save(again);
      expect(await current().store.byConversationId(first.conversationId)).toMatchObject(again);
    });

    it('a person’s personal conversation is the one saved last; a person without one has none', async () => {
      const personId = `gp-${randomUUID().slice(0, 8)}`;
      await current().addPeople([{ id: personId, name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter' }]);
      const older = conversation(personId);
      await current().store.save(older);
      // Saved in a later millisecond, as the PostgreSQL store orders by the time of the save.
      const savedAt = Date.now();
      await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(savedAt), { interval: 1 });
      const newer = conversation(personId);
      await current().store.save(newer);
      expect((await current().store.personalFor(personId))?.conversationId).toBe(newer.conversationId);
      expect(await current().store.personalFor(`nobody-${randomUUID()}`)).toBeNull();
    });
  });
}
