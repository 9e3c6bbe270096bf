import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { LinkMobilitySmsSender, type LinkMobilitySmsOptions } from '../../server/src/adapters/messaging/link-mobility-sms';
import { type E164, MessagingError, toE164 } from '../../server/src/core/messaging';
import { LinkSmsStub } from './sms-link-stub';

const TO = '+4791234567' as E164;
const TEXT = 'Videomøte tirsdag 14:00 med Drammen kommune. Bli med: https://samrom.example.no/join/Zk3f9QmXr2LpT8vWc1YhBn';

let stub: LinkSmsStub;
let lines: string[];

function sender(overrides: Partial<LinkMobilitySmsOptions> = {}): LinkMobilitySmsSender {
  const { username, password, platformId, platformPartnerId } = stub.credentials;
  return new LinkMobilitySmsSender({
    baseUrl: stub.baseUrl,
    username,
    password,
    platformId,
    platformPartnerId,
    sender: 'Samrom',
    logger: createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } }),
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

beforeEach(async () => {
  stub = await new LinkSmsStub().start();
  lines = [];
});
afterEach(async () => {
  await stub.stop();
});

describe('LINK Mobility SMS sender', () => {
  it('sends a SendRequest with Basic auth, the sender id and the E.164 number, and returns the queued messageId', async () => {
    const { providerId } = await sender().send({ to: TO, text: TEXT, idempotencyKey: 'reminder:c-1:p-2' });

    expect(stub.accepted.has(providerId)).toBe(true);
    const [request] = stub.received;
    expect(request!.authorization).toBe(`Basic ${Buffer.from('samrom-test:correct horse battery').toString('base64')}`);
    expect(request!.contentType).toMatch(/^application\/json/);
    expect(request!.body).toEqual({
      source: 'Samrom',
      sourceTON: 'ALPHANUMERIC',
      destination: TO,
      destinationTON: 'MSISDN',
      userData: TEXT,
      dcs: 'TEXT',
      platformId: 'COOL',
      platformPartnerId: '30978',
      refId: 'reminder:c-1:p-2',
      useDeliveryReport: false,
      ignoreResponse: false,
    });
  });

  it('sends from a phone number with sourceTON MSISDN', async () => {
    await sender({ sender: '+4790000000' }).send({ to: TO, text: 'Hei', idempotencyKey: 'k' });
    expect(stub.received[0]!.body).toMatchObject({ source: '+4790000000', sourceTON: 'MSISDN' });
  });

  it('refuses a sender id the gateway would refuse, at construction', () => {
    expect(() => sender({ sender: '1Samrom' })).toThrow(/SMS_SENDER/);
    expect(() => sender({ sender: 'SamromHelseNorge' })).toThrow(/SMS_SENDER/);
  });

  it('wrong credentials are a final error, not retried', async () => {
    const err = await failure(sender({ password: 'wrong' }).send({ to: TO, text: TEXT, idempotencyKey: 'k' }));
    expect(err).toMatchObject({ channel: 'sms', reason: 'unauthorized', retryable: false, details: { status: 401, providerCode: '106100' } });
    expect(stub.accepted.size).toBe(0);
  });

  it('a wrong platformPartnerId is a final error carrying the gateway result code', async () => {
    const err = await failure(sender({ platformPartnerId: '1' }).send({ to: TO, text: TEXT, idempotencyKey: 'k' }));
    expect(err).toMatchObject({ reason: 'rejected', retryable: false, details: { status: 400, providerCode: '106201' } });
  });

  it('a 500 from the gateway is retryable, and the next attempt goes through', async () => {
    stub.failNext({ status: 500 });
    const err = await failure(sender().send({ to: TO, text: TEXT, idempotencyKey: 'k' }));
    expect(err).toMatchObject({ reason: 'unavailable', retryable: true, details: { status: 500 } });

    const { providerId } = await sender().send({ to: TO, text: TEXT, idempotencyKey: 'k' });
    expect(stub.accepted.has(providerId)).toBe(true);
  });

  it('a 429 is retryable and carries Retry-After', async () => {
    stub.failNext({ status: 429, retryAfterSeconds: 7 });
    const err = await failure(sender().send({ to: TO, text: TEXT, idempotencyKey: 'k' }));
    expect(err).toMatchObject({ reason: 'rate_limited', retryable: true, details: { status: 429, retryAfterSeconds: 7 } });
  });

  it('a 400 is final', async () => {
    stub.failNext({ status: 400 });
    const err = await failure(sender().send({ to: TO, text: TEXT, idempotencyKey: 'k' }));
    expect(err).toMatchObject({ reason: 'rejected', retryable: false, details: { status: 400 } });
  });

  it('text the gateway cannot carry (4-byte characters) is rejected as final', async () => {
    const err = await failure(sender().send({ to: TO, text: 'Hei 👋', idempotencyKey: 'k' }));
    expect(err).toMatchObject({ reason: 'rejected', retryable: false });
  });

  it('a number that is not E.164 is refused before anything is sent', async () => {
    const err = await failure(sender().send({ to: '91234567' as E164, text: TEXT, idempotencyKey: 'k' }));
    expect(err).toMatchObject({ reason: 'invalid_recipient', retryable: false });
    expect(stub.received).toHaveLength(0);
  });

  it('an E.164-shaped number that does not exist is rejected by the gateway as final', async () => {
    const err = await failure(sender().send({ to: '+4712345678' as E164, text: TEXT, idempotencyKey: 'k' }));
    expect(err).toMatchObject({ reason: 'rejected', retryable: false, details: { status: 400 } });
  });

  it('an unreachable gateway and a timeout are retryable network errors', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await failure(sender({ baseUrl: `http://127.0.0.1:${port}/sms` }).send({ to: TO, text: TEXT, idempotencyKey: 'k' }));
    expect(unreachable).toMatchObject({ reason: 'network', retryable: true });

    stub.failNext({ delayMs: 1_000 });
    const slow = await failure(sender({ requestTimeoutMs: 100 }).send({ to: TO, text: TEXT, idempotencyKey: 'k' }));
    expect(slow).toMatchObject({ reason: 'network', retryable: true });
  });

  it('never logs the text, the number or the password, on success or failure', async () => {
    await sender().send({ to: TO, text: TEXT, idempotencyKey: 'k1' });
    stub.failNext({ status: 500 }, { status: 400 });
    const errors = [
      await failure(sender().send({ to: TO, text: TEXT, idempotencyKey: 'k2' })),
      await failure(sender().send({ to: TO, text: TEXT, idempotencyKey: 'k3' })),
      await failure(sender({ password: 'wrong' }).send({ to: TO, text: TEXT, idempotencyKey: 'k4' })),
    ];

    expect(lines.length).toBeGreaterThanOrEqual(4);
    const logged = lines.join('\n') + errors.map((e) => e.message).join('\n');
    for (const secret of [TEXT, 'Videomøte', 'Zk3f9QmXr2LpT8vWc1YhBn', TO, '91234567', 'correct horse battery']) {
      expect(logged).not.toContain(secret);
    }
  });
});

describe('toE164', () => {
  it.each([
    ['912 34 567', '+4791234567'],
    ['+47 912 34 567', '+4791234567'],
    ['0047 91234567', '+4791234567'],
    ['+46 70 123 45 67', '+46701234567'],
    ['1234', null],
    ['+0123456789', null],
  ])('%s → %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });
});
