/**
 * The database schema (drizzle). One set of migrations, generated from this file by
 * `npm run db:generate`, runs on both PGlite and PostgreSQL. Database-level rules that
 * drizzle cannot express (the append-only audit table) live in a hand-written migration.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  createdAt: instant('created_at').notNull().defaultNow(),
});

export const people = pgTable(
  'people',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** Entra ID object id (`oid`): how a Teams/SSO user maps to a person. */
    aadObjectId: text('aad_object_id'),
    hprNumber: text('hpr_number'),
    specialty: text('specialty'),
    phone: text('phone'),
    email: text('email'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('people_aad_object_id_key').on(t.aadObjectId), uniqueIndex('people_hpr_number_key').on(t.hprNumber)],
);

export const personRoles = pgTable(
  'person_roles',
  {
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.role] }), index('person_roles_role_idx').on(t.role)],
);

/** Teams conversations the bot can message proactively; the latest serviceUrl wins. */
export const teamsConversations = pgTable(
  'teams_conversations',
  {
    conversationId: text('conversation_id').primaryKey(),
    personId: text('person_id').references(() => people.id, { onDelete: 'set null' }),
    aadObjectId: text('aad_object_id'),
    tenantId: text('tenant_id'),
    serviceUrl: text('service_url').notNull(),
    reference: jsonb('reference').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [index('teams_conversations_person_idx').on(t.personId)],
);

/**
 * The job outbox: every BullMQ job is first a row here, written in the same transaction as
 * the business change; its id becomes the BullMQ `jobId`. Payloads hold opaque ids only.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    queue: text('queue').notNull(),
    name: text('name').notNull(),
    payload: jsonb('payload').notNull(),
    /** When the job should run; a future instant becomes a BullMQ delay. */
    runAt: instant('run_at').notNull().defaultNow(),
    priority: integer('priority'),
    createdAt: instant('created_at').notNull().defaultNow(),
    /** Set once Redis has the job; rows still null are re-enqueued by the relay. */
    enqueuedAt: instant('enqueued_at'),
    /** Set when the job should no longer run (e.g. a cancelled reminder). */
    cancelledAt: instant('cancelled_at'),
  },
  (t) => [index('outbox_pending_idx').on(t.createdAt).where(sql`${t.enqueuedAt} is null and ${t.cancelledAt} is null`)],
);

/** Append-only: UPDATE, DELETE and TRUNCATE are refused by triggers (see the custom migration). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    at: instant('at').notNull().defaultNow(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    patientId: text('patient_id'),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    outcome: text('outcome').notNull(),
    reason: text('reason'),
    requestId: text('request_id'),
  },
  (t) => [index('audit_events_patient_at_idx').on(t.patientId, t.at)],
);

/** Webhook event ids already handled, so a replayed webhook is ignored. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    source: text('source').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: instant('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.eventId] })],
);

/**
 * The development outbox: SMS and e-mail stored instead of sent when no provider is
 * configured (never in production), shown at /dev/outbox. Rows may hold personal join links.
 */
export const devMessages = pgTable(
  'dev_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel', { enum: ['sms', 'email'] }).notNull(),
    to: text('to').notNull(),
    subject: text('subject'),
    text: text('text').notNull(),
    html: text('html'),
    calendarMethod: text('calendar_method', { enum: ['REQUEST', 'CANCEL'] }),
    calendar: text('calendar'),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('dev_messages_channel_idempotency_key').on(t.channel, t.idempotencyKey)],
);

// ── Consultations (tverrfaglige samtaler) ──────────────────────────────────────────────────

/** Patient-linked data lives only here: a consultation refers to its patient by id. */
export const patients = pgTable('patients', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  phone: text('phone'),
  email: text('email'),
  /** Never shown in lists, cards, notifications or API answers. */
  nationalId: text('national_id'),
  createdAt: instant('created_at').notNull().defaultNow(),
});

export const consultations = pgTable(
  'consultations',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    status: text('status', { enum: ['scheduled', 'cancelled'] }).notNull().default('scheduled'),
    /** iCalendar SEQUENCE: raised on every change the invitees must hear about. */
    sequence: integer('sequence').notNull().default(0),
    /** The directory person who booked it. */
    createdBy: text('created_by').notNull(),
    /** The LiveKit room: a random opaque name, set at the first join. */
    roomName: text('room_name'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('consultations_patient_idx').on(t.patientId),
    index('consultations_starts_at_idx').on(t.startsAt),
    // Video webhooks find the meeting by its room.
    uniqueIndex('consultations_room_name_key').on(t.roomName),
    check('consultations_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const consultationParticipants = pgTable(
  'consultation_participants',
  {
    id: uuid('id').primaryKey(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    /** Set for directory people (clinicians, coordinators). */
    personId: text('person_id').references(() => people.id),
    name: text('name').notNull(),
    phone: text('phone'),
    email: text('email'),
    consentedByPatient: boolean('consented_by_patient').notNull().default(false),
    /** The opaque LiveKit identity, set at the first join: never a name, number or national id. */
    videoIdentity: text('video_identity'),
    /** Guests: since when they wait in the lobby; null when not waiting. */
    lobbySince: instant('lobby_since'),
    /** Guests: when a clinician admitted them, and who; only then do they get a video token. */
    admittedAt: instant('admitted_at'),
    admittedBy: text('admitted_by'),
  },
  (t) => [
    index('consultation_participants_consultation_idx').on(t.consultationId),
    index('consultation_participants_person_idx').on(t.personId),
    uniqueIndex('consultation_participants_video_identity_key').on(t.videoIdentity),
  ],
);

/**
 * People a change removed from a consultation, kept so the change's invitations job can tell
 * them it is cancelled for them: their participant row (and its links) is gone; `sequence` is
 * the consultation's sequence after that change, the times those of the meeting they knew.
 */
export const consultationRemovals = pgTable(
  'consultation_removals',
  {
    /** The removed participant's id. */
    id: uuid('id').primaryKey(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    sequence: integer('sequence').notNull(),
    role: text('role').notNull(),
    personId: text('person_id'),
    name: text('name').notNull(),
    phone: text('phone'),
    email: text('email'),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    removedAt: instant('removed_at').notNull().defaultNow(),
  },
  (t) => [index('consultation_removals_consultation_idx').on(t.consultationId, t.sequence)],
);

/** One row per reminder to send; its job goes through the outbox (`outbox_id`). */
export const consultationReminders = pgTable(
  'consultation_reminders',
  {
    id: uuid('id').primaryKey(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => consultationParticipants.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['teams', 'sms', 'email'] }).notNull(),
    at: instant('at').notNull(),
    outboxId: uuid('outbox_id').references(() => outbox.id),
    cancelledAt: instant('cancelled_at'),
  },
  (t) => [index('consultation_reminders_consultation_idx').on(t.consultationId)],
);

/**
 * Personal join links for guests (patient, relatives, others without Teams). Only the SHA-256
 * of the ≥128-bit random token is stored; each invitation or reminder carries its own link.
 */
export const guestLinks = pgTable(
  'guest_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => consultationParticipants.id, { onDelete: 'cascade' }),
    createdAt: instant('created_at').notNull().defaultNow(),
    /** Exchanged once for a guest session (an httpOnly cookie); a second use is refused. */
    exchangedAt: instant('exchanged_at'),
  },
  (t) => [index('guest_links_participant_idx').on(t.participantId)],
);

/** A guest's browser session after the link was exchanged: the cookie's SHA-256, never the cookie. */
export const guestSessions = pgTable(
  'guest_sessions',
  {
    sessionHash: text('session_hash').primaryKey(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => consultationParticipants.id, { onDelete: 'cascade' }),
    createdAt: instant('created_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('guest_sessions_participant_idx').on(t.participantId)],
);

/** Who was in the call and when (LiveKit webhooks, repaired by the reconciliation job). */
export const consultationAttendance = pgTable(
  'consultation_attendance',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => consultationParticipants.id, { onDelete: 'cascade' }),
    joinedAt: instant('joined_at').notNull(),
    /** Null while still in the call. */
    leftAt: instant('left_at'),
  },
  (t) => [
    index('consultation_attendance_consultation_idx').on(t.consultationId),
    // At most one open stay per participant: a replayed or duplicate join cannot open a second.
    uniqueIndex('consultation_attendance_open_key').on(t.participantId).where(sql`${t.leftAt} is null`),
  ],
);

/** After the meeting: ISBAR notes, agreed actions and the next meeting. Clinical text: never in messages. */
export const consultationSummaries = pgTable('consultation_summaries', {
  consultationId: uuid('consultation_id')
    .primaryKey()
    .references(() => consultations.id, { onDelete: 'cascade' }),
  /** `{identification, situation, background, assessment, recommendation}` */
  isbar: jsonb('isbar').notNull(),
  /** `[{what, who, due}]` */
  actions: jsonb('actions').notNull(),
  nextMeeting: text('next_meeting'),
  writtenBy: text('written_by').notNull(),
  createdAt: instant('created_at').notNull().defaultNow(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

// ── Akuttvideo (legevakt ↔ AMK) ─────────────────────────────────────────────────────────────

/**
 * Emergency calls from legevakt to AMK. ISBAR and vitals are clinical text: they stay here and
 * in the tabs, never in messages, jobs or LiveKit. Every instant the 113 figures need is kept.
 */
export const emergencyCalls = pgTable(
  'emergency_calls',
  {
    id: uuid('id').primaryKey(),
    /** The legevakt doctor (directory person id). */
    requestedBy: text('requested_by')
      .notNull()
      .references(() => people.id),
    /** `{identification?, situation?, background?, assessment?, recommendation?}` */
    isbar: jsonb('isbar'),
    /** The NEWS2 parameters as far as known. */
    vitals: jsonb('vitals'),
    /** Set when the vitals were complete. */
    news2Total: integer('news2_total'),
    triage: text('triage', { enum: ['rod', 'gul', 'gronn'] }),
    status: text('status', { enum: ['ringing', 'answered', 'connected', 'ended'] }).notNull().default('ringing'),
    requestedAt: instant('requested_at').notNull(),
    /** When the first alert left Samrom (the consoles' push). */
    firstAlertAt: instant('first_alert_at'),
    answeredAt: instant('answered_at'),
    answeredBy: text('answered_by').references(() => people.id),
    connectedAt: instant('connected_at'),
    endedAt: instant('ended_at'),
    outcome: text('outcome', { enum: ['ambulance', 'advice', 'referral', 'cancelled', 'other'] }),
    /** The LiveKit room: a random opaque name, set when AMK accepts. */
    roomName: text('room_name'),
    /** Still ringing after the ring timeout: the backup group was alerted and the alarm raised. */
    escalatedAt: instant('escalated_at'),
  },
  (t) => [
    index('emergency_calls_requested_at_idx').on(t.requestedAt),
    index('emergency_calls_open_idx').on(t.requestedAt).where(sql`${t.status} <> 'ended'`),
    uniqueIndex('emergency_calls_room_name_key').on(t.roomName),
    check('emergency_calls_answered_has_answerer', sql`${t.status} = 'ringing' or ${t.status} = 'ended' or ${t.answeredBy} is not null`),
  ],
);

/**
 * Each Teams card an emergency call sent (to every AMK operator, and to the backup group on
 * escalation): its existence makes a redelivered ring job skip that operator, and its activity
 * id lets the card be replaced by «Besvart av …» once someone answers.
 */
export const emergencyCallAlerts = pgTable(
  'emergency_call_alerts',
  {
    callId: uuid('call_id')
      .notNull()
      .references(() => emergencyCalls.id, { onDelete: 'cascade' }),
    personId: text('person_id').notNull(),
    kind: text('kind', { enum: ['ring', 'escalate'] }).notNull(),
    conversationId: text('conversation_id').notNull(),
    activityId: text('activity_id').notNull(),
    sentAt: instant('sent_at').notNull().defaultNow(),
    /** The call status the card shows now; the card is replaced when the call moves on. */
    shownStatus: text('shown_status', { enum: ['ringing', 'answered', 'connected', 'ended'] }).notNull().default('ringing'),
  },
  (t) => [primaryKey({ columns: [t.callId, t.personId, t.kind] })],
);

/** Third parties the answering AMK operator pulled into a call: they may read it and join its room. */
export const emergencyCallInvites = pgTable(
  'emergency_call_invites',
  {
    callId: uuid('call_id')
      .notNull()
      .references(() => emergencyCalls.id, { onDelete: 'cascade' }),
    personId: text('person_id').notNull(),
    invitedBy: text('invited_by').notNull(),
    invitedAt: instant('invited_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.personId] })],
);

/**
 * Personal links AMK sent an ambulance crew by SMS, one row per link (a re-send adds one). `phone`
 * (E.164) stays in this table, never in jobs, logs or LiveKit; the link's token and the crew
 * browser's session token are stored as SHA-256 hashes.
 */
export const emergencyCrewLinks = pgTable(
  'emergency_crew_links',
  {
    id: uuid('id').primaryKey(),
    callId: uuid('call_id')
      .notNull()
      .references(() => emergencyCalls.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    invitedBy: text('invited_by').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    tokenHash: text('token_hash').unique(),
    sentAt: instant('sent_at'),
    exchangedAt: instant('exchanged_at'),
    sessionHash: text('session_hash').unique(),
    sessionExpiresAt: instant('session_expires_at'),
    /** The crew's first video token (they reached the call). */
    joinedAt: instant('joined_at'),
  },
  (t) => [index('emergency_crew_links_call_idx').on(t.callId, t.createdAt)],
);

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
    index('advice_requests_waiting_idx')
      .on(t.specialty, t.priorityRank, t.queueTicket)
      .where(sql`${t.status} in ('queued', 'ringing')`),
    // Requests that left the queue, by lane and ticket: the few that left from behind its front.
    index('advice_requests_left_queue_idx')
      .on(t.specialty, t.priorityRank, t.queueTicket)
      .where(sql`${t.status} not in ('queued', 'ringing')`),
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

// ── Citizen video (a 113 caller shows AMK the scene) ─────────────────────────────────────

/** Still photos arrive as raw bytes; drizzle has no built-in bytea column. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * One AMK request for a caller's video. `phone` (E.164) is personal data: it stays in this table,
 * never in jobs, logs or LiveKit. The caller's browser holds `session_hash`'s token as a cookie.
 */
export const citizenVideoSessions = pgTable(
  'citizen_video_sessions',
  {
    id: uuid('id').primaryKey(),
    createdBy: text('created_by').notNull(),
    phone: text('phone').notNull(),
    createdAt: instant('created_at').notNull(),
    /** The newest link's expiry. */
    expiresAt: instant('expires_at').notNull(),
    exchangedAt: instant('exchanged_at'),
    sessionHash: text('session_hash').unique(),
    sessionExpiresAt: instant('session_expires_at'),
    consentedAt: instant('consented_at'),
    /** `{latitude, longitude, accuracy, at}`, shared with its own consent. */
    location: jsonb('location'),
    videoConnectedAt: instant('video_connected_at'),
    endedAt: instant('ended_at'),
    roomName: text('room_name'),
  },
  (t) => [index('citizen_video_sessions_created_idx').on(t.createdAt), uniqueIndex('citizen_video_sessions_room_name_key').on(t.roomName)],
);

/** Every link sent for a session (a resend adds one; none is withdrawn). The token is made and hashed by the SMS worker. */
export const citizenVideoLinks = pgTable('citizen_video_links', {
  id: uuid('id').primaryKey(),
  sessionId: uuid('session_id')
    .notNull()
    .references(() => citizenVideoSessions.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').unique(),
  createdAt: instant('created_at').notNull(),
  expiresAt: instant('expires_at').notNull(),
  sentAt: instant('sent_at'),
  exchangedAt: instant('exchanged_at'),
});

/** Still photos from the caller when video fails. */
export const citizenVideoPhotos = pgTable(
  'citizen_video_photos',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => citizenVideoSessions.id, { onDelete: 'cascade' }),
    n: integer('n').notNull(),
    contentType: text('content_type').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.n] })],
);

/** Directory people AMK added to a session (a legevakt doctor, a specialist). */
export const citizenVideoInvites = pgTable(
  'citizen_video_invites',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => citizenVideoSessions.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    invitedBy: text('invited_by').notNull(),
    invitedAt: instant('invited_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.personId] })],
);
