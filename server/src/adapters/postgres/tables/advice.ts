/** The advice line (konfereringstelefon): rosters, advice requests, queue lanes, ring attempts. */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { instant, people } from './common';

// ── Rosters (vaktplan) ────────────────────────────────────────────────────────────────────

/** On-call shifts per specialty: level 1 vakthavende, 2 bakvakt, 3 the consultant in charge. No patient data. */
export const rosterShifts = pgTable(
  'roster_shifts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    specialty: text('specialty').notNull(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    level: integer('level').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    /** Directory person id (or `system:…`) of whoever saved it. */
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('roster_shifts_specialty_starts_idx').on(t.specialty, t.startsAt),
    check('roster_shifts_level_check', sql`${t.level} between 1 and 3`),
    check('roster_shifts_interval_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

// ── Advice line (konfereringstelefon) ─────────────────────────────────────────────────────

/**
 * A request for advice from a specialty. The ISBAR and the advice note are clinical text: they
 * live here only, never in jobs, Teams text or logs. `attempt` is the latest ring round planned
 * (a dispatch job was enqueued for it); `rung_attempt` the latest whose rings were written.
 */
export const adviceRequests = pgTable(
  'advice_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requesterId: text('requester_id')
      .notNull()
      .references(() => people.id),
    specialty: text('specialty').notNull(),
    /** 1 akutt, 2 haster, 3 vanlig: the sort order and the BullMQ priority. */
    priorityRank: integer('priority_rank').notNull(),
    /**
     * Arrival within the lane (specialty, priority): 1, 2, 3, … with no gaps, set on insert by
     * the `advice_requests_queue_ticket` trigger from `advice_queue_lanes` (the default is
     * never kept). The queue is ordered by (priority, ticket), and a position is counted from
     * ticket arithmetic rather than by walking every request ahead (see `position`).
     */
    queueTicket: bigint('queue_ticket', { mode: 'number' }).notNull().default(0),
    isbar: jsonb('isbar').notNull(),
    callbackPhone: text('callback_phone'),
    /** `video`, `audio` or `callback`. */
    mode: text('mode').notNull(),
    /** `queued`, `ringing`, `connected`, `completed`, `abandoned`. */
    status: text('status').notNull(),
    attempt: integer('attempt').notNull().default(1),
    rungAttempt: integer('rung_attempt').notNull().default(0),
    acceptedBy: text('accepted_by').references(() => people.id),
    roomName: text('room_name'),
    /** Opaque LiveKit identities, one per side. */
    requesterVideoIdentity: uuid('requester_video_identity').notNull().defaultRandom(),
    specialistVideoIdentity: uuid('specialist_video_identity').notNull().defaultRandom(),
    adviceNote: jsonb('advice_note'),
    createdAt: instant('created_at').notNull().defaultNow(),
    acceptedAt: instant('accepted_at'),
    completedAt: instant('completed_at'),
    abandonedAt: instant('abandoned_at'),
    /**
     * The requester's status card in Teams, updated in place at every step. A conversation
     * without an activity is a card the bot is about to post as its reply (the worker leaves it).
     */
    statusConversationId: text('status_conversation_id'),
    statusActivityId: text('status_activity_id'),
    /** What the card shows now (a key of its facts): an unchanged card is not sent again. */
    statusShown: text('status_shown'),
    /** A worker updating the card holds it until then; a crashed worker's claim runs out. */
    statusClaimedUntil: instant('status_claimed_until'),
  },
  (t) => [
    // The queue: waiting requests of a specialty by (priority, arrival); its first ticket per lane.
    index('advice_requests_waiting_idx').on(t.specialty, t.priorityRank, t.queueTicket).where(sql`${t.status} in ('queued', 'ringing')`),
    // Requests that left the queue, by lane and ticket: the few that left from behind its front.
    index('advice_requests_left_queue_idx').on(t.specialty, t.priorityRank, t.queueTicket).where(sql`${t.status} not in ('queued', 'ringing')`),
    index('advice_requests_completed_idx').on(t.specialty, t.completedAt).where(sql`${t.status} = 'completed'`),
    index('advice_requests_connected_idx').on(t.acceptedBy).where(sql`${t.status} = 'connected'`),
    index('advice_requests_requester_idx').on(t.requesterId, t.createdAt),
    uniqueIndex('advice_requests_room_name_key').on(t.roomName),
    check('advice_requests_priority_check', sql`${t.priorityRank} between 1 and 3`),
    check('advice_requests_status_check', sql`${t.status} in ('queued', 'ringing', 'connected', 'completed', 'abandoned')`),
    check('advice_requests_mode_check', sql`${t.mode} in ('video', 'audio', 'callback')`),
  ],
);

/**
 * The last ticket handed out per queue lane (specialty, priority). Only the
 * `advice_requests_queue_ticket` trigger writes it, in the inserting transaction, so tickets
 * have no gaps: a rolled-back insert gives its number back.
 */
export const adviceQueueLanes = pgTable(
  'advice_queue_lanes',
  {
    specialty: text('specialty').notNull(),
    priorityRank: integer('priority_rank').notNull(),
    issued: bigint('issued', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.specialty, t.priorityRank] })],
);

/**
 * One person rung (or a coordinator alarmed) in one ring round. The primary key is the
 * side effect's idempotency key: a redelivered or duplicated dispatch finds the row and
 * cannot ring the same person twice for the same attempt.
 */
export const adviceRingAttempts = pgTable(
  'advice_ring_attempts',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => adviceRequests.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    /** Roster level 1–3, or 0 for a coordinator alarmed after a full round. */
    level: integer('level').notNull(),
    /** `ring` (may accept) or `alarm` (a coordinator told nobody answered). */
    kind: text('kind').notNull(),
    /** A worker sending it holds the claim until then; a crashed worker's claim runs out. */
    claimedUntil: instant('claimed_until'),
    sentAt: instant('sent_at'),
    activityId: text('activity_id'),
    /** Why it could not be delivered for good (`no_conversation`, `forbidden`, …). */
    failure: text('failure'),
    declinedAt: instant('declined_at'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.attempt, t.personId] }),
    index('advice_ring_attempts_person_idx').on(t.personId),
    check('advice_ring_attempts_kind_check', sql`${t.kind} in ('ring', 'alarm')`),
  ],
);
