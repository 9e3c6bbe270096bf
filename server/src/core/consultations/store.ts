/**
 * Ports for booking consultations: where they are kept and how their reminder jobs are
 * removed. Adapters implement them; the booking use case decides everything else.
 */
import type { ConsultationStatus, ParticipantRole, ReminderChannel } from '../../shared/consultation-terms';

export interface PatientRecord {
  readonly id: string;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  /** Stored, never shown: no DTO, card or notification carries it. */
  readonly nationalId: string | null;
}

export interface ParticipantRecord {
  readonly id: string;
  readonly role: ParticipantRole;
  /** Set for directory people. */
  readonly personId: string | null;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly consentedByPatient: boolean;
}

export interface ReminderRecord {
  readonly id: string;
  readonly participantId: string;
  readonly channel: ReminderChannel;
  readonly at: Date;
}

/** One stay in the call: from a join to the matching leave (`leftAt` null while still in it). */
export interface AttendanceRecord {
  readonly participantId: string;
  readonly joinedAt: Date;
  readonly leftAt: Date | null;
}

export interface NewConsultation {
  readonly id: string;
  readonly title: string;
  readonly patient: PatientRecord;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly createdBy: string;
  readonly participants: readonly ParticipantRecord[];
  /** Each becomes a row and a delayed job (queue `reminders`, payload `{reminderId}`) in the same transaction. */
  readonly reminders: readonly ReminderRecord[];
}

/** Job data on queue `invitations`: opaque ids only. Written with every create, update and cancel. */
export interface InvitationJob {
  readonly consultationId: string;
  /** The consultation's sequence after the change that wrote the job. */
  readonly sequence: number;
  /**
   * Set by a change that concerns only some people (one added, one removed, one invitation
   * re-sent): only these participants are invited, and those the change removed told; nobody
   * else is disturbed. Absent: everyone hears about the change.
   */
  readonly only?: readonly string[];
  /** A guest's «Send meg en ny lenke»: only this participant is sent a new link … */
  readonly participantId?: string;
  /** … once per request (its idempotency key). */
  readonly resendId?: string;
}

/** What became of one message to a participant (see invitations.ts `DeliveryStateEntry`). */
export interface DeliveryRecord {
  readonly participantId: string;
  readonly channel: ReminderChannel;
  readonly kind: 'invitation' | 'update' | 'cancellation' | 'reminder';
  readonly state: 'sent' | 'delivered' | 'failed';
  readonly reason: string | null;
  readonly at: Date;
}

export interface ConsultationRecord extends Omit<NewConsultation, 'reminders'> {
  readonly status: ConsultationStatus;
  readonly sequence: number;
  /** Reminders not cancelled. */
  readonly reminders: readonly ReminderRecord[];
  /** Stays in the call, oldest first; absent on a record that was never loaded (a new booking). */
  readonly attendance?: readonly AttendanceRecord[];
  /** Each message's state, oldest first; absent on a record that was never loaded. */
  readonly deliveries?: readonly DeliveryRecord[];
}

export type CreateOutcome =
  | { readonly ok: true }
  /** A directory person is already in a scheduled consultation overlapping [start, end); nothing was saved. */
  | { readonly ok: false; readonly reason: 'conflict'; readonly busyPersonIds: readonly string[] };

export type CancelOutcome =
  | { readonly ok: true; readonly record: ConsultationRecord; readonly cancelledJobIds: readonly string[] }
  | { readonly ok: false; readonly reason: 'not_found' };

/** A reschedule or edit: the whole new state; participants keep their id when they stay. */
export interface ConsultationChange {
  readonly id: string;
  readonly title: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly participants: readonly ParticipantRecord[];
  /** Replace every pending reminder (rows and outbox jobs are cancelled first). */
  readonly reminders: readonly ReminderRecord[];
  /** The participants the invitations job tells (`InvitationJob.only`); absent: everyone. */
  readonly notifyOnly?: readonly string[];
}

export type UpdateOutcome =
  | { readonly ok: true; readonly record: ConsultationRecord; readonly cancelledJobIds: readonly string[] }
  /** A directory person is busy at the new time; nothing was changed. */
  | { readonly ok: false; readonly reason: 'conflict'; readonly busyPersonIds: readonly string[] }
  | { readonly ok: false; readonly reason: 'not_found' | 'cancelled' };

/** A reminder row as the reminder worker reads it, cancelled or not. */
export interface StoredReminder extends ReminderRecord {
  readonly consultationId: string;
  readonly cancelledAt: Date | null;
}

/** A participant a change removed: told the meeting is cancelled for them. */
export interface RemovedParticipant extends ParticipantRecord {
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/** The scheduled meetings of directory people, for the availability search. */
export type BusyIntervals = ReadonlyMap<string, readonly { readonly start: Date; readonly end: Date }[]>;

export interface ConsultationStore {
  /**
   * Saves it all or nothing, in a transaction that first re-checks that none of its directory
   * people is in another scheduled consultation overlapping [startsAt, endsAt); bookings that
   * share a person are checked one after the other, so two of them cannot both pass.
   */
  create(consultation: NewConsultation): Promise<CreateOutcome>;
  byId(id: string): Promise<ConsultationRecord | null>;
  /**
   * Marks it cancelled (sequence + 1) and cancels its pending reminders and their outbox jobs,
   * so the relay never sends them. Already cancelled: unchanged, no job ids.
   */
  cancel(id: string, now: Date): Promise<CancelOutcome>;
  /**
   * Applies a change in one transaction that locks its people and re-checks double booking (ignoring this
   * consultation), raises the sequence, cancels the pending reminders and their outbox jobs,
   * writes the new ones and an invitations job. All or nothing.
   */
  update(change: ConsultationChange, now: Date): Promise<UpdateOutcome>;
  reminderById(id: string): Promise<StoredReminder | null>;
  /**
   * A guest asked for a new link: in one transaction the participant's links stop working
   * (410 `superseded`) and a job sends them the current version's invitation again. False when
   * the consultation is unknown or cancelled.
   */
  resendGuestLink(consultationId: string, participantId: string, now: Date): Promise<boolean>;
  /** The people the change that raised the sequence to `sequence` removed, with the meeting's times as they knew them. */
  removedAt(consultationId: string, sequence: number): Promise<RemovedParticipant[]>;
  /** Each person's scheduled consultations overlapping [from, to). */
  busyIntervals(personIds: readonly string[], from: Date, to: Date): Promise<BusyIntervals>;
  /**
   * Consultations overlapping [from, to), scheduled or cancelled, ordered by start (then id), at
   * most `LIST_LIMIT`; with `personId`, only those the person takes part in or booked; with
   * `bookedInOrganizationId`, only those booked by a person of that organisation.
   */
  list(query: ListQuery): Promise<ConsultationSummaryRecord[]>;
}

/** The most consultations one list answer holds. */
export const LIST_LIMIT = 500;

export interface ListQuery {
  readonly from: Date;
  readonly to: Date;
  readonly personId: string | null;
  readonly bookedInOrganizationId: string | null;
}

/** A consultation without its reminders, for lists and calendars. */
export type ConsultationSummaryRecord = Omit<ConsultationRecord, 'reminders'>;

/** Removes already-enqueued reminder jobs after the cancellation committed; failures are the adapter's to log. */
export interface ReminderJobs {
  remove(jobIds: readonly string[]): Promise<void>;
}

/**
 * Personal join links for guests. Each invitation or reminder gets its own link; only a hash
 * of the token is kept, so the raw token exists only in the message that carries it.
 */
export interface GuestLinks {
  /**
   * A new ≥128-bit random token for this participant, for the consultation's version `sequence`;
   * its hash is stored before it is returned. In the same transaction the participant's links of
   * older versions are superseded (410 `superseded`); links of the same version stay valid, so a
   * redelivered job never revokes the link it sent before.
   */
  issue(consultationId: string, participantId: string, sequence: number): Promise<string>;
}
