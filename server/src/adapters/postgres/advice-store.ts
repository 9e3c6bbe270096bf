/**
 * Advice requests and their ring attempts in PostgreSQL. State changes that need a job
 * (create → round 1, a round rung → its escalation, a round moved on → the next round) write
 * the job to the outbox in the same transaction, after re-checking the state under a row
 * lock, so a job is planned once however many workers or redeliveries race. The job rows go
 * through `enqueueMany`, so the relay publishes them as written after the commit instead of
 * reading them back (a round trip less on the way to the first ring).
 */
import { and, asc, count, desc, eq, getTableColumns, gt, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { AdviceStatus } from '../../contracts/advice';
import type { Isbar } from '../../contracts/summary';
import { type AdviceRequestRecord, type RingPlan, type RingRecord, PRIORITY_RANK } from '../../core/advice/model';
import type {
  AdviceFigures,
  AdviceRead,
  AdviceQueueSource,
  AdviceStatsRow,
  AdviceStatsSource,
  AdviceStore,
  AdviceVideo,
  NewAdviceRequest,
  RingClaim,
  StatusCardClaim,
} from '../../core/advice/store';
import { STATUS_REFRESH_LIMIT } from '../../core/advice/status-card';
import { ADVICE_JOBS, adviceJob } from '../queue/advice-jobs';
import type { OutboxRelay } from '../queue/outbox';
import { prepareAdviceReads, toMedians, toRead, toRecord, toRing } from './advice-reads';
import type { Db, Tx } from './db';
import { recordThroughOutage } from './pg-errors';
import { adviceRequests as requests, adviceRingAttempts as rings, teamsConversations } from './schema';

const WAITING: AdviceStatus[] = ['queued', 'ringing'];
const OPEN: AdviceStatus[] = [...WAITING, 'connected'];

export interface PostgresAdviceStoreOptions {
  readonly db: Db;
  readonly relay: Pick<OutboxRelay, 'transaction'>;
}

export class PostgresAdviceStore implements AdviceStore, AdviceFigures, AdviceStatsSource, AdviceQueueSource {
  // Prepared once: every request, ring, card and read runs these, and building a query costs
  // more server time than PostgreSQL takes to answer it.
  private readonly q;

  constructor(private readonly o: PostgresAdviceStoreOptions) {
    this.q = prepareAdviceReads(o.db);
  }

  async read(id: string): Promise<AdviceRead | null> {
    const [row] = await this.q.read.execute({ id });
    return row ? toRead(row) : null;
  }

  create(r: NewAdviceRequest): Promise<AdviceRequestRecord> {
    const rank = PRIORITY_RANK[r.priority];
    return this.o.relay.transaction(async (tx, _enqueue, enqueueMany) => {
      const [row] = await tx
        .insert(requests)
        .values({
          id: r.id,
          requesterId: r.requesterId,
          specialty: r.specialty,
          priorityRank: rank,
          isbar: r.isbar,
          callbackPhone: r.callbackPhone,
          mode: r.mode,
          status: 'queued',
          createdAt: r.createdAt,
          roomName: r.roomName ?? null,
          statusConversationId: r.statusConversationId ?? null,
        })
        // Whether the requester has a Teams chat for a status card, in the same round trip.
        .returning({
          ...getTableColumns(requests),
          hasChat: sql<boolean>`exists (select 1 from ${teamsConversations} where ${teamsConversations.personId} = ${r.requesterId})`,
          // Whether the front of the specialty's queue (what the queue-moved job refreshes) holds a
          // card whose position this one moves: bounded, however long the queue.
          cardsBehind: sql<boolean>`exists (select 1 from (select w.status_activity_id from ${requests} w where w.specialty = ${r.specialty} and w.status in ('queued', 'ringing') order by w.priority_rank, w.queue_ticket limit ${STATUS_REFRESH_LIMIT}) front where front.status_activity_id is not null)`,
        });
      // One statement for the jobs: this is on the path from the request to its first ring.
      // No chat, no status card: its jobs would only find that out again.
      const statusCard = r.statusConversationId != null || row!.hasChat;
      await enqueueMany([
        adviceJob(ADVICE_JOBS.dispatch, { requestId: r.id, attempt: 1 }, rank),
        ...(statusCard ? [adviceJob(ADVICE_JOBS.status, { requestId: r.id, attempt: 0 }, rank)] : []),
        // Ahead of every waiting request of a lower priority: their positions move back.
        ...(r.priority !== 'vanlig' && row!.cardsBehind ? [adviceJob(ADVICE_JOBS.queueMoved, { requestId: r.id, attempt: 0 }, rank)] : []),
      ]);
      return toRecord(row!);
    });
  }

  async byId(id: string): Promise<AdviceRequestRecord | null> {
    const [row] = await this.q.byId.execute({ id });
    return row ? toRecord(row) : null;
  }

  async byRoom(roomName: string): Promise<AdviceRequestRecord | null> {
    const [row] = await this.o.db.select().from(requests).where(eq(requests.roomName, roomName)).limit(1);
    return row ? toRecord(row) : null;
  }

  async rings(id: string): Promise<RingRecord[]> {
    const rows = await this.o.db.select().from(rings).where(eq(rings.requestId, id)).orderBy(asc(rings.attempt), asc(rings.level), asc(rings.personId));
    return rows.map(toRing);
  }

  async position(r: AdviceRequestRecord): Promise<number | null> {
    if (r.status !== 'queued' && r.status !== 'ringing') return null;
    const [row] = await this.q.position.execute({ specialty: r.specialty, rank: PRIORITY_RANK[r.priority], ticket: r.queueTicket });
    return (row?.ahead ?? 0) + 1;
  }

  async openByRequester(requesterId: string, limit: number): Promise<AdviceRequestRecord[]> {
    // Served by advice_requests_requester_idx (requester_id, created_at).
    const rows = await this.o.db
      .select()
      .from(requests)
      .where(and(eq(requests.requesterId, requesterId), inArray(requests.status, OPEN)))
      .orderBy(desc(requests.createdAt))
      .limit(limit);
    return rows.map(toRecord);
  }

  async byRequesterSince(requesterId: string, since: Date, limit: number): Promise<AdviceRequestRecord[]> {
    // Served by advice_requests_requester_idx (requester_id, created_at).
    const rows = await this.o.db
      .select()
      .from(requests)
      .where(and(eq(requests.requesterId, requesterId), or(inArray(requests.status, OPEN), gte(requests.createdAt, since))))
      .orderBy(desc(requests.createdAt))
      .limit(limit);
    return rows.map(toRecord);
  }

  async waiting(specialty: string, limit: number): Promise<AdviceRequestRecord[]> {
    // Served by advice_requests_waiting_idx (specialty, priority_rank, queue_ticket) where waiting.
    const rows = await this.o.db
      .select()
      .from(requests)
      .where(and(eq(requests.specialty, specialty), inArray(requests.status, WAITING)))
      .orderBy(asc(requests.priorityRank), asc(requests.queueTicket))
      .limit(limit);
    return rows.map(toRecord);
  }

  async recentMedians(specialty: string) {
    const [row] = await this.q.medians.execute({ specialty });
    return toMedians(row?.medians ?? []);
  }

  async busy(personIds: readonly string[]): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const rows = await this.o.db
      .select({ personId: requests.acceptedBy })
      .from(requests)
      .where(and(eq(requests.status, 'connected'), inArray(requests.acceptedBy, [...personIds])));
    return new Set(rows.map((r) => r.personId!));
  }

  startRound(id: string, expectedAttempt: number, plan: RingPlan, escalateAt: Date): Promise<boolean> {
    return this.o.relay.transaction(async (tx, _enqueue, enqueueMany) => {
      // The update takes the row lock and checks the round in one statement.
      const [request] = await tx
        .update(requests)
        .set({ status: 'ringing', attempt: plan.attempt, rungAttempt: plan.attempt })
        .where(and(eq(requests.id, id), inArray(requests.status, WAITING), eq(requests.attempt, expectedAttempt), lt(requests.rungAttempt, expectedAttempt)))
        .returning({ priorityRank: requests.priorityRank, statusConversationId: requests.statusConversationId });
      if (!request) return false;
      if (plan.targets.length > 0) {
        await tx
          .insert(rings)
          .values(plan.targets.map((t) => ({ requestId: id, attempt: plan.attempt, personId: t.personId, level: t.level, kind: t.kind })))
          .onConflictDoNothing();
      }
      await enqueueMany([
        adviceJob(ADVICE_JOBS.escalate, { requestId: id, attempt: plan.attempt }, request.priorityRank, escalateAt),
        // A card is kept once there is one (the bot's reply, or the first card in the requester's
        // chat); before that, the job from `create` sends it as things stand when it runs.
        ...(request.statusConversationId !== null ? [adviceJob(ADVICE_JOBS.status, { requestId: id, attempt: plan.attempt }, request.priorityRank)] : []),
      ]);
      return true;
    });
  }

  recheck(id: string, attempt: number, at: Date): Promise<boolean> {
    return this.o.relay.transaction(async (tx, _enqueue, enqueueMany) => {
      const request = await lockWaiting(tx, id);
      if (!request || request.attempt !== attempt || request.rungAttempt >= attempt) return false;
      await enqueueMany([adviceJob(ADVICE_JOBS.dispatch, { requestId: id, attempt }, request.priorityRank, at)]);
      return true;
    });
  }

  async claimRing(id: string, attempt: number, personId: string, now: Date, claimMs: number): Promise<RingClaim> {
    const key = and(eq(rings.requestId, id), eq(rings.attempt, attempt), eq(rings.personId, personId));
    // One statement: the ring is taken only while the request still waits in this very round,
    // so an abandoned or answered request is not rung from here on.
    const claimed = await this.o.db
      .update(rings)
      .set({ claimedUntil: new Date(now.getTime() + claimMs) })
      .where(
        and(
          key,
          isNull(rings.sentAt),
          isNull(rings.failure),
          or(isNull(rings.claimedUntil), lt(rings.claimedUntil, now)),
          sql`exists (select 1 from ${requests} where ${requests.id} = ${id} and ${requests.status} in ('queued', 'ringing') and ${requests.rungAttempt} = ${attempt})`,
        ),
      )
      .returning({ personId: rings.personId });
    if (claimed.length > 0) return 'claimed';
    const [ring] = await this.o.db.select().from(rings).where(key);
    if (!ring || ring.sentAt !== null || ring.failure !== null) return 'done';
    const request = await this.byId(id);
    if (!request || (request.status !== 'queued' && request.status !== 'ringing') || request.rungAttempt !== attempt) return 'request_not_waiting';
    return 'held_by_another';
  }

  /** Called after Teams accepted the card: waits out a database outage rather than lose the mark (and ring twice). */
  async ringSent(id: string, attempt: number, personId: string, activityId: string, at: Date): Promise<void> {
    await recordThroughOutage(() =>
      this.o.db
        .update(rings)
        .set({ sentAt: at, activityId, claimedUntil: null })
        .where(ringKey(id, attempt, personId)),
    );
  }

  async ringFailed(id: string, attempt: number, personId: string, failure: string): Promise<void> {
    await this.o.db
      .update(rings)
      .set({ failure, claimedUntil: null })
      .where(ringKey(id, attempt, personId));
  }

  async releaseRing(id: string, attempt: number, personId: string): Promise<void> {
    await this.o.db
      .update(rings)
      .set({ claimedUntil: null })
      .where(ringKey(id, attempt, personId));
  }

  advance(id: string, fromAttempt: number): Promise<boolean> {
    return this.o.relay.transaction(async (tx, _enqueue, enqueueMany) => {
      const request = await lockWaiting(tx, id);
      if (!request || request.attempt !== fromAttempt || request.rungAttempt !== fromAttempt) return false;
      await tx
        .update(requests)
        .set({ attempt: fromAttempt + 1 })
        .where(eq(requests.id, id));
      await enqueueMany([adviceJob(ADVICE_JOBS.dispatch, { requestId: id, attempt: fromAttempt + 1 }, request.priorityRank)]);
      return true;
    });
  }

  accept(id: string, personId: string, at: Date): Promise<boolean> {
    return this.o.relay.transaction(async (tx, _enqueue, enqueueMany) => {
      const rows = await tx
        .update(requests)
        .set({ status: 'connected', acceptedBy: personId, acceptedAt: at })
        .where(and(eq(requests.id, id), inArray(requests.status, WAITING)))
        .returning({ rank: requests.priorityRank, round: requests.rungAttempt });
      if (rows.length === 0) return false;
      await enqueueMany([
        adviceJob(ADVICE_JOBS.settled, { requestId: id, attempt: rows[0]!.round }, rows[0]!.rank),
        adviceJob(ADVICE_JOBS.queueMoved, { requestId: id, attempt: 0 }, rows[0]!.rank),
      ]);
      return true;
    });
  }

  decline(id: string, personId: string, at: Date): Promise<{ allDeclinedInRound: number | null }> {
    return this.o.db.transaction(async (tx) => {
      const request = await lockWaiting(tx, id);
      if (!request) return { allDeclinedInRound: null };
      await tx
        .update(rings)
        .set({ declinedAt: at })
        .where(and(eq(rings.requestId, id), eq(rings.personId, personId), isNull(rings.declinedAt)));
      const round = await tx
        .select()
        .from(rings)
        .where(and(eq(rings.requestId, id), eq(rings.attempt, request.rungAttempt), eq(rings.kind, 'ring')));
      const all = round.length > 0 && round.every((r) => r.declinedAt !== null || r.failure !== null);
      return { allDeclinedInRound: all ? request.rungAttempt : null };
    });
  }

  complete(id: string, personId: string, advice: Isbar, at: Date): Promise<boolean> {
    return this.o.relay.transaction(async (tx, _enqueue, enqueueMany) => {
      const rows = await tx
        .update(requests)
        .set({ status: 'completed', adviceNote: advice, completedAt: at })
        .where(and(eq(requests.id, id), eq(requests.status, 'connected'), eq(requests.acceptedBy, personId)))
        .returning({ rank: requests.priorityRank });
      if (rows.length === 0) return false;
      await enqueueMany([
        adviceJob(ADVICE_JOBS.status, { requestId: id, attempt: 0 }, rows[0]!.rank),
        // A new handling time: the estimates of those waiting change.
        adviceJob(ADVICE_JOBS.queueMoved, { requestId: id, attempt: 0 }, rows[0]!.rank),
      ]);
      return true;
    });
  }

  async claimStatusCard(id: string, now: Date, claimMs: number): Promise<StatusCardClaim> {
    const claimed = await this.o.db
      .update(requests)
      .set({ statusClaimedUntil: new Date(now.getTime() + claimMs) })
      .where(
        and(
          eq(requests.id, id),
          or(isNull(requests.statusClaimedUntil), lt(requests.statusClaimedUntil, now)),
          // A conversation without an activity is the bot's reply still on its way.
          or(isNull(requests.statusConversationId), sql`${requests.statusActivityId} is not null`),
        ),
      )
      .returning({ conversationId: requests.statusConversationId, activityId: requests.statusActivityId, shown: requests.statusShown });
    if (claimed.length > 0) return { kind: 'claimed', card: claimed[0]! };
    const [row] = await this.o.db
      .select({ conversationId: requests.statusConversationId, activityId: requests.statusActivityId })
      .from(requests)
      .where(eq(requests.id, id));
    if (!row) return { kind: 'not_found' };
    return { kind: row.conversationId !== null && row.activityId === null ? 'pending' : 'held' };
  }

  /** Called after the card went out: waits out a database outage rather than lose where it is (and post a second one). */
  async statusCardSent(id: string, conversationId: string, activityId: string, shown: string): Promise<void> {
    await recordThroughOutage(() =>
      this.o.db
        .update(requests)
        .set({ statusConversationId: conversationId, statusActivityId: activityId, statusShown: shown, statusClaimedUntil: null })
        .where(eq(requests.id, id)),
    );
  }

  async releaseStatusCard(id: string): Promise<void> {
    await this.o.db.update(requests).set({ statusClaimedUntil: null }).where(eq(requests.id, id));
  }

  attachStatusCard(id: string, activityId: string, shown: string): Promise<boolean> {
    return this.o.relay.transaction(async (tx, _enqueue, enqueueMany) => {
      const rows = await tx
        .update(requests)
        .set({ statusActivityId: activityId, statusShown: shown })
        .where(and(eq(requests.id, id), sql`${requests.statusConversationId} is not null`, isNull(requests.statusActivityId)))
        .returning({ rank: requests.priorityRank });
      if (rows.length === 0) return false;
      await enqueueMany([adviceJob(ADVICE_JOBS.status, { requestId: id, attempt: 0 }, rows[0]!.rank)]);
      return true;
    });
  }

  abandon(id: string, requesterId: string, at: Date): Promise<boolean> {
    return this.o.relay.transaction(async (tx, _enqueue, enqueueMany) => {
      const rows = await tx
        .update(requests)
        .set({ status: 'abandoned', abandonedAt: at })
        .where(and(eq(requests.id, id), eq(requests.requesterId, requesterId), inArray(requests.status, WAITING)))
        .returning({ rank: requests.priorityRank, round: requests.rungAttempt });
      if (rows.length === 0) return false;
      await enqueueMany([
        adviceJob(ADVICE_JOBS.settled, { requestId: id, attempt: rows[0]!.round }, rows[0]!.rank),
        adviceJob(ADVICE_JOBS.queueMoved, { requestId: id, attempt: 0 }, rows[0]!.rank),
      ]);
      return true;
    });
  }

  async ensureVideo(id: string, create: () => Promise<string>): Promise<AdviceVideo> {
    const current = async () => {
      const [row] = await this.o.db.select().from(requests).where(eq(requests.id, id));
      return row;
    };
    let row = await current();
    if (row && row.roomName === null) {
      const roomName = await create();
      // First wins: a room made by a join racing this one is simply not used (LiveKit closes it when empty).
      await this.o.db
        .update(requests)
        .set({ roomName })
        .where(and(eq(requests.id, id), isNull(requests.roomName)));
      row = await current();
    }
    if (!row || row.roomName === null) throw new Error('advice request vanished while its room was made');
    return { roomName: row.roomName, requesterIdentity: row.requesterVideoIdentity, specialistIdentity: row.specialistVideoIdentity };
  }

  async waitingBySpecialty(): Promise<Map<string, number>> {
    const rows = await this.o.db
      .select({ specialty: requests.specialty, n: count() })
      .from(requests)
      .where(inArray(requests.status, WAITING))
      .groupBy(requests.specialty);
    return new Map(rows.map((r) => [r.specialty, r.n]));
  }

  async escalationsBySpecialty(): Promise<Map<string, number>> {
    const rows = await this.o.db
      .select({ specialty: requests.specialty, n: sql<number>`sum(greatest(${requests.rungAttempt} - 1, 0))::int` })
      .from(requests)
      .groupBy(requests.specialty);
    return new Map(rows.map((r) => [r.specialty, Number(r.n)]));
  }

  async stats(q: { specialty: string | null; from: Date; to: Date; targetSeconds: number }): Promise<AdviceStatsRow> {
    const waited = sql`extract(epoch from ${requests.acceptedAt} - ${requests.createdAt})`;
    const [row] = await this.o.db
      .select({
        requests: sql<number>`count(*)::int`,
        answered: sql<number>`count(${requests.acceptedAt})::int`,
        answeredWithinTarget: sql<number>`(count(*) filter (where ${waited} <= ${q.targetSeconds}))::int`,
        escalated: sql<number>`(count(*) filter (where ${requests.attempt} > 1))::int`,
        abandoned: sql<number>`(count(*) filter (where ${requests.status} = 'abandoned'))::int`,
        median: sql<string | null>`percentile_cont(0.5) within group (order by ${waited})`,
        p90: sql<string | null>`percentile_cont(0.9) within group (order by ${waited})`,
      })
      .from(requests)
      .where(
        and(
          sql`${requests.createdAt} >= ${q.from.toISOString()}::timestamptz`,
          lt(requests.createdAt, q.to),
          q.specialty === null ? undefined : eq(requests.specialty, q.specialty),
        ),
      );
    const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
    return {
      requests: Number(row?.requests ?? 0),
      answered: Number(row?.answered ?? 0),
      answeredWithinTarget: Number(row?.answeredWithinTarget ?? 0),
      escalated: Number(row?.escalated ?? 0),
      abandoned: Number(row?.abandoned ?? 0),
      medianTimeToAnswerSeconds: num(row?.median),
      p90TimeToAnswerSeconds: num(row?.p90),
    };
  }

  /** For tests and figures: every ring row of the request, sent or not. */
  async ringCount(id: string): Promise<number> {
    return this.o.db.$count(rings, and(eq(rings.requestId, id), gt(rings.attempt, 0)));
  }
}

async function lockWaiting(tx: Tx, id: string) {
  const [row] = await tx
    .select()
    .from(requests)
    .where(and(eq(requests.id, id), inArray(requests.status, WAITING)))
    .for('update');
  return row;
}

const ringKey = (id: string, attempt: number, personId: string) => and(eq(rings.requestId, id), eq(rings.attempt, attempt), eq(rings.personId, personId));
