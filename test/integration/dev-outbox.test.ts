import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pinoHttp } from 'pino-http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { DevOutbox, DevOutboxEmailSender, DevOutboxSmsSender } from '../../server/src/adapters/messaging/dev-outbox';
import { devMessages } from '../../server/src/adapters/postgres/schema';
import { type E164, MessagingError } from '../../server/src/core/messaging';
import type { Clock } from '../../server/src/core/ports';
import { errorHandler } from '../../server/src/http/errors';
import { devOutboxRoutes } from '../../server/src/http/routes/dev-outbox';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';

const JOIN_LINK = 'https://samrom.example.no/join/Zk3f9QmXr2LpT8vWc1YhBn';
const ICS = 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:<b>Møte</b>\r\nEND:VEVENT\r\nEND:VCALENDAR';

/** Each call is one minute after the last, so "newest first" is about time, not insertion luck. */
class SteppingClock implements Clock {
  private at = Date.parse('2025-03-30T00:30:00Z');
  now(): Date {
    this.at += 60_000;
    return new Date(this.at);
  }
}

let database: TestDatabase;
let server: Server;
let baseUrl: string;
let outbox: DevOutbox;
let sms: DevOutboxSmsSender;
let email: DevOutboxEmailSender;

beforeAll(async () => {
  database = await createTestDatabase();
  // The route on its own, with the app's request logger and error handler (createApp mounts it the same way).
  const app = express();
  app.use(pinoHttp({ logger: createLogger({ level: 'silent' }), wrapSerializers: false }));
  app.use(devOutboxRoutes({ outbox: new DevOutbox(database.db) }));
  app.use(errorHandler);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await database?.destroy();
});
beforeEach(async () => {
  await database.db.delete(devMessages);
  outbox = new DevOutbox(database.db, new SteppingClock());
  sms = new DevOutboxSmsSender(outbox);
  email = new DevOutboxEmailSender(outbox);
});

describe(`development outbox on ${testDbKind()}`, () => {
  it('stores an SMS and an e-mail instead of sending them, and lists them newest first', async () => {
    const sent = await sms.send({ to: '+4791234567' as E164, text: `Bli med i videosamtalen: ${JOIN_LINK}`, idempotencyKey: 'citizen-video:1' });
    const mailed = await email.send({
      to: 'kari@example.no',
      subject: 'Invitasjon til videomøte',
      text: 'Tirsdag 14:00',
      calendar: { method: 'REQUEST', content: ICS },
      idempotencyKey: 'invitation:c-1:p-1',
    });
    expect(sent.providerId).toMatch(/^dev-outbox-\d+$/);
    expect(mailed.messageId).toMatch(/^<dev-outbox-\d+@samrom\.invalid>$/);

    const listed = await outbox.list();
    expect(listed.map((m) => m.channel)).toEqual(['email', 'sms']);
    expect(listed[0]).toMatchObject({ to: 'kari@example.no', subject: 'Invitasjon til videomøte', calendar: { method: 'REQUEST', content: ICS } });
    expect(listed[1]).toMatchObject({ to: '+4791234567', subject: null, calendar: null, text: `Bli med i videosamtalen: ${JOIN_LINK}` });
    expect(listed[0]!.createdAt.getTime()).toBeGreaterThan(listed[1]!.createdAt.getTime());
  });

  it('a repeated idempotency key stores one message and returns the same id', async () => {
    const first = await sms.send({ to: '+4791234567' as E164, text: 'a', idempotencyKey: 'k' });
    const again = await sms.send({ to: '+4791234567' as E164, text: 'a', idempotencyKey: 'k' });
    const mailSameKey = await email.send({ to: 'a@example.no', subject: 's', text: 't', idempotencyKey: 'k' });
    expect(again.providerId).toBe(first.providerId);
    expect(mailSameKey.messageId).not.toContain(first.providerId);
    expect(await database.db.$count(devMessages)).toBe(2);
  });

  it('refuses a number that is not E.164, as the real provider would, and stores nothing', async () => {
    const err = await sms.send({ to: '912 34 567' as E164, text: 'a', idempotencyKey: 'k' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MessagingError);
    expect(err).toMatchObject({ reason: 'invalid_recipient', retryable: false });
    expect(await database.db.$count(devMessages)).toBe(0);
  });

  it('GET /dev/outbox.json lists the messages newest first, uncached and without a referrer', async () => {
    await sms.send({ to: '+4791234567' as E164, text: 'første', idempotencyKey: '1' });
    await sms.send({ to: '+4741234567' as E164, text: 'andre', idempotencyKey: '2' });
    await email.send({ to: 'b@example.no', subject: 'tredje', text: 'tredje', idempotencyKey: '3' });

    const response = await fetch(`${baseUrl}/dev/outbox.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const { messages } = (await response.json()) as { messages: { channel: string; text: string; createdAt: string; calendar: unknown }[] };
    expect(messages.map((m) => m.text)).toEqual(['tredje', 'andre', 'første']);
    expect(messages[0]).toMatchObject({ channel: 'email', subject: 'tredje', calendar: null });
    expect(Date.parse(messages[0]!.createdAt)).toBeGreaterThan(Date.parse(messages[2]!.createdAt));

    const limited = (await (await fetch(`${baseUrl}/dev/outbox.json?limit=1`)).json()) as { messages: unknown[] };
    expect(limited.messages).toHaveLength(1);
    expect((await fetch(`${baseUrl}/dev/outbox.json?limit=zero`)).status).toBe(400);
  });

  it('GET /dev/outbox shows an accessible Norwegian page with clickable links and escaped text', async () => {
    await sms.send({ to: '+4791234567' as E164, text: `Bli med her: ${JOIN_LINK}.`, idempotencyKey: '1' });
    await email.send({
      to: 'ola@example.no',
      subject: '<img src=x onerror=alert(1)>',
      text: '<script>alert("x")</script> & javascript:alert(1) "quoted"',
      calendar: { method: 'REQUEST', content: ICS },
      idempotencyKey: '2',
    });

    const response = await fetch(`${baseUrl}/dev/outbox`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();

    expect(html).toMatch(/<html lang="nb">/);
    expect(html).toMatch(/<h1>Utboks for utvikling<\/h1>/);
    expect(html).toMatch(/<caption>2 meldinger, nyeste først<\/caption>/);
    expect(html).toContain('<th scope="col">Melding</th>');
    // The join link is a link (the sentence's full stop is not part of it).
    expect(html).toContain(`<a href="${JOIN_LINK}" rel="noreferrer noopener">${JOIN_LINK}</a>.`);
    // Stored text can never become markup.
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; javascript:alert(1)');
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('SUMMARY:&#60;b&#62;Møte&#60;/b&#62;');
    expect(html).toContain('<summary>Invitasjon (REQUEST)</summary>');
    // Newest first: the e-mail row comes before the SMS row.
    expect(html.indexOf('ola@example.no')).toBeLessThan(html.indexOf('+4791234567'));
    // Times in Europe/Oslo: 00:31Z and 00:32Z on 30 March 2025 are 01:31 and 01:32 (CET, before the 02:00 switch).
    expect(html).toMatch(/<time datetime="2025-03-30T00:32:00.000Z">30\.03\.2025,? 01:32:00<\/time>/);
  });

  it('an empty outbox says so', async () => {
    const html = await (await fetch(`${baseUrl}/dev/outbox`)).text();
    expect(html).toContain('Ingen meldinger ennå.');
    expect(html).not.toContain('<table>');
  });
});
