/**
 * Consultation summaries in PostgreSQL. A save upserts the row and writes its share job to the
 * outbox in the same transaction, so a summary is never saved without its share being queued.
 */
import { eq, sql } from 'drizzle-orm';
import type { SummaryAction, SummaryInput, SummaryRecord, SummaryStore } from '../../core/consultations/after-meeting';
import type { Isbar } from '../../shared/isbar';
import type { OutboxRelay } from '../queue/outbox';
import { QUEUES } from '../queue/registry';
import type { Db } from './db';
import { consultationSummaries as summaries } from './schema';

export const SUMMARY_SHARE_JOB = 'share';

export interface PostgresSummaryStoreOptions {
  readonly db: Db;
  readonly relay: Pick<OutboxRelay, 'transaction'>;
}

export class PostgresSummaryStore implements SummaryStore {
  constructor(private readonly o: PostgresSummaryStoreOptions) {}

  async byConsultation(consultationId: string): Promise<SummaryRecord | null> {
    const [row] = await this.o.db.select().from(summaries).where(eq(summaries.consultationId, consultationId));
    return row ? toRecord(row) : null;
  }

  save(consultationId: string, summary: SummaryInput, writtenBy: string, at: Date): Promise<SummaryRecord> {
    return this.o.relay.transaction(async (tx, enqueue) => {
      const values = { isbar: summary.isbar, actions: summary.actions, nextMeeting: summary.nextMeeting, writtenBy, updatedAt: at };
      const [row] = await tx
        .insert(summaries)
        .values({ consultationId, ...values, createdAt: at })
        // Every save gets a later updated_at (its version), even two in the same millisecond.
        .onConflictDoUpdate({
          target: summaries.consultationId,
          set: { ...values, updatedAt: sql`greatest(${at.toISOString()}::timestamptz, ${summaries.updatedAt} + interval '1 millisecond')` },
        })
        .returning();
      const record = toRecord(row!);
      await enqueue({ queue: QUEUES.summaryShared, name: SUMMARY_SHARE_JOB, payload: { consultationId, version: record.version } });
      return record;
    });
  }
}

function toRecord(row: typeof summaries.$inferSelect): SummaryRecord {
  return {
    consultationId: row.consultationId,
    isbar: row.isbar as Isbar,
    actions: row.actions as SummaryAction[],
    nextMeeting: row.nextMeeting,
    writtenBy: row.writtenBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.updatedAt.getTime(),
  };
}
