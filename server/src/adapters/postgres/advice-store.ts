/**
 * Advice requests and their ring attempts in PostgreSQL. State changes that need a job
 * (create → round 1, a round rung → its escalation, a round moved on → the next round) write
 * the job to the outbox in the same transaction, after re-checking the state under a row
 * lock, so a job is planned once however many workers or redeliveries race. The job rows go
 * through `enqueueMany`, so the relay publishes them as written after the commit instead of
 * reading them back (a round trip less on the way to the first ring).
 */
import { type SQL, and, asc, count, eq, getTableColumns, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { AdviceMode, AdviceStatus } from '../../contracts/advice';
import type { Isbar } from '../../contracts/summary';
import { type AdviceRequestRecord, type RingPlan, type RingRecord, PRIORITY_RANK, priorityOfRank } from '../../core/advice/model';
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
import type { RosterLevel } from '../../core/rosters/shifts';
import { STATUS_REFRESH_LIMIT } from '../../core/advice/status-card';
import { ADVICE_JOBS, adviceJob } from '../queue/advice-jobs';
import type { OutboxRelay } from '../queue/outbox';
import type { Db, Tx } from './db';
import { adviceRequests as requests, adviceRingAttempts as rings, teamsConversations } from './schema';

/** How many recent completed requests the estimate looks at. */
const RECENT_COMPLETED = 50;
const WAITING: AdviceStatus[] = ['queued', 'ringing'];

export interface PostgresAdviceStoreOptions {
  readonly db: Db;
  readonly relay: Pick<OutboxRelay, 'transaction'>;
}

export class PostgresAdviceStore implements AdviceStore, AdviceFigures, AdviceStatsSource, AdviceQueueSource {
  // Prepared once: every request, ring, card and read runs these, and building a query costs
  // more server time than PostgreSQL takes to answer it.
  private readonly byIdQuery;
  private readonly positionQuery;
  private readonly mediansQuery;
  private readonly readQuery;

  constructor(private readonly o: PostgresAdviceStoreOptions) {
    this.byIdQuery = o.db.select().from(requests).where(eq(requests.id, sql.placeholder('id'))).prepare('advice_by_id');
    this.positionQuery = o.db
      .select({ ahead: aheadOf(sql`${sql.placeholder('specialty')}::text`, sql`${sql.placeholder('rank')}::int`, sql`${sql.placeholder('ticket')}::bigint`) })
      .from(sql`(select 1) as one`)
      .prepare('advice_position');
    const recent = o.db
      .select({ acceptedAt: requests.acceptedAt, completedAt: requests.completedAt, createdAt: requests.createdAt })
      .from(requests)
      .where(and(eq(requests.specialty, sql.placeholder('specialty')), eq(requests.status, 'completed')))
      .orderBy(sql`${requests.completedAt} desc`)
      .limit(RECENT_COMPLETED)
      .as('recent');
    this.mediansQuery = o.db
      .select({
        handling: sql<string | null>`percentile_cont(0.5) within group (order by extract(epoch from ${recent.completedAt} - ${recent.acceptedAt}))`,
        answer: sql<string | null>`percentile_cont(0.5) within group (order by extract(epoch from ${recent.acceptedAt} - ${recent.createdAt}))`,
      })
      .from(recent)
      .prepare('advice_recent_medians');

    // Everything a read shows in one statement: the rings as JSON, position and medians only while it waits.
    const waiting = sql`${requests.status} in ('queued', 'ringing')`;
    this.readQuery = o.db
      .select({
        ...getTableColumns(requests),
        ahead: sql<number | null>`case when ${waiting} then ${aheadOf(sql`${requests.specialty}`, sql`${requests.priorityRank}`, sql`${requests.queueTicket}`)} end`,
        medians: sql<(number | string | null)[] | null>`case when ${waiting} then (
          select array[
            percentile_cont(0.5) within group (order by extract(epoch from recent.completed_at - recent.accepted_at)),
            percentile_cont(0.5) within group (order by extract(epoch from recent.accepted_at - recent.created_at))]
          from (select c.accepted_at, c.completed_at, c.created_at from advice_requests c
                where c.specialty = ${requests.specialty} and c.status = 'completed'
                order by c.completed_at desc limit ${sql.raw(String(RECENT_COMPLETED))}) recent) end`,
        rings: sql<RingJson[]>`coalesce((
          select json_agg(json_build_object('attempt', a.attempt, 'personId', a.person_id, 'level', a.level, 'kind', a.kind,
            'sentAt', a.sent_at, 'activityId', a.activity_id, 'failure', a.failure, 'declinedAt', a.declined_at)
            order by a.attempt, a.level, a.person_id)
          from advice_ring_attempts a where a.request_id = ${requests.id}), '[]'::json)`,
      })
      .from(requests)
      .where(eq(requests.id, sql.placeholder('id')))
      .prepare('advice_read');
  }

  async read(id: string): Promise<AdviceRead | null> {
    const [row] = await this.readQuery.execute({ id });
    if (!row) return null;
    const request = toRecord(row);
    const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
    // Rows from JSON: timestamps arrive as text.
    const at = (v: string | null) => (v === null ? null : new Date(v));
    return {
      request,
      rings: row.rings.map((r) => ({ ...r, requestId: id, level: r.level as RosterLevel | 0, sentAt: at(r.sentAt), declinedAt: at(r.declinedAt) })),
      position: row.ahead === null ? null : Number(row.ahead) + 1,
      medians: row.medians === null ? null : { handlingSeconds: num(row.medians[0]), answerSeconds: num(row.medians[1]) },
    };
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
    const [row] = await this.byIdQuery.execute({ id });
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
    const [row] = await this.positionQuery.execute({ specialty: r.specialty, rank: PRIORITY_RANK[r.priority], ticket: r.queueTicket });
    return (row?.ahead ?? 0) + 1;
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
    const [row] = await this.mediansQuery.execute({ specialty });
    const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
    return { handlingSeconds: num(row?.handling), answerSeconds: num(row?.answer) };
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

  async ringSent(id: string, attempt: number, personId: string, activityId: string, at: Date): Promise<void> {
    await this.o.db.update(rings).set({ sentAt: at, activityId, claimedUntil: null }).where(ringKey(id, attempt, personId));
  }

  async ringFailed(id: string, attempt: number, personId: string, failure: string): Promise<void> {
    await this.o.db.update(rings).set({ failure, claimedUntil: null }).where(ringKey(id, attempt, personId));
  }

  async releaseRing(id: string, attempt: number, personId: string): Promise<void> {
    await this.o.db.update(rings).set({ claimedUntil: null }).where(ringKey(id, attempt, personId));
  }

  advance(id: string, fromAttempt: number): Promise<boolean> {
    return this.o.relay.transaction(async (tx, _enqueue, enqueueMany) => {
      const request = await lockWaiting(tx, id);
      if (!request || request.attempt !== fromAttempt || request.rungAttempt !== fromAttempt) return false;
      await tx.update(requests).set({ attempt: fromAttempt + 1 }).where(eq(requests.id, id));
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
      await tx.update(rings).set({ declinedAt: at }).where(and(eq(rings.requestId, id), eq(rings.personId, personId), isNull(rings.declinedAt)));
      const round = await tx.select().from(rings).where(and(eq(rings.requestId, id), eq(rings.attempt, request.rungAttempt), eq(rings.kind, 'ring')));
      const all = round.length > 0 && round.every((r) => r.declinedAt !== null || r.failure !== null);
      return { allDeclinedInRound: all ? request.rungAttempt : null };
    });
  }

  complete(id: string, personId: string, advice: Isbar, at: Date): Promise<boolean> {
    return this.o.relay.transaction(async (tx, enqueue) => {
      const rows = await tx
        .update(requests)
        .set({ status: 'completed', adviceNote: advice, completedAt: at })
        .where(and(eq(requests.id, id), eq(requests.status, 'connected'), eq(requests.acceptedBy, personId)))
        .returning({ rank: requests.priorityRank });
      if (rows.length === 0) return false;
      await enqueue(adviceJob(ADVICE_JOBS.status, { requestId: id, attempt: 0 }, rows[0]!.rank));
      // A new handling time: the estimates of those waiting change.
      await enqueue(adviceJob(ADVICE_JOBS.queueMoved, { requestId: id, attempt: 0 }, rows[0]!.rank));
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

  async statusCardSent(id: string, conversationId: string, activityId: string, shown: string): Promise<void> {
    await this.o.db
      .update(requests)
      .set({ statusConversationId: conversationId, statusActivityId: activityId, statusShown: shown, statusClaimedUntil: null })
      .where(eq(requests.id, id));
  }

  async releaseStatusCard(id: string): Promise<void> {
    await this.o.db.update(requests).set({ statusClaimedUntil: null }).where(eq(requests.id, id));
  }

  attachStatusCard(id: string, activityId: string, shown: string): Promise<boolean> {
    return this.o.relay.transaction(async (tx, enqueue) => {
      const rows = await tx
        .update(requests)
        .set({ statusActivityId: activityId, statusShown: shown })
        .where(and(eq(requests.id, id), sql`${requests.statusConversationId} is not null`, isNull(requests.statusActivityId)))
        .returning({ rank: requests.priorityRank });
      if (rows.length === 0) return false;
      await enqueue(adviceJob(ADVICE_JOBS.status, { requestId: id, attempt: 0 }, rows[0]!.rank));
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
      await this.o.db.update(requests).set({ roomName }).where(and(eq(requests.id, id), isNull(requests.roomName)));
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

/**
 * How many waiting requests are ahead of the one with this lane (specialty, priority) and
 * ticket — without visiting them. Tickets are numbered per lane with no gaps (see
 * `queueTicket`) and requests are never deleted, so in each lane up to ours the tickets from
 * its first waiting request to the last one ahead are all there, each still waiting or gone
 * from the queue; only the gone ones inside that range are counted, and those are the few
 * answered or withdrawn out of turn. Two index lookups per lane instead of one entry per
 * request ahead: the same cost at position 10 and at position 10,000.
 */
function aheadOf(specialty: SQL, rank: SQL, ticket: SQL): SQL<number> {
  return sql<number>`(select coalesce(sum(lane.last - lane.front + 1 - (
      select count(*) from advice_requests gone
      where gone.specialty = ${specialty} and gone.priority_rank = lane.priority_rank
        and gone.status not in ('queued', 'ringing') and gone.queue_ticket between lane.front and lane.last
    )), 0)::int
    from (
      select l.priority_rank,
        (select min(q.queue_ticket) from advice_requests q
          where q.specialty = l.specialty and q.priority_rank = l.priority_rank and q.status in ('queued', 'ringing')) as front,
        case when l.priority_rank = ${rank} then ${ticket} - 1 else l.issued end as last
      from advice_queue_lanes l
      where l.specialty = ${specialty} and l.priority_rank <= ${rank}
    ) lane
    where lane.front <= lane.last)`.mapWith(Number);
}

/** A ring attempt as the read's JSON has it. */
interface RingJson {
  readonly attempt: number;
  readonly personId: string;
  readonly level: number;
  readonly kind: RingRecord['kind'];
  readonly sentAt: string | null;
  readonly activityId: string | null;
  readonly failure: string | null;
  readonly declinedAt: string | null;
}

function toRecord(row: typeof requests.$inferSelect): AdviceRequestRecord {
  return {
    id: row.id,
    requesterId: row.requesterId,
    specialty: row.specialty,
    priority: priorityOfRank(row.priorityRank),
    queueTicket: row.queueTicket,
    isbar: row.isbar as Isbar,
    callbackPhone: row.callbackPhone,
    mode: row.mode as AdviceMode,
    status: row.status as AdviceStatus,
    attempt: row.attempt,
    rungAttempt: row.rungAttempt,
    acceptedBy: row.acceptedBy,
    roomName: row.roomName,
    adviceNote: (row.adviceNote as Isbar | null) ?? null,
    createdAt: row.createdAt,
    acceptedAt: row.acceptedAt,
    completedAt: row.completedAt,
    statusActivityId: row.statusActivityId,
  };
}

function toRing(row: typeof rings.$inferSelect): RingRecord {
  return {
    requestId: row.requestId,
    attempt: row.attempt,
    personId: row.personId,
    level: row.level as RosterLevel | 0,
    kind: row.kind as RingRecord['kind'],
    sentAt: row.sentAt,
    activityId: row.activityId,
    failure: row.failure,
    declinedAt: row.declinedAt,
  };
}
