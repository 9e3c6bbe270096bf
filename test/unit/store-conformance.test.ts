/**
 * The in-memory twins the bot and unit tests use, held to the same conformance suites as the
 * PostgreSQL stores (test/integration/store-conformance.test.ts).
 */
import { describeAuditLog } from '../helpers/conformance/audit-log';
import { describeConsultationStore } from '../helpers/conformance/consultation-store';
import { describeConversationStore } from '../helpers/conformance/conversation-store';
import { describeDeliveryLedger, describeWebhookLedger } from '../helpers/conformance/ledgers';
import { describeDirectory } from '../helpers/conformance/directory';
import { describeJoinStore, joinStoreBooking } from '../helpers/conformance/join-store';
import { MemoryConversationStore, MemoryDirectory } from '../helpers/bot-memory';
import { MemoryAuditLog } from '../helpers/memory-audit-log';
import { MemoryConsultationStore } from '../helpers/memory-consultations';
import { MemoryJoinStore } from '../helpers/memory-join-store';
import { MemoryDeliveryLedger, MemoryWebhookLedger } from '../helpers/memory-ledgers';

const nothingToClose = async () => {};

describeConsultationStore('in memory', async () => {
  const directory = new MemoryDirectory();
  const organizationOf = (personId: string) => directory.people.get(personId)?.organizationId ?? null;
  return {
    store: new MemoryConsultationStore(organizationOf),
    addPeople: async (people) => void (await directory.upsert(people)),
    organizationOf: async (personId) => organizationOf(personId)!,
    close: nothingToClose,
  };
});
describeJoinStore('in memory', async () => {
  const store = new MemoryJoinStore();
  return {
    store,
    async addConsultation() {
      const booking = joinStoreBooking('coordinator-1');
      const guestIds = [booking.participants[0].id, booking.participants[1].id] as const;
      store.addParticipants(booking.id, guestIds);
      return { consultationId: booking.id, guestIds };
    },
    issueLink: async (consultationId, participantId, sequence) => store.issueLink(consultationId, participantId, sequence),
    close: nothingToClose,
  };
});
describeAuditLog('in memory', async () => ({ log: new MemoryAuditLog(), close: nothingToClose }));
describeDirectory('in memory', async () => ({ directory: new MemoryDirectory(), close: nothingToClose }));
describeConversationStore('in memory', async () => ({ store: new MemoryConversationStore(), addPeople: async () => {}, close: nothingToClose }));
describeDeliveryLedger('in memory', async () => ({ ledger: new MemoryDeliveryLedger(), close: nothingToClose }));
describeWebhookLedger('in memory', async () => ({ ledger: new MemoryWebhookLedger(), close: nothingToClose }));
