/**
 * A local stand-in for LINK Mobility's "Common" SMS REST API (`POST /sms/send`), strict the
 * way the real gateway is: Basic authentication, the assigned platformId/platformPartnerId,
 * a JSON SendRequest with an E.164 destination (a valid number, not just the right shape),
 * a legal sender id for its TON, and no 4-byte UTF-8 characters in the text. It answers
 * `{messageId, resultCode: 1005, description: "Queued"}` like the real one, 204 when
 * `ignoreResponse` is left at its default, and can be told to fail.
 */
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidPhoneNumber } from 'libphonenumber-js/max';

export interface LinkStubCredentials {
  readonly username: string;
  readonly password: string;
  readonly platformId: string;
  readonly platformPartnerId: string;
}

export interface ReceivedSms {
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: Record<string, unknown>;
}

export type LinkStubFailure =
  | { readonly status: 500 | 502 | 503 }
  | { readonly status: 429; readonly retryAfterSeconds?: number }
  | { readonly status: 400; readonly resultCode?: number; readonly description?: string }
  | { readonly delayMs: number };

const TON = ['ALPHANUMERIC', 'MSISDN', 'SHORTNUMBER'] as const;

export class LinkSmsStub {
  /** Requests that passed authentication, in order (rejected-for-auth ones are not kept). */
  readonly received: ReceivedSms[] = [];
  /** Messages the stub accepted, by messageId. */
  readonly accepted = new Map<string, ReceivedSms>();
  private readonly failures: LinkStubFailure[] = [];
  private server: Server | undefined;
  private base = '';

  constructor(
    readonly credentials: LinkStubCredentials = {
      username: 'samrom-test',
      password: 'correct horse battery',
      platformId: 'COOL',
      platformPartnerId: '30978',
    },
  ) {}

  /** The base URL to configure (`SMS_PROVIDER_URL`), ending in `/sms` like LINK's. */
  get baseUrl(): string {
    return `${this.base}/sms`;
  }

  /** The next requests fail like this, one each, in order. */
  failNext(...failures: LinkStubFailure[]): void {
    this.failures.push(...failures);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500).end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');

    if (req.url !== '/sms/send') return json(res, 404, { description: 'Not Found' });
    if (req.method !== 'POST') return json(res, 405, { description: 'Method Not Allowed' });

    const { username, password, platformId, platformPartnerId } = this.credentials;
    const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      return json(res, 401, { resultCode: 106100, description: 'Invalid authentication. Please check your username and password.' });
    }

    const failure = this.failures.shift();
    if (failure && 'delayMs' in failure) await new Promise((r) => setTimeout(r, failure.delayMs));
    else if (failure?.status === 429) {
      res.setHeader('Retry-After', String(failure.retryAfterSeconds ?? 1));
      return json(res, 429, { description: 'Too Many Requests' });
    } else if (failure?.status === 400) {
      return json(res, 400, { resultCode: failure.resultCode ?? 106000, description: failure.description ?? 'Unknown Error.' });
    } else if (failure) {
      res.writeHead(failure.status, { 'Content-Type': 'text/html' }).end('<html><body>Service Unavailable</body></html>');
      return;
    }

    if (!req.headers['content-type']?.startsWith('application/json')) return json(res, 400, { description: 'Content-Type must be application/json' });
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return json(res, 400, { description: 'Malformed JSON' });
    }
    const received: ReceivedSms = { authorization: req.headers.authorization, contentType: req.headers['content-type'], body };
    this.received.push(received);

    const problem = validate(body, platformId, platformPartnerId);
    if (problem) return json(res, 400, problem);

    const messageId = randomBytes(18).toString('base64');
    this.accepted.set(messageId, received);
    if (body.ignoreResponse !== false) {
      res.writeHead(204).end();
      return;
    }
    return json(res, 200, { messageId, resultCode: 1005, description: 'Queued' });
  }
}

function validate(body: Record<string, unknown>, platformId: string, platformPartnerId: string): { resultCode?: number; description: string } | null {
  if (body.platformId !== platformId) return { resultCode: 106200, description: 'Invalid or missing platformId. Please check your platformId.' };
  if (body.platformPartnerId !== platformPartnerId) {
    return { resultCode: 106201, description: 'Invalid or missing platformPartnerId. Please check your platformPartnerId.' };
  }
  const sourceTON = body.sourceTON ?? 'ALPHANUMERIC';
  const destinationTON = body.destinationTON ?? 'MSISDN';
  if (!TON.includes(sourceTON as never) || !TON.includes(destinationTON as never)) return { description: 'Invalid TON' };
  if (typeof body.source !== 'string' || !validAddress(body.source, sourceTON as (typeof TON)[number])) return { description: 'Invalid source' };
  if (typeof body.destination !== 'string' || !validAddress(body.destination, destinationTON as (typeof TON)[number])) {
    return { description: 'Invalid destination' };
  }
  if (typeof body.userData !== 'string' || body.userData.length === 0) return { description: 'Missing userData' };
  // "Any character in the UTF-8 2-byte character set. (Unicode 4-byte characters are not supported)."
  if ([...body.userData].some((c) => c.codePointAt(0)! > 0xffff)) return { description: 'Unsupported characters in userData' };
  if (body.dcs !== undefined && !['TEXT', 'GSM', 'UCS2', 'BINARY'].includes(body.dcs as string)) return { description: 'Invalid dcs' };
  if (body.useDeliveryReport !== false && !Array.isArray(body.deliveryReportGates)) {
    return { resultCode: 106300, description: 'No gates available. Please contact Support and include your whole transaction.' };
  }
  return null;
}

function validAddress(value: string, ton: (typeof TON)[number]): boolean {
  switch (ton) {
    case 'MSISDN':
      return /^\+\d{8,15}$/.test(value) && isValidPhoneNumber(value);
    case 'ALPHANUMERIC':
      return /^[A-Za-z][A-Za-z0-9 ]{1,10}$/.test(value);
    case 'SHORTNUMBER':
      return /^\d{1,14}$/.test(value);
    default:
      return ton satisfies never;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
}
