/**
 * The advice store's reads, prepared once (every request, ring, card and read runs them), and
 * how their rows become records. The one statement behind `GET /api/advice-requests/:id`
 * (`advice_read`) returns the request, its rings, and — while it waits — its queue position and
 * the specialty's recent medians, so a read is one round trip however long the queue.
 */
import { type SQL, eq, getTableColumns, sql } from 'drizzle-orm';
import type { AdviceMode, AdviceStatus } from '../../contracts/advice';
import type { Isbar } from '../../contracts/summary';
import { type AdviceRequestRecord, type RingRecord, priorityOfRank } from '../../core/advice/model';
import type { AdviceRead, RecentMedians } from '../../core/advice/store';
import type { RosterLevel } from '../../core/rosters/shifts';
import type { Db } from './db';
import { adviceRequests as requests, type adviceRingAttempts as rings } from './schema';

/** How many recent completed requests the estimate looks at. */
const RECENT_COMPLETED = 50;

export function prepareAdviceReads(db: Db) {
  const byId = db
    .select()
    .from(requests)
    .where(eq(requests.id, sql.placeholder('id')))
    .prepare('advice_by_id');
  const position = db
    .select({ ahead: aheadOf(sql`${sql.placeholder('specialty')}::text`, sql`${sql.placeholder('rank')}::int`, sql`${sql.placeholder('ticket')}::bigint`) })
    .from(sql`(select 1) as one`)
    .prepare('advice_position');
  const medians = db
    .select({ medians: mediansOf(sql`${sql.placeholder('specialty')}::text`) })
    .from(sql`(select 1) as one`)
    .prepare('advice_recent_medians');
  // Everything a read shows in one statement: the rings as JSON, position and medians only while it waits.
  const waiting = sql`${requests.status} in ('queued', 'ringing')`;
  const read = db
    .select({
      ...getTableColumns(requests),
      ahead: sql<
        number | null
      >`case when ${waiting} then ${aheadOf(sql`${requests.specialty}`, sql`${requests.priorityRank}`, sql`${requests.queueTicket}`)} end`,
      medians: sql<MedianPair | null>`case when ${waiting} then ${mediansOf(sql`${requests.specialty}`)} end`,
      rings: sql<RingJson[]>`coalesce((
        select json_agg(json_build_object('attempt', a.attempt, 'personId', a.person_id, 'level', a.level, 'kind', a.kind,
          'sentAt', a.sent_at, 'activityId', a.activity_id, 'failure', a.failure, 'declinedAt', a.declined_at)
          order by a.attempt, a.level, a.person_id)
        from advice_ring_attempts a where a.request_id = ${requests.id}), '[]'::json)`,
    })
    .from(requests)
    .where(eq(requests.id, sql.placeholder('id')))
    .prepare('advice_read');
  return { byId, position, medians, read };
}

type ReadRow = Awaited<ReturnType<ReturnType<typeof prepareAdviceReads>['read']['execute']>>[number];

/** Median handling (accepted → completed) and answer (created → accepted) seconds, as PostgreSQL sends them. */
type MedianPair = (number | string | null)[];

/** The specialty's recent medians as one array value: [handling, answer] seconds (nulls with no completed request). */
function mediansOf(specialty: SQL): SQL<MedianPair> {
  return sql<MedianPair>`(
    select array[
      percentile_cont(0.5) within group (order by extract(epoch from recent.completed_at - recent.accepted_at)),
      percentile_cont(0.5) within group (order by extract(epoch from recent.accepted_at - recent.created_at))]
    from (select c.accepted_at, c.completed_at, c.created_at from advice_requests c
          where c.specialty = ${specialty} and c.status = 'completed'
          order by c.completed_at desc limit ${sql.raw(String(RECENT_COMPLETED))}) recent)`;
}

export function toMedians(pair: MedianPair): RecentMedians {
  const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { handlingSeconds: num(pair[0]), answerSeconds: num(pair[1]) };
}

export function toRead(row: ReadRow): AdviceRead {
  // Rows from JSON: timestamps arrive as text.
  const at = (v: string | null) => (v === null ? null : new Date(v));
  return {
    request: toRecord(row),
    rings: row.rings.map((r) => ({ ...r, requestId: row.id, level: r.level as RosterLevel | 0, sentAt: at(r.sentAt), declinedAt: at(r.declinedAt) })),
    position: row.ahead === null ? null : Number(row.ahead) + 1,
    medians: row.medians === null ? null : toMedians(row.medians),
  };
}

/**
 * How many waiting requests are ahead of the one with this lane (specialty, priority) and
 * ticket — without visiting them. Tickets are numbered per lane with no gaps (see
 * `queueTicket`) and requests are never deleted, so in each lane up to ours the tickets from
 * its first waiting request to the last one ahead are all there, each still waiting or gone
 * from the queue; only the gone ones inside that range are counted, and those are the few
 * answered or withdrawn out of turn. Two index lookups per lane plus one entry per request that
 * left out of turn since the lane's oldest waiting one arrived, instead of one entry per request
 * ahead: a long queue costs no more than a short one.
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

export function toRecord(row: typeof requests.$inferSelect): AdviceRequestRecord {
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

export function toRing(row: typeof rings.$inferSelect): RingRecord {
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
