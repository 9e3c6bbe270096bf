import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { PostgresDeliveryLedger } from '../../server/src/adapters/postgres/delivery-ledger';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { PostgresRosterStore } from '../../server/src/adapters/postgres/roster-store';
import { outbox } from '../../server/src/adapters/postgres/schema';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { OutboxGapAlertPlanner, ROSTER_JOBS, scheduleGapScan } from '../../server/src/adapters/queue/roster-jobs';
import { type QueueRegistry, createQueueRegistry } from '../../server/src/adapters/queue/workers';
import { parseRosterTime } from '../../server/src/core/rosters/shifts';
import { startWorkers } from '../../server/src/workers';
import { createRosterProcessor } from '../../server/src/workers/rosters';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';
import { RecordingNotifier } from '../helpers/recording-notifier';
import { QUEUES } from '../../server/src/adapters/queue/registry';

/** Tuesday 20 October 2026, 12:00 in Oslo. */
const NOW = new Date('2026-10-20T10:00:00Z');

let database: TestDatabase;
let redis: Redis;
let queues: QueueRegistry;
let notifier: RecordingNotifier;
let run: ReturnType<typeof createRosterProcessor>;
let prefix: string;
const job = (name: string, data: unknown = {}) => ({ id: randomUUID(), name, data }) as unknown as Job;
const alertRows = () =>
  database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.queue, QUEUES.rosters), eq(outbox.name, ROSTER_JOBS.gapAlert)));

beforeAll(async () => {
  database = await createTestDatabase();
  redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-roster-gap-alerts' });
  prefix = uniquePrefix();
  queues = createQueueRegistry({ connection: redis, prefix });
  const logger = createLogger({ level: 'silent' });
  const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger });
  const directory = new PostgresDirectory(database.db);
  await directory.upsert([
    { id: 'kard-1', name: 'Kari Kardiolog', roles: ['specialist'], organization: 'Drammen sykehus', specialty: 'kardiologi' },
    { id: 'nevro-1', name: 'Nils Nevrolog', roles: ['specialist'], organization: 'Drammen sykehus', specialty: 'nevrologi' },
    { id: 'ke-kard', name: 'Kåre Koordinator', roles: ['coordinator'], organization: 'Vestre Viken HF', specialty: 'kardiologi' },
    { id: 'ke-kard-2', name: 'Kim Koordinator', roles: ['coordinator'], organization: 'Vestre Viken HF', specialty: 'kardiologi' },
    { id: 'ke-other', name: 'Ola Koordinator', roles: ['coordinator'], organization: 'Drammen kommune' },
  ]);
  const conversations = new PostgresConversationStore(database.db);
  for (const personId of ['ke-kard', 'ke-other']) {
    await conversations.save({
      conversationId: `a:${personId}`,
      personId,
      aadObjectId: null,
      tenantId: 't',
      serviceUrl: 'https://smba.example/',
      reference: {},
    });
  }
  const store = new PostgresRosterStore(database.db);
  // Level 1 covers the next seven days but for 20:00–22:00 on Wednesday 21 October.
  const t = (local: string) => parseRosterTime(local, 'start');
  await store.replace(
    'kardiologi',
    { from: t('2026-10-19T00:00'), to: t('2026-10-29T00:00') },
    [
      { specialty: 'kardiologi', personId: 'kard-1', level: 1, startsAt: t('2026-10-19T08:00'), endsAt: t('2026-10-21T20:00') },
      { specialty: 'kardiologi', personId: 'kard-1', level: 1, startsAt: t('2026-10-21T22:00'), endsAt: t('2026-10-24T22:00') },
      { specialty: 'kardiologi', personId: 'kard-1', level: 1, startsAt: t('2026-10-24T22:00'), endsAt: t('2026-10-27T22:00') },
    ],
    'ke-kard',
  );
  notifier = new RecordingNotifier();
  run = createRosterProcessor({
    store,
    directory,
    planner: new OutboxGapAlertPlanner(relay),
    conversations,
    notifier,
    ledger: new PostgresDeliveryLedger(database.db),
    publicBaseUrl: 'https://samrom.example.no',
    clock: { now: () => NOW },
    logger,
  });
});
afterAll(async () => {
  await queues?.queue(QUEUES.rosters).obliterate({ force: true });
  await queues?.closeAll();
  redis?.disconnect();
  await database?.destroy();
});

describe(`roster gap alerts on ${testDbKind()}`, () => {
  it('the hourly scan plans one alert per gap, once, as an outbox row that reaches Redis', async () => {
    const first = await run(job(ROSTER_JOBS.scanGaps));
    // kardiologi: the Wednesday hole; nevrologi has no roster at all but nobody coordinates it.
    expect(first).toEqual({ specialties: 2, gaps: 2, planned: 1, unattended: ['nevrologi'] });
    const again = await run(job(ROSTER_JOBS.scanGaps));
    expect(again).toMatchObject({ planned: 0 });

    const rows = await alertRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({
      key: 'kardiologi|2026-10-21T18:00:00.000Z|2026-10-20',
      specialty: 'kardiologi',
      gapStart: '2026-10-21T18:00:00.000Z',
      gapEnd: '2026-10-21T20:00:00.000Z',
    });
    expect(rows[0]!.enqueuedAt).not.toBeNull();
    expect(await queues.queue(QUEUES.rosters).getJob(rows[0]!.id)).toBeDefined();
  });

  it("the alert reaches the specialty's coordinators in Teams once, with times and a link only", async () => {
    const [row] = await alertRows();
    const report = await run(job(ROSTER_JOBS.gapAlert, row!.payload));
    // ke-kard-2 has no chat with the bot; ke-other coordinates no specialty.
    expect(report).toEqual({ sent: 1, alreadySent: 0, noConversation: 1, finalFailures: 0, retry: false });
    expect(notifier.sent.map((s) => s.conversationId)).toEqual(['a:ke-kard']);
    const text = notifier.sent[0]!.message.text;
    expect(text).toContain(
      'Vaktplanen for kardiologi mangler vakthavende (nivå 1) fra onsdag 21. oktober 2026 kl. 20:00 til onsdag 21. oktober 2026 kl. 22:00',
    );
    expect(text).toContain('https://samrom.example.no/app/vaktplan?fag=kardiologi');
    expect(text).not.toContain('Kari');

    const redelivered = await run(job(ROSTER_JOBS.gapAlert, row!.payload));
    expect(redelivered).toMatchObject({ sent: 0, alreadySent: 1 });
    expect(notifier.sent).toHaveLength(1);
  });

  it('a job with bad data or an unknown name is not retried', async () => {
    await expect(run(job(ROSTER_JOBS.gapAlert, { key: 1 }))).rejects.toThrow(/invalid gap alert/);
    await expect(run(job('other'))).rejects.toMatchObject({ name: 'UnrecoverableError' });
  });

  it('the scheduler starts the scan at once in a real worker, and a re-run sends nothing twice', async () => {
    const workers = startWorkers({ connection: redis, prefix, logger: createLogger({ level: 'silent' }), processors: { [QUEUES.rosters]: run } });
    try {
      const queue = queues.queue(QUEUES.rosters);
      await scheduleGapScan(queue);
      await scheduleGapScan(queue); // a second worker process doing the same changes nothing
      expect(await queue.getJobSchedulersCount()).toBe(1);
      const scans = await vi.waitFor(
        async () => {
          const completed = (await queue.getJobs(['completed'])).filter((j) => j.name === ROSTER_JOBS.scanGaps);
          expect(completed.length).toBeGreaterThan(0);
          return completed;
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(scans[0]?.returnvalue).toMatchObject({ planned: 0, gaps: 2 });
      expect(notifier.sent).toHaveLength(1);
    } finally {
      await workers.close();
    }
  });
});
