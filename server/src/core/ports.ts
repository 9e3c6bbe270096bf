/**
 * Ports: what the core needs from the outside world. Adapters implement them; use cases get
 * them passed in. Nothing here may import from outside `core`.
 */
import type { Role } from './roles';
import type { TeamsNotice } from './teams-notices';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

// ── Directory ──────────────────────────────────────────────────────────────────────────────

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** The organisation's name, as the directory upsert gives it (unique). */
  readonly organization: string;
  /** The organisation's stable id, given by the store: what access policies compare. */
  readonly organizationId: string;
  readonly aadObjectId: string | null;
  readonly hprNumber: string | null;
  readonly specialty: string | null;
  readonly phone: string | null;
  readonly email: string | null;
}

export type PersonInput = Omit<Person, 'organizationId' | 'aadObjectId' | 'hprNumber' | 'specialty' | 'phone' | 'email'> &
  Partial<Pick<Person, 'aadObjectId' | 'hprNumber' | 'specialty' | 'phone' | 'email'>>;

export interface Directory {
  /** Inserts or updates people by `id`, all or nothing. Returns how many were created and updated. */
  upsert(people: readonly PersonInput[]): Promise<{ created: number; updated: number }>;
  byId(id: string): Promise<Person | null>;
  byAadObjectId(aadObjectId: string): Promise<Person | null>;
  list(): Promise<Person[]>;
}

// ── Audit ──────────────────────────────────────────────────────────────────────────────────

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

export interface AuditEventInput {
  /** Directory person id, or `system:<name>` for workers. */
  readonly actorId: string;
  /** What was done, as `noun.verb`: `consultation.read`, `audit.read`, … */
  readonly action: string;
  readonly patientId: string | null;
  readonly resourceType: string | null;
  readonly resourceId: string | null;
  readonly outcome: AuditOutcome;
  /** Why it was denied or failed: an error code, never free text with personal data. */
  readonly reason?: string | null;
  readonly requestId?: string | null;
}

export interface AuditEvent extends AuditEventInput {
  readonly id: string;
  readonly at: Date;
  /** The actor's name from the directory at read time (null for system actors or unknown ids). */
  readonly actorName: string | null;
}

export interface AuditLog {
  record(event: AuditEventInput): Promise<void>;
  forPatient(patientId: string, range: { from?: Date; to?: Date }): Promise<AuditEvent[]>;
}

// ── Video (LiveKit behind it) ──────────────────────────────────────────────────────────────

/** Guests (patients, relatives, citizens) never get admin, record or hidden grants. */
export type VideoParticipantKind = 'clinician' | 'guest';

export interface VideoTokenRequest {
  readonly roomName: string;
  /** Opaque, random; never a name, phone number or national id. */
  readonly identity: string;
  /** Shown to the others in the call: `Name (rolle)`. */
  readonly displayName: string;
  readonly kind: VideoParticipantKind;
  /** Audio only: may not publish camera. @defaultValue false */
  readonly audioOnly?: boolean;
  /** At most 600 (10 minutes). @defaultValue 600 */
  readonly ttlSeconds?: number;
}

export interface VideoToken {
  readonly token: string;
  readonly serverUrl: string;
  readonly roomName: string;
  readonly expiresAt: Date;
}

export interface VideoParticipant {
  readonly identity: string;
  readonly displayName: string;
  readonly joinedAt: Date | null;
}

export interface VideoRooms {
  /** Creates a room with a random opaque name. */
  createRoom(options?: { emptyTimeoutSeconds?: number; maxParticipants?: number }): Promise<{ roomName: string }>;
  issueToken(request: VideoTokenRequest): Promise<VideoToken>;
  listParticipants(roomName: string): Promise<VideoParticipant[]>;
  removeParticipant(roomName: string, identity: string): Promise<void>;
  deleteRoom(roomName: string): Promise<void>;
}

export type VideoEvent =
  | { readonly kind: 'room_started' | 'room_finished'; readonly eventId: string; readonly roomName: string; readonly at: Date }
  | {
      readonly kind: 'participant_joined' | 'participant_left';
      readonly eventId: string;
      readonly roomName: string;
      readonly identity: string;
      readonly at: Date;
      /** Set for a phone caller (LiveKit participant kind SIP): the numbers from its `sip.*` attributes. */
      readonly sip?: SipCaller;
    };

/** A phone caller's numbers (E.164, or null when the trunk hid them). */
export interface SipCaller {
  /** `sip.phoneNumber`: who called. */
  readonly callerNumber: string | null;
  /** `sip.trunkPhoneNumber`: the line's number they called. */
  readonly calledNumber: string | null;
}

export interface VideoEventSink {
  handle(event: VideoEvent): Promise<void>;
}

/** Remembers webhook event ids so a replayed event is ignored. */
export interface WebhookLedger {
  /** True the first time an id is seen, false ever after. */
  firstSeen(source: string, eventId: string): Promise<boolean>;
}

// ── Teams ──────────────────────────────────────────────────────────────────────────────────

/** A stored Teams conversation (personal chat with a person, or a channel). */
export interface ConversationRecord {
  readonly conversationId: string;
  readonly personId: string | null;
  readonly aadObjectId: string | null;
  readonly tenantId: string | null;
  readonly serviceUrl: string;
  /** The Bot Framework ConversationReference as JSON; opaque to the core. */
  readonly reference: unknown;
}

export interface ConversationStore {
  /** Inserts or updates by conversation id; the latest `serviceUrl` wins. */
  save(record: ConversationRecord): Promise<void>;
  byConversationId(conversationId: string): Promise<ConversationRecord | null>;
  /** The personal chat with this person, if the bot is installed for them. */
  personalFor(personId: string): Promise<ConversationRecord | null>;
}

/**
 * A proactive Teams message. Core says what happened as a typed notice (facts, no clinical
 * text); the Teams adapter renders it (`adapters/teams/render-notice.ts`: text + Adaptive Card).
 * No core file builds a card (gate: test/unit/core-no-cards.test.ts).
 */
export interface OutgoingTeamsMessage {
  readonly notice: TeamsNotice;
  /** Update this earlier activity in place instead of posting a new one. */
  readonly replaceActivityId?: string;
}

/** A message as Teams shows it (what the Teams adapter renders a notice into): an Adaptive Card and a short plain-text fallback (no clinical text). */
export interface RenderedTeamsMessage {
  readonly text: string;
  readonly card?: Record<string, unknown>;
  /** Update this earlier activity in place instead of posting a new one. */
  readonly replaceActivityId?: string;
}

export type SendOutcome =
  | { readonly ok: true; readonly activityId: string }
  | { readonly ok: false; readonly final: true; readonly status: number; readonly reason: 'forbidden' | 'not_found' | 'bad_request' }
  | { readonly ok: false; readonly final: false; readonly status: number; readonly reason: 'gave_up_retrying' };

export interface Notifier {
  send(conversationId: string, message: OutgoingTeamsMessage): Promise<SendOutcome>;
}
