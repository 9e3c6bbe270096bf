/**
 * The shared infrastructure the service modules take (see server/src/modules/), built for
 * tests: the real PostgreSQL/PGlite adapters on the test database, a clock the test gives, a
 * silent logger, the development outbox for SMS and e-mail, a fresh metrics registry, and a
 * Teams notifier the test gives (the Bot Connector cannot run here). Tests then build exactly
 * the modules `startSamrom` builds, instead of copying their wiring.
 */
import { Registry } from 'prom-client';
import { createLogger } from '../../server/src/adapters/logger';
import { DevOutbox, DevOutboxEmailSender, DevOutboxSmsSender } from '../../server/src/adapters/messaging/dev-outbox';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import type { Db } from '../../server/src/adapters/postgres/db';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { PostgresRosterStore } from '../../server/src/adapters/postgres/roster-store';
import type { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import type { QueueRegistry } from '../../server/src/adapters/queue/workers';
import type { Clock, Notifier, VideoRooms } from '../../server/src/core/ports';
import type { Infrastructure } from '../../server/src/modules/infrastructure';

export interface TestInfrastructureOptions {
  readonly db: Db;
  readonly relay: OutboxRelay;
  readonly queues: Pick<QueueRegistry, 'queue'>;
  readonly clock: Clock;
  /** @defaultValue none: a test world without video rooms */
  readonly video?: VideoRooms;
  /** @defaultValue one that fails the test's send: give one where Teams messages are expected */
  readonly notifier?: Notifier;
  /** @defaultValue silent */
  readonly logger?: Infrastructure['logger'];
}

const noTeams: Notifier = {
  send: async () => {
    throw new Error('this test world sends no Teams messages');
  },
};

const noVideo = new Proxy({} as VideoRooms, {
  get: () => () => {
    throw new Error('this test world has no video rooms');
  },
});

export function testInfrastructure(o: TestInfrastructureOptions): Infrastructure {
  const outbox = new DevOutbox(o.db, o.clock);
  return {
    db: o.db,
    relay: o.relay,
    queues: o.queues,
    clock: o.clock,
    logger: o.logger ?? createLogger({ level: 'silent' }),
    directory: new PostgresDirectory(o.db),
    audit: new PostgresAuditLog(o.db),
    conversations: new PostgresConversationStore(o.db),
    notifier: o.notifier ?? noTeams,
    video: o.video ?? noVideo,
    messaging: { sms: new DevOutboxSmsSender(outbox), email: new DevOutboxEmailSender(outbox) },
    metrics: new Registry(),
    rosters: new PostgresRosterStore(o.db),
  };
}
