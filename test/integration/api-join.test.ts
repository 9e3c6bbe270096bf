import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveKitVideoRooms } from '../../server/src/adapters/livekit/video-rooms';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresConsultationStore } from '../../server/src/adapters/postgres/consultation-store';
import { PostgresGuestLinks, hashGuestToken } from '../../server/src/adapters/postgres/guest-links';
import { PostgresJoinStore } from '../../server/src/adapters/postgres/join-store';
import { consultationParticipants, consultations, guestLinks, guestSessions, outbox } from '../../server/src/adapters/postgres/schema';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { BullReminderJobs } from '../../server/src/adapters/queue/reminder-jobs';
import { type QueueRegistry, createQueueRegistry } from '../../server/src/adapters/queue/workers';
import type { AppDeps } from '../../server/src/http/app';
import { LiveKitDouble } from '../doubles/livekit-double';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';
import { postFromLinkPage, scanLink } from '../helpers/link-scanner';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

const BOOKED_AT = new Date('2027-03-01T12:00:00Z');
/** Each booking a day later than the last, so the same clinicians are never double-booked. */
const FIRST_START_MS = Date.parse('2027-03-10T09:00:00Z');
const DAY_MS = 86_400_000;
let bookings = 0;
const HOUR_MS = 3_600_000;
('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0 BingPreview/1.0b');
const OID = { ke: randomUUID(), gp: randomUUID(), gp2: randomUUID(), sp: randomUUID() };

let now = BOOKED_AT;
let database: TestDatabase;
let entra: LocalEntra;
let redis: Redis;
let queues: QueueRegistry;
let livekit: LiveKitDouble;
let app: TestApp;
let limitedApp: TestApp;
let noVideoApp: TestApp;
let links: PostgresGuestLinks;
let coordinator: ApiClient;
let gp: ApiClient;
let outsiderGp: ApiClient;
let specialist: ApiClient;

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  livekit = new LiveKitDouble();
  await livekit.start();
  redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-join' });
  queues = createQueueRegistry({ connection: redis, prefix: uniquePrefix() });
  const logger = createLogger({ level: 'silent' });
  const store = new PostgresConsultationStore({ db: database.db, relay: new OutboxRelay({ db: database.db, queue: queues.queue, logger }) });
  const join: NonNullable<AppDeps['join']> = {
    consultations: store,
    join: new PostgresJoinStore(database.db),
    videoRooms: new LiveKitVideoRooms({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret }),
    secureCookies: false,
    videoServerUrl: livekit.url,
    linkAttemptsPerMinute: 1_000,
  };
  const common = { database, clock: { now: () => now }, entra: entra.verifierOptions };
  app = await startTestApp({ ...common, consultations: { store, jobs: new BullReminderJobs({ queue: queues.queue, logger }) }, join });
  limitedApp = await startTestApp({ ...common, join: { ...join, linkAttemptsPerMinute: 3 } });
  // Nothing listens on port 1: the video server cannot be reached.
  const unreachable = new LiveKitVideoRooms({ url: 'ws://127.0.0.1:1', apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  noVideoApp = await startTestApp({ ...common, join: { ...join, videoRooms: unreachable, videoServerUrl: 'ws://127.0.0.1:1', secureCookies: true } });
  links = new PostgresGuestLinks(database.db);
  await app.directory.upsert([
    { id: 'ke-1', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune', aadObjectId: OID.ke, phone: '+4791234000' },
    { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: OID.gp },
    { id: 'gp-2', name: 'Grete Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: OID.gp2 },
    { id: 'sp-1', name: 'Siri Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF', aadObjectId: OID.sp },
  ]);
  const as = async (oid: string) => api(app.url, { token: await entra.sign({ oid }) });
  [coordinator, gp, outsiderGp, specialist] = await Promise.all([as(OID.ke), as(OID.gp), as(OID.gp2), as(OID.sp)]);
});
afterAll(async () => {
  await app?.stop();
  await limitedApp?.stop();
  await noVideoApp?.stop();
  await livekit?.stop();
  await queues?.queue(QUEUES.reminders).obliterate({ force: true });
  await queues?.closeAll();
  redis?.disconnect();
  await entra?.close();
  await database?.destroy();
});

interface Booked {
  readonly id: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly relativeId: string;
  readonly patientParticipantId: string;
  /** A personal link for this version (`sequence`) of the meeting. @defaultValue the relative, version 0 */
  link(participantId?: string, sequence?: number): Promise<string>;
}

async function book(): Promise<Booked> {
  now = BOOKED_AT;
  const startMs = FIRST_START_MS + bookings++ * DAY_MS;
  const res = await coordinator.post('/api/consultations', {
    title: 'Hjertesvikt og legemiddelgjennomgang',
    patient: { name: 'Per Pasient', phone: '912 34 567', nationalId: '15037500019' },
    start: new Date(startMs).toISOString(),
    durationMinutes: 60,
    participants: [
      { role: 'patient' },
      { role: 'relative', name: 'Randi Pårørende', email: 'randi@example.no', consentedByPatient: true },
      { role: 'gp', personId: 'gp-1' },
      { role: 'specialist', personId: 'sp-1' },
    ],
  });
  expect(res.status).toBe(201);
  const byRole = Object.fromEntries((res.body.participants as { role: string; id: string }[]).map((p) => [p.role, p.id]));
  const relativeId = byRole.relative!;
  return {
    id: res.body.id,
    startMs,
    endMs: startMs + HOUR_MS,
    relativeId,
    patientParticipantId: byRole.patient!,
    link: (participantId = relativeId, sequence = 0) => links.issue(res.body.id, participantId, sequence),
  };
}

/** Opens a join link like a person would (its page's button posts it), without following the redirect. */
async function openLink(token: string, cookie?: string, base = app.url) {
  const res = await fetch(`${base}/join/${token}`, { method: 'POST', redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, location: res.headers.get('location'), setCookie: res.headers.get('set-cookie'), headers: res.headers, text: await res.text() };
}

const scan = (token: string, method: 'GET' | 'HEAD', cookie?: string) => scanLink(`${app.url}/join/${token}`, method, cookie);

/** Exchanges a fresh link for the relative and returns the `samrom_guest=…` cookie. */
async function guestCookie(booked: Booked, participantId?: string): Promise<string> {
  const opened = await openLink(await booked.link(participantId));
  expect(opened.status).toBe(303);
  return opened.setCookie!.split(';')[0]!;
}

const guest = (cookie: string) => api(app.url, { headers: { cookie } });
const at = (ms: number) => {
  now = new Date(ms);
};

describe(`joining a consultation on ${testDbKind()}`, () => {
  it('a link is exchanged once for an httpOnly, SameSite=Lax session cookie and a 303 to /join; the database keeps only hashes', async () => {
    const booked = await book();
    const token = await booked.link();
    at(booked.startMs - 30 * 60_000);
    const opened = await openLink(token);
    expect(opened.status).toBe(303);
    expect(opened.location).toBe('/join');
    expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
    expect(opened.headers.get('cache-control')).toBe('no-store');
    expect(opened.setCookie).toMatch(/^samrom_guest=[A-Za-z0-9_-]{43}; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/);
    expect(opened.setCookie).not.toContain('Secure');
    const sessionToken = opened.setCookie!.split(';')[0]!.split('=')[1]!;
    const sessions = await database.db.select().from(guestSessions).where(eq(guestSessions.participantId, booked.relativeId));
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.sessionHash).toBe(hashGuestToken(sessionToken));
    // The session lasts until the link window closes: two hours after the end.
    expect(sessions[0]!.expiresAt.getTime()).toBe(booked.endMs + 2 * HOUR_MS);

    const again = await openLink(token);
    expect(again.status).toBe(410);
    expect(again.text).toContain('Lenken er allerede brukt');
    expect(again.text).toContain('This link has already been used');
    // The browser that already holds the session just goes back to the page.
    const sameBrowser = await openLink(token, `samrom_guest=${sessionToken}`);
    expect(sameBrowser.status).toBe(303);
    // Neither the link token nor the session token reaches the logs.
    const logs = app.logs().join('\n');
    expect(logs).toContain('/join/');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(sessionToken);
  });

  it("a scanner's HEAD and GET never use a link up: GET shows one button; only its same-origin POST exchanges the link; another browser is offered a new link and the organiser's number", async () => {
    const booked = await book();
    const token = await booked.link();
    at(booked.startMs - 30 * 60_000);
    for (const method of ['HEAD', 'GET', 'HEAD', 'GET'] as const) {
      const scanned = await scan(token, method);
      expect(scanned.status).toBe(200);
      expect(scanned.setCookie).toBeNull();
    }
    const page = await scan(token, 'GET');
    expect(page.text).toContain('Bli med i møtet');
    expect(page.text).toMatch(/<form method="post"><button type="submit"[^>]*>Gå til møtet/);
    const [link] = await database.db
      .select()
      .from(guestLinks)
      .where(eq(guestLinks.tokenHash, hashGuestToken(token)));
    expect(link!.exchangedAt).toBeNull();

    // A post from another site must not sign a browser in with someone else's link.
    const crossSite = await fetch(`${app.url}/join/${token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain('Åpne lenken på nytt');

    const opened = await fetch(`${app.url}/join/${token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: app.url, 'sec-fetch-site': 'same-origin' },
    });
    expect(opened.status).toBe(303);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    // The same browser goes straight in on every later GET while the link is valid.
    expect(await scan(token, 'GET', cookie)).toMatchObject({ status: 303, location: '/join', setCookie: null });
    // Another browser: the link is used; the page offers a new one and the organiser's number.
    const elsewhere = await scan(token, 'GET');
    expect(elsewhere.status).toBe(410);
    expect(elsewhere.text).toContain('Lenken er allerede brukt');
    expect(elsewhere.text).toContain(`action="/join/${token}/new-link"`);
    expect(elsewhere.text).toContain('Send meg en ny lenke');
    expect(elsewhere.text).toContain('<a href="tel:+4791234000">');

    // «Send meg en ny lenke»: the old link stops working and a job sends this guest alone a new one; a few per hour.
    const asked = await postFromLinkPage(`${app.url}/join/${token}/new-link`);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Ny lenke er sendt');
    const jobs = await database.db.select({ payload: outbox.payload }).from(outbox).where(eq(outbox.queue, QUEUES.invitations));
    const resends = jobs.map((j) => j.payload as Record<string, unknown>).filter((p) => p.consultationId === booked.id && p.participantId);
    expect(resends).toEqual([expect.objectContaining({ consultationId: booked.id, sequence: 0, participantId: booked.relativeId })]);
    expect((await scan(token, 'GET')).text).toContain('Det er sendt en nyere lenke');
    const actions = (await app.audit.forPatient((await patientIdOf(booked.id))!, {})).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['guest_link.open:allowed', 'guest_link.exchange:allowed', 'guest_link.new_link:allowed']));
    const limited: number[] = [];
    for (let i = 0; i < 3; i++) limited.push((await postFromLinkPage(`${app.url}/join/${token}/new-link`)).status);
    expect(limited).toEqual([200, 200, 429]);
  });

  it('an unknown link gets a Norwegian and English 404 page; cancelled and out-of-window links get 410 pages', async () => {
    const unknown = await openLink('x'.repeat(43));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/text\/html/);
    expect(unknown.text).toContain('Vi finner ikke denne lenken');

    const booked = await book();
    const early = await booked.link();
    at(booked.startMs - 25 * HOUR_MS);
    expect((await openLink(early)).text).toContain('Det er for tidlig å bli med');
    at(booked.startMs - 23 * HOUR_MS);
    expect((await openLink(early)).status).toBe(303);

    const late = await booked.link(booked.patientParticipantId);
    at(booked.endMs + 2 * HOUR_MS + 60_000);
    const expired = await openLink(late);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('Lenken er utløpt');

    const cancelled = await book();
    const link = await cancelled.link();
    expect((await coordinator.post(`/api/consultations/${cancelled.id}/cancel`)).status).toBe(200);
    at(cancelled.startMs - HOUR_MS);
    const refused = await openLink(link);
    expect(refused.status).toBe(410);
    expect(refused.text).toContain('Møtet er avlyst');
  });

  it('the guest sees first name, role and the Oslo time, never the title or the national id', async () => {
    const booked = await book();
    at(booked.startMs - HOUR_MS);
    const me = await guest(await guestCookie(booked)).get('/api/guest/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      firstName: 'Randi',
      role: 'relative',
      start: new Date(booked.startMs).toISOString(),
      end: new Date(booked.endMs).toISOString(),
      startOslo: { nb: expect.stringMatching(/^\p{L}+dag \d+\. mars 2027 kl\. 10:00$/u), en: expect.stringMatching(/^\w+day \d+ March 2027 at 10:00$/) },
      status: 'not_ready',
    });
    expect(me.text).not.toContain('Hjertesvikt');
    expect(me.text).not.toContain('15037500019');
    expect((await api(app.url).get('/api/guest/me')).status).toBe(401);
  });

  it('a guest gets no video token before being admitted; a non-participant cannot admit (404: not told the meeting exists); after admission the token grants exactly that room, nothing more, for at most 10 minutes', async () => {
    const booked = await book();
    at(booked.startMs - 5 * 60_000);
    const client = guest(await guestCookie(booked));
    expect((await client.post('/api/guest/token', {})).status).toBe(403);
    expect((await client.post('/api/guest/lobby')).body).toEqual({ status: 'waiting' });
    expect((await client.get('/api/guest/status')).body).toEqual({ status: 'waiting' });
    expect((await client.post('/api/guest/token', {})).status).toBe(403);

    const waiting = await gp.get(`/api/consultations/${booked.id}/lobby`);
    expect(waiting.status).toBe(200);
    expect(waiting.body.waiting).toEqual([
      { participantId: booked.relativeId, name: 'Randi Pårørende', role: 'relative', since: now.toISOString(), admittedAt: null },
    ]);
    expect((await outsiderGp.get(`/api/consultations/${booked.id}/lobby`)).status).toBe(404);
    const refused = await outsiderGp.post(`/api/consultations/${booked.id}/admit`, { participantId: booked.relativeId });
    expect(refused.status).toBe(404);
    expect((await client.get('/api/guest/status')).body).toEqual({ status: 'waiting' });
    expect((await gp.post(`/api/consultations/${booked.id}/admit`, { participantId: booked.patientParticipantId })).status).toBe(409);
    expect((await gp.post(`/api/consultations/${booked.id}/admit`, { participantId: 'nope' })).status).toBe(400);

    const admitted = await gp.post(`/api/consultations/${booked.id}/admit`, { participantId: booked.relativeId });
    expect(admitted.status).toBe(200);
    expect(admitted.body.waiting).toEqual([]);
    expect(admitted.body.admitted).toHaveLength(1);
    expect((await client.get('/api/guest/status')).body).toEqual({ status: 'admitted' });

    const issued = await client.post('/api/guest/token', { audioOnly: true });
    expect(issued.status).toBe(200);
    const [row] = await database.db.select({ roomName: consultations.roomName }).from(consultations).where(eq(consultations.id, booked.id));
    const [participant] = await database.db.select().from(consultationParticipants).where(eq(consultationParticipants.id, booked.relativeId));
    expect(issued.body.roomName).toBe(row!.roomName);
    expect(issued.body.serverUrl).toBe(livekit.url);
    expect(livekit.rooms().map((r) => r.name)).toContain(row!.roomName);
    const claims = decodeJwt(issued.body.token) as { sub?: string; name?: string; exp?: number; nbf?: number; video?: Record<string, unknown> };
    expect(claims.video).toMatchObject({ roomJoin: true, room: row!.roomName, canPublishSources: ['microphone'] });
    for (const grant of ['roomAdmin', 'roomRecord', 'hidden', 'roomCreate', 'roomList', 'recorder']) expect(claims.video?.[grant]).toBeFalsy();
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(600);
    expect(claims.name).toBe('Randi Pårørende (pårørende)');
    expect(claims.sub).toBe(participant!.videoIdentity);
    expect(claims.sub).toMatch(/^p_[A-Za-z0-9_-]{22}$/);
    expect(participant!.admittedBy).toBe('gp-1');

    const events = await app.audit.forPatient((await patientIdOf(booked.id))!, {});
    const actions = events.map((e) => `${e.action}:${e.outcome}`);
    for (const expected of [
      'guest_link.exchange:allowed',
      'consultation.lobby_enter:allowed',
      'consultation.admit:denied',
      'consultation.admit:allowed',
      'consultation.video_token:denied',
      'consultation.video_token:allowed',
    ]) {
      expect(actions).toContain(expected);
    }
  });

  it('a clinician participant joins without a lobby; the booking coordinator outside the meeting may not join (403), an outsider is not told it exists (404)', async () => {
    const booked = await book();
    at(booked.startMs - 10 * 60_000);
    const joined = await specialist.post(`/api/consultations/${booked.id}/join`);
    expect(joined.status).toBe(200);
    const claims = decodeJwt(joined.body.token) as { name?: string; video?: Record<string, unknown> };
    expect(claims.name).toBe('Siri Spesialist (spesialist)');
    expect(claims.video).toMatchObject({ roomJoin: true, room: joined.body.roomName, canPublish: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect((await coordinator.post(`/api/consultations/${booked.id}/join`)).status).toBe(403);
    expect((await outsiderGp.post(`/api/consultations/${booked.id}/join`)).status).toBe(404);
    expect((await gp.post(`/api/consultations/${randomUUID()}/join`)).status).toBe(404);
  });

  it('two concurrent first joins end in one LiveKit room', async () => {
    const booked = await book();
    at(booked.startMs - 10 * 60_000);
    const before = livekit.requests.filter((r) => r.method === 'CreateRoom').length;
    const [a, b] = await Promise.all([specialist.post(`/api/consultations/${booked.id}/join`), gp.post(`/api/consultations/${booked.id}/join`)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.roomName).toBe(b.body.roomName);
    expect(livekit.requests.filter((r) => r.method === 'CreateRoom').length - before).toBe(1);
    expect(livekit.rooms().filter((r) => r.name === a.body.roomName)).toHaveLength(1);
  });

  it('in production the session cookie is Secure; when the video server cannot be reached, joining answers 503 and no room is stored', async () => {
    const booked = await book();
    at(booked.startMs - 10 * 60_000);
    const opened = await openLink(await booked.link(), undefined, noVideoApp.url);
    expect(opened.setCookie).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
    const cookie = opened.setCookie!.split(';')[0]!;
    expect((await api(noVideoApp.url, { headers: { cookie } }).post('/api/guest/lobby')).status).toBe(200);
    expect((await gp.post(`/api/consultations/${booked.id}/admit`, { participantId: booked.relativeId })).status).toBe(200);
    expect((await api(noVideoApp.url, { headers: { cookie } }).post('/api/guest/token', {})).status).toBe(503);
    const res = await api(noVideoApp.url, { token: await entra.sign({ oid: OID.gp }) }).post(`/api/consultations/${booked.id}/join`);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
    const [row] = await database.db.select({ roomName: consultations.roomName }).from(consultations).where(eq(consultations.id, booked.id));
    expect(row!.roomName).toBeNull();
  });

  it("a link for a newer version of the meeting supersedes the guest's older ones: 410 «Det er sendt en nyere lenke» (English too), even where one was opened; other guests keep theirs", async () => {
    const booked = await book();
    at(booked.startMs - 2 * HOUR_MS);
    const [opened, unopened] = [await booked.link(undefined, 0), await booked.link(undefined, 0)];
    const patientLink = await booked.link(booked.patientParticipantId, 0);
    const session = (await openLink(opened)).setCookie!.split(';')[0]!;
    const newer = await booked.link(undefined, 1);

    for (const [token, cookie] of [
      [opened, session],
      [opened, undefined],
      [unopened, undefined],
    ] as const) {
      const refused = await openLink(token, cookie);
      expect(refused.status).toBe(410);
      expect(refused.headers.get('content-type')).toMatch(/text\/html/);
      expect(refused.text).toContain('Det er sendt en nyere lenke');
      expect(refused.text).toContain('A newer link has been sent');
      expect(refused.text.indexOf('Det er sendt en nyere lenke')).toBeLessThan(refused.text.indexOf('A newer link has been sent'));
    }
    expect((await openLink(newer)).status).toBe(303);
    expect((await openLink(patientLink)).status).toBe(303);
    // The session the old link gave stays: the person is still invited, only the link was replaced.
    expect((await guest(session).get('/api/guest/me')).status).toBe(200);

    // A late sender of the older version (a reminder racing the change) makes a link that is superseded from the start.
    const late = await booked.link(undefined, 0);
    expect((await openLink(late)).text).toContain('Det er sendt en nyere lenke');
    // A cancellation says more than a newer link.
    expect((await coordinator.post(`/api/consultations/${booked.id}/cancel`)).status).toBe(200);
    expect((await openLink(unopened)).text).toContain('Møtet er avlyst');
  });

  it('links issued at once for one guest and different versions leave exactly the newest version live, never none or two', async () => {
    const booked = await book();
    const live = () =>
      database.db
        .select({ sequence: guestLinks.sequence })
        .from(guestLinks)
        .where(and(eq(guestLinks.participantId, booked.relativeId), isNull(guestLinks.supersededAt)));
    for (let round = 0; round < 5; round++) {
      const newest = 2 * round + 2;
      await Promise.all([
        booked.link(undefined, newest - 1),
        booked.link(undefined, newest),
        booked.link(undefined, newest - 1),
        booked.link(undefined, newest),
      ]);
      expect((await live()).map((l) => l.sequence)).toEqual([newest, newest]);
    }
  });

  it('link attempts are rate limited per address with a clear 429 page', async () => {
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 4; i++) {
      const opened = await openLink('y'.repeat(43), undefined, limitedApp.url);
      statuses.push(opened.status);
      last = opened.text;
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect(last).toContain('For mange forsøk');
  });
});

async function patientIdOf(consultationId: string): Promise<string | undefined> {
  const [row] = await database.db.select({ patientId: consultations.patientId }).from(consultations).where(eq(consultations.id, consultationId));
  return row?.patientId;
}
