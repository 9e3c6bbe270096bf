/**
 * Citizen video end to end in one process: the real app (`createApp`) with the citizen routes,
 * the real PostgreSQL store and outbox relay, the SMS worker on real Redis (a fresh prefix)
 * writing to the development outbox, the LiveKit double, a recording Teams notifier, and a
 * clock the test can move. AMK operators, a legevakt doctor and a GP in the directory.
 */
import { Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { LiveKitVideoRooms } from '../../server/src/adapters/livekit/video-rooms';
import { createLiveKitWebhookHandler } from '../../server/src/adapters/livekit/webhook';
import { PostgresWebhookLedger } from '../../server/src/adapters/postgres/webhook-ledger';
import { citizenVideoRoomHandler } from '../../server/src/core/emergency/citizen-caller';
import { routeVideoEvents } from '../../server/src/core/video-events';
import { createLogger } from '../../server/src/adapters/logger';
import { DevOutbox, DevOutboxSmsSender } from '../../server/src/adapters/messaging/dev-outbox';
import { PostgresCitizenVideoStore } from '../../server/src/adapters/postgres/citizen-video-store';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { newGuestToken } from '../../server/src/adapters/postgres/guest-links';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { createQueueRegistry } from '../../server/src/adapters/queue/workers';
import type { Clock, PersonInput } from '../../server/src/core/ports';
import { citizenPublicRoutes, citizenVideoRoutes } from '../../server/src/http/routes/citizen-video';
import { startWorkers } from '../../server/src/workers';
import { citizenVideoProcessors } from '../../server/src/workers/citizen-video';
import { registerCitizenVideoMetrics } from '../../server/src/adapters/metrics/emergency-metrics';
import { LiveKitDouble } from '../doubles/livekit-double';
import { type ApiClient, type TestApp, api, startTestApp } from './app';
import { type TestDatabase, createTestDatabase } from './db';
import { RecordingNotifier } from './recording-notifier';
import { testRedisUrl, uniquePrefix } from './redis';
import { QUEUES } from '../../server/src/adapters/queue/registry';

export const CITIZEN_PEOPLE: PersonInput[] = [
  { id: 'amk-1', name: 'Operatør En', roles: ['amk'], organization: 'AMK Vestre Viken' },
  { id: 'lv-1', name: 'Magnus Legevakt', roles: ['legevakt'], organization: 'Drammen interkommunale legevakt' },
  { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter' },
  { id: 'ke-1', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune' },
];

export interface CitizenHarness {
  readonly app: TestApp;
  readonly url: string;
  readonly database: TestDatabase;
  readonly livekit: LiveKitDouble;
  readonly notifier: RecordingNotifier;
  readonly outbox: DevOutbox;
  readonly worker: Worker<never, unknown>;
  /** An API client signed in as this directory person (development sign-in). */
  as(personId: string): Promise<ApiClient>;
  /** Every line the relay and the SMS worker logged so far. */
  workerLogs(): string[];
  /** Moves the app's clock this far ahead of the real one. */
  setClockOffsetMs(ms: number): void;
  /** Resolves once `count` SMS jobs of this session have completed. */
  smsJobsDone(sessionId: string, count?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startCitizenHarness(options: { distDir?: string } = {}): Promise<CitizenHarness> {
  let clockOffsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + clockOffsetMs) };
  const database = await createTestDatabase();
  const workerLines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void workerLines.push(line) } });
  const prefix = uniquePrefix('citizen');
  const redis: Redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-citizen' });
  const queues = createQueueRegistry({ connection: redis, prefix });
  const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger });
  relay.start();
  const store = new PostgresCitizenVideoStore({ db: database.db, relay });
  const outbox = new DevOutbox(database.db, clock);
  const livekit = new LiveKitDouble();
  await livekit.start();
  const video = new LiveKitVideoRooms({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  const notifier = new RecordingNotifier();
  const conversations = new PostgresConversationStore(database.db);

  // Stateless over the database: the same tables the app's own instances use.
  const directory = new PostgresDirectory(database.db);
  await directory.upsert(CITIZEN_PEOPLE);
  await conversations.save({
    conversationId: 'conv-lv-1',
    personId: 'lv-1',
    aadObjectId: null,
    tenantId: null,
    serviceUrl: 'https://smba.test/',
    reference: {},
  });
  const audit = new PostgresAuditLog(database.db);

  const app = await startTestApp({
    database,
    clock,
    devSignIn: true,
    devOutbox: outbox,
    apiRoutes: [
      {
        path: '/citizen-video',
        router: citizenVideoRoutes({
          store,
          directory,
          video,
          conversations,
          notifier,
          audit,
          clock,
          publicBaseUrl: 'http://samrom.test',
          newToken: newGuestToken,
        }),
      },
    ],
    livekitWebhook: createLiveKitWebhookHandler({
      apiKey: livekit.apiKey,
      apiSecret: livekit.apiSecret,
      ledger: new PostgresWebhookLedger(database.db),
      sink: routeVideoEvents([citizenVideoRoomHandler({ store, audit })], logger),
      logger,
    }),
    publicRoutes: [
      citizenPublicRoutes({
        store,
        video,
        audit,
        clock,
        newToken: newGuestToken,
        secureCookies: false,
        videoServerUrl: livekit.url,
        // Every test opens links from one address: the page's GET and its button's POST both count.
        linkAttemptsPerMinute: 1_000,
        ...(options.distDir ? { distDir: options.distDir } : {}),
      }),
    ],
  });

  // As in server.ts: the citizen figures on the registry /metrics serves.
  registerCitizenVideoMetrics(app.metrics, store, clock);

  const running = startWorkers({
    connection: redis,
    prefix,
    logger,
    processors: citizenVideoProcessors({ store, sms: new DevOutboxSmsSender(outbox), audit, clock, logger, publicBaseUrl: app.url, newToken: newGuestToken }),
  });
  const worker = running.workers.get(QUEUES.citizenVideoSms)!;
  const done = new Map<string, number>();
  const waiting: { sessionId: string; count: number; resolve: () => void }[] = [];
  worker.on('completed', (job) => {
    const sessionId = (job.data as { sessionId?: string } | undefined)?.sessionId ?? '';
    done.set(sessionId, (done.get(sessionId) ?? 0) + 1);
    for (const w of waiting.splice(0)) {
      if ((done.get(w.sessionId) ?? 0) >= w.count) w.resolve();
      else waiting.push(w);
    }
  });

  return {
    app,
    url: app.url,
    database,
    livekit,
    notifier,
    outbox,
    worker,
    as: async (personId) => api(app.url, { token: (await app.devSignIn!.issue(personId)).token }),
    workerLogs: () => [...workerLines],
    setClockOffsetMs: (ms) => {
      clockOffsetMs = ms;
    },
    smsJobsDone(sessionId, count = 1) {
      if ((done.get(sessionId) ?? 0) >= count) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ sessionId, count, resolve }));
    },
    async stop() {
      await relay.stop();
      await app.stop();
      await running.close();
      const queue = new Queue(QUEUES.citizenVideoSms, { connection: redis, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
      await queues.closeAll();
      await redis.quit();
      await livekit.stop();
      await database.destroy();
    },
  };
}
