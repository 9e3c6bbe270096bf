/**
 * Ports for akuttvideo: where calls are kept, how their changes reach every console, what is
 * counted. Adapters implement them; the use cases in `calls.ts` and `alerts.ts` decide.
 */
import type { EmergencyCallStatus, EmergencyOutcome, EmergencyIsbar as Isbar, InviteDelivery, PartialVitals, Triage } from '../../shared/emergency-terms';

export interface EmergencyCallRecord {
  readonly id: string;
  /** The legevakt doctor (directory person id). */
  readonly requestedBy: string;
  readonly isbar: Isbar | null;
  readonly vitals: PartialVitals | null;
  /** Set when the vitals were complete. */
  readonly news2Total: number | null;
  readonly triage: Triage | null;
  readonly status: EmergencyCallStatus;
  readonly requestedAt: Date;
  readonly firstAlertAt: Date | null;
  readonly answeredAt: Date | null;
  readonly answeredBy: string | null;
  readonly connectedAt: Date | null;
  readonly endedAt: Date | null;
  readonly outcome: EmergencyOutcome | null;
  /** Who ended it (directory person id); null while open or when Samrom closed it. */
  readonly endedBy: string | null;
  /** The LiveKit room: random and opaque, set when AMK accepts and the video server answers. */
  readonly roomName: string | null;
  readonly escalatedAt: Date | null;
}

export type NewEmergencyCall = Pick<EmergencyCallRecord, 'id' | 'requestedBy' | 'isbar' | 'vitals' | 'news2Total' | 'triage' | 'requestedAt'>;

/** Job data on the `emergency-ring` and `emergency-escalate` queues (`ring`, `update`, `invite`, `escalate`, `close-unanswered`): opaque ids only. */
export interface EmergencyCallJob {
  readonly callId: string;
  /** `invite` jobs: the directory person pulled into the call (an opaque id). */
  readonly personId?: string;
}

export type AcceptOutcome =
  | { readonly ok: true; readonly record: EmergencyCallRecord }
  /** Someone else answered first, or the call ended; `record` is the call as it is now. */
  | { readonly ok: false; readonly record: EmergencyCallRecord | null };

/** The instants the statistics need, for calls requested in a range. */
export interface CallTimes {
  readonly requestedAt: Date;
  readonly answeredAt: Date | null;
  readonly escalatedAt: Date | null;
  /** How it ended (`cancelled`, `unanswered`, …); absent or null while open. */
  readonly outcome?: EmergencyOutcome | null;
  /** The requester ended it themselves. */
  readonly endedByRequester?: boolean;
}

/** A person pulled into a call, and what Teams said about their card. */
export interface InviteRecord {
  readonly personId: string;
  readonly invitedAt: Date;
  readonly delivery: InviteDelivery;
}

export interface EmergencyCallStore {
  /**
   * Saves the call and, in the same transaction, a `ring` job (now) and an `escalate` job
   * (after `ringTimeoutSeconds`) through the outbox.
   */
  create(call: NewEmergencyCall, ringTimeoutSeconds: number): Promise<void>;
  byId(id: string): Promise<EmergencyCallRecord | null>;
  /** Calls not ended, requested after `since`, oldest first (what a console shows on connect). */
  active(since: Date): Promise<EmergencyCallRecord[]>;
  /** Sets `first_alert_at` unless already set; returns the call. */
  markFirstAlert(id: string, at: Date): Promise<EmergencyCallRecord | null>;
  /** Atomic first-wins: `UPDATE … WHERE status = 'ringing' RETURNING`. */
  accept(id: string, personId: string, at: Date): Promise<AcceptOutcome>;
  /** Sets the room once, on a call not ended; returns the call as it is now (with whichever room won). */
  setRoom(id: string, roomName: string): Promise<EmergencyCallRecord | null>;
  /** Sets `connected` once (from `answered`); returns the call. */
  markConnected(id: string, at: Date): Promise<EmergencyCallRecord | null>;
  /**
   * Ends a call not yet ended (`endedBy` null: Samrom closed it); null when it was already ended
   * or unknown. `whileRinging`: only if nobody has answered it meanwhile.
   */
  end(id: string, at: Date, outcome: EmergencyOutcome, endedBy: string | null, whileRinging?: boolean): Promise<EmergencyCallRecord | null>;
  /**
   * Sets `escalated_at` once while still ringing and, in the same transaction, a
   * `close-unanswered` job for `closeAt` through the outbox; null when not ringing or already escalated.
   */
  markEscalated(id: string, at: Date, closeAt: Date): Promise<EmergencyCallRecord | null>;
  timesBetween(from: Date, to: Date): Promise<CallTimes[]>;
  /**
   * Records a third party pulled into the call and, in the same transaction, an `invite` job
   * that sends them a Teams card. False (and no job) when they were invited already.
   */
  invite(callId: string, personId: string, invitedBy: string, at: Date): Promise<boolean>;
  isInvited(callId: string, personId: string): Promise<boolean>;
  /** Everyone pulled into the call, first invited first. */
  invites(callId: string): Promise<InviteRecord[]>;
  /** Records what Teams answered for a person's invite card. */
  setInviteDelivery(callId: string, personId: string, delivery: InviteDelivery): Promise<void>;
}

/** Tells every web process (and so every console) that a call changed; carries the id only. */
export interface EmergencyCallEvents {
  changed(callId: string): Promise<void>;
}

/** Prometheus (or nothing): the figures the 113 requirement is watched by. */
export interface EmergencyMetrics {
  requested(): void;
  /** Request → the first alert leaving Samrom (the console push). */
  firstAlert(secondsFromRequest: number): void;
  answered(secondsToAnswer: number): void;
  escalated(): void;
  /** A call closed because nobody answered in time after escalation. */
  closedUnanswered?(): void;
}

export type AlertKind = 'ring' | 'escalate';

/** A Teams card a call sent to one person. */
export interface SentAlert {
  readonly callId: string;
  readonly personId: string;
  readonly kind: AlertKind;
  readonly conversationId: string;
  readonly activityId: string;
  /** What the card shows now. */
  readonly shownStatus: EmergencyCallStatus;
}

/**
 * The cards a call sent: one per person and kind, so a redelivered ring job does not alert
 * twice, and each card can be replaced when the call is answered or ends.
 */
export interface EmergencyAlertStore {
  wasSent(callId: string, personId: string, kind: AlertKind): Promise<boolean>;
  /** Idempotent: a second record of the same card is ignored. */
  record(alert: Omit<SentAlert, 'shownStatus'>): Promise<void>;
  forCall(callId: string): Promise<SentAlert[]>;
  markShown(alert: Pick<SentAlert, 'callId' | 'personId' | 'kind'>, status: EmergencyCallStatus): Promise<void>;
}
