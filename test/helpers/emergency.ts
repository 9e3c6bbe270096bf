/**
 * Akuttvideo end to end in one process: the real app (`createApp`) with the emergency module
 * as startSamrom builds it (routes, processors, stores, the Redis event bus), the real outbox
 * relay, BullMQ workers on real Redis (a fresh prefix), the LiveKit double, and a recording
 * Teams notifier (the Bot Connector cannot run here). A demo AMK centre with five operators and a leader (the backup group).
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { DevSignIn, createTokenVerifier } from '../../server/src/adapters/auth/tokens';
import { LiveKitVideoRooms } from '../../server/src/adapters/livekit/video-rooms';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { DevOutbox, DevOutboxSmsSender } from '../../server/src/adapters/messaging/dev-outbox';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { QUEUES, type QueueName } from '../../server/src/adapters/queue/registry';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { createQueueRegistry } from '../../server/src/adapters/queue/workers';
import type { AlertReport } from '../../server/src/core/emergency/alerts';
import type { Clock, PersonInput } from '../../server/src/core/ports';
import { createApp } from '../../server/src/http/app';
import { emergencyModule } from '../../server/src/modules/emergency';
import { appRoutes } from '../../server/src/modules/infrastructure';
import { startWorkers } from '../../server/src/workers';
import { LiveKitDouble } from '../doubles/livekit-double';
import { type ApiClient, api } from './app';
import { type TestDatabase, createTestDatabase } from './db';
import { RecordingNotifier } from './recording-notifier';
import { testInfrastructure } from './infrastructure';
import { testRedisUrl, uniquePrefix } from './redis';

export const AMK_OPERATORS = ['amk-1', 'amk-2', 'amk-3', 'amk-4', 'amk-5'] as const;
export const AMK_LEADER = 'amk-leder';

export const PEOPLE: PersonInput[] = [
  { id: 'lv-1', name: 'Magnus Legevakt', roles: ['legevakt'], organization: 'Drammen interkommunale legevakt', phone: '+4790000101' },
  { id: 'lv-2', name: 'Selma Legevakt', roles: ['legevakt'], organization: 'Asker og Bærum legevakt', phone: '+4790000102' },
  { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter' },
  ...AMK_OPERATORS.map((id, i) => ({ id, name: `Operatør ${i + 1}`, roles: ['amk' as const], organization: 'AMK Vestre Viken' })),
  { id: AMK_LEADER, name: 'Bjørn Leder', roles: ['amk'], organization: 'AMK Vestre Viken', specialty: 'amk-leder' },
];

export interface EmergencyHarness {
  readonly url: string;
  readonly database: TestDatabase;
  readonly notifier: RecordingNotifier;
  readonly livekit: LiveKitDouble;
  readonly metrics: Registry;
  readonly prefix: string;
  readonly workers: ReadonlyMap<QueueName, Worker<never, unknown>>;
  /** An API client signed in as this directory person. */
  as(personId: string): Promise<ApiClient>;
  /** A development bearer token for this directory person. */
  token(personId: string): Promise<string>;
  /** Resolves with the report of the job on `queue` for this call once it completed (`ring`/`escalate`, or `update`). */
  completed(queue: QueueName, callId: string, jobName?: string): Promise<AlertReport>;
  /** The development outbox the ambulance crew's SMS go to. */
  readonly outbox: DevOutbox;
  /** Resolves once the SMS job of this crew link has completed. */
  crewSmsDone(linkId: string): Promise<void>;
  /** Moves the app's clock this far ahead of the real one. */
  setClockOffsetMs(ms: number): void;
  stop(): Promise<void>;
}

export interface EmergencyHarnessOptions {
  readonly ringTimeoutSeconds: number;
  /** Minutes (fractions allowed here) from escalation until an unanswered call is closed. @defaultValue 15 */
  readonly unansweredCloseMinutes?: number;
  /** @defaultValue the shared test Redis */
  readonly redisUrl?: string;
}

export async function startEmergencyHarness(options: EmergencyHarnessOptions): Promise<EmergencyHarness> {
  let clockOffsetMs = 0;
  const systemClock: Clock = { now: () => new Date(Date.now() + clockOffsetMs) };
  const database = await createTestDatabase();
  const logger = createLogger({ level: 'silent' });
  const prefix = uniquePrefix('emergency');
  const redis: Redis = createRedisConnection(options.redisUrl ?? testRedisUrl(), { connectionName: 'test-emergency', maxReconnectDelayMs: 200 });
  const queues = createQueueRegistry({ connection: redis, prefix });
  // Sweeps often, so jobs written while Redis was away reach it soon after it is back.
  const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger, sweepIntervalMs: 200, graceMs: 300 });
  relay.start();
  const directory = new PostgresDirectory(database.db);
  await directory.upsert(PEOPLE);
  const conversations = new PostgresConversationStore(database.db);
  for (const p of PEOPLE.filter((p) => p.roles.includes('amk'))) {
    await conversations.save({
      conversationId: `conv-${p.id}`,
      personId: p.id,
      aadObjectId: null,
      tenantId: null,
      serviceUrl: 'https://smba.test/',
      reference: {},
    });
  }
  const livekit = new LiveKitDouble();
  await livekit.start();
  const video = new LiveKitVideoRooms({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  const notifier = new RecordingNotifier();
  const outbox = new DevOutbox(database.db, systemClock);

  // The server listens first: the links the module sends (Teams cards, the crew's SMS) point at it.
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server: Server = await new Promise((resolve, reject) => {
    const s = createServer((req, res) => app!(req, res)).listen(0, '127.0.0.1');
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The emergency module, as startSamrom builds it.
  const infra = testInfrastructure({ db: database.db, relay, queues, clock: systemClock, logger, video, notifier });
  const emergency = emergencyModule(
    { ...infra, messaging: { sms: new DevOutboxSmsSender(outbox), email: infra.messaging.email }, redis },
    {
      env: 'test',
      publicBaseUrl: url,
      queuePrefix: prefix,
      emergencyRingTimeoutSeconds: options.ringTimeoutSeconds,
      emergencyUnansweredCloseMinutes: options.unansweredCloseMinutes ?? 15,
      bot: { appId: undefined },
      livekit: { url: livekit.url },
    },
  );
  await emergency.listen?.();
  const running = startWorkers({ connection: redis, prefix, logger, processors: emergency.processors() });
  const crewSent = new Set<string>();
  const crewWaiting = new Map<string, (() => void)[]>();
  running.workers.get(QUEUES.emergencyCrewSms)!.on('completed', (job) => {
    const linkId = (job.data as { linkId?: string } | undefined)?.linkId ?? '';
    crewSent.add(linkId);
    for (const resolve of crewWaiting.get(linkId) ?? []) resolve();
    crewWaiting.delete(linkId);
  });

  // Every completed job's report, by queue and call, so a test can await a job that already ran.
  const results = new Map<string, AlertReport>();
  const waiting = new Map<string, ((report: AlertReport) => void)[]>();
  for (const [queue, worker] of running.workers) {
    worker.on('completed', (job, result) => {
      const callId = (job.data as { callId?: string } | undefined)?.callId;
      const key = `${queue}:${job.name}:${callId}`;
      results.set(key, result as AlertReport);
      for (const resolve of waiting.get(key) ?? []) resolve(result as AlertReport);
      waiting.delete(key);
    });
  }

  const devSignIn = await DevSignIn.create();
  const web = emergency.web({});
  app = createApp({
    logger,
    metrics: infra.metrics,
    clock: systemClock,
    directory,
    audit: infra.audit,
    verifier: createTokenVerifier(undefined, devSignIn),
    bootstrapAdminOids: [],
    readiness: [],
    ...appRoutes([web.routes]),
  });

  return {
    url,
    database,
    notifier,
    livekit,
    metrics: infra.metrics,
    prefix,
    workers: running.workers,
    as: async (personId) => api(url, { token: (await devSignIn.issue(personId)).token }),
    token: async (personId) => (await devSignIn.issue(personId)).token,
    completed(queue, callId, jobName = queue === QUEUES.emergencyEscalate ? 'escalate' : 'ring') {
      const key = `${queue}:${jobName}:${callId}`;
      const done = results.get(key);
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => waiting.set(key, [...(waiting.get(key) ?? []), resolve]));
    },
    outbox,
    crewSmsDone(linkId) {
      if (crewSent.has(linkId)) return Promise.resolve();
      return new Promise((resolve) => crewWaiting.set(linkId, [...(crewWaiting.get(linkId) ?? []), resolve]));
    },
    setClockOffsetMs(ms) {
      clockOffsetMs = ms;
    },
    async stop() {
      await relay.stop();
      await web.stop?.run();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await running.close();
      await emergency.stop?.run();
      for (const name of [QUEUES.emergencyRing, QUEUES.emergencyEscalate, QUEUES.emergencyCrewSms, QUEUES.citizenVideoSms]) {
        const queue = new Queue(name, { connection: redis, prefix });
        await queue.obliterate({ force: true });
        await queue.close();
      }
      await queues.closeAll();
      await redis.quit();
      await livekit.stop();
      await database.destroy();
    },
  };
}
