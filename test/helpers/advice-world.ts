/**
 * A consultation-line world for tests: a directory (GPs, kardiologi specialists on levels
 * 1–3 now, a coordinator), a roster covering now, Teams chats for everyone, the advice store
 * on a real outbox and Redis (a fresh prefix), and the recording Teams notifier
 * (`sentTo(conversationOf(person), requestId)`).
 */
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { and, eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresAdviceStore } from '../../server/src/adapters/postgres/advice-store';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import type { Db } from '../../server/src/adapters/postgres/db';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { PostgresRosterStore } from '../../server/src/adapters/postgres/roster-store';
import { outbox } from '../../server/src/adapters/postgres/schema';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { type QueueRegistry, createQueueRegistry } from '../../server/src/adapters/queue/workers';
import { PostgresDeliveryLedger } from '../../server/src/adapters/postgres/delivery-ledger';
import { type RunningWorkers, startWorkers } from '../../server/src/workers';
import type { AdviceWorkerDeps } from '../../server/src/workers/advice';
import { adviceModule } from '../../server/src/modules/advice';
import type { AdvicePriority } from '../../server/src/contracts/advice';
import type { NewAdviceRequest } from '../../server/src/core/advice/store';
import type { Role } from '../../server/src/core/roles';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import type { VideoRooms } from '../../server/src/core/ports';
import type { AdviceMetrics } from '../../server/src/http/advice-metrics';
import { adviceRoutes } from '../../server/src/http/routes/advice';
import { RecordingNotifier } from './recording-notifier';
export type { RecordedSend } from './recording-notifier';
import { testInfrastructure } from './infrastructure';
import { testRedisUrl, uniquePrefix } from './redis';
import { QUEUES } from '../../server/src/adapters/queue/registry';

export const ADVICE_PEOPLE: readonly { id: string; roles: Role[]; specialty?: string; organization: string }[] = [
  { id: 'gp-1', roles: ['gp'], organization: 'Lier legesenter' },
  { id: 'gp-2', roles: ['gp'], organization: 'Hurum legekontor' },
  { id: 'lv-1', roles: ['legevakt'], organization: 'Drammen legevakt' },
  { id: 'v1', roles: ['specialist'], specialty: 'kardiologi', organization: 'Drammen sykehus' },
  { id: 'b2', roles: ['specialist'], specialty: 'kardiologi', organization: 'Drammen sykehus' },
  { id: 'o3', roles: ['specialist'], specialty: 'kardiologi', organization: 'Drammen sykehus' },
  { id: 'kard-off', roles: ['specialist'], specialty: 'kardiologi', organization: 'Drammen sykehus' },
  { id: 'ke', roles: ['coordinator'], specialty: 'kardiologi', organization: 'Vestre Viken HF' },
  { id: 'amk-1', roles: ['amk'], organization: 'AMK Vestre Viken' },
];
export const SPECIALTY = 'kardiologi';
export const CLINICAL_TEXT = 'Brystsmerter siden i natt, ST-heving i V2-V4';
export const ISBAR = { identification: 'Mann 67 år', situation: CLINICAL_TEXT, background: 'Hypertensjon', assessment: 'Mistenkt STEMI', recommendation: '' };
export const conversationOf = (personId: string) => `conv:${personId}`;
/** The switchboards a requester is given when nobody is on call: kardiologi has its own. */
export const SWITCHBOARDS = { fallback: '+4790000000', bySpecialty: { kardiologi: '+4790000111' } } as const;

export interface AdviceWorld {
  readonly directory: PostgresDirectory;
  readonly rosters: PostgresRosterStore;
  readonly store: PostgresAdviceStore;
  readonly relay: OutboxRelay;
  readonly queues: QueueRegistry;
  readonly redis: Redis;
  readonly prefix: string;
  readonly logger: Logger;
  readonly notifier: RecordingNotifier;
  /** What the advice worker needs (without its logger). */
  dispatchContext(o?: Partial<Omit<AdviceWorkerDeps, 'logger'>>): Omit<AdviceWorkerDeps, 'logger'>;
  /** A real BullMQ worker on the world's queue with this ring timeout; `close` stops it first. */
  startWorker(ringTimeoutSeconds: number, concurrency?: number): RunningWorkers;
  close(): Promise<void>;
}

/** Shifts around now: v1 level 1, b2 level 2, o3 level 3 (kard-off is a kardiolog not on call). */
export async function createAdviceWorld(db: Db, o: { withConversations?: boolean; redisUrl?: string; logger?: Logger } = {}): Promise<AdviceWorld> {
  const redis = createRedisConnection(o.redisUrl ?? testRedisUrl(), { connectionName: 'test-advice' });
  const prefix = uniquePrefix();
  const queues = createQueueRegistry({ connection: redis, prefix });
  const logger = o.logger ?? createLogger({ level: 'silent' });
  const relay = new OutboxRelay({ db, queue: queues.queue, logger });
  const directory = new PostgresDirectory(db);
  await directory.upsert(ADVICE_PEOPLE.map((p) => ({ ...p, name: `Dr ${p.id}`, aadObjectId: `oid-${p.id}` })));
  const rosters = new PostgresRosterStore(db);
  const now = Date.now();
  const from = new Date(now - 12 * 3_600_000);
  const to = new Date(now + 12 * 3_600_000);
  await rosters.replace(
    SPECIALTY,
    { from, to },
    (['v1', 'b2', 'o3'] as const).map((personId, i) => ({ specialty: SPECIALTY, personId, level: (i + 1) as 1 | 2 | 3, startsAt: from, endsAt: to })),
    'ke',
  );
  const conversations = new PostgresConversationStore(db);
  if (o.withConversations ?? true) await saveConversations(conversations, ADVICE_PEOPLE);
  const store = new PostgresAdviceStore({ db, relay });
  const notifier = new RecordingNotifier();
  const workers: RunningWorkers[] = [];
  const dispatchContext = (over: Partial<Omit<AdviceWorkerDeps, 'logger'>> = {}): Omit<AdviceWorkerDeps, 'logger'> => ({
    store,
    rosters,
    directory,
    conversations,
    notifier,
    clock: { now: () => new Date() },
    ringTimeoutSeconds: 60,
    switchboards: SWITCHBOARDS,
    publicBaseUrl: 'https://samrom.example.no',
    ledger: new PostgresDeliveryLedger(db),
    ...over,
  });
  // The advice module's processor, as startSamrom builds it, on this world's notifier, rosters and clock.
  const adviceProcessor = (ringTimeoutSeconds: number) => {
    const infra = testInfrastructure({ db, relay, queues, clock: { now: () => new Date() }, logger, notifier });
    const advice = adviceModule(
      { ...infra, rosters },
      {
        publicBaseUrl: 'https://samrom.example.no',
        adviceRingTimeoutSeconds: ringTimeoutSeconds,
        adviceSwitchboards: SWITCHBOARDS,
        sip: undefined,
        bot: { appId: undefined },
      },
    );
    return advice.processors()[QUEUES.advice]!;
  };
  return {
    directory,
    rosters,
    store,
    relay,
    queues,
    redis,
    prefix,
    logger,
    notifier,
    dispatchContext,
    startWorker(ringTimeoutSeconds, concurrency) {
      const started = startWorkers({
        connection: redis,
        prefix,
        logger,
        processors: { [QUEUES.advice]: adviceProcessor(ringTimeoutSeconds) },
        ...(concurrency ? { options: { concurrency } } : {}),
      });
      workers.push(started);
      return started;
    },
    async close() {
      for (const w of workers.splice(0)) await w.close();
      await queues.queue(QUEUES.advice).obliterate({ force: true });
      await queues.closeAll();
      redis.disconnect();
    },
  };
}

/** A request as the store takes it: kardiologi, video, asked now. */
export const adviceRequest = (requesterId: string, priority: AdvicePriority = 'vanlig', over: Partial<NewAdviceRequest> = {}): NewAdviceRequest => ({
  id: randomUUID(),
  requesterId,
  specialty: SPECIALTY,
  priority,
  isbar: ISBAR,
  callbackPhone: null,
  mode: 'video',
  createdAt: new Date(),
  ...over,
});

/** A job as BullMQ hands it to the processor, for calling the processor directly. */
export const fakeAdviceJob = (name: string, requestId: string, attempt = 0) => ({ id: randomUUID(), name, data: { requestId, attempt } }) as unknown as Job;

/** The outbox rows of one kind of job for a request. */
export const outboxJobsFor = (db: Db, requestId: string, name: string) =>
  db
    .select()
    .from(outbox)
    .where(and(eq(outbox.name, name), sql`${outbox.payload}->>'requestId' = ${requestId}`));

/** A Teams chat for each person (`conversationOf(id)`), as the bot stores one on install. */
export async function saveConversations(conversations: PostgresConversationStore, people: readonly { readonly id: string }[]): Promise<void> {
  for (const p of people) {
    await conversations.save({
      conversationId: conversationOf(p.id),
      personId: p.id,
      aadObjectId: null,
      tenantId: 't',
      serviceUrl: 'https://smba.example/',
      reference: {},
    });
  }
}

/** A video server double that makes rooms and tokens and has nobody in them (for routes that need no video). */
export const stubVideoRooms: VideoRooms = {
  createRoom: async () => ({ roomName: 'r' }),
  issueToken: async (r) => ({ token: 'jwt', serverUrl: 'ws://video.test', roomName: r.roomName, expiresAt: new Date(Date.now() + 600_000) }),
  listParticipants: async () => [],
  removeParticipant: async () => undefined,
  deleteRoom: async () => undefined,
};

/** The advice routes on the world's stores (real audit log), as the advice module mounts them. */
export function worldAdviceRoutes(world: AdviceWorld, db: Db, o: { videoRooms: VideoRooms; ringTimeoutSeconds?: number; metrics?: AdviceMetrics }) {
  return adviceRoutes({
    store: world.store,
    directory: world.directory,
    rosters: world.rosters,
    audit: new PostgresAuditLog(db),
    clock: { now: () => new Date() },
    videoRooms: o.videoRooms,
    ringTimeoutSeconds: o.ringTimeoutSeconds ?? 60,
    switchboards: SWITCHBOARDS,
    ...(o.metrics ? { metrics: o.metrics } : {}),
  });
}
