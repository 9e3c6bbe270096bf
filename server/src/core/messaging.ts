/**
 * Ports for SMS and e-mail. What goes in them is the caller's responsibility, and the rule is
 * strict: no national id and no clinical text — time, role, triage colour or NEWS2 total at
 * most, and a link that needs sign-in or a personal token. Nothing here may import from
 * outside `core`.
 */

/** A phone number in E.164 form: `+` and 8–15 digits, the first not 0 (`+4791234567`). */
export type E164 = string & { readonly __brand: 'E164' };

const E164_PATTERN = /^\+[1-9]\d{7,14}$/;

export function isE164(value: string): value is E164 {
  return E164_PATTERN.test(value);
}

/**
 * Normalises how people write numbers (spaces, dashes, a leading `00`, a bare 8-digit
 * Norwegian number) to E.164, or null when it cannot be one.
 */
export function toE164(value: string, defaultCountryCode = '47'): E164 | null {
  const compact = value.replace(/[\s().-]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  const candidate = /^\d{8}$/.test(international) ? `+${defaultCountryCode}${international}` : international;
  return isE164(candidate) ? candidate : null;
}

export interface SmsMessage {
  readonly to: E164;
  /** Plain text; links are sent as is. No national id, no clinical text. */
  readonly text: string;
  /**
   * One key per side effect (e.g. `reminder:<id>:<participantId>`). Passed to the provider as
   * its reference where it has one; the caller's job ledger is what stops a second send.
   */
  readonly idempotencyKey: string;
}

export interface SmsSender {
  /**
   * Resolves once the provider has accepted the message; `delivered` when the sender knows it
   * arrived at once (the development outbox). A real provider's delivery report comes later.
   */
  send(message: SmsMessage): Promise<{ readonly providerId: string; readonly delivered?: boolean }>;
}

/** An iCalendar object sent as a `text/calendar; method=…` alternative, so calendars offer to add or remove it. */
export interface CalendarPart {
  readonly method: 'REQUEST' | 'CANCEL';
  /** The VCALENDAR text; its METHOD line must match `method`. */
  readonly content: string;
}

export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly calendar?: CalendarPart;
  /** One key per side effect; becomes a stable Message-ID so a resend is recognisably the same message. */
  readonly idempotencyKey: string;
}

export interface EmailSender {
  /** Resolves once the relay (SMTP server) has accepted the message. */
  send(message: EmailMessage): Promise<{ readonly messageId: string }>;
}

/**
 * Why a send failed, for callers that decide what to do next; never match on message text.
 * `unavailable`, `rate_limited` and `network` are worth retrying; the rest are not.
 */
export type MessagingFailureReason = 'invalid_recipient' | 'rejected' | 'unauthorized' | 'rate_limited' | 'unavailable' | 'network';

const RETRYABLE: Readonly<Record<MessagingFailureReason, boolean>> = {
  invalid_recipient: false,
  rejected: false,
  unauthorized: false,
  rate_limited: true,
  unavailable: true,
  network: true,
};

/**
 * A failed send. `retryable` is the signal a worker acts on: retry with backoff, or give up
 * (BullMQ `UnrecoverableError`) and escalate. Messages carry codes and statuses, never the
 * recipient or the text.
 */
export class MessagingError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly channel: 'sms' | 'email',
    readonly reason: MessagingFailureReason,
    message: string,
    readonly details: { readonly status?: number; readonly providerCode?: string; readonly retryAfterSeconds?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MessagingError';
    this.retryable = RETRYABLE[reason];
  }
}
