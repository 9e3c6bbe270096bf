/**
 * The development outbox: SMS and e-mail are stored in `dev_messages` instead of being sent,
 * and shown at /dev/outbox so a developer can read them and click a guest's join link.
 * Used only when no provider is configured outside production (config.ts refuses it there).
 * Sending the same idempotency key twice stores one row, as a provider would send once.
 */
import { desc } from 'drizzle-orm';
import { type CalendarPart, type EmailMessage, type EmailSender, MessagingError, type SmsMessage, type SmsSender, isE164 } from '../../core/messaging';
import { type Clock, systemClock } from '../../core/ports';
import type { Executor } from '../postgres/db';
import { devMessages } from '../postgres/schema';

export type DevMessageChannel = 'sms' | 'email';

export interface DevMessage {
  readonly id: number;
  readonly channel: DevMessageChannel;
  readonly to: string;
  readonly subject: string | null;
  readonly text: string;
  readonly html: string | null;
  readonly calendar: CalendarPart | null;
  readonly createdAt: Date;
}

export interface DevOutboxInput {
  readonly channel: DevMessageChannel;
  readonly to: string;
  readonly subject?: string;
  readonly text: string;
  readonly html?: string;
  readonly calendar?: CalendarPart;
  readonly idempotencyKey: string;
}

/** @defaultValue 100 messages per listing */
export const DEV_OUTBOX_DEFAULT_LIMIT = 100;
export const DEV_OUTBOX_MAX_LIMIT = 500;

export class DevOutbox {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Stores a message; a repeated idempotency key on the same channel returns the first row's id. */
  async record(input: DevOutboxInput): Promise<{ id: number }> {
    const inserted = await this.db
      .insert(devMessages)
      .values({
        channel: input.channel,
        to: input.to,
        subject: input.subject ?? null,
        text: input.text,
        html: input.html ?? null,
        calendarMethod: input.calendar?.method ?? null,
        calendar: input.calendar?.content ?? null,
        idempotencyKey: input.idempotencyKey,
        createdAt: this.clock.now(),
      })
      .onConflictDoUpdate({
        target: [devMessages.channel, devMessages.idempotencyKey],
        // A no-op update, so RETURNING yields the existing row's id.
        set: { idempotencyKey: input.idempotencyKey },
      })
      .returning({ id: devMessages.id });
    return { id: inserted[0]!.id };
  }

  /** Newest first. */
  async list(options: { limit?: number } = {}): Promise<DevMessage[]> {
    const limit = Math.min(Math.max(options.limit ?? DEV_OUTBOX_DEFAULT_LIMIT, 1), DEV_OUTBOX_MAX_LIMIT);
    const rows = await this.db.select().from(devMessages).orderBy(desc(devMessages.createdAt), desc(devMessages.id)).limit(limit);
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      to: r.to,
      subject: r.subject,
      text: r.text,
      html: r.html,
      calendar: r.calendarMethod && r.calendar !== null ? { method: r.calendarMethod, content: r.calendar } : null,
      createdAt: r.createdAt,
    }));
  }
}

export class DevOutboxSmsSender implements SmsSender {
  constructor(private readonly outbox: DevOutbox) {}

  async send(message: SmsMessage): Promise<{ providerId: string; delivered: boolean }> {
    // Refuse what the real provider would refuse, so development finds the bug first.
    if (!isE164(message.to)) throw new MessagingError('sms', 'invalid_recipient', 'SMS recipient is not an E.164 number');
    const { id } = await this.outbox.record({ channel: 'sms', to: message.to, text: message.text, idempotencyKey: message.idempotencyKey });
    // Stored is as far as it goes: the outbox plays a delivery report at once.
    return { providerId: `dev-outbox-${id}`, delivered: true };
  }
}

export class DevOutboxEmailSender implements EmailSender {
  constructor(private readonly outbox: DevOutbox) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const { id } = await this.outbox.record({
      channel: 'email',
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html ? { html: message.html } : {}),
      ...(message.calendar ? { calendar: message.calendar } : {}),
      idempotencyKey: message.idempotencyKey,
    });
    return { messageId: `<dev-outbox-${id}@samrom.invalid>` };
  }
}
