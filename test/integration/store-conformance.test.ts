/**
 * The PostgreSQL stores (on PGlite and on PostgreSQL) held to the same conformance suites as
 * the in-memory twins the bot and unit tests use (test/unit/store-conformance.test.ts). One
 * database for the file: each suite's tests use their own ids.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import { PostgresConsultationStore } from '../../server/src/adapters/postgres/consultation-store';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { PostgresDeliveryLedger } from '../../server/src/adapters/postgres/delivery-ledger';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { PostgresGuestLinks } from '../../server/src/adapters/postgres/guest-links';
import { PostgresJoinStore } from '../../server/src/adapters/postgres/join-store';
import { PostgresWebhookLedger } from '../../server/src/adapters/postgres/webhook-ledger';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { createQueueRegistry } from '../../server/src/adapters/queue/workers';
import { describeAuditLog } from '../helpers/conformance/audit-log';
import { describeConsultationStore } from '../helpers/conformance/consultation-store';
import { describeConversationStore } from '../helpers/conformance/conversation-store';
import { describeDeliveryLedger, describeWebhookLedger } from '../helpers/conformance/ledgers';
import { describeDirectory } from '../helpers/conformance/directory';
import { describeJoinStore, joinStoreBooking } from '../helpers/conformance/join-store';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.destroy());

const kind = testDbKind();
const nothingToClose = async () => {};

describeConsultationStore(kind, async () => {
  // The store publishes its invitation jobs after each commit: to a fresh prefix on the test Redis.
  const redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-store-conformance' });
  const queues = createQueueRegistry({ connection: redis, prefix: uniquePrefix() });
  const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger: createLogger({ level: 'silent' }) });
  const directory = new PostgresDirectory(database.db);
  return {
    store: new PostgresConsultationStore({ db: database.db, relay }),
    addPeople: async (people) => void (await directory.upsert(people)),
    organizationOf: async (personId) => (await directory.byId(personId))!.organizationId,
    async close() {
      await queues.queue(QUEUES.invitations).obliterate({ force: true });
      await queues.closeAll();
      redis.disconnect();
    },
  };
});
describeJoinStore(kind, async () => {
  // Consultations are booked through the real store, which publishes invitation jobs: to a fresh prefix.
  const redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-join-store-conformance' });
  const queues = createQueueRegistry({ connection: redis, prefix: uniquePrefix() });
  const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger: createLogger({ level: 'silent' }) });
  const consultations = new PostgresConsultationStore({ db: database.db, relay });
  const coordinator = `coordinator-${randomUUID().slice(0, 8)}`;
  await new PostgresDirectory(database.db).upsert([{ id: coordinator, name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune' }]);
  const links = new PostgresGuestLinks(database.db);
  return {
    store: new PostgresJoinStore(database.db),
    async addConsultation() {
      const booking = joinStoreBooking(coordinator);
      const created = await consultations.create(booking);
      if (!created.ok) throw new Error(`booking refused: ${created.reason}`);
      return { consultationId: booking.id, guestIds: [booking.participants[0].id, booking.participants[1].id] as const };
    },
    issueLink: (consultationId, participantId, sequence) => links.issue(consultationId, participantId, sequence),
    async close() {
      await queues.queue(QUEUES.invitations).obliterate({ force: true });
      await queues.closeAll();
      redis.disconnect();
    },
  };
});
describeAuditLog(kind, async () => ({ log: new PostgresAuditLog(database.db), close: nothingToClose }));
describeDirectory(kind, async () => ({ directory: new PostgresDirectory(database.db), close: nothingToClose }));
describeConversationStore(kind, async () => {
  const directory = new PostgresDirectory(database.db);
  return { store: new PostgresConversationStore(database.db), addPeople: async (people) => void (await directory.upsert(people)), close: nothingToClose };
});
describeDeliveryLedger(kind, async () => ({ ledger: new PostgresDeliveryLedger(database.db), close: nothingToClose }));
describeWebhookLedger(kind, async () => ({ ledger: new PostgresWebhookLedger(database.db), close: nothingToClose }));
