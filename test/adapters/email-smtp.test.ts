import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { SmtpEmailSender, type SmtpEmailOptions } from '../../server/src/adapters/messaging/smtp-email';
import { MessagingError } from '../../server/src/core/messaging';

const USER = 'samrom';
const PASS = 'smtp-secret-pass';
const TO = 'kari.nordmann@example.no';
const SUBJECT = 'Invitasjon: tverrfaglig videomøte tirsdag 14:00';
const TEXT = 'Du er invitert til et videomøte tirsdag 14:00.\nBli med: https://samrom.example.no/join/Zk3f9QmXr2LpT8vWc1YhBn';
const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Samrom//NO',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:c-1@samrom.example.no',
  'DTSTAMP:20250101T120000Z',
  'DTSTART:20250107T130000Z',
  'DTEND:20250107T134500Z',
  'SUMMARY:Videomøte',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

interface Captured {
  readonly from: string | undefined;
  readonly to: string[];
  readonly raw: string;
}

/** A rejection the server gives for the next RCPT TO, as a real relay would. */
let rcptFailure: { responseCode: number; message: string } | undefined;
let captured: Captured[];
let server: SMTPServer;
let port: number;
let lines: string[];

beforeEach(async () => {
  captured = [];
  lines = [];
  rcptFailure = undefined;
  server = new SMTPServer({
    // Plain SMTP on loopback; production relays use STARTTLS or smtps.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASS) return callback(null, { user: USER });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      const failure = rcptFailure;
      rcptFailure = undefined;
      if (failure) return callback(Object.assign(new Error(failure.message), { responseCode: failure.responseCode }));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        captured.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(resolve));
});

function sender(overrides: Partial<SmtpEmailOptions> = {}): SmtpEmailSender {
  return new SmtpEmailSender({
    url: `smtp://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${port}`,
    from: 'Samrom <samrom@helse.example.no>',
    logger: createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } }),
    timeoutMs: 2_000,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<MessagingError> {
  const err = await promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MessagingError);
  return err as MessagingError;
}

/** The top-level headers, unfolded, with RFC 2047 encoded words decoded. */
function headersOf(raw: string): string {
  const unfolded = raw.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');
  return unfolded.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s?/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** The MIME part whose Content-Type starts with `type`: its headers and body. */
function part(raw: string, type: string): { headers: string; body: string } | undefined {
  const unfolded = raw.replace(/\r\n[ \t]+/g, ' ');
  for (const chunk of unfolded.split(/\r\n--[^\r\n]+\r\n/)) {
    const [headers = '', ...rest] = chunk.split('\r\n\r\n');
    if (new RegExp(`^Content-Type: ${type}`, 'im').test(headers)) return { headers, body: rest.join('\r\n\r\n').split(/\r\n--/)[0]! };
  }
  return undefined;
}

describe('SMTP e-mail sender', () => {
  it('delivers the subject, the text and a text/calendar REQUEST alternative through an authenticated relay', async () => {
    const { messageId } = await sender().send({
      to: TO,
      subject: SUBJECT,
      text: TEXT,
      calendar: { method: 'REQUEST', content: ICS },
      idempotencyKey: 'invitation:c-1:p-2',
    });

    expect(captured).toHaveLength(1);
    const mail = captured[0]!;
    expect(mail.from).toBe('samrom@helse.example.no');
    expect(mail.to).toEqual([TO]);
    const headers = headersOf(mail.raw);
    expect(headers).toContain(`Subject: ${SUBJECT}`);
    expect(headers).toMatch(/^From: Samrom <samrom@helse\.example\.no>$/m);
    expect(mail.raw).toContain(`Message-ID: ${messageId}`);
    expect(messageId).toMatch(/^<[0-9a-f]{32}@helse\.example\.no>$/);

    const text = part(mail.raw, 'text/plain');
    expect(decodeQuotedPrintable(text!.body).replace(/\r\n/g, '\n')).toContain(TEXT);

    const calendar = part(mail.raw, 'text/calendar');
    expect(calendar?.headers).toMatch(/Content-Type: text\/calendar;.*method=REQUEST/i);
    const ics = /base64/i.test(calendar!.headers)
      ? Buffer.from(calendar!.body.replace(/\s/g, ''), 'base64').toString('utf8')
      : decodeQuotedPrintable(calendar!.body);
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain('UID:c-1@samrom.example.no');
  });

  it('sends a cancellation as method=CANCEL', async () => {
    const cancel = ICS.replace('METHOD:REQUEST', 'METHOD:CANCEL');
    await sender().send({ to: TO, subject: 'Avlyst', text: 'Møtet er avlyst.', calendar: { method: 'CANCEL', content: cancel }, idempotencyKey: 'cancel:c-1' });
    expect(part(captured[0]!.raw, 'text/calendar')?.headers).toMatch(/method=CANCEL/i);
  });

  it('a resend with the same idempotency key carries the same Message-ID; another key gets another', async () => {
    const first = await sender().send({ to: TO, subject: 'A', text: 'a', idempotencyKey: 'k-1' });
    const again = await sender().send({ to: TO, subject: 'A', text: 'a', idempotencyKey: 'k-1' });
    const other = await sender().send({ to: TO, subject: 'A', text: 'a', idempotencyKey: 'k-2' });
    expect(again.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
  });

  it('refused credentials are a final error', async () => {
    const err = await failure(sender({ url: `smtp://${USER}:wrong@127.0.0.1:${port}` }).send({ to: TO, subject: 'A', text: 'a', idempotencyKey: 'k' }));
    expect(err).toMatchObject({ channel: 'email', reason: 'unauthorized', retryable: false });
    expect(captured).toHaveLength(0);
  });

  it('a transient 4xx reply is retryable; a permanent 5xx reply is final', async () => {
    rcptFailure = { responseCode: 451, message: 'Try again later' };
    const transient = await failure(sender().send({ to: TO, subject: 'A', text: 'a', idempotencyKey: 'k' }));
    expect(transient).toMatchObject({ reason: 'unavailable', retryable: true, details: { status: 451 } });

    rcptFailure = { responseCode: 550, message: 'No such user' };
    const permanent = await failure(sender().send({ to: TO, subject: 'A', text: 'a', idempotencyKey: 'k' }));
    expect(permanent).toMatchObject({ reason: 'invalid_recipient', retryable: false, details: { status: 550 } });
  });

  it('an unreachable relay is a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await failure(sender({ url: `smtp://127.0.0.1:${freePort}` }).send({ to: TO, subject: 'A', text: 'a', idempotencyKey: 'k' }));
    expect(err).toMatchObject({ reason: 'network', retryable: true });
  });

  it('requireTls refuses a relay that offers no encryption', async () => {
    const err = await failure(sender({ requireTls: true }).send({ to: TO, subject: 'A', text: 'a', idempotencyKey: 'k' }));
    expect(err).toMatchObject({ reason: 'rejected', retryable: false, details: { providerCode: 'ETLS' } });
    expect(captured).toHaveLength(0);
  });

  it('never logs the recipient, the subject, the text or the password', async () => {
    await sender().send({ to: TO, subject: SUBJECT, text: TEXT, idempotencyKey: 'k1' });
    rcptFailure = { responseCode: 550, message: `No such user ${TO}` };
    const err = await failure(sender().send({ to: TO, subject: SUBJECT, text: TEXT, idempotencyKey: 'k2' }));

    expect(lines.length).toBeGreaterThanOrEqual(2);
    const logged = lines.join('\n') + err.message;
    for (const secret of [TO, 'kari.nordmann', SUBJECT, 'Zk3f9QmXr2LpT8vWc1YhBn', PASS]) expect(logged).not.toContain(secret);
  });

  it('refuses a URL that is not smtp:// or smtps://, and a From without a domain', () => {
    expect(() => sender({ url: 'http://mail.example.no' })).toThrow(/SMTP_URL/);
    expect(() => sender({ from: 'samrom' })).toThrow(/SMTP_FROM/);
  });
});
