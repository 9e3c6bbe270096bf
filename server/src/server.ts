/**
 * Composition: builds the shared infrastructure from the config once, builds the three service
 * modules on it (consultations, emergency, advice — see modules/), starts what the role needs
 * and returns `stop()`, which shuts down in the reverse order of start-up. `main.ts` calls this;
 * tests call it too (port 0).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { registerOutboxMetrics } from './adapters/metrics/outbox-metrics';
import { createBotAdapter } from '../../bot/adapter';
import { createBotRequestHandler } from '../../bot/http';
import { SamromBot } from '../../bot/samrom-bot';
import { DevSignIn, createTokenVerifier } from './adapters/auth/tokens';
import { CachingDirectory } from './adapters/caching-directory';
import { createSipClient, startSipSetup } from './adapters/livekit/sip-setup';
import { LiveKitVideoRooms } from './adapters/livekit/video-rooms';
import { createLiveKitWebhookHandler } from './adapters/livekit/webhook';
import { type Logger, createLogger } from './adapters/logger';
import { type Messaging, createMessaging } from './adapters/messaging';
import { PostgresAuditLog } from './adapters/postgres/audit-log';
import { PostgresConversationStore } from './adapters/postgres/conversation-store';
import { type Database, type DatabaseTarget, openDatabase } from './adapters/postgres/db';
import { PostgresDirectory } from './adapters/postgres/directory-store';
import { isDatabaseUnavailable } from './adapters/postgres/pg-errors';
import { PostgresRosterStore } from './adapters/postgres/roster-store';
import { PostgresWebhookLedger } from './adapters/postgres/webhook-ledger';
import { ensureRedis } from './adapters/queue/local-redis';
import { OutboxRelay } from './adapters/queue/outbox';
import { RedisRateLimits } from './adapters/queue/rate-limits';
import { closeConnection, createRedisConnection, pingRedis, readMaxmemoryPolicy, waitForRedis } from './adapters/queue/redis';
import { QUEUES } from './adapters/queue/registry';
import { createQueueRegistry } from './adapters/queue/workers';
import { TeamsNotifier } from './adapters/teams/notifier';
import { waitUntilReachable } from './adapters/wait-until-reachable';
import { type Config, ConfigError, redisPolicyProblem, workerCloseGraceMs } from './config';
import { systemClock } from './core/ports';
import { routeVideoEvents } from './core/video-events';
import { createApp } from './http/app';
import { type ReadinessCheck, createOpsApp } from './http/ops-routes';
import { adviceModule } from './modules/advice';
import { consultationsModule } from './modules/consultations';
import { emergencyModule } from './modules/emergency';
import { type Infrastructure, type ServiceModule, type ShutdownStep, appRoutes } from './modules/infrastructure';
import { seedIfEmpty } from './seed/index';
import { seedDemoDirectoryRoster } from './seed/roster';
import { type RunningWorkers, startWorkers } from './workers';
import { systemProcessor } from './workers/system';

export type Role = 'all' | 'web' | 'worker';

/** Where a worker serves /healthz, /readyz and /metrics when `METRICS_PORT` is unset (Prometheus' exporter range). @defaultValue 9464 */
export const DEFAULT_WORKER_METRICS_PORT = 9464;

export interface RunningSamrom {
  /** The base URL the HTTP server listens on (web roles only). */
  readonly url: string | undefined;
  /** Where /healthz, /readyz and /metrics answer on `METRICS_PORT` (a worker's only listener); undefined when there is no such listener. */
  readonly metricsUrl: string | undefined;
  /** The express application (web roles only), e.g. for tests that walk its route table. */
  readonly app: Express | undefined;
  readonly database: Database;
  readonly logger: Logger;
  /**
   * Shuts down: `/readyz` answers 503 `draining` at once; a process with a web side keeps serving
   * for `SHUTDOWN_DRAIN_MS` (the load balancer's not-ready window), then everything closes in the
   * reverse order of start-up (open streams end and reconnect elsewhere; workers stop taking jobs
   * and wait for those in flight within the grace `SHUTDOWN_TIMEOUT_MS` leaves).
   */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly role?: Role;
  readonly logger?: Logger;
  /** Seed the demo directory into an empty database (development only). @defaultValue true outside production */
  readonly seedDemo?: boolean;
}

export function databaseTarget(config: Config): DatabaseTarget {
  const db = config.database;
  if (db.kind === 'pglite') return { kind: 'pglite', dir: db.dir };
  return {
    kind: 'postgres',
    url: db.url,
    poolSize: db.poolMax,
    connectionTimeoutMs: db.poolTimeoutMs,
    statementTimeoutMs: db.statementTimeoutMs,
    ssl: db.ssl,
  };
}

/** What every listener's /readyz reports. */
interface Ops {
  readonly readiness: readonly ReadinessCheck[];
  readonly draining: () => boolean;
}

/** Shutdown steps, pushed as things start and run in reverse. */
type Stops = ShutdownStep[];

/** What start-up builds once and every step after it shares. */
interface Built {
  readonly config: Config;
  readonly logger: Logger;
  readonly stops: Stops;
  readonly database: Database;
  readonly redis: Redis;
  readonly infra: Infrastructure;
  readonly relay: OutboxRelay;
  readonly messaging: Messaging;
  readonly botAdapter: ReturnType<typeof createBotAdapter>;
  readonly modules: readonly ServiceModule[];
}

export async function startSamrom(config: Config, options: StartOptions = {}): Promise<RunningSamrom> {
  const role = options.role ?? 'all';
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const stops: Stops = [];
  const state = { draining: false, drainMs: 0 };
  const stop = async () => {
    state.draining = true;
    if (state.drainMs > 0) {
      logger.info({ drainMs: state.drainMs }, 'draining: /readyz answers 503 while requests are still served');
      await sleep(state.drainMs);
    }
    for (const step of stops.splice(0).reverse()) {
      await step.run().catch((err: unknown) => logger.error({ err, step: step.name }, 'shutdown step failed'));
    }
  };

  try {
    const { database, redis, redisServer } = await connect(config, logger, stops);
    const built = await buildServices(config, options, { logger, stops, database, redis });
    const workers = role !== 'web' ? await startWorkerRole(built) : undefined;
    const ops: Ops = { readiness: readinessChecks(built, workers), draining: () => state.draining };
    const web = role !== 'worker' ? await startWebRole(built, ops) : undefined;
    const metricsPort = config.metricsPort ?? (role === 'worker' ? DEFAULT_WORKER_METRICS_PORT : undefined);
    const metricsUrl = metricsPort !== undefined ? await startOpsListener(built, metricsPort, ops) : undefined;
    // Only a process a load balancer sends requests to needs the not-ready window.
    if (web) state.drainMs = config.shutdown.drainMs;
    logger.info({ role, url: web?.url, metricsUrl, database: database.kind, redisOwned: redisServer.owned }, 'Samrom started');
    return { url: web?.url, metricsUrl, app: web?.app, database, logger, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** PostgreSQL, then Redis: each waited for while it is down, not a reason to exit. */
async function connect(config: Config, logger: Logger, stops: Stops) {
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
  return { database, redis, redisServer };
}

/** The shared infrastructure, built once, and the three service modules on it. */
async function buildServices(
  config: Config,
  options: StartOptions,
  { logger, stops, database, redis }: Pick<Built, 'logger' | 'stops' | 'database' | 'redis'>,
): Promise<Built> {
  const db = database.db;
  const directory = new CachingDirectory(new PostgresDirectory(db));
  const conversations = new PostgresConversationStore(db);
  const messaging = createMessaging(config, { db, logger });
  stops.push({ name: 'messaging', run: async () => messaging.close() });
  if (messaging.devOutbox) {
    logger.warn('SMS og e-post lagres i utviklingsutboksen (/dev/outbox) og sendes ikke / SMS and e-mail go to the development outbox and are not sent');
  }
  const rosters = new PostgresRosterStore(db);
  if (options.seedDemo ?? config.env !== 'production') {
    if (await seedIfEmpty(directory)) logger.info('seeded the demo directory (Vestre Viken)');
    if (await seedDemoDirectoryRoster(directory, rosters)) logger.info('seeded a demo kardiologi roster (14 days)');
  }

  const queues = createQueueRegistry({ connection: redis, prefix: config.queuePrefix });
  stops.push({ name: 'queues', run: () => queues.closeAll() });
  const relay = new OutboxRelay({ db, queue: queues.queue, logger });
  const botAdapter = createBotAdapter(config.bot, logger);
  const notifier = new TeamsNotifier({ adapter: botAdapter, appId: config.bot.appId, conversations, logger });
  // Built now so a bad LiveKit or bot configuration fails at start-up; the services get them from here.
  const video = new LiveKitVideoRooms(config.livekit);
  // One registry per process: the web role serves it at /metrics; in `all` the workers' figures are there too.
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  registerOutboxMetrics(metrics, relay, () => systemClock.now());
  const audit = new PostgresAuditLog(db);
  const infra: Infrastructure = {
    db,
    relay,
    queues,
    clock: systemClock,
    logger,
    directory,
    audit,
    conversations,
    notifier,
    video,
    messaging,
    metrics,
    rosters,
  };

  const emergency = emergencyModule({ ...infra, redis }, config);
  if (emergency.stop) stops.push(emergency.stop);
  const modules = [consultationsModule(infra, config), emergency, adviceModule(infra, config)];
  return { config, logger, stops, database, redis, infra, relay, messaging, botAdapter, modules };
}

/** The outbox relay, one worker per queue a module serves, and the repeatable jobs. */
async function startWorkerRole({ config, logger, stops, redis, relay, modules }: Built): Promise<RunningWorkers> {
  relay.start();
  stops.push({ name: 'outbox-relay', run: () => relay.stop() });
  const workers = startWorkers({
    connection: redis,
    prefix: config.queuePrefix,
    logger,
    processors: Object.assign({ [QUEUES.system]: systemProcessor }, ...modules.map((m) => m.processors())),
  });
  stops.push({ name: 'workers', run: () => workers.close(workerCloseGraceMs(config.shutdown)) });
  for (const m of modules) await m.schedule?.();
  return workers;
}

/** `/readyz`: the database and Redis answer, and (a role running workers) every worker is consuming. */
function readinessChecks({ database, redis }: Built, workers: RunningWorkers | undefined): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    { name: 'database', probe: () => database.ping() },
    {
      name: 'redis',
      probe: async () => {
        const ping = await pingRedis(redis, 1_000);
        if (!ping.ok) throw new Error(ping.reason);
      },
    },
  ];
  if (workers) checks.push({ name: 'consuming', probe: () => workers.consuming() });
  return checks;
}

/** /healthz, /readyz and /metrics alone on `port`: a worker's only listener, or the web role's second one. */
async function startOpsListener({ config, logger, stops, infra }: Built, port: number, ops: Ops): Promise<string> {
  const app = createOpsApp({ logger, metrics: infra.metrics, metricsToken: config.metricsToken, ...ops });
  const server = await listen(app, port);
  stops.push({ name: 'ops-http', run: () => closeServer(server) });
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

/** Every module's routes, bot handlers and video handlers mounted the same way, then the HTTP server. */
async function startWebRole(built: Built, ops: Ops): Promise<{ url: string; app: Express }> {
  const { config, logger, stops, redis, infra, modules } = built;
  for (const m of modules) await m.listen?.();
  const rateLimits = new RedisRateLimits({ connection: redis, prefix: config.queuePrefix, logger });
  stops.push({ name: 'rate-limits', run: () => rateLimits.close() });
  const webs = modules.map((m) => m.web({ rateLimits }));
  const devSignIn = config.auth.devSignIn ? await DevSignIn.create() : undefined;
  const { issuer, audience, jwksUri, tenantIds } = config.auth;
  const entra = issuer && audience && jwksUri ? { issuer, audience, jwksUri, tenantIds } : undefined;
  const bot = new SamromBot({
    conversations: infra.conversations,
    directory: infra.directory,
    logger,
    publicBaseUrl: config.publicBaseUrl,
    teamsAppId: config.bot.appId,
    ...Object.assign({}, ...modules.map((m) => m.botHandlers)),
  });
  const app = createApp({
    logger,
    metrics: infra.metrics,
    clock: infra.clock,
    directory: infra.directory,
    audit: infra.audit,
    verifier: createTokenVerifier(entra, devSignIn),
    bootstrapAdminOids: config.auth.bootstrapAdminOids,
    devSignIn,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    ...ops,
    tabs: { config, videoServerUrl: config.livekit.url },
    ...appRoutes(webs.map((w) => w.routes)),
    devOutbox: config.env !== 'production' ? built.messaging.devOutbox : undefined,
    botHandler: createBotRequestHandler(built.botAdapter, bot, logger),
    livekitWebhook: createLiveKitWebhookHandler({
      ...config.livekit,
      ledger: new PostgresWebhookLedger(infra.db),
      // Each service owning rooms adds its handler; a room no handler owns is logged and ignored.
      sink: routeVideoEvents(
        modules.flatMap((m) => m.videoEventHandlers),
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
  const server = await listen(app, config.port);
  stops.push({ name: 'http', run: () => closeServer(server) });
  // Open streams would hold the server's close: they end first (stops run in reverse).
  for (const w of webs) if (w.stop) stops.push(w.stop);
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, app };
}

function listen(app: Express, port: number): Promise<Server> {
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
