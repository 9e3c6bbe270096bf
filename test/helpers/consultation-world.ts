/**
 * One booked-consultation world for the attendance and summary tests: a fresh database, the
 * real app with the consultations module as startSamrom builds it (booking, joining, the
 * after-meeting routes and its LiveKit room handler behind the webhook, verified against the
 * LiveKit double's key), real Redis queues under a unique prefix, and signed-in clients.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { LiveKitVideoRooms } from '../../server/src/adapters/livekit/video-rooms';
import { createLiveKitWebhookHandler } from '../../server/src/adapters/livekit/webhook';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresAttendanceStore } from '../../server/src/adapters/postgres/attendance-store';
import { PostgresConsultationStore } from '../../server/src/adapters/postgres/consultation-store';
import { consultationParticipants, consultations } from '../../server/src/adapters/postgres/schema';
import { PostgresSummaryStore } from '../../server/src/adapters/postgres/summary-store';
import { PostgresWebhookLedger } from '../../server/src/adapters/postgres/webhook-ledger';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { type QueueRegistry, createQueueRegistry } from '../../server/src/adapters/queue/workers';
import type { Clock } from '../../server/src/core/ports';
import { routeVideoEvents } from '../../server/src/core/video-events';
import { consultationsModule } from '../../server/src/modules/consultations';
import { appRoutes } from '../../server/src/modules/infrastructure';
import { LiveKitDouble } from '../doubles/livekit-double';
import { type ApiClient, type TestApp, api, startTestApp } from './app';
import { type TestDatabase, createTestDatabase } from './db';
import { testInfrastructure } from './infrastructure';
import { type LocalEntra, startLocalEntra } from './jwks';
import { testRedisUrl, uniquePrefix } from './redis';

export const PEOPLE = [
  { id: 'ke-1', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune' },
  { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter' },
  { id: 'gp-2', name: 'Grete Fastlege', roles: ['gp'], organization: 'Lier legesenter' },
  { id: 'sp-1', name: 'Siri Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF' },
  { id: 'mu-1', name: 'Mona Hjemmesykepleier', roles: ['municipality'], organization: 'Lier kommune' },
] as const;
export type PersonKey = (typeof PEOPLE)[number]['id'];

export interface World {
  readonly database: TestDatabase;
  readonly app: TestApp;
  readonly double: LiveKitDouble;
  readonly queues: QueueRegistry;
  readonly redis: Redis;
  /** The BullMQ prefix of `queues`, for workers and QueueEvents. */
  readonly prefix: string;
  readonly relay: OutboxRelay;
  readonly attendance: PostgresAttendanceStore;
  readonly consultationStore: PostgresConsultationStore;
  readonly summaries: PostgresSummaryStore;
  readonly ledger: PostgresWebhookLedger;
  /** The app's clock; tests move it. */
  readonly clock: Clock & { set(at: Date): void };
  readonly as: Record<PersonKey, ApiClient>;
  readonly webhookUrl: string;
  close(): Promise<void>;
}

export async function startWorld(startAt: Date): Promise<World> {
  const database = await createTestDatabase();
  const entra: LocalEntra = await startLocalEntra();
  const redis: Redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-after-meeting' });
  const prefix = uniquePrefix();
  const queues = createQueueRegistry({ connection: redis, prefix });
  const logger = createLogger({ level: 'silent' });
  const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger });
  const double = new LiveKitDouble();
  await double.start();

  let now = startAt;
  const clock = { now: () => now, set: (at: Date) => void (now = at) };
  const consultationStore = new PostgresConsultationStore({ db: database.db, relay });
  const summaries = new PostgresSummaryStore({ db: database.db, relay });
  const attendance = new PostgresAttendanceStore(database.db);
  const ledger = new PostgresWebhookLedger(database.db);
  const oids = Object.fromEntries(PEOPLE.map((p) => [p.id, randomUUID()])) as Record<PersonKey, string>;

  // The consultations module, as startSamrom builds it; the stores above are stateless
  // adapters on the same tables, for the tests to read and arrange.
  const consultationsService = consultationsModule(
    testInfrastructure({
      db: database.db,
      relay,
      queues,
      clock,
      logger,
      video: new LiveKitVideoRooms({ url: double.url, apiKey: double.apiKey, apiSecret: double.apiSecret }),
    }),
    { env: 'test', publicBaseUrl: 'http://samrom.test', email: { kind: 'dev-outbox' }, bot: { appId: undefined }, livekit: { url: double.url } },
  );
  const { routes } = consultationsService.web({});
  const app = await startTestApp({
    database,
    clock,
    entra: entra.verifierOptions,
    ...appRoutes([routes]),
    livekitWebhook: createLiveKitWebhookHandler({
      apiKey: double.apiKey,
      apiSecret: double.apiSecret,
      ledger,
      sink: routeVideoEvents(consultationsService.videoEventHandlers, logger),
      logger,
    }),
  });
  await app.directory.upsert(PEOPLE.map((p) => ({ ...p, roles: [...p.roles], aadObjectId: oids[p.id] })));
  const clients = await Promise.all(PEOPLE.map(async (p) => [p.id, api(app.url, { token: await entra.sign({ oid: oids[p.id] }) })] as const));

  return {
    database,
    app,
    double,
    queues,
    redis,
    prefix,
    relay,
    attendance,
    consultationStore,
    summaries,
    ledger,
    clock,
    as: Object.fromEntries(clients) as Record<PersonKey, ApiClient>,
    webhookUrl: `${app.url}/webhooks/livekit`,
    async close() {
      await app.stop();
      await double.stop();
      await queues.closeAll();
      redis.disconnect();
      await entra.close();
      await database.destroy();
    },
  };
}

export interface BookedMeeting {
  readonly id: string;
  readonly roomName: string;
  readonly patientId: string;
  /** Participant id and opaque LiveKit identity by role (one participant per role here). */
  readonly byRole: Record<string, { readonly participantId: string; readonly identity: string; readonly name: string }>;
}

/**
 * Books (as the coordinator) a meeting with the patient, a consenting relative, gp-1 and sp-1,
 * then does what the first join does: gives the meeting a room and everyone an opaque identity.
 */
export async function bookWithRoom(world: World, start: string, participants?: unknown[]): Promise<BookedMeeting> {
  // Booked a week ahead, whatever the test has moved the clock to since.
  const testNow = world.clock.now();
  world.clock.set(new Date(Date.parse(start) - 7 * 86_400_000));
  const res = await world.as['ke-1'].post('/api/consultations', {
    title: 'Oppfølging etter innleggelse',
    patient: { name: 'Per Pasient', phone: '912 34 567' },
    start,
    durationMinutes: 60,
    participants: participants ?? [
      { role: 'patient' },
      { role: 'relative', name: 'Randi Pårørende', email: 'randi@example.no', consentedByPatient: true },
      { role: 'gp', personId: 'gp-1' },
      { role: 'specialist', personId: 'sp-1' },
    ],
  });
  world.clock.set(testNow);
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${res.text}`);
  const roomName = `r_${randomBytes(16).toString('base64url')}`;
  await world.database.db.update(consultations).set({ roomName }).where(eq(consultations.id, res.body.id));
  const byRole: BookedMeeting['byRole'] = {};
  for (const p of res.body.participants as { id: string; role: string; name: string }[]) {
    const identity = `p_${randomBytes(12).toString('base64url')}`;
    await world.database.db.update(consultationParticipants).set({ videoIdentity: identity }).where(eq(consultationParticipants.id, p.id));
    byRole[p.role] = { participantId: p.id, identity, name: p.name };
  }
  const [row] = await world.database.db.select({ patientId: consultations.patientId }).from(consultations).where(eq(consultations.id, res.body.id));
  return { id: res.body.id, roomName, patientId: row!.patientId, byRole };
}
