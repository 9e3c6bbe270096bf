/**
 * What every service module gets and gives, and how its routes are mounted. `server.ts` builds the shared infrastructure once
 * and mounts every module the same way: its routes into the app, its processors into the
 * workers, its bot handlers into SamromBot and its video handlers into the LiveKit webhook.
 * Tests build the same modules with their own infrastructure (PGlite, a fake clock, a recording
 * notifier), so the wiring they exercise is the wiring that runs.
 */
import type { Processor } from 'bullmq';
import type express from 'express';
import type { Registry } from 'prom-client';
import type { SamromBotDeps } from '../../../bot/samrom-bot';
import type { Logger } from '../adapters/logger';
import type { Messaging } from '../adapters/messaging';
import type { Db } from '../adapters/postgres/db';
import type { OutboxRelay } from '../adapters/queue/outbox';
import type { RedisRateLimits } from '../adapters/queue/rate-limits';
import type { QueueRegistry } from '../adapters/queue/workers';
import type { AuditLog, Clock, ConversationStore, Directory, Notifier, VideoRooms } from '../core/ports';
import type { RosterStore } from '../core/rosters/store';
import type { RoomEventHandler } from '../core/video-events';
import type { AppDeps } from '../http/app';

/** Built once per process and shared by every service. */
export interface Infrastructure {
  readonly db: Db;
  /** Writes jobs in the same transaction as the rows they are about. */
  readonly relay: OutboxRelay;
  readonly queues: Pick<QueueRegistry, 'queue'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly directory: Directory;
  readonly audit: AuditLog;
  readonly conversations: ConversationStore;
  readonly notifier: Notifier;
  readonly video: VideoRooms;
  readonly messaging: Pick<Messaging, 'sms' | 'email'>;
  /** The process's one metrics registry. */
  readonly metrics: Registry;
  /** The rosters: the advice line rings by them, AMK reads them, the demo seed fills them. */
  readonly rosters: RosterStore;
}

/** What only a web process has. */
export interface WebInfrastructure {
  /** Link and guest-API limits counted in Redis, shared by every web process (tests may leave them out). */
  readonly rateLimits?: RedisRateLimits;
}

/** A service's HTTP side, in the shapes `createApp` mounts. */
export interface ServiceRoutes {
  /** Bearer-token routers under /api, with their mount paths. */
  readonly api?: NonNullable<AppDeps['apiRoutes']>;
  /** Cookie- or link-authenticated routers, mounted before the bearer API. */
  readonly public?: readonly express.Router[];
  /** Booking under /api/consultations (mounted by createApp itself). */
  readonly consultations?: AppDeps['consultations'];
  /** Joining consultations (mounted by createApp itself). */
  readonly join?: AppDeps['join'];
}

/** A named step of the shutdown (the name is logged if it fails). */
export interface ShutdownStep {
  readonly name: string;
  run(): Promise<unknown>;
}

export interface ServiceWeb {
  readonly routes: ServiceRoutes;
  /** Runs just before the HTTP server closes (e.g. ending open streams, which would hold its close). */
  readonly stop?: ShutdownStep;
}

export type Processors = Readonly<Record<string, Processor<never, unknown>>>;

export type BotHandlers = Pick<SamromBotDeps, 'booking' | 'advice' | 'emergency' | 'shifts'>;

export interface ServiceModule {
  /** Queue name → processor; built only in processes that run workers. */
  processors(): Processors;
  /** Repeatable jobs, after the workers start (worker processes only). */
  schedule?(): Promise<void>;
  /** What SamromBot needs for this service. */
  readonly botHandlers: BotHandlers;
  /** LiveKit room events this service owns. */
  readonly videoEventHandlers: readonly RoomEventHandler[];
  /** Before the web side is built (web processes only), e.g. subscribing to Redis. */
  listen?(): Promise<void>;
  /** The routes; built only in web processes. */
  web(web: WebInfrastructure): ServiceWeb;
  /** Closes what the module opened itself; runs after the workers and the web side have stopped. */
  readonly stop?: ShutdownStep;
}

/**
 * Every service's routes in the shapes `createApp` takes, in the modules' order: the same
 * mounting for the server and for tests.
 */
export function appRoutes(routes: readonly ServiceRoutes[]): Pick<AppDeps, 'consultations' | 'join' | 'apiRoutes' | 'publicRoutes'> {
  return {
    consultations: routes.find((r) => r.consultations)?.consultations,
    join: routes.find((r) => r.join)?.join,
    apiRoutes: routes.flatMap((r) => r.api ?? []),
    publicRoutes: routes.flatMap((r) => r.public ?? []),
  };
}
