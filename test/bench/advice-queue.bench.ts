/**
 * Issue 6: "from POST /api/advice-requests to the first ring leaving the process, p99 ≤ 100 ms
 * at 50 requests/s, beside the raw BullMQ enqueue→process latency in the same run; with 10,000
 * requests waiting, a position/estimate read p99 ≤ 10 ms."
 *
 * In one process on PostgreSQL and Redis: `create` (request row + outbox row in one
 * transaction, then the enqueue) → the advice worker → the Teams send (a notifier that only
 * timestamps), at a fixed 50/s. No HTTP, so the figure is the queue path; the baseline is a
 * bare BullMQ add → processor start on the same Redis. The read is what GET does for the
 * position and estimate (indexed count + medians), over 10,000 waiting requests.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { sql } from 'drizzle-orm';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresAdviceStore } from '../../server/src/adapters/postgres/advice-store';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { openDatabase } from '../../server/src/adapters/postgres/db';
import { PostgresDeliveryLedger } from '../../server/src/adapters/postgres/delivery-ledger';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { PostgresRosterStore } from '../../server/src/adapters/postgres/roster-store';
import { adviceRequests } from '../../server/src/adapters/postgres/schema';
import { ADVICE_QUEUE } from '../../server/src/adapters/queue/advice-jobs';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { createQueueRegistry } from '../../server/src/adapters/queue/workers';
import type { Notifier } from '../../server/src/core/ports';
import { startWorkers } from '../../server/src/workers';
import { createAdviceProcessor } from '../../server/src/workers/advice';
import { createPostgresDatabase } from '../helpers/db';
import type { Bench, BenchContext, Row } from './bench';

const RATE_PER_SECOND = 50;
const WAITING = 10_000;
const READS = 2_000;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ISBAR = { identification: 'Benk', situation: 'Benk', background: '', assessment: '', recommendation: '' };

export const adviceQueue: Bench = {
  name: 'advice-queue',
  description: 'advice request → first Teams send at 50/s (in process) vs bare BullMQ add→process; position/estimate read with 10,000 waiting',
  run,
};

const p = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

async function run(ctx: BenchContext): Promise<readonly Row[]> {
  const created = await createPostgresDatabase();
  const database = await openDatabase({ kind: 'postgres', url: created.url, poolSize: 10 });
  const redis = createRedisConnection(REDIS_URL, { connectionName: 'bench-advice' });
  const prefix = `bench-${randomUUID()}`;
  const queues = createQueueRegistry({ connection: redis, prefix });
  const logger = createLogger({ level: 'silent' });
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    await database.migrate();
    const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger });
    const directory = new PostgresDirectory(database.db);
    await directory.upsert([
      { id: 'gp', name: 'Benk Lege', roles: ['gp'], organization: 'Benk legesenter' },
      { id: 'spes', name: 'Benk Spesialist', roles: ['specialist'], organization: 'Benk sykehus', specialty: 'kardiologi' },
    ]);
    const rosters = new PostgresRosterStore(database.db);
    const now = Date.now();
    await rosters.replace('kardiologi', { from: new Date(now - 3_600_000), to: new Date(now + 3_600_000) }, [
      { specialty: 'kardiologi', personId: 'spes', level: 1, startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 24 * 3_600_000) },
    ], 'bench');
    const conversations = new PostgresConversationStore(database.db);
    await conversations.save({ conversationId: 'conv:spes', personId: 'spes', aadObjectId: null, tenantId: 't', serviceUrl: 'https://smba.example/', reference: {} });
    const store = new PostgresAdviceStore({ db: database.db, relay });

    // Enqueue → process on bare BullMQ, the baseline.
    const bareStarted = new Map<string, number>();
    const bareQueue = new Queue(`bare-${randomUUID()}`, { connection: redis, prefix });
    const bareWorker = new Worker(bareQueue.name, async (job) => void bareStarted.set(job.id!, performance.now()), { connection: redis, prefix, concurrency: 8 });
    cleanup.push(async () => { await bareWorker.close(); await bareQueue.obliterate({ force: true }); await bareQueue.close(); });

    const sentAt = new Map<string, number>();
    const notifier: Notifier = {
      async send(_conversationId, message) {
        const id = /\/konferer\/([\w-]+)/.exec(message.text)?.[1];
        if (id && !sentAt.has(id)) sentAt.set(id, performance.now());
        return { ok: true, activityId: randomUUID() };
      },
    };
    const workers = startWorkers({
      connection: redis,
      prefix,
      logger,
      processors: {
        [ADVICE_QUEUE]: createAdviceProcessor({
          store, rosters, directory, conversations, notifier, clock: { now: () => new Date() }, ringTimeoutSeconds: 600,
          publicBaseUrl: 'https://samrom.bench', ledger: new PostgresDeliveryLedger(database.db), logger,
        }),
      },
    });
    cleanup.push(() => workers.close());
    await Promise.all([...workers.workers.values()].map((w) => w.waitUntilReady()));

    const total = RATE_PER_SECOND * ctx.phaseSeconds;
    ctx.log(`${total} advice requests and ${total} bare jobs at ${RATE_PER_SECOND}/s`);
    const askedAt = new Map<string, number>();
    const bareAddedAt = new Map<string, number>();
    const pending: Promise<unknown>[] = [];
    const startMs = performance.now();
    for (let i = 0; i < total; i++) {
      const due = startMs + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const id = randomUUID();
      askedAt.set(id, performance.now());
      pending.push(store.create({ id, requesterId: 'gp', specialty: 'kardiologi', priority: 'haster', isbar: ISBAR, callbackPhone: null, mode: 'video', createdAt: new Date() }));
      const jobId = randomUUID();
      bareAddedAt.set(jobId, performance.now());
      pending.push(bareQueue.add('bare', { i }, { jobId, priority: 2 }));
    }
    await Promise.all(pending);
    const deadline = performance.now() + 30_000;
    while ((sentAt.size < total || bareStarted.size < total) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const ringMs = [...askedAt].flatMap(([id, t]) => (sentAt.has(id) ? [sentAt.get(id)! - t] : []));
    const bareMs = [...bareAddedAt].flatMap(([id, t]) => (bareStarted.has(id) ? [bareStarted.get(id)! - t] : []));
    ctx.log(`rung ${ringMs.length}/${total}, bare processed ${bareMs.length}/${total}`);

    // Position and estimate with 10,000 waiting (other specialists are not on call: nothing rings them).
    await database.db.delete(adviceRequests);
    const base = Date.now() - WAITING * 1000;
    for (let i = 0; i < WAITING; i += 1000) {
      await database.db.insert(adviceRequests).values(
        Array.from({ length: 1000 }, (_, k) => ({
          requesterId: 'gp', specialty: 'kardiologi', priorityRank: 1 + ((i + k) % 3), isbar: ISBAR, mode: 'video', status: 'queued',
          createdAt: new Date(base + (i + k) * 1000),
        })),
      );
    }
    await database.db.execute(sql`analyze advice_requests`);
    const sample = await database.db.select().from(adviceRequests).limit(READS);
    const records = await Promise.all(sample.slice(0, 200).map((r) => store.byId(r.id)));
    const readMs: number[] = [];
    const pingMs: number[] = [];
    for (let i = 0; i < READS; i++) {
      const record = records[i % records.length]!;
      let t = performance.now();
      await store.position(record);
      await store.recentMedians('kardiologi');
      readMs.push(performance.now() - t);
      t = performance.now();
      await database.ping();
      pingMs.push(performance.now() - t);
    }
    return [
      { name: 'create → first ring, p50', figure: p(ringMs, 0.5), unit: 'ms', baseline: p(bareMs, 0.5) },
      { name: 'create → first ring, p99', figure: p(ringMs, 0.99), unit: 'ms', baseline: p(bareMs, 0.99), target: { atMost: 100 } },
      { name: 'rung of asked', figure: ringMs.length / total, unit: 'share', target: { atLeast: 1 } },
      { name: `position + estimate read with ${WAITING} waiting, p99`, figure: p(readMs, 0.99), unit: 'ms', baseline: p(pingMs, 0.99), target: { atMost: 10 } },
    ];
  } finally {
    for (const step of cleanup.reverse()) await step().catch((err: unknown) => ctx.log(`cleanup failed: ${String(err)}`));
    await queues.queue(ADVICE_QUEUE).obliterate({ force: true }).catch(() => undefined);
    await queues.closeAll();
    redis.disconnect();
    await database.close();
    await created.drop();
  }
}
