/**
 * The app with the consultations module (booking, joining) for browser tests: in-process
 * `createApp` on in-memory PGlite, real Redis for the booking's reminder jobs, the LiveKit double, a local Entra for
 * clinicians' tokens, a coordinator and a GP in the directory, and a clock the test can move.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { LiveKitVideoRooms } from '../../server/src/adapters/livekit/video-rooms';
import { createLogger } from '../../server/src/adapters/logger';
import { type Database, openDatabase } from '../../server/src/adapters/postgres/db';
import { PostgresGuestLinks } from '../../server/src/adapters/postgres/guest-links';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { type QueueRegistry, createQueueRegistry } from '../../server/src/adapters/queue/workers';
import type { ConsultationDto } from '../../server/src/contracts/consultations';
import type { Notifier } from '../../server/src/core/ports';
import { consultationsModule } from '../../server/src/modules/consultations';
import { appRoutes } from '../../server/src/modules/infrastructure';
import { LiveKitDouble } from '../doubles/livekit-double';
import { type ApiClient, type TestApp, api, startTestApp } from './app';
import { testInfrastructure } from './infrastructure';
import { type LocalEntra, startLocalEntra } from './jwks';
import { testRedisUrl, uniquePrefix } from './redis';

const MINUTE_MS = 60_000;

export interface BookedWithLink {
  readonly consultation: ConsultationDto;
  readonly id: string;
  readonly relativeId: string;
  /** The relative's personal link, `${app.url}/join/<token>`. */
  readonly link: string;
}

export interface JoinTestApp {
  readonly app: TestApp;
  readonly database: Database;
  readonly livekit: LiveKitDouble;
  readonly coordinator: ApiClient;
  readonly gp: ApiClient;
  /** A bearer token for the GP (`gp-1`, Geir Fastlege). */
  readonly gpToken: string;
  /** Moves the app's clock this far ahead of the real one. */
  setClockOffsetMs(ms: number): void;
  /** Books patient, consenting relative and the GP, starting in `startsInMinutes` (30 minutes long). */
  bookWithRelativeLink(startsInMinutes: number): Promise<BookedWithLink>;
  stop(): Promise<void>;
}

export interface JoinTestAppOptions {
  /** The Bot Connector double the lobby notices go to. @defaultValue Teams off */
  readonly notifier?: Notifier;
}

export async function startJoinTestApp(options: JoinTestAppOptions = {}): Promise<JoinTestApp> {
  let clockOffsetMs = 0;
  const database = await openDatabase({ kind: 'pglite-memory' });
  await database.migrate();
  const entra: LocalEntra = await startLocalEntra();
  const livekit = new LiveKitDouble();
  await livekit.start();
  const redis: Redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-join-browser' });
  const queues: QueueRegistry = createQueueRegistry({ connection: redis, prefix: uniquePrefix() });
  const logger = createLogger({ level: 'silent' });
  const clock = { now: () => new Date(Date.now() + clockOffsetMs) };
  const video = new LiveKitVideoRooms({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger });
  // The consultations module, as startSamrom builds it.
  const { routes } = consultationsModule(
    testInfrastructure({ db: database.db, relay, queues, clock, logger, video, ...(options.notifier && { notifier: options.notifier }) }),
    {
      env: 'test',
      publicBaseUrl: 'http://samrom.test',
      email: { kind: 'dev-outbox' },
      bot: { appId: undefined },
      livekit: { url: livekit.url },
    },
  ).web({});
  const app = await startTestApp({
    database,
    clock,
    entra: entra.verifierOptions,
    ...appRoutes([routes]),
  });
  const oids = { ke: randomUUID(), gp: randomUUID() };
  await app.directory.upsert([
    { id: 'ke-1', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune', aadObjectId: oids.ke, phone: '+4732100000' },
    { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: oids.gp },
  ]);
  const coordinator = api(app.url, { token: await entra.sign({ oid: oids.ke }) });
  const gpToken = await entra.sign({ oid: oids.gp });
  const links = new PostgresGuestLinks(database.db);

  return {
    app,
    database,
    livekit,
    coordinator,
    gp: api(app.url, { token: gpToken }),
    gpToken,
    setClockOffsetMs: (ms) => {
      clockOffsetMs = ms;
    },
    async bookWithRelativeLink(startsInMinutes) {
      const res = await coordinator.post('/api/consultations', {
        title: 'Oppfølging etter utskrivning',
        patient: { name: 'Per Pasient', phone: '912 34 567' },
        start: new Date(Date.now() + clockOffsetMs + startsInMinutes * MINUTE_MS).toISOString(),
        durationMinutes: 30,
        participants: [
          { role: 'patient' },
          { role: 'relative', name: 'Randi Pårørende', email: 'randi@example.no', consentedByPatient: true },
          { role: 'gp', personId: 'gp-1' },
        ],
      });
      expect(res.status).toBe(201);
      const consultation = res.body as ConsultationDto;
      const relativeId = consultation.participants.find((p) => p.role === 'relative')!.id;
      const token = await links.issue(consultation.id, relativeId, 0);
      return { consultation, id: consultation.id, relativeId, link: `${app.url}/join/${token}` };
    },
    async stop() {
      await app.stop();
      await livekit.stop();
      await queues.queue(QUEUES.reminders).obliterate({ force: true });
      await queues.closeAll();
      redis.disconnect();
      await entra.close();
      await database.close();
    },
  };
}
