/**
 * The emergency service (akuttvideo): calls between legevakt and AMK, the 113 caller's video
 * link and the ambulance crew's link — its stores, event bus, metrics, routes, queue
 * processors, bot handler and LiveKit room handler, built from the shared infrastructure.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import { PrometheusEmergencyMetrics, registerCitizenVideoMetrics } from '../adapters/metrics/emergency-metrics';
import { PostgresCitizenVideoStore } from '../adapters/postgres/citizen-video-store';
import { PostgresEmergencyAlerts } from '../adapters/postgres/emergency-alerts';
import { PostgresEmergencyCrewStore } from '../adapters/postgres/emergency-crew-store';
import { PostgresEmergencyCallStore } from '../adapters/postgres/emergency-store';
import { newGuestToken } from '../adapters/postgres/guest-links';
import { RedisEmergencyEventBus } from '../adapters/queue/emergency-events';
import { citizenVideoRoomHandler } from '../core/emergency/citizen-caller';
import { citizenPublicRoutes, citizenVideoRoutes } from '../http/routes/citizen-video';
import { emergencyRoutes } from '../http/routes/emergency';
import { crewPublicRoutes } from '../http/routes/emergency-crew';
import { citizenVideoProcessors } from '../workers/citizen-video';
import { emergencyProcessors } from '../workers/emergency';
import { emergencyCrewProcessors } from '../workers/emergency-crew';
import type { Infrastructure, ServiceModule, ServiceWeb, WebInfrastructure } from './infrastructure';

export type EmergencyConfig = Pick<Config, 'env' | 'publicBaseUrl' | 'queuePrefix' | 'emergencyRingTimeoutSeconds' | 'emergencyUnansweredCloseMinutes'> & {
  readonly bot: Pick<Config['bot'], 'appId'>;
  readonly livekit: Pick<Config['livekit'], 'url'>;
};

export interface EmergencyInfrastructure extends Infrastructure {
  /** For the event bus: call changes go to every Samrom process over Redis pub/sub. */
  readonly redis: Redis;
}

export function emergencyModule(infra: EmergencyInfrastructure, config: EmergencyConfig): ServiceModule {
  const { db, relay, clock, logger, directory, audit, conversations, notifier, video, metrics } = infra;
  const emergencyMetrics = new PrometheusEmergencyMetrics(metrics);
  const store = new PostgresEmergencyCallStore({ db, relay });
  const citizenVideo = new PostgresCitizenVideoStore({ db, relay });
  const crew = new PostgresEmergencyCrewStore({ db, relay });
  registerCitizenVideoMetrics(metrics, citizenVideo, clock);
  const events = new RedisEmergencyEventBus({ connection: infra.redis, prefix: config.queuePrefix, logger });
  const ringTimeoutSeconds = config.emergencyRingTimeoutSeconds;
  const parts = { infra, config, store, citizenVideo, crew, events, emergencyMetrics };

  return {
    processors: () => {
      // The 113 caller's and the ambulance crew's SMS links are sent the same way.
      const smsLinkSenders = { sms: infra.messaging.sms, audit, clock, logger, publicBaseUrl: config.publicBaseUrl, newToken: newGuestToken };
      return {
        ...emergencyProcessors({
          store,
          directory,
          conversations,
          notifier,
          alerts: new PostgresEmergencyAlerts(db),
          events,
          metrics: emergencyMetrics,
          audit,
          clock,
          logger,
          publicBaseUrl: config.publicBaseUrl,
          ringTimeoutSeconds,
          unansweredCloseMinutes: config.emergencyUnansweredCloseMinutes,
          ...(config.bot.appId ? { teamsAppId: config.bot.appId } : {}),
        }),
        ...citizenVideoProcessors({ store: citizenVideo, ...smsLinkSenders }),
        ...emergencyCrewProcessors({ crew, store, ...smsLinkSenders }),
      };
    },
    botHandlers: { emergency: { store, events, video, metrics: emergencyMetrics, audit, clock, ringTimeoutSeconds } },
    videoEventHandlers: [citizenVideoRoomHandler({ store: citizenVideo, audit })],
    listen: () => events.listen(),
    web: ({ rateLimits }) => emergencyWeb({ ...parts, rateLimits }),
    stop: { name: 'emergency-events', run: () => events.close() },
  };
}

interface EmergencyParts extends WebInfrastructure {
  readonly infra: Infrastructure;
  readonly config: EmergencyConfig;
  readonly store: PostgresEmergencyCallStore;
  readonly citizenVideo: PostgresCitizenVideoStore;
  readonly crew: PostgresEmergencyCrewStore;
  readonly events: RedisEmergencyEventBus;
  readonly emergencyMetrics: PrometheusEmergencyMetrics;
}

/** The consoles' API (calls, citizen video) and the caller's and crew's link pages. */
function emergencyWeb({ infra, config, store, citizenVideo, crew, events, emergencyMetrics, rateLimits }: EmergencyParts): ServiceWeb {
  const { clock, logger, directory, audit, conversations, notifier, video } = infra;
  const calls = emergencyRoutes({
    store,
    directory,
    events,
    changes: events,
    video,
    metrics: emergencyMetrics,
    audit,
    clock,
    logger,
    ringTimeoutSeconds: config.emergencyRingTimeoutSeconds,
    citizenVideo,
    rosters: infra.rosters,
    crew,
  });
  const secureCookies = config.env === 'production';
  const links = { video, audit, clock, newToken: newGuestToken, secureCookies, videoServerUrl: config.livekit.url, rateLimits };
  const publicBaseUrl = config.publicBaseUrl;
  return {
    routes: {
      api: [
        { path: '/emergency-calls', router: calls.router },
        {
          path: '/citizen-video',
          router: citizenVideoRoutes({ store: citizenVideo, directory, video, conversations, notifier, audit, clock, publicBaseUrl, newToken: newGuestToken }),
        },
      ],
      public: [crewPublicRoutes({ crew, store, ...links }), citizenPublicRoutes({ store: citizenVideo, ...links })],
    },
    // Open console streams would hold the server's close: they end first.
    stop: { name: 'emergency-streams', run: async () => calls.close() },
  };
}
