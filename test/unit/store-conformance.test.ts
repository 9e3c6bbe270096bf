/**
 * The in-memory twins the bot and unit tests use, held to the same conformance suites as the
 * PostgreSQL stores (test/integration/store-conformance.test.ts).
 */
import { describeAuditLog } from '../helpers/conformance/audit-log';
import { describeConsultationStore } from '../helpers/conformance/consultation-store';
import { describeConversationStore } from '../helpers/conformance/conversation-store';
import { describeDeliveryLedger, describeWebhookLedger } from '../helpers/conformance/ledgers';
import { describeDirectory } from '../helpers/conformance/directory';
import { MemoryConversationStore, MemoryDirectory } from '../helpers/bot-memory';
import { MemoryAuditLog } from '../helpers/memory-audit-log';
import { MemoryConsultationStore } from '../helpers/memory-consultations';
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
describeAuditLog('in memory', async () => ({ log: new MemoryAuditLog(), close: nothingToClose }));
describeDirectory('in memory', async () => ({ directory: new MemoryDirectory(), close: nothingToClose }));
describeConversationStore('in memory', async () => ({ store: new MemoryConversationStore(), addPeople: async () => {}, close: nothingToClose }));
describeDeliveryLedger('in memory', async () => ({ ledger: new MemoryDeliveryLedger(), close: nothingToClose }));
describeWebhookLedger('in memory', async () => ({ ledger: new MemoryWebhookLedger(), close: nothingToClose }));
