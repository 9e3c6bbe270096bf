/**
 * Composition: builds every adapter from the config, starts what the role needs and returns
 * `stop()`, which shuts down in the reverse order of start-up. `main.ts` calls this; tests
 * call it too (port 0).
 */
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createBotAdapter } from '../../bot/adapter';
import { createBotRequestHandler } from '../../bot/http';
import { SamromBot } from '../../bot/samrom-bot';
import { DevSignIn, createTokenVerifier } from './adapters/auth/tokens';
import { CachingDirectory } from './adapters/caching-directory';
import { LiveKitVideoRooms } from './adapters/livekit/video-rooms';
import { createLiveKitWebhookHandler } from './adapters/livekit/webhook';
import { createSipClient, startSipSetup } from './adapters/livekit/sip-setup';
import { phoneAdviceHandler } from './core/advice/phone';
import { type Logger, createLogger } from './adapters/logger';
import { createMessaging } from './adapters/messaging';
import { PostgresAttendanceStore } from './adapters/postgres/attendance-store';
import { PostgresAuditLog } from './adapters/postgres/audit-log';
import { PostgresConsultationStore } from './adapters/postgres/consultation-store';
import { PostgresConversationStore } from './adapters/postgres/conversation-store';
import { type Database, type DatabaseTarget, openDatabase } from './adapters/postgres/db';
import { PostgresDeliveryLedger } from './adapters/postgres/delivery-ledger';
import { PostgresDirectory } from './adapters/postgres/directory-store';
import { PostgresEmergencyAlerts } from './adapters/postgres/emergency-alerts';
import { PostgresEmergencyCallStore } from './adapters/postgres/emergency-store';
import { PostgresCitizenVideoStore } from './adapters/postgres/citizen-video-store';
import { PostgresEmergencyCrewStore } from './adapters/postgres/emergency-crew-store';
import { crewPublicRoutes } from './http/routes/emergency-crew';
import { emergencyCrewProcessors } from './workers/emergency-crew';
import { newGuestToken } from './adapters/postgres/guest-links';
import { citizenPublicRoutes, citizenVideoRoutes } from './http/routes/citizen-video';
import { citizenVideoRoomHandler } from './core/emergency/citizen-caller';
import { citizenVideoProcessors } from './workers/citizen-video';
import { RedisEmergencyEventBus } from './adapters/queue/emergency-events';
import { PrometheusEmergencyMetrics, registerCitizenVideoMetrics } from './adapters/metrics/emergency-metrics';
import { PostgresGuestLinks } from './adapters/postgres/guest-links';
import { PostgresSummaryStore } from './adapters/postgres/summary-store';
import { PostgresJoinStore } from './adapters/postgres/join-store';
import { PostgresRosterStore } from './adapters/postgres/roster-store';
import { PostgresAdviceStore } from './adapters/postgres/advice-store';
import { ADVICE_QUEUE } from './adapters/queue/advice-jobs';
import { PostgresWebhookLedger } from './adapters/postgres/webhook-ledger';
import { ensureRedis } from './adapters/queue/local-redis';
import { OutboxRelay } from './adapters/queue/outbox';
import { QUEUES } from './adapters/queue/queues';
import { BullReminderJobs } from './adapters/queue/reminder-jobs';
import { OutboxGapAlertPlanner, ROSTER_QUEUE, scheduleGapScan } from './adapters/queue/roster-jobs';
import { closeConnection, createRedisConnection, pingRedis, readMaxmemoryPolicy, waitForRedis } from './adapters/queue/redis';
import { RedisRateLimits } from './adapters/queue/rate-limits';
import { waitUntilReachable } from './adapters/wait-until-reachable';
import { isDatabaseUnavailable } from './adapters/postgres/pg-errors';
import { createQueueRegistry } from './adapters/queue/workers';
import { TeamsNotifier } from './adapters/teams/notifier';
import { type Config, ConfigError, redisPolicyProblem } from './config';
import { consultationAttendanceHandler } from './core/consultations/attendance';
import { systemClock } from './core/ports';
import { routeVideoEvents } from './core/video-events';
import { createApp } from './http/app';
import { afterMeetingRoutes } from './http/routes/after-meeting';
import { emergencyRoutes } from './http/routes/emergency';
import { emergencyProcessors } from './workers/emergency';
import { rosterRoutes } from './http/routes/rosters';
import { adviceRoutes } from './http/routes/advice';
import { adviceMetrics } from './http/advice-metrics';
import { seedIfEmpty } from './seed/index';
import { seedDemoDirectoryRoster } from './seed/roster';
import { startWorkers } from './workers';
import { notifyProcessors, organizerEmail } from './workers/invitations';
import { createAttendanceReconcileProcessor, scheduleAttendanceReconcile } from './workers/attendance';
import { createSummarySharedProcessor } from './workers/summary-shared';
import { createRosterProcessor } from './workers/rosters';
import { createAdviceProcessor } from './workers/advice';
import { systemProcessor } from './workers/system';

export type Role = 'all' | 'web' | 'worker';

export interface RunningSamrom {
  /** The base URL the HTTP server listens on (web roles only). */
  readonly url: string | undefined;
  /** The express application (web roles only), e.g. for tests that walk its route table. */
  readonly app: Express | undefined;
  readonly database: Database;
  readonly logger: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly role?: Role;
  readonly logger?: Logger;
  /** Seed the demo directory into an empty database (development only). @defaultValue true outside production */
  readonly seedDemo?: boolean;
}

export function databaseTarget(config: Config): DatabaseTarget {
  return config.database.kind === 'postgres' ? { kind: 'postgres', url: config.database.url } : { kind: 'pglite', dir: config.database.dir };
}

export async function startSamrom(config: Config, options: StartOptions = {}): Promise<RunningSamrom> {
  const role = options.role ?? 'all';
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  // Shutdown steps, pushed as things start and run in reverse.
  const stops: { name: string; run: () => Promise<unknown> }[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) {
      await step.run().catch((err: unknown) => logger.error({ err, step: step.name }, 'shutdown step failed'));
    }
  };

  try {
    // The database first: its folder lock stops a second instance before it touches anything else.
    const database = await openDatabase(databaseTarget(config));
    stops.push({ name: 'database', run: () => database.close() });
    // A database or Redis that is down at start-up is waited for, not a reason to exit.
    await waitUntilReachable({ dependency: 'PostgreSQL', attempt: () => database.migrate(), isOutage: isDatabaseUnavailable, logger });

    const redisServer = await ensureRedis({ redisUrl: config.redisUrl, dataDir: config.dataDir, logger });
    stops.push({ name: 'redis-server', run: () => redisServer.stop() });
    const redis = createRedisConnection(redisServer.url, { logger });
    stops.push({ name: 'redis', run: () => closeConnection(redis) });
    await waitForRedis(redis, logger);
    const policyProblem = redisPolicyProblem(await readMaxmemoryPolicy(redis));
    if (policyProblem && config.env === 'production') throw new ConfigError([policyProblem]);
    if (policyProblem) logger.warn(policyProblem);

    const directory = new CachingDirectory(new PostgresDirectory(database.db));
    const audit = new PostgresAuditLog(database.db);
    const conversations = new PostgresConversationStore(database.db);
    const attendance = new PostgresAttendanceStore(database.db);
    const messaging = createMessaging(config, { db: database.db, logger });
    stops.push({ name: 'messaging', run: async () => messaging.close() });
    if (messaging.devOutbox) {
      logger.warn('SMS og e-post lagres i utviklingsutboksen (/dev/outbox) og sendes ikke / SMS and e-mail go to the development outbox and are not sent');
    }
    const rosterStore = new PostgresRosterStore(database.db);
    if (options.seedDemo ?? config.env !== 'production') {
      if (await seedIfEmpty(directory)) logger.info('seeded the demo directory (Vestre Viken)');
      if (await seedDemoDirectoryRoster(directory, rosterStore)) logger.info('seeded a demo kardiologi roster (14 days)');
    }

    const queues = createQueueRegistry({ connection: redis, prefix: config.queuePrefix });
    stops.push({ name: 'queues', run: () => queues.closeAll() });
    const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger });
    const consultationStore = new PostgresConsultationStore({ db: database.db, relay });
    const summaries = new PostgresSummaryStore({ db: database.db, relay });
    const adviceStore = new PostgresAdviceStore({ db: database.db, relay });

    const botAdapter = createBotAdapter(config.bot, logger);
    const notifier = new TeamsNotifier({ adapter: botAdapter, appId: config.bot.appId, conversations, logger });
    // Built now so a bad LiveKit or bot configuration fails at start-up; the services that
    // use them (booking, akuttvideo, the consultation line) get them from here.
    const videoRooms = new LiveKitVideoRooms(config.livekit);
    // One registry per process: the web role serves it at /metrics; in `all` the workers' figures are there too.
    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics });
    const emergencyMetrics = new PrometheusEmergencyMetrics(metrics);
    const emergencyStore = new PostgresEmergencyCallStore({ db: database.db, relay });
    const citizenVideoStore = new PostgresCitizenVideoStore({ db: database.db, relay });
    const crewStore = new PostgresEmergencyCrewStore({ db: database.db, relay });
    registerCitizenVideoMetrics(metrics, citizenVideoStore, systemClock);
    const emergencyEvents = new RedisEmergencyEventBus({ connection: redis, prefix: config.queuePrefix, logger });
    stops.push({ name: 'emergency-events', run: () => emergencyEvents.close() });

    if (role !== 'web') {
      relay.start();
      stops.push({ name: 'outbox-relay', run: () => relay.stop() });
      // The 113 caller's and the ambulance crew's SMS links are sent the same way.
      const smsLinkSenders = { sms: messaging.sms, audit, clock: systemClock, logger, publicBaseUrl: config.publicBaseUrl, newToken: newGuestToken };
      const workers = startWorkers({
        connection: redis,
        prefix: config.queuePrefix,
        logger,
        processors: {
          [QUEUES.system]: systemProcessor,
          ...emergencyProcessors({
            store: emergencyStore,
            directory,
            conversations,
            notifier,
            alerts: new PostgresEmergencyAlerts(database.db),
            events: emergencyEvents,
            metrics: emergencyMetrics,
            audit,
            clock: systemClock,
            logger,
            publicBaseUrl: config.publicBaseUrl,
            ringTimeoutSeconds: config.emergencyRingTimeoutSeconds,
            unansweredCloseMinutes: config.emergencyUnansweredCloseMinutes,
            ...(config.bot.appId ? { teamsAppId: config.bot.appId } : {}),
          }),
          ...citizenVideoProcessors({ store: citizenVideoStore, ...smsLinkSenders }),
          ...emergencyCrewProcessors({ crew: crewStore, store: emergencyStore, ...smsLinkSenders }),
          [ROSTER_QUEUE]: createRosterProcessor({
            store: rosterStore,
            directory,
            planner: new OutboxGapAlertPlanner(relay),
            conversations,
            notifier,
            ledger: new PostgresDeliveryLedger(database.db),
            publicBaseUrl: config.publicBaseUrl,
            clock: systemClock,
            logger,
          }),
          ...notifyProcessors({
            store: consultationStore,
            directory,
            conversations,
            notifier,
            sms: messaging.sms,
            email: messaging.email,
            guestLinks: new PostgresGuestLinks(database.db),
            ledger: new PostgresDeliveryLedger(database.db),
            audit,
            clock: systemClock,
            logger,
            publicBaseUrl: config.publicBaseUrl,
            organizerEmail: organizerEmail(config.email),
            ...(config.bot.appId ? { teamsAppId: config.bot.appId } : {}),
          }),
          [ADVICE_QUEUE]: createAdviceProcessor({
            store: adviceStore,
            rosters: rosterStore,
            directory,
            conversations,
            notifier,
            clock: systemClock,
            ringTimeoutSeconds: config.adviceRingTimeoutSeconds,
            publicBaseUrl: config.publicBaseUrl,
            ...(config.bot.appId ? { teamsAppId: config.bot.appId } : {}),
            ledger: new PostgresDeliveryLedger(database.db),
            logger,
          }),
          [QUEUES.attendanceReconcile]: createAttendanceReconcileProcessor({ store: attendance, rooms: videoRooms, audit, logger, clock: systemClock }),
          [QUEUES.summaryShared]: createSummarySharedProcessor({
            store: consultationStore,
            summaries,
            conversations,
            notifier,
            ledger: new PostgresWebhookLedger(database.db),
            audit,
            logger,
            publicBaseUrl: config.publicBaseUrl,
            teamsAppId: config.bot.appId,
          }),
        },
      });
      stops.push({ name: 'workers', run: () => workers.close() });
      // Not awaited: start-up must not wait on Redis for a job that runs every minute anyway.
      scheduleAttendanceReconcile(queues.queue).catch((err: unknown) => logger.warn({ err }, 'could not schedule the attendance reconciliation'));
      await scheduleGapScan(queues.queue(ROSTER_QUEUE));
    }

    let url: string | undefined;
    let httpApp: Express | undefined;
    if (role !== 'worker') {
      await emergencyEvents.listen();
      // Link and guest-API limits counted in Redis, so every web process shares them.
      const rateLimits = new RedisRateLimits({ connection: redis, prefix: config.queuePrefix, logger });
      stops.push({ name: 'rate-limits', run: () => rateLimits.close() });
      const emergency = emergencyRoutes({
        store: emergencyStore,
        directory,
        events: emergencyEvents,
        changes: emergencyEvents,
        video: videoRooms,
        metrics: emergencyMetrics,
        audit,
        clock: systemClock,
        logger,
        ringTimeoutSeconds: config.emergencyRingTimeoutSeconds,
        citizenVideo: citizenVideoStore,
        rosters: rosterStore,
        crew: crewStore,
      });
      const devSignIn = config.auth.devSignIn ? await DevSignIn.create() : undefined;
      const { issuer, audience, jwksUri, tenantIds } = config.auth;
      const entra = issuer && audience && jwksUri ? { issuer, audience, jwksUri, tenantIds } : undefined;
      const bot = new SamromBot({
        conversations,
        directory,
        logger,
        publicBaseUrl: config.publicBaseUrl,
        teamsAppId: config.bot.appId,
        booking: { store: consultationStore, audit, clock: systemClock },
        advice: { store: adviceStore, rosters: rosterStore, audit, clock: systemClock, ringTimeoutSeconds: config.adviceRingTimeoutSeconds },
        emergency: {
          store: emergencyStore,
          events: emergencyEvents,
          video: videoRooms,
          metrics: emergencyMetrics,
          audit,
          clock: systemClock,
          ringTimeoutSeconds: config.emergencyRingTimeoutSeconds,
        },
      });
      const app = createApp({
        logger,
        metrics,
        clock: systemClock,
        directory,
        audit,
        verifier: createTokenVerifier(entra, devSignIn),
        bootstrapAdminOids: config.auth.bootstrapAdminOids,
        devSignIn,
        trustProxy: config.trustProxy,
        metricsToken: config.metricsToken,
        readiness: {
          database: () => database.ping(),
          redis: async () => {
            const ping = await pingRedis(redis, 1_000);
            if (!ping.ok) throw new Error(ping.reason);
          },
        },
        tabs: { config, videoServerUrl: config.livekit.url },
        consultations: {
          store: consultationStore,
          jobs: new BullReminderJobs({ queue: queues.queue, logger }),
        },
        apiRoutes: [
          { path: '/consultations', router: afterMeetingRoutes({ store: consultationStore, summaries, directory, audit, clock: systemClock }) },
          { path: '/emergency-calls', router: emergency.router },
          { path: '/rosters', router: rosterRoutes({ store: rosterStore, directory, clock: systemClock }) },
          {
            path: '/advice-requests',
            router: adviceRoutes({
              store: adviceStore,
              directory,
              rosters: rosterStore,
              audit,
              clock: systemClock,
              videoRooms,
              ringTimeoutSeconds: config.adviceRingTimeoutSeconds,
              metrics: adviceMetrics(metrics, adviceStore),
            }),
          },
          {
            path: '/citizen-video',
            router: citizenVideoRoutes({
              store: citizenVideoStore,
              directory,
              video: videoRooms,
              conversations,
              notifier,
              audit,
              clock: systemClock,
              publicBaseUrl: config.publicBaseUrl,
              newToken: newGuestToken,
            }),
          },
        ],
        publicRoutes: [
          crewPublicRoutes({
            crew: crewStore,
            store: emergencyStore,
            video: videoRooms,
            audit,
            clock: systemClock,
            newToken: newGuestToken,
            secureCookies: config.env === 'production',
            videoServerUrl: config.livekit.url,
            rateLimits,
          }),
          citizenPublicRoutes({
            store: citizenVideoStore,
            video: videoRooms,
            audit,
            clock: systemClock,
            newToken: newGuestToken,
            secureCookies: config.env === 'production',
            videoServerUrl: config.livekit.url,
            rateLimits,
          }),
        ],
        join: {
          consultations: consultationStore,
          join: new PostgresJoinStore(database.db),
          videoRooms,
          secureCookies: config.env === 'production',
          videoServerUrl: config.livekit.url,
          rateLimits,
        },
        devOutbox: config.env !== 'production' ? messaging.devOutbox : undefined,
        botHandler: createBotRequestHandler(botAdapter, bot, logger),
        livekitWebhook: createLiveKitWebhookHandler({
          ...config.livekit,
          ledger: new PostgresWebhookLedger(database.db),
          // Each service owning rooms adds its handler; a room no handler owns is logged and ignored.
          sink: routeVideoEvents(
            [
              consultationAttendanceHandler({ store: attendance, audit, logger }),
              citizenVideoRoomHandler({ store: citizenVideoStore, audit }),
              ...(config.sip
                ? [
                    phoneAdviceHandler({
                      store: adviceStore,
                      directory,
                      rosters: rosterStore,
                      audit,
                      clock: systemClock,
                      ringTimeoutSeconds: config.adviceRingTimeoutSeconds,
                      lines: config.sip.inboundNumbers,
                      roomPrefix: config.sip.roomPrefix,
                      priority: config.sip.priority,
                      logger,
                    }),
                  ]
                : []),
            ],
            logger,
          ),
          logger,
        }),
      });
      if (config.sip) {
        // Not awaited: a LiveKit that is down must not stop start-up; the runner retries.
        const sipSetup = startSipSetup(createSipClient(config.livekit), config.sip, logger);
        stops.push({ name: 'sip-setup', run: async () => sipSetup.stop() });
      }
      httpApp = app;
      const server = await listen(app, config.port);
      stops.push({ name: 'http', run: () => closeServer(server) });
      // Open console streams would hold the server's close: they end first (stops run in reverse).
      stops.push({ name: 'emergency-streams', run: async () => emergency.close() });
      url = `http://localhost:${(server.address() as AddressInfo).port}`;
    }

    logger.info({ role, url, database: database.kind, redisOwned: redisServer.owned }, 'Samrom started');
    return { url, app: httpApp, database, logger, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function listen(app: ReturnType<typeof createApp>, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/** Stops accepting connections, lets in-flight requests finish, then closes idle keep-alives. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
  });
}
