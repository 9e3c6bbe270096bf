/**
 * The consultations service (booked meetings): booking, invitations and reminders, joining,
 * attendance, and the after-meeting summary — its stores, routes, queue processors, bot
 * handler and LiveKit room handler, built from the shared infrastructure.
 */
import type { Config } from '../config';
import { PostgresAttendanceStore } from '../adapters/postgres/attendance-store';
import { PostgresConsultationStore } from '../adapters/postgres/consultation-store';
import { PostgresDeliveryLedger } from '../adapters/postgres/delivery-ledger';
import { PostgresGuestLinks } from '../adapters/postgres/guest-links';
import { PostgresJoinStore } from '../adapters/postgres/join-store';
import { PostgresSummaryStore } from '../adapters/postgres/summary-store';
import { PostgresWebhookLedger } from '../adapters/postgres/webhook-ledger';
import { QUEUES } from '../adapters/queue/registry';
import { BullReminderJobs } from '../adapters/queue/reminder-jobs';
import { consultationAttendanceHandler } from '../core/consultations/attendance';
import { notifyGuestWaiting } from '../core/consultations/lobby-notices';
import { afterMeetingRoutes } from '../http/routes/after-meeting';
import { createAttendanceReconcileProcessor, scheduleAttendanceReconcile } from '../workers/attendance';
import { notifyProcessors, organizerEmail } from '../workers/invitations';
import { createSummarySharedProcessor } from '../workers/summary-shared';
import type { Infrastructure, ServiceModule } from './infrastructure';

export type ConsultationsConfig = Pick<Config, 'env' | 'publicBaseUrl' | 'email'> &
  Partial<Pick<Config, 'admission'>> & {
    readonly bot: Pick<Config['bot'], 'appId'>;
    readonly livekit: Pick<Config['livekit'], 'url'>;
  };

export function consultationsModule(infra: Infrastructure, config: ConsultationsConfig): ServiceModule {
  const { db, relay, clock, logger, directory, audit, conversations, notifier, video } = infra;
  const store = new PostgresConsultationStore({ db, relay });
  const summaries = new PostgresSummaryStore({ db, relay });
  const attendance = new PostgresAttendanceStore(db);
  const teamsAppId = config.bot.appId ? { teamsAppId: config.bot.appId } : {};

  return {
    processors: () => ({
      ...notifyProcessors({
        store,
        directory,
        conversations,
        notifier,
        sms: infra.messaging.sms,
        email: infra.messaging.email,
        guestLinks: new PostgresGuestLinks(db),
        ledger: new PostgresDeliveryLedger(db),
        audit,
        clock,
        logger,
        publicBaseUrl: config.publicBaseUrl,
        organizerEmail: organizerEmail(config.email),
        ...teamsAppId,
      }),
      [QUEUES.attendanceReconcile]: createAttendanceReconcileProcessor({ store: attendance, rooms: video, audit, logger, clock }),
      [QUEUES.summaryShared]: createSummarySharedProcessor({
        store,
        summaries,
        conversations,
        notifier,
        ledger: new PostgresWebhookLedger(db),
        audit,
        logger,
        publicBaseUrl: config.publicBaseUrl,
        teamsAppId: config.bot.appId,
      }),
    }),
    schedule: async () => {
      // Not awaited: start-up must not wait on Redis for a job that runs every minute anyway.
      scheduleAttendanceReconcile(infra.queues.queue).catch((err: unknown) => logger.warn({ err }, 'could not schedule the attendance reconciliation'));
    },
    botHandlers: { booking: { store, audit, clock } },
    videoEventHandlers: [consultationAttendanceHandler({ store: attendance, audit, logger })],
    web: ({ rateLimits }) => ({
      routes: {
        consultations: { store, jobs: new BullReminderJobs({ queue: infra.queues.queue, logger }) },
        api: [{ path: '/consultations', router: afterMeetingRoutes({ store, summaries, directory, audit, clock }) }],
        join: {
          consultations: store,
          join: new PostgresJoinStore(db),
          videoRooms: video,
          secureCookies: config.env === 'production',
          videoServerUrl: config.livekit.url,
          rateLimits,
          ...(config.admission && { admission: config.admission }),
          // Fire and forget: the guest's «I'm ready» does not wait on Teams; the ledger keeps repeats out.
          lobbyNotices: {
            guestWaiting: (consultationId: string, participantId: string) => {
              const ctx = {
                audit,
                clock,
                consultations: store,
                join: new PostgresJoinStore(db),
                conversations,
                notifier,
                ledger: new PostgresDeliveryLedger(db),
                publicBaseUrl: config.publicBaseUrl,
                ...teamsAppId,
              };
              notifyGuestWaiting(ctx, consultationId, participantId).catch((err: unknown) =>
                logger.warn({ err }, 'could not tell the clinicians that a guest waits in the lobby'),
              );
            },
          },
        },
      },
    }),
  };
}
