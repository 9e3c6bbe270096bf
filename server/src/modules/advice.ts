/**
 * The advice line (konfereringstelefon) and the rosters it rings by: the advice queue and its
 * dispatch, roster editing and gap alerts, the phone-in handler for SIP calls — routes, queue
 * processors, bot handler and LiveKit room handler, built from the shared infrastructure.
 */
import type { Config } from '../config';
import { PostgresAdviceStore } from '../adapters/postgres/advice-store';
import { PostgresDeliveryLedger } from '../adapters/postgres/delivery-ledger';
import { QUEUES } from '../adapters/queue/registry';
import { OutboxGapAlertPlanner, scheduleGapScan } from '../adapters/queue/roster-jobs';
import { phoneAdviceHandler } from '../core/advice/phone';
import { adviceMetrics } from '../http/advice-metrics';
import { adviceRoutes } from '../http/routes/advice';
import { rosterRoutes } from '../http/routes/rosters';
import { createAdviceProcessor } from '../workers/advice';
import { createRosterProcessor } from '../workers/rosters';
import type { Infrastructure, ServiceModule } from './infrastructure';

export type AdviceConfig = Pick<Config, 'publicBaseUrl' | 'adviceRingTimeoutSeconds' | 'adviceSwitchboards' | 'sip'> & {
  readonly bot: Pick<Config['bot'], 'appId'>;
};

export function adviceModule(infra: Infrastructure, config: AdviceConfig): ServiceModule {
  const { db, relay, clock, logger, directory, audit, conversations, notifier, rosters } = infra;
  const store = new PostgresAdviceStore({ db, relay });
  const ringTimeoutSeconds = config.adviceRingTimeoutSeconds;
  const switchboards = config.adviceSwitchboards;
  const sip = config.sip;

  return {
    processors: () => ({
      [QUEUES.rosters]: createRosterProcessor({
        store: rosters,
        directory,
        planner: new OutboxGapAlertPlanner(relay),
        conversations,
        notifier,
        ledger: new PostgresDeliveryLedger(db),
        publicBaseUrl: config.publicBaseUrl,
        clock,
        logger,
      }),
      [QUEUES.advice]: createAdviceProcessor({
        store,
        rosters,
        directory,
        conversations,
        notifier,
        clock,
        ringTimeoutSeconds,
        switchboards,
        publicBaseUrl: config.publicBaseUrl,
        ...(config.bot.appId ? { teamsAppId: config.bot.appId } : {}),
        ledger: new PostgresDeliveryLedger(db),
        logger,
      }),
    }),
    schedule: () => scheduleGapScan(infra.queues.queue(QUEUES.rosters)),
    botHandlers: { advice: { store, rosters, audit, clock, ringTimeoutSeconds, switchboards }, shifts: { rosters, clock } },
    videoEventHandlers: sip
      ? [
          phoneAdviceHandler({
            store,
            directory,
            rosters,
            audit,
            clock,
            ringTimeoutSeconds,
            switchboards,
            lines: sip.inboundNumbers,
            roomPrefix: sip.roomPrefix,
            priority: sip.priority,
            logger,
          }),
        ]
      : [],
    web: () => ({
      routes: {
        api: [
          { path: '/rosters', router: rosterRoutes({ store: rosters, directory, clock }) },
          {
            path: '/advice-requests',
            router: adviceRoutes({
              store,
              directory,
              rosters,
              audit,
              clock,
              videoRooms: infra.video,
              ringTimeoutSeconds,
              switchboards,
              metrics: adviceMetrics(infra.metrics, store),
            }),
          },
        ],
      },
    }),
  };
}
