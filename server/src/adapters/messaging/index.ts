/**
 * Builds the SMS and e-mail senders from configuration: the real provider when one is
 * configured, otherwise the development outbox (which config.ts refuses in production).
 */
import type { EmailSender, SmsSender } from '../../core/messaging';
import type { Clock } from '../../core/ports';
import type { Logger } from '../logger';
import type { Executor } from '../postgres/db';
import { DevOutbox, DevOutboxEmailSender, DevOutboxSmsSender } from './dev-outbox';
import type { Config } from '../../config';
import { LinkMobilitySmsSender } from './link-mobility-sms';
import { SmtpEmailSender } from './smtp-email';

/** The messaging part of the parsed configuration (config.ts owns the shape). */
export type SmsConfig = Config['sms'];
export type EmailConfig = Config['email'];

export interface Messaging {
  readonly sms: SmsSender;
  readonly email: EmailSender;
  /** Present when either channel stores instead of sending; mount /dev/outbox with it. */
  readonly devOutbox: DevOutbox | undefined;
  close(): void;
}

export function createMessaging(
  config: { readonly sms: SmsConfig; readonly email: EmailConfig },
  deps: { readonly db: Executor; readonly logger: Logger; readonly clock?: Clock },
): Messaging {
  const needsOutbox = config.sms.kind === 'dev-outbox' || config.email.kind === 'dev-outbox';
  const devOutbox = needsOutbox ? new DevOutbox(deps.db, deps.clock) : undefined;
  const sms: SmsSender =
    config.sms.kind === 'linkmobility' ? new LinkMobilitySmsSender({ ...config.sms, logger: deps.logger }) : new DevOutboxSmsSender(devOutbox!);
  const smtp = config.email.kind === 'smtp' ? new SmtpEmailSender({ ...config.email, logger: deps.logger }) : undefined;
  const email: EmailSender = smtp ?? new DevOutboxEmailSender(devOutbox!);
  return { sms, email, devOutbox, close: () => smtp?.close() };
}

export { DevOutbox, DevOutboxEmailSender, DevOutboxSmsSender, type DevMessage } from './dev-outbox';
export { LinkMobilitySmsSender, type LinkMobilitySmsOptions } from './link-mobility-sms';
export { SmtpEmailSender, type SmtpEmailOptions } from './smtp-email';
