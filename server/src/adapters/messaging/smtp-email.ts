/**
 * E-mail over SMTP (nodemailer). A calendar invitation goes as a `text/calendar; method=…`
 * alternative (nodemailer's `icalEvent`), which Outlook and Gmail show as an invitation.
 *
 * SMTP reply codes are the reverse of HTTP: 4xx is transient (retry), 5xx is permanent.
 * Neither the recipient nor the content is ever logged or put in an error message.
 */
import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { type EmailMessage, type EmailSender, MessagingError, type MessagingFailureReason } from '../../core/messaging';
import type { Logger } from '../logger';

export interface SmtpEmailOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. */
  readonly url: string;
  /** The From header: `Samrom <samrom@example.no>` or a bare address. */
  readonly from: string;
  readonly logger: Logger;
  /** Refuse to send unless the connection is encrypted (STARTTLS or smtps). @defaultValue false */
  readonly requireTls?: boolean;
  /** @defaultValue 15_000 */
  readonly timeoutMs?: number;
}

export const DEFAULT_SMTP_TIMEOUT_MS = 15_000;

export class SmtpEmailSender implements EmailSender {
  private readonly transporter: Transporter<SMTPTransport.SentMessageInfo>;
  private readonly messageIdDomain: string;

  constructor(private readonly options: SmtpEmailOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS;
    const url = new URL(options.url);
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      throw new Error('SMTP_URL: må begynne med smtp:// eller smtps:// / must start with smtp:// or smtps://');
    }
    this.transporter = nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      requireTLS: options.requireTls ?? false,
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // nodemailer's own logger would print envelopes (addresses); ours logs outcomes only.
      logger: false,
    });
    this.messageIdDomain = fromDomain(options.from);
  }

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const messageId = `<${stableId(message.idempotencyKey)}@${this.messageIdDomain}>`;
    try {
      const info = await this.transporter.sendMail({
        from: this.options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.calendar ? { icalEvent: { method: message.calendar.method, content: message.calendar.content, filename: 'invitasjon.ics' } } : {}),
        messageId,
      });
      this.options.logger.debug({ provider: 'smtp', messageId: info.messageId }, 'e-mail accepted');
      return { messageId: info.messageId };
    } catch (err) {
      const error = classify(err);
      this.options.logger.warn(
        { provider: 'smtp', reason: error.reason, status: error.details.status, code: error.details.providerCode },
        'e-mail send failed',
      );
      throw error;
    }
  }

  /** Closes pooled connections (none unless pooling is turned on; kept for a symmetric shutdown). */
  close(): void {
    this.transporter.close();
  }
}

/** A Message-ID local part derived from the idempotency key, so a resend carries the same id. */
function stableId(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
}

function fromDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split('@')[1]?.trim();
  if (!domain) throw new Error('SMTP_FROM: må være en e-postadresse / must be an e-mail address');
  return domain;
}

interface NodemailerError {
  readonly code?: string;
  readonly responseCode?: number;
}

function classify(err: unknown): MessagingError {
  const { code, responseCode } = (err ?? {}) as NodemailerError;
  const details = { ...(responseCode ? { status: responseCode } : {}), ...(code ? { providerCode: code } : {}) };
  const reason = reasonFor(code, responseCode);
  const text = responseCode ? `SMTP server answered ${responseCode}` : `SMTP send failed (${code ?? 'unknown'})`;
  return new MessagingError('email', reason, text, details, { cause: err });
}

function reasonFor(code: string | undefined, responseCode: number | undefined): MessagingFailureReason {
  if (code === 'EAUTH' || responseCode === 535 || responseCode === 530) return 'unauthorized';
  if (responseCode !== undefined) {
    if (responseCode >= 400 && responseCode < 500) return 'unavailable';
    if (responseCode === 550 || responseCode === 551 || responseCode === 553) return 'invalid_recipient';
    return 'rejected';
  }
  if (code === 'EENVELOPE') return 'invalid_recipient';
  if (code === 'EMESSAGE') return 'rejected';
  // ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, ETLS, …: the server may be back in a moment.
  return 'network';
}
