/**
 * The lobby calls for attention (issue 15, item 2), through the consultations module as
 * `npm start` wires it: a guest entering the lobby sends each clinician participant one Teams
 * card at the Bot Connector double («Randi Pårørende (pårørende) venter»: name and role, no
 * clinical text), once per lobby entry; guests cannot be let in, nor clinicians join, earlier
 * than their windows (30 and 60 minutes before the start), with a 409 that says from when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { type JoinTestApp, startJoinTestApp } from '../helpers/join-app';
import { RecordingNotifier } from '../helpers/recording-notifier';
import { api } from '../helpers/app';
import { postFromLinkPage } from '../helpers/link-scanner';

const MINUTE_MS = 60_000;
const GP_CONVERSATION = 'a:gp-1-personal';
const KE_CONVERSATION = 'a:ke-1-personal';

let env: JoinTestApp;
let notifier: RecordingNotifier;

beforeAll(async () => {
  notifier = new RecordingNotifier();
  env = await startJoinTestApp({ notifier });
  const conversations = new PostgresConversationStore(env.database.db);
  for (const [conversationId, personId] of [
    [GP_CONVERSATION, 'gp-1'],
    [KE_CONVERSATION, 'ke-1'],
  ] as const) {
    await conversations.save({ conversationId, personId, aadObjectId: null, tenantId: 't', serviceUrl: 'https://smba.example/', reference: {} });
  }
});

afterAll(async () => {
  await env?.stop();
});

/** Opens the relative's link like a person (the link page's button posts it) and returns an API client holding the guest cookie. */
async function guestOf(link: string) {
  const opened = await postFromLinkPage(link);
  expect(opened.status).toBe(303);
  return api(env.app.url, { headers: { cookie: opened.setCookie!.split(';')[0]! } });
}

describe('the lobby calls for attention', () => {
  it('a guest entering the lobby gets each clinician participant one Teams card «Randi Pårørende (pårørende) venter», once per lobby entry; the booking coordinator outside the meeting gets none', async () => {
    const booked = await env.bookWithRelativeLink(10);
    const guest = await guestOf(booked.link);
    expect((await guest.post('/api/guest/lobby')).body).toEqual({ status: 'waiting' });
    await notifier.until((sent) => sent.some((s) => s.conversationId === GP_CONVERSATION && s.notice?.kind === 'consultations.guest-waiting'));
    // «I'm ready» again (a second tap, a reload) is the same lobby entry: no second card.
    expect((await guest.post('/api/guest/lobby')).body).toEqual({ status: 'waiting' });
    expect((await guest.get('/api/guest/status')).body).toEqual({ status: 'waiting' });

    const cards = notifier.sent.filter((s) => s.notice?.kind === 'consultations.guest-waiting');
    expect(cards.map((s) => s.conversationId)).toEqual([GP_CONVERSATION]);
    const [card] = cards;
    expect(card!.message.text).toBe('Randi Pårørende (pårørende) venter / Randi Pårørende (relative) is waiting');
    expect(card!.notice).toMatchObject({ consultationId: booked.id, guestName: 'Randi Pårørende', guestRole: 'relative' });
    const json = JSON.stringify(card!.message.card);
    expect(json).toContain('Randi Pårørende (pårørende) venter');
    expect(json).toContain(`http://samrom.test/app/`);
    // Nothing clinical and nothing about the patient: no title, no patient name.
    expect(json).not.toContain('Oppfølging etter utskrivning');
    expect(json).not.toContain('Per Pasient');
  });

  it('a guest cannot be let in earlier than 30 minutes before the start, nor a clinician join earlier than 60 (409 saying from when); inside the windows both work', async () => {
    const booked = await env.bookWithRelativeLink(120);
    try {
      const guest = await guestOf(booked.link);
      // Waiting in the lobby early is fine: the page says when the meeting starts.
      expect((await guest.post('/api/guest/lobby')).body).toEqual({ status: 'waiting' });

      const early = await env.gp.post(`/api/consultations/${booked.id}/admit`, { participantId: booked.relativeId });
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('admission_not_open');
      expect(early.body.error.message).toMatch(/^Gjester kan slippes inn fra 30 minutter før start, \S+ \d+\. \S+ \d{4} kl\. \d\d:\d\d\.$/);
      const earlyJoin = await env.gp.post(`/api/consultations/${booked.id}/join`);
      expect(earlyJoin.status).toBe(409);
      expect(earlyJoin.body.error.code).toBe('join_not_open');
      expect(earlyJoin.body.error.message).toMatch(/^Du kan bli med fra 60 minutter før start/);
      expect((await guest.get('/api/guest/status')).body).toEqual({ status: 'waiting' });

      // 55 minutes before: the clinician may join, the guest may not yet be let in.
      env.setClockOffsetMs(65 * MINUTE_MS);
      expect((await env.gp.post(`/api/consultations/${booked.id}/join`)).status).toBe(200);
      expect((await env.gp.post(`/api/consultations/${booked.id}/admit`, { participantId: booked.relativeId })).status).toBe(409);

      // 25 minutes before: the guest is let in and gets a token.
      env.setClockOffsetMs(95 * MINUTE_MS);
      expect((await env.gp.post(`/api/consultations/${booked.id}/admit`, { participantId: booked.relativeId })).status).toBe(200);
      expect((await guest.post('/api/guest/token', {})).status).toBe(200);
    } finally {
      env.setClockOffsetMs(0);
    }
  });
});
