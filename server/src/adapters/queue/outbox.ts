/**
 * The outbox: a job is first a row, written in the same transaction as the business change,
 * and only then a BullMQ job whose `jobId` is that row's id. If the process dies between the
 * commit and the enqueue, the relay's sweep finds the row and enqueues it; BullMQ ignores a
 * second add with the same jobId, and workers are idempotent, so nothing runs twice for good.
 */
import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import { and, asc, inArray, isNull, lt, min } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db, Executor, Tx } from '../postgres/db';
import { GroupWrite } from '../postgres/group-write';
import { outbox } from '../postgres/schema';
import { DEFAULT_JOB_OPTIONS } from './queues';
import type { QueueName } from './registry';

export type JobPayload = Readonly<Record<string, string | number | boolean | null>>;

export interface OutboxJob {
  readonly queue: QueueName;
  readonly name: string;
  readonly payload: JobPayload;
  /** When to run; later than now becomes a BullMQ delay. @defaultValue now */
  readonly runAt?: Date;
  /** BullMQ priority: 1 is the most urgent; omitted means no priority. */
  readonly priority?: number;
}

/** Writes the job row inside the caller's transaction; returns its id (the future jobId). */
export async function addToOutbox(tx: Executor, job: OutboxJob): Promise<string> {
  const [row] = await tx
    .insert(outbox)
    .values({ queue: job.queue, name: job.name, payload: job.payload, runAt: job.runAt ?? new Date(), priority: job.priority ?? null })
    .returning({ id: outbox.id });
  return row!.id;
}

/** What the relay needs of a row to enqueue it. */
export type SendableRow = Pick<typeof outbox.$inferSelect, 'id' | 'queue' | 'name' | 'payload' | 'runAt' | 'priority'>;

/** Writes several job rows in one statement inside the caller's transaction; returns them (with their ids) in order. */
export async function addManyToOutbox(tx: Executor, jobs: readonly OutboxJob[]): Promise<SendableRow[]> {
  const rows = outboxRows(jobs);
  if (rows.length > 0) await tx.insert(outbox).values(rows);
  return rows;
}

/** The rows for these jobs, with their ids, not yet written. */
function outboxRows(jobs: readonly OutboxJob[]): SendableRow[] {
  const now = new Date();
  return jobs.map((job) => ({
    id: randomUUID(),
    queue: job.queue,
    name: job.name,
    payload: job.payload,
    runAt: job.runAt ?? now,
    priority: job.priority ?? null,
  }));
}

export interface OutboxRelayOptions {
  readonly db: Db;
  readonly queue: (name: QueueName) => Queue;
  readonly logger: Logger;
  /** How often unsent rows are swept. @defaultValue 2000 */
  readonly sweepIntervalMs?: number;
  /** A row younger than this is left to its writer's own publish. @defaultValue 5000 */
  readonly graceMs?: number;
  /**
   * How long `transaction()` waits for its post-commit publish. BullMQ connections wait out a
   * Redis outage instead of failing, so without a bound the caller would hang until Redis is
   * back; after it the jobs are left to the sweep (and the late publish, if it lands, is harmless).
   * @defaultValue 1000
   */
  readonly publishTimeoutMs?: number;
  readonly now?: () => Date;
}

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;
  /** Rows sent by concurrent transactions are marked in one statement. */
  private readonly marks: GroupWrite<string>;

  constructor(private readonly o: OutboxRelayOptions) {
    this.marks = new GroupWrite((ids) => this.markSent(ids));
  }

  /**
   * Runs `work` in a transaction with an `enqueue` function; after the commit the jobs go to
   * Redis at once. If Redis is down they stay in the outbox and the sweep sends them later.
   */
  async transaction<T>(
    work: (
      tx: Tx,
      enqueue: (job: OutboxJob) => Promise<string>,
      /**
       * Several jobs in one round trip; their ids in the same order. With `write`, the caller
       * writes the rows itself (e.g. in the same statement as its own rows) and says whether
       * it did; rows it did not write are not published.
       */
      enqueueMany: (jobs: readonly OutboxJob[], write?: (rows: readonly SendableRow[]) => Promise<boolean>) => Promise<string[]>,
    ) => Promise<T>,
  ): Promise<T> {
    const ids: string[] = [];
    // Rows written by enqueueMany are sent as written, without reading them back.
    const written: SendableRow[] = [];
    const result = await this.o.db.transaction((tx) =>
      work(
        tx,
        async (job) => {
          const id = await addToOutbox(tx, job);
          ids.push(id);
          return id;
        },
        async (jobs, write) => {
          const rows = write ? outboxRows(jobs) : await addManyToOutbox(tx, jobs);
          if (!write || (await write(rows))) written.push(...rows);
          return rows.map((r) => r.id);
        },
      ),
    );
    const published = Promise.all([this.publish(ids), this.send(written)]);
    await withTimeout(published, this.o.publishTimeoutMs ?? 1_000).catch((err: unknown) =>
      this.o.logger.warn({ err, jobs: ids.length + written.length }, 'outbox publish failed; the sweep will retry'),
    );
    return result;
  }

  /** Enqueues the given rows (if still unsent) and marks them sent. */
  async publish(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await this.o.db
      .select()
      .from(outbox)
      .where(and(inArray(outbox.id, [...ids]), isNull(outbox.enqueuedAt), isNull(outbox.cancelledAt)));
    return this.send(rows);
  }

  /** Enqueues every row older than the grace period that never reached Redis. */
  sweep(): Promise<number> {
    // One sweep at a time per process; several processes may sweep at once (jobId dedupes).
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** When the oldest row still waiting for Redis was written, or null when none waits (the outbox-age gauge). */
  async oldestPendingAt(): Promise<Date | null> {
    const [row] = await this.o.db
      .select({ at: min(outbox.createdAt) })
      .from(outbox)
      .where(and(isNull(outbox.enqueuedAt), isNull(outbox.cancelledAt)));
    return row?.at ?? null;
  }

  start(): void {
    const every = this.o.sweepIntervalMs ?? 2_000;
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.o.logger.warn({ err }, 'outbox sweep failed'));
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    // A sweep stuck on a Redis outage must not hold up shutdown: its rows stay in the outbox.
    if (this.sweeping) await withTimeout(this.sweeping, this.o.publishTimeoutMs ?? 1_000).catch(() => 0);
  }

  private async sweepOnce(): Promise<number> {
    const now = this.o.now?.() ?? new Date();
    const cutoff = new Date(now.getTime() - (this.o.graceMs ?? 5_000));
    const rows = await this.o.db
      .select()
      .from(outbox)
      .where(and(isNull(outbox.enqueuedAt), isNull(outbox.cancelledAt), lt(outbox.createdAt, cutoff)))
      .orderBy(asc(outbox.createdAt))
      .limit(500);
    const sent = await this.send(rows);
    if (sent > 0) this.o.logger.info({ sent }, 'outbox sweep re-enqueued jobs');
    return sent;
  }

  private async send(rows: readonly SendableRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const now = Date.now();
    // One round trip to Redis per queue (a MULTI of the jobs), not one per job; the queues at once.
    const byQueue = new Map<string, SendableRow[]>();
    for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
    await Promise.all(
      [...byQueue].map(([queue, queued]) =>
        this.o.queue(queue as QueueName).addBulk(
          queued.map((row) => ({
            name: row.name,
            data: row.payload,
            opts: {
              ...DEFAULT_JOB_OPTIONS,
              jobId: row.id,
              delay: Math.max(0, row.runAt.getTime() - now),
              ...(row.priority !== null ? { priority: row.priority } : {}),
            },
          })),
        ),
      ),
    );
    await this.marks.add(...rows.map((r) => r.id));
    return rows.length;
  }

  private async markSent(ids: readonly string[]): Promise<void> {
    await this.o.db
      .update(outbox)
      .set({ enqueuedAt: new Date() })
      .where(inArray(outbox.id, [...ids]));
  }
}

/** Rejects after `timeoutMs`; race() also observes a late rejection, so it is never unhandled. */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`outbox step took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
