/** Tables every service uses: organizations and people, Teams chats, the outbox, the audit log, ledgers. */
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Instants are stored with their time zone and read as `Date`. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

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
