/** Akuttvideo: legevakt ↔ AMK calls, their alerts, invites and crew links, and citizen video for 113 callers. */
import { sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { EMERGENCY_OUTCOMES, INVITE_DELIVERY_STATES } from '../../../contracts/emergency';
import { instant, people } from './common';

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
    status: text('status', { enum: ['ringing', 'answered', 'connected', 'ended'] })
      .notNull()
      .default('ringing'),
    requestedAt: instant('requested_at').notNull(),
    /** When the first alert left Samrom (the consoles' push). */
    firstAlertAt: instant('first_alert_at'),
    answeredAt: instant('answered_at'),
    answeredBy: text('answered_by').references(() => people.id),
    connectedAt: instant('connected_at'),
    endedAt: instant('ended_at'),
    outcome: text('outcome', { enum: EMERGENCY_OUTCOMES }),
    /** Who ended it (the requester or an operator); null when Samrom closed it unanswered. */
    endedBy: text('ended_by').references(() => people.id),
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
    shownStatus: text('shown_status', { enum: ['ringing', 'answered', 'connected', 'ended'] })
      .notNull()
      .default('ringing'),
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
    /** What Teams answered for their card: the operator is told «varslet» only once it is `delivered`. */
    delivery: text('delivery', { enum: INVITE_DELIVERY_STATES }).notNull().default('pending'),
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
    /** The SMS provider refused the link on the last attempt: the operator is told to send again or phone the crew. */
    failedAt: instant('failed_at'),
    exchangedAt: instant('exchanged_at'),
    sessionHash: text('session_hash').unique(),
    sessionExpiresAt: instant('session_expires_at'),
    /** The crew's first video token (they reached the call). */
    joinedAt: instant('joined_at'),
    /** AMK sent the same number a newer link for this call: this one is refused (410 `superseded`). */
    supersededAt: instant('superseded_at'),
  },
  (t) => [index('emergency_crew_links_call_idx').on(t.callId, t.createdAt)],
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
  /** AMK re-sent the link: the newer one replaces this one (410 `superseded`). */
  supersededAt: instant('superseded_at'),
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
