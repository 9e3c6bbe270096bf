import { and, eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, citizenVideoLinks, citizenVideoSessions, outbox } from '../../server/src/adapters/postgres/schema';
import { PostgresCitizenVideoStore } from '../../server/src/adapters/postgres/citizen-video-store';
import { emergencyStats } from '../../server/src/core/emergency/stats';
import { sendCitizenLink } from '../../server/src/core/emergency/citizen-caller';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { type CitizenHarness, startCitizenHarness } from '../helpers/citizen-video';
import { api, type ApiClient } from '../helpers/app';
import { postFromLinkPage, scanLink } from '../helpers/link-scanner';

const PHONE_TYPED = '912 34 567';
const PHONE_E164 = '+4791234567';
const MINUTE_MS = 60_000;

let h: CitizenHarness;
let amk: ApiClient;

beforeAll(async () => {
  h = await startCitizenHarness();
  amk = await h.as('amk-1');
});
afterAll(async () => {
  await h?.stop();
});

/** The newest SMS to this number and the token in its /video/ link. */
async function smsFor(phone: string, nth = 0) {
  const messages = (await h.outbox.list()).filter((m) => m.channel === 'sms' && m.to === phone);
  const message = messages[nth]!;
  const token = /\/video\/([\w-]+)/.exec(message.text)?.[1];
  return { message, token: token!, count: messages.length };
}

async function sendLink(phone = PHONE_TYPED) {
  const res = await amk.post('/api/citizen-video', { phone });
  expect(res.status).toBe(201);
  await h.smsJobsDone(res.body.id);
  return res.body as { id: string; status: string; expiresAt: string };
}

async function openLink(token: string, cookie?: string) {
  const res = await fetch(`${h.url}/video/${token}`, { method: 'POST', redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, location: res.headers.get('location'), setCookie: res.headers.get('set-cookie'), text: await res.text(), headers: res.headers };
}

async function citizen(token: string): Promise<{ caller: ApiClient; cookie: string }> {
  const opened = await openLink(token);
  expect(opened.status).toBe(303);
  const cookie = opened.setCookie!.split(';')[0]!;
  return { caller: api(h.url, { headers: { cookie } }), cookie };
}

/** The caller consents, takes a token and joins the room (the LiveKit webhook): the session reaches video. */
async function joinVideo(token: string) {
  const { caller } = await citizen(token);
  await caller.post('/api/citizen/consent');
  const issued = await caller.post('/api/citizen/token');
  const identity = (decodeJwt(issued.body.token) as { sub: string }).sub;
  await h.livekit.sendWebhook(`${h.url}/webhooks/livekit`, { event: 'participant_joined', room: { name: issued.body.roomName }, participant: { identity } });
}

describe('citizen video', () => {
  it('AMK sends a link: 201 link_sent with a 15-minute expiry, and an SMS with a /video/ link and no other personal data; the phone is never in a job payload or a log line', async () => {
    const before = Date.now();
    const created = await sendLink();
    expect(created.status).toBe('link_sent');
    const expires = new Date(created.expiresAt).getTime();
    expect(expires - before).toBeGreaterThanOrEqual(15 * MINUTE_MS - 1_000);
    expect(expires - before).toBeLessThanOrEqual(15 * MINUTE_MS + 5_000);

    const { message, token } = await smsFor(PHONE_E164);
    expect(message.text).toMatch(new RegExp(`^AMK ber deg åpne denne lenken for å vise video: ${h.url}/video/[\\w-]{43}\\. Lenken virker i 15 minutter\\.`));
    expect(message.text).toContain('AMK asks you to open this link');
    expect(message.text.replace(/\/video\/[\w-]+/, '')).not.toMatch(/\d{8}|Operatør|amk-1/);
    expect(token).toHaveLength(43);

    const jobs = await h.database.db.select().from(outbox).where(eq(outbox.queue, 'citizen-video-sms'));
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) expect(Object.keys(job.payload as object).sort()).toEqual(['linkId', 'sessionId']);
    // Opened once, so the request log has seen the link.
    expect((await openLink(token)).status).toBe(303);
    expect(h.workerLogs().some((line) => line.includes('citizen video link') && line.includes(created.id))).toBe(true);
    const everything = JSON.stringify(jobs) + h.app.logs().join('\n') + h.workerLogs().join('\n');
    expect(h.app.logs().some((line) => line.includes('/video/[redacted]'))).toBe(true);
    for (const form of [PHONE_E164, '91234567', '912 34 567']) expect(everything).not.toContain(form);
    expect(everything).not.toContain(token);

    // Only hashes in the database.
    const [link] = await h.database.db.select().from(citizenVideoLinks).where(eq(citizenVideoLinks.sessionId, created.id));
    expect(link!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(link!.tokenHash).not.toBe(token);
  });

  it('refuses a bad phone number (400, a clear message), a landline, a foreign number, and anyone but AMK (403)', async () => {
    const bad = await amk.post('/api/citizen-video', { phone: 'ring meg' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('Telefonnummeret er ugyldig');
    const landline = await amk.post('/api/citizen-video', { phone: '22 33 44 55' });
    expect(landline.status).toBe(400);
    expect(JSON.stringify(landline.body.error)).toContain('mobilnummer');
    const swedish = await amk.post('/api/citizen-video', { phone: '+46 70 123 45 67' });
    expect(swedish.status).toBe(400);
    expect(JSON.stringify(swedish.body.error)).toContain('norsk mobilnummer');
    const missing = await amk.post('/api/citizen-video', {});
    expect(missing.status).toBe(400);

    const count = (await h.database.db.select().from(citizenVideoSessions)).length;
    for (const person of ['lv-1', 'gp-1', 'ke-1']) {
      const refused = await (await h.as(person)).post('/api/citizen-video', { phone: '913 45 678' });
      expect(refused.status).toBe(403);
    }
    expect((await h.database.db.select().from(citizenVideoSessions)).length).toBe(count);
    const created = await sendLink('913 45 678');
    expect((await (await h.as('gp-1')).get(`/api/citizen-video/${created.id}`)).status).toBe(403);
    expect((await (await h.as('lv-1')).post(`/api/citizen-video/${created.id}/resend`)).status).toBe(403);
  });

  it('the link is exchanged once for an httpOnly cookie; consent is required before a token, which grants exactly the session room as guest "Innringer" for at most 10 minutes; video counts once the phone joins the room (webhook), not at the token', async () => {
    const created = await sendLink('914 56 789');
    const roomsBefore = h.livekit.rooms().length;
    const { token } = await smsFor('+4791456789');
    const opened = await openLink(token);
    expect(opened.status).toBe(303);
    expect(opened.location).toBe('/video');
    expect(opened.setCookie).toMatch(/^samrom_citizen=[\w-]+;.*HttpOnly/i);
    expect(opened.setCookie).toMatch(/SameSite=Lax/i);
    expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = opened.setCookie!.split(';')[0]!;
    const caller = api(h.url, { headers: { cookie } });

    // A second browser is refused; the first gets its session back.
    expect((await openLink(token)).status).toBe(410);
    expect((await openLink(token, cookie)).status).toBe(303);

    expect((await caller.get('/api/citizen/me')).body).toEqual({ status: 'link_opened', consentedAt: null, locationShared: false, photoCount: 0 });
    const early = await caller.post('/api/citizen/token');
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('forbidden');
    expect(h.livekit.rooms()).toHaveLength(roomsBefore);

    expect((await caller.post('/api/citizen/consent')).body.status).toBe('consented');
    const issued = await caller.post('/api/citizen/token');
    expect(issued.status).toBe(200);
    const [row] = await h.database.db.select().from(citizenVideoSessions).where(eq(citizenVideoSessions.id, created.id));
    expect(issued.body.roomName).toBe(row!.roomName);
    expect(issued.body.serverUrl).toBe(h.livekit.url);
    const claims = decodeJwt(issued.body.token) as { sub?: string; name?: string; exp?: number; nbf?: number; video?: Record<string, unknown> };
    expect(claims.video).toMatchObject({ roomJoin: true, room: row!.roomName });
    for (const grant of ['roomAdmin', 'roomRecord', 'hidden', 'roomCreate', 'roomList', 'recorder']) expect(claims.video?.[grant]).toBeFalsy();
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(600);
    expect(claims.name).toBe('Innringer');
    expect(claims.sub).toMatch(/^i_[0-9a-f]{32}$/);
    expect(JSON.stringify(claims)).not.toMatch(/4791456789|91456789/);

    // AMK joins the same room as a clinician; a token is not video yet — the caller's phone joining the room is.
    const joined = await amk.post(`/api/citizen-video/${created.id}/join`);
    expect(joined.status).toBe(200);
    expect(joined.body.roomName).toBe(row!.roomName);
    const amkClaims = decodeJwt(joined.body.token) as { name?: string; sub?: string };
    expect(amkClaims.name).toBe('Operatør En (AMK)');
    expect((await amk.get(`/api/citizen-video/${created.id}`)).body.status).toBe('consented');
    const webhookUrl = `${h.url}/webhooks/livekit`;
    expect(
      (await h.livekit.sendWebhook(webhookUrl, { event: 'participant_joined', room: { name: row!.roomName! }, participant: { identity: amkClaims.sub! } }))
        .status,
    ).toBe(200);
    expect((await amk.get(`/api/citizen-video/${created.id}`)).body.status).toBe('consented');
    expect(
      (await h.livekit.sendWebhook(webhookUrl, { event: 'participant_joined', room: { name: row!.roomName! }, participant: { identity: claims.sub! } })).status,
    ).toBe(200);
    const seen = await amk.get(`/api/citizen-video/${created.id}`);
    expect(seen.body).toMatchObject({ id: created.id, status: 'video', location: null, photos: [] });
    expect(seen.body.videoConnectedAt).toEqual(expect.any(String));
    expect(JSON.stringify(seen.body)).not.toMatch(/91456789/);

    const events = await h.database.db
      .select({ action: auditEvents.action, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceType, 'citizen_video'), eq(auditEvents.resourceId, created.id)));
    const rows = events.map((e) => `${e.action}:${e.outcome}`);
    for (const expected of [
      'citizen_video.create:allowed',
      'citizen_video.sms:allowed',
      'citizen_video.link_exchange:allowed',
      'citizen_video.video_token:denied',
      'citizen_video.consent:allowed',
      'citizen_video.video_token:allowed',
      'citizen_video.join:allowed',
      'citizen_video.video_connected:allowed',
      'citizen_video.read:allowed',
    ]) {
      expect(rows).toContain(expected);
    }
  });

  it("a scanner's HEAD and GET never use the caller's link; the button's POST does; the same phone goes straight back in; another phone is offered «Send meg en ny lenke» (a new SMS, the old link superseded) and 113", async () => {
    const created = await sendLink('917 11 222');
    const { token } = await smsFor('+4791711222');
    const url = `${h.url}/video/${token}`;
    for (const method of ['HEAD', 'GET', 'GET'] as const) expect(await scanLink(url, method)).toMatchObject({ status: 200, setCookie: null });
    expect((await scanLink(url, 'GET')).text).toContain('Åpne videosamtalen');
    const opened = await postFromLinkPage(url);
    expect(opened).toMatchObject({ status: 303, location: '/video' });
    const cookie = opened.setCookie!.split(';')[0]!;
    expect(await scanLink(url, 'GET', cookie)).toMatchObject({ status: 303, location: '/video' });

    const elsewhere = await scanLink(url, 'GET');
    expect(elsewhere.status).toBe(410);
    expect(elsewhere.text).toContain('Send meg en ny lenke');
    expect(elsewhere.text).toContain('<a href="tel:113">113</a>');
    const asked = await postFromLinkPage(`${url}/new-link`);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Ny lenke er sendt');
    await h.smsJobsDone(created.id, 2);
    const fresh = await smsFor('+4791711222');
    expect(fresh.count).toBe(2);
    expect(fresh.token).not.toBe(token);
    expect((await scanLink(url, 'GET')).text).toContain('Det er sendt en nyere lenke');
    expect((await scanLink(`${h.url}/video/${fresh.token}`, 'GET')).status).toBe(200);
  });

  it('location is shared with its own consent and AMK sees latitude, longitude and accuracy; bad values get 400', async () => {
    const created = await sendLink('915 67 890');
    const { caller } = await citizen((await smsFor('+4791567890')).token);
    expect((await caller.post('/api/citizen/location', { latitude: 200, longitude: 10, accuracy: 5 })).status).toBe(400);
    const shared = await caller.post('/api/citizen/location', { latitude: 59.7439, longitude: 10.2045, accuracy: 12 });
    expect(shared.status).toBe(200);
    expect(shared.body.locationShared).toBe(true);
    const seen = await amk.get(`/api/citizen-video/${created.id}`);
    expect(seen.body.location).toMatchObject({ latitude: 59.7439, longitude: 10.2045, accuracy: 12 });
    expect(seen.body.consentedAt).toBeNull();
  });

  it('a resend supersedes the earlier link, opened or not (410 «Det er sendt en nyere lenke», English too); the new one works; one opened after 15 minutes gets the expiry page; an unknown one 404', async () => {
    const created = await sendLink('916 78 901');
    const first = (await smsFor('+4791678901')).token;
    const { cookie } = await citizen(first);
    const resent = await amk.post(`/api/citizen-video/${created.id}/resend`);
    expect(resent.status).toBe(201);
    expect(resent.body.status).toBe('link_sent');
    await h.smsJobsDone(created.id, 2);
    const all = (await h.outbox.list()).filter((m) => m.to === '+4791678901');
    expect(all).toHaveLength(2);
    const second = /\/video\/([\w-]+)/.exec(all[0]!.text)![1]!;
    expect(second).not.toBe(first);

    for (const withCookie of [cookie, undefined]) {
      const superseded = await openLink(first, withCookie);
      expect(superseded.status).toBe(410);
      expect(superseded.text).toContain('Det er sendt en nyere lenke');
      expect(superseded.text).toContain('A newer link has been sent');
      expect(superseded.setCookie).toBeNull();
    }

    h.setClockOffsetMs(15 * MINUTE_MS + 1_000);
    try {
      const expired = await openLink(second);
      expect(expired.status).toBe(410);
      expect(expired.text).toContain('Lenken er utløpt');
      expect(expired.text).toContain('This link has expired');
      expect(expired.setCookie).toBeNull();
    } finally {
      h.setClockOffsetMs(0);
    }
    expect((await openLink(second)).status).toBe(303);

    const unknown = await openLink('x'.repeat(43));
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Vi finner ikke denne lenken');
  });

  it('resends in quick succession leave one live link, and a superseded link whose SMS has not left is never sent', async () => {
    const created = await sendLink('916 78 902');
    // Jobs are left unsent here, so the test decides when each link's SMS job runs.
    const store = new PostgresCitizenVideoStore({
      db: h.database.db,
      relay: {
        transaction: (work) =>
          h.database.db.transaction((tx) =>
            work(
              tx,
              async () => 'held',
              async () => [],
            ),
          ),
      },
    });
    const now = new Date();
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await Promise.all(ids.map((id) => store.addLink(created.id, id, now, new Date(now.getTime() + 15 * MINUTE_MS))));
    const links = await h.database.db.select().from(citizenVideoLinks).where(eq(citizenVideoLinks.sessionId, created.id));
    expect(links).toHaveLength(4);
    expect(links.filter((l) => l.supersededAt === null)).toHaveLength(1);

    const sent: string[] = [];
    const ctx = {
      audit: h.app.audit,
      clock: { now: () => new Date() },
      store,
      sms: { send: async (m: { text: string }) => (sent.push(m.text), { providerId: 'p' }) },
      publicBaseUrl: h.url,
      newToken: () => crypto.randomUUID(),
    };
    const outcomes = await Promise.all(
      links
        .filter((l) => l.sentAt === null)
        .map(async (l) => [l.supersededAt === null, await sendCitizenLink(ctx, { sessionId: created.id, linkId: l.id })] as const),
    );
    expect(outcomes.filter(([, outcome]) => outcome === 'sent')).toEqual([[true, 'sent']]);
    expect(outcomes.filter(([live]) => !live).map(([, outcome]) => outcome)).toEqual(['skipped', 'skipped']);
    expect(sent).toHaveLength(1);
  });

  it('photos: images only, stored in PostgreSQL, readable by AMK; AMK adds a legevakt doctor who gets a Teams card and can join; ending stops the caller', async () => {
    const created = await sendLink('917 89 012');
    const { caller, cookie } = await citizen((await smsFor('+4791789012')).token);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const before = await fetch(`${h.url}/api/citizen/photo`, { method: 'POST', headers: { cookie, 'content-type': 'image/png' }, body: png });
    expect(before.status).toBe(403);
    await caller.post('/api/citizen/consent');
    const text = await fetch(`${h.url}/api/citizen/photo`, { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body: 'hei' });
    expect(text.status).toBe(400);
    const sent = await fetch(`${h.url}/api/citizen/photo`, { method: 'POST', headers: { cookie, 'content-type': 'image/png' }, body: png });
    expect(sent.status).toBe(201);
    expect(await sent.json()).toEqual({ n: 1 });
    const seen = await amk.get(`/api/citizen-video/${created.id}`);
    expect(seen.body.photos).toMatchObject([{ n: 1, contentType: 'image/png' }]);
    const photo = await fetch(`${h.url}/api/citizen-video/${created.id}/photos/1`, {
      headers: { authorization: `Bearer ${(await h.app.devSignIn!.issue('amk-1')).token}` },
    });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).equals(png)).toBe(true);

    const legevakt = await h.as('lv-1');
    const doctors = await amk.get('/api/citizen-video/doctors');
    expect(doctors.body.people.map((p: { id: string }) => p.id)).toEqual(['gp-1', 'lv-1']);
    expect(Object.keys(doctors.body.people[0]).sort()).toEqual(['id', 'name', 'organization', 'specialty']);
    expect((await legevakt.get('/api/citizen-video/doctors')).status).toBe(403);
    expect((await legevakt.post(`/api/citizen-video/${created.id}/join`)).status).toBe(403);
    expect((await amk.post(`/api/citizen-video/${created.id}/invite`, { personId: 'ke-1' })).status).toBe(400);
    const invited = await amk.post(`/api/citizen-video/${created.id}/invite`, { personId: 'lv-1' });
    expect(invited.status).toBe(200);
    expect(invited.body.invited).toEqual([{ personId: 'lv-1', name: 'Magnus Legevakt' }]);
    const card = h.notifier.sent.find((s) => s.conversationId === 'conv-lv-1');
    expect(card?.message.text).toBe('AMK ber deg se video fra en innringer / AMK asks you to see video from a caller');
    const joined = await legevakt.post(`/api/citizen-video/${created.id}/join`);
    expect(joined.status).toBe(200);
    expect((decodeJwt(joined.body.token) as { name?: string }).name).toBe('Magnus Legevakt (lege)');

    const ended = await amk.post(`/api/citizen-video/${created.id}/end`);
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('ended');
    expect((await amk.post(`/api/citizen-video/${created.id}/end`)).status).toBe(409);
    expect((await caller.post('/api/citizen/token')).status).toBe(410);
    expect((await amk.post(`/api/citizen-video/${created.id}/resend`)).status).toBe(409);
  });

  it('the stats share of citizen links that reached video counts sessions created in the period', async () => {
    // One session of its own that reaches video and one that does not, so it holds alone and in any order.
    await sendLink('917 11 111');
    const joined = await sendLink('917 22 222');
    await joinVideo((await smsFor('+4791722222')).token);
    expect((await amk.get(`/api/citizen-video/${joined.id}`)).body.status).toBe('video');
    const from = new Date(Date.now() - 60 * MINUTE_MS).toISOString();
    const to = new Date(Date.now() + 60 * MINUTE_MS).toISOString();
    const store = new PostgresCitizenVideoStore({ db: h.database.db, relay: { transaction: () => Promise.reject(new Error('unused')) } });
    const sessions = await h.database.db.select().from(citizenVideoSessions);
    const reached = sessions.filter((s) => s.videoConnectedAt !== null).length;
    expect(reached).toBeGreaterThanOrEqual(1);
    expect(reached).toBeLessThan(sessions.length);
    const actor = { kind: 'person', personId: 'amk-1', roles: ['amk'], name: 'Operatør En', organizationId: null, specialty: null } as const;
    const stats = await emergencyStats({ actor, store: { timesBetween: async () => [] }, citizenVideo: store }, { from, to });
    expect(stats.citizenLinkVideoShare).toBeCloseTo(reached / sessions.length, 10);
    const before = await emergencyStats(
      { actor, store: { timesBetween: async () => [] }, citizenVideo: store },
      { from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' },
    );
    expect(before.citizenLinkVideoShare).toBeNull();
  });
  it("GET /api/citizen-video lists the centre's open sessions for AMK (every operator's, last three digits only, location and photo count), newest first, ended ones for half an hour; others get 403; audited", async () => {
    await new PostgresDirectory(h.database.db).upsert([{ id: 'amk-2', name: 'Operatør To', roles: ['amk'], organization: 'AMK Vestre Viken' }]);
    const amk2 = await h.as('amk-2');
    const mine = await sendLink('915 11 222');
    const theirs = await amk2.post('/api/citizen-video', { phone: '915 33 444' });
    expect(theirs.status).toBe(201);
    await h.smsJobsDone(theirs.body.id);
    const { token } = await smsFor('+4791533444');
    const { caller } = await citizen(token);
    await caller.post('/api/citizen/consent');
    await caller.post('/api/citizen/location', { latitude: 59.7439, longitude: 10.2045, accuracy: 12 });

    const listed = await amk.get('/api/citizen-video');
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    const sessions = listed.body.sessions as { id: string; createdAt: string }[];
    const byId = new Map(sessions.map((s) => [s.id, s]));
    expect(byId.get(mine.id)).toMatchObject({
      status: 'link_sent',
      phoneLast3: '222',
      createdBy: { id: 'amk-1', name: 'Operatør En' },
      location: null,
      photoCount: 0,
      endedAt: null,
      expiresAt: mine.expiresAt,
    });
    expect(byId.get(theirs.body.id)).toMatchObject({
      status: 'consented',
      phoneLast3: '444',
      createdBy: { id: 'amk-2', name: 'Operatør To' },
      location: { latitude: 59.7439, longitude: 10.2045, accuracy: 12 },
    });
    expect(JSON.stringify(listed.body)).not.toMatch(/91511222|91533444|\+47/);
    const times = sessions.map((s) => s.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    // The other operator sees the same list.
    expect(((await amk2.get('/api/citizen-video')).body.sessions as { id: string }[]).map((s) => s.id)).toEqual(sessions.map((s) => s.id));

    // Ended: listed as ended for half an hour, then gone.
    expect((await amk.post(`/api/citizen-video/${mine.id}/end`)).status).toBe(200);
    expect(((await amk.get('/api/citizen-video')).body.sessions as { id: string; status: string }[]).find((s) => s.id === mine.id)?.status).toBe('ended');
    h.setClockOffsetMs(31 * MINUTE_MS);
    try {
      const later = (await amk.get('/api/citizen-video')).body.sessions as { id: string; status: string }[];
      expect(later.find((s) => s.id === mine.id)).toBeUndefined();
      expect(later.find((s) => s.id === theirs.body.id)?.status).toBe('consented');
    } finally {
      h.setClockOffsetMs(0);
    }

    for (const person of ['lv-1', 'gp-1', 'ke-1']) expect((await (await h.as(person)).get('/api/citizen-video')).status).toBe(403);
    const audit = await h.database.db
      .select({ actorId: auditEvents.actorId, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'citizen_video.list'));
    expect(audit.filter((a) => a.outcome === 'allowed').length).toBeGreaterThanOrEqual(4);
    expect(audit.filter((a) => a.outcome === 'denied').length).toBe(3);
  });

  it('Prometheus: /metrics has the sessions, those that reached video (the phone joined the room) and the 24-hour share, read from PostgreSQL', async () => {
    const metric = async (name: string) => {
      const text = (await fetch(`${h.url}/metrics`).then((r) => r.text())).split('\n');
      const line = text.find((l) => l.startsWith(`${name} `));
      expect(line, name).toBeDefined();
      return Number(line!.split(' ')[1]);
    };
    const before = { sessions: await metric('samrom_citizen_video_sessions'), video: await metric('samrom_citizen_video_sessions_reached_video') };
    const created = await sendLink('916 55 666');
    expect(await metric('samrom_citizen_video_sessions')).toBe(before.sessions + 1);
    expect(await metric('samrom_citizen_video_sessions_reached_video')).toBe(before.video);

    await joinVideo((await smsFor('+4791655666')).token);
    expect((await amk.get(`/api/citizen-video/${created.id}`)).body.status).toBe('video');
    expect(await metric('samrom_citizen_video_sessions_reached_video')).toBe(before.video + 1);

    const all = await h.database.db.select().from(citizenVideoSessions);
    const share = all.filter((s) => s.videoConnectedAt !== null).length / all.length;
    expect(await metric('samrom_citizen_video_reached_video_share')).toBeCloseTo(share, 10);
  });
});
