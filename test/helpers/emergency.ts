/**
 * Akuttvideo end to end in one process: the real app (`createApp`) with the emergency routes,
 * the real PostgreSQL store and outbox relay, BullMQ workers on real Redis (a fresh prefix),
 * the Redis event bus, the LiveKit double, and a recording Teams notifier (the Bot Connector
 * cannot run here). A demo AMK centre with five operators and a leader (the backup group).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { DevSignIn, createTokenVerifier } from '../../server/src/adapters/auth/tokens';
import { LiveKitVideoRooms } from '../../server/src/adapters/livekit/video-rooms';
import { createLogger } from '../../server/src/adapters/logger';
import { PrometheusEmergencyMetrics } from '../../server/src/adapters/metrics/emergency-metrics';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { PostgresEmergencyAlerts } from '../../server/src/adapters/postgres/emergency-alerts';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { PostgresEmergencyCallStore } from '../../server/src/adapters/postgres/emergency-store';
import { PostgresRosterStore } from '../../server/src/adapters/postgres/roster-store';
import { EMERGENCY_CREW_SMS_QUEUE, PostgresEmergencyCrewStore } from '../../server/src/adapters/postgres/emergency-crew-store';
import { newGuestToken } from '../../server/src/adapters/postgres/guest-links';
import { DevOutbox, DevOutboxSmsSender } from '../../server/src/adapters/messaging/dev-outbox';
import { crewPublicRoutes } from '../../server/src/http/routes/emergency-crew';
import { emergencyCrewProcessors } from '../../server/src/workers/emergency-crew';
import { RedisEmergencyEventBus } from '../../server/src/adapters/queue/emergency-events';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { QUEUES, type QueueName } from '../../server/src/adapters/queue/queues';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { createQueueRegistry } from '../../server/src/adapters/queue/workers';
import type { AlertReport } from '../../server/src/core/emergency/alerts';
import type { Clock, PersonInput } from '../../server/src/core/ports';
import { createApp } from '../../server/src/http/app';
import { emergencyRoutes } from '../../server/src/http/routes/emergency';
import { emergencyProcessors } from '../../server/src/workers/emergency';
import { startWorkers } from '../../server/src/workers';
import { LiveKitDouble } from '../doubles/livekit-double';
import { type ApiClient, api } from './app';
import { type TestDatabase, createTestDatabase } from './db';
import { RecordingNotifier } from './recording-notifier';
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
    await conversations.save({ conversationId: `conv-${p.id}`, personId: p.id, aadObjectId: null, tenantId: null, serviceUrl: 'https://smba.test/', reference: {} });
  }
  const audit = new PostgresAuditLog(database.db);
  const store = new PostgresEmergencyCallStore({ db: database.db, relay });
  const events = new RedisEmergencyEventBus({ connection: redis, prefix, logger });
  await events.listen();
  const metrics = new Registry();
  const emergencyMetrics = new PrometheusEmergencyMetrics(metrics);
  const livekit = new LiveKitDouble();
  await livekit.start();
  const video = new LiveKitVideoRooms({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  const notifier = new RecordingNotifier();
  const crew = new PostgresEmergencyCrewStore({ db: database.db, relay });
  const outbox = new DevOutbox(database.db, systemClock);
  let publicBaseUrl = 'http://samrom.test';

  const running = startWorkers({
    connection: redis,
    prefix,
    logger,
    processors: {
      ...emergencyCrewProcessors({
        crew,
        store,
        sms: new DevOutboxSmsSender(outbox),
        audit,
        clock: systemClock,
        logger,
        get publicBaseUrl() {
          return publicBaseUrl;
        },
        newToken: newGuestToken,
      }),
      ...emergencyProcessors({
      store,
      directory,
      conversations,
      notifier,
      alerts: new PostgresEmergencyAlerts(database.db),
      events,
      metrics: emergencyMetrics,
      audit,
      clock: systemClock,
      logger,
      publicBaseUrl: 'http://samrom.test',
      ringTimeoutSeconds: options.ringTimeoutSeconds,
      ...(options.unansweredCloseMinutes !== undefined && { unansweredCloseMinutes: options.unansweredCloseMinutes }),
      }),
    },
  });
  const crewSent = new Set<string>();
  const crewWaiting = new Map<string, (() => void)[]>();
  running.workers.get(EMERGENCY_CREW_SMS_QUEUE)!.on('completed', (job) => {
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
  const routes = emergencyRoutes({
    store,
    directory,
    events,
    changes: events,
    video,
    metrics: emergencyMetrics,
    audit,
    clock: systemClock,
    logger,
    ringTimeoutSeconds: options.ringTimeoutSeconds,
    rosters: new PostgresRosterStore(database.db),
    crew,
  });
  const app = createApp({
    logger,
    metrics,
    clock: systemClock,
    directory,
    audit,
    verifier: createTokenVerifier(undefined, devSignIn),
    bootstrapAdminOids: [],
    readiness: {},
    apiRoutes: [{ path: '/emergency-calls', router: routes.router }],
    publicRoutes: [
      crewPublicRoutes({
        crew,
        store,
        video,
        audit,
        clock: systemClock,
        newToken: newGuestToken,
        secureCookies: false,
        videoServerUrl: livekit.url,
      }),
    ],
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1');
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  publicBaseUrl = url;

  return {
    url,
    database,
    notifier,
    livekit,
    metrics,
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
      routes.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await running.close();
      await events.close();
      for (const name of [QUEUES.emergencyRing, QUEUES.emergencyEscalate, EMERGENCY_CREW_SMS_QUEUE]) {
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
