/** Tverrfaglige samtaler: patients, meetings, participants, reminders, guest links, attendance, summaries. */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { instant, outbox, people } from './common';

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
    status: text('status', { enum: ['scheduled', 'cancelled'] })
      .notNull()
      .default('scheduled'),
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

/**
 * What became of each invitation, update or cancellation, per participant and channel: `sent`
 * (the provider took it), `delivered` (the SMS provider's delivery report, SMTP's acceptance,
 * Teams' answer, or the development outbox) or `failed` (with the reason). One row per message
 * (its idempotency key); the SMS delivery report finds its row by the provider's message id.
 */
export const consultationDeliveries = pgTable(
  'consultation_deliveries',
  {
    key: text('key').primaryKey(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    /** No foreign key: a removed participant's cancellation is recorded too. */
    participantId: uuid('participant_id').notNull(),
    channel: text('channel', { enum: ['teams', 'sms', 'email'] }).notNull(),
    kind: text('kind', { enum: ['invitation', 'update', 'cancellation', 'reminder'] }).notNull(),
    state: text('state', { enum: ['sent', 'delivered', 'failed'] }).notNull(),
    providerRef: text('provider_ref'),
    reason: text('reason'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('consultation_deliveries_consultation_idx').on(t.consultationId), index('consultation_deliveries_provider_idx').on(t.channel, t.providerRef)],
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
    /** The consultation's `sequence` (version) whose invitation or reminder carried this link. */
    sequence: integer('sequence').notNull().default(0),
    /** A link for a later version was issued to the same participant: this one is refused (410 `superseded`). */
    supersededAt: instant('superseded_at'),
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
