/**
 * SMS through LINK Mobility's "Common" SMS REST API (the Nordic gateway formerly PSWinCom):
 * `POST {baseUrl}/send` with Basic authentication and a JSON `SendRequest`; a 200 answer
 * carries `{ messageId, resultCode: 1005, description: "Queued" }`, errors carry an
 * `ErrorResponse` with a `resultCode` (1061xx: authentication, 1062xx: platform ids).
 * The base URL is the one LINK assigns, e.g. `https://n-eu.linkmobility.io/sms`.
 *
 * Neither the recipient nor the text is ever logged or put in an error message.
 */
import type { Logger } from '../logger';
import { type E164, MessagingError, type SmsMessage, type SmsSender, isE164 } from '../../core/messaging';

export interface LinkMobilitySmsOptions {
  /** The assigned base URL, ending in `/sms` (e.g. `https://n-eu.linkmobility.io/sms`). */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly platformId: string;
  readonly platformPartnerId: string;
  /** Alphanumeric sender id (2–11 of a–z, A–Z, 0–9, starting with a letter) or an E.164 number. */
  readonly sender: string;
  readonly logger: Logger;
  /** @defaultValue 10_000 */
  readonly requestTimeoutMs?: number;
  /** @defaultValue globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** The subset of LINK's SendRequest we use. */
export interface LinkSendRequest {
  readonly source: string;
  readonly sourceTON: 'ALPHANUMERIC' | 'MSISDN' | 'SHORTNUMBER';
  readonly destination: E164;
  readonly destinationTON: 'MSISDN';
  readonly userData: string;
  readonly dcs: 'TEXT';
  readonly platformId: string;
  readonly platformPartnerId: string;
  readonly refId: string;
  readonly useDeliveryReport: boolean;
  /** Without this the gateway answers 204 and no messageId. */
  readonly ignoreResponse: false;
}

export const LINK_RESULT_QUEUED = 1005;
export const DEFAULT_SMS_REQUEST_TIMEOUT_MS = 10_000;
/** LINK's refId is a free reference; keep it short enough for any gateway field. */
const MAX_REF_ID_LENGTH = 64;

const ALPHANUMERIC_SENDER = /^[A-Za-z][A-Za-z0-9]{1,10}$/;
const SHORTNUMBER_SENDER = /^\d{1,14}$/;

export function senderTon(sender: string): LinkSendRequest['sourceTON'] {
  if (isE164(sender)) return 'MSISDN';
  if (SHORTNUMBER_SENDER.test(sender)) return 'SHORTNUMBER';
  if (ALPHANUMERIC_SENDER.test(sender)) return 'ALPHANUMERIC';
  throw new Error(
    'SMS_SENDER: må være 2–11 bokstaver/sifre som starter med en bokstav, et kortnummer eller et +-nummer / ' +
      'must be 2–11 letters or digits starting with a letter, a short number or an E.164 number',
  );
}

export class LinkMobilitySmsSender implements SmsSender {
  private readonly sendUrl: string;
  private readonly authorization: string;
  private readonly sourceTON: LinkSendRequest['sourceTON'];

  constructor(private readonly options: LinkMobilitySmsOptions) {
    this.sendUrl = `${options.baseUrl.replace(/\/+$/, '')}/send`;
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.sourceTON = senderTon(options.sender);
  }

  async send(message: SmsMessage): Promise<{ providerId: string }> {
    if (!isE164(message.to)) {
      throw new MessagingError('sms', 'invalid_recipient', 'SMS recipient is not an E.164 number');
    }
    const request: LinkSendRequest = {
      source: this.options.sender,
      sourceTON: this.sourceTON,
      destination: message.to,
      destinationTON: 'MSISDN',
      userData: message.text,
      dcs: 'TEXT',
      platformId: this.options.platformId,
      platformPartnerId: this.options.platformPartnerId,
      refId: message.idempotencyKey.slice(0, MAX_REF_ID_LENGTH),
      useDeliveryReport: false,
      ignoreResponse: false,
    };

    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(this.sendUrl, {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? DEFAULT_SMS_REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const error = new MessagingError('sms', 'network', 'SMS provider unreachable', {}, { cause: err });
      this.options.logger.warn({ provider: 'linkmobility', reason: error.reason, cause: causeName(err) }, 'SMS send failed');
      throw error;
    }

    const body = await readJson(response);
    if (response.ok && typeof body?.messageId === 'string' && body.resultCode === LINK_RESULT_QUEUED) {
      this.options.logger.debug({ provider: 'linkmobility', providerId: body.messageId }, 'SMS queued');
      return { providerId: body.messageId };
    }
    const error = failureFor(response, body);
    this.options.logger.warn(
      { provider: 'linkmobility', status: response.status, providerCode: error.details.providerCode, reason: error.reason },
      'SMS send failed',
    );
    throw error;
  }
}

interface LinkResponseBody {
  readonly messageId?: unknown;
  readonly resultCode?: unknown;
  readonly description?: unknown;
}

async function readJson(response: Response): Promise<LinkResponseBody | undefined> {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    return parsed && typeof parsed === 'object' ? (parsed as LinkResponseBody) : undefined;
  } catch {
    return undefined; // an HTML error page from a proxy: the status decides
  }
}

function failureFor(response: Response, body: LinkResponseBody | undefined): MessagingError {
  const status = response.status;
  const providerCode = body?.resultCode === undefined ? undefined : String(body.resultCode);
  const details = { status, ...(providerCode ? { providerCode } : {}) };
  if (status === 401 || status === 403) {
    return new MessagingError('sms', 'unauthorized', `SMS provider refused the credentials (HTTP ${status})`, details);
  }
  if (status === 429) {
    const retryAfterSeconds = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    return new MessagingError('sms', 'rate_limited', 'SMS provider is rate limiting (HTTP 429)', {
      ...details,
      ...(Number.isFinite(retryAfterSeconds) ? { retryAfterSeconds } : {}),
    });
  }
  if (status >= 500 || status === 408) {
    return new MessagingError('sms', 'unavailable', `SMS provider failed (HTTP ${status})`, details);
  }
  if (response.ok) {
    // 2xx without a queued messageId (e.g. 204 because ignoreResponse was dropped): we cannot
    // tell whether it was sent, and a resend could double it, so this is final.
    return new MessagingError('sms', 'rejected', `SMS provider gave no message id (HTTP ${status})`, details);
  }
  return new MessagingError('sms', 'rejected', `SMS provider rejected the message (HTTP ${status}${providerCode ? `, code ${providerCode}` : ''})`, details);
}

function causeName(err: unknown): string {
  return err instanceof Error ? err.name : 'unknown';
}
