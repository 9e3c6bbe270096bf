/**
 * AMK pulls an ambulance crew into an emergency call by SMS link: the operator who answered
 * enters a Norwegian mobile number; the SMS (development outbox) carries a personal link and no
 * health data; the link is exchanged once for an httpOnly cookie; the crew gets a LiveKit token
 * for exactly that call's room as "Ambulanse", with no extra grants and at most 10 minutes.
 */
import { and, eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, emergencyCrewLinks, outbox } from '../../server/src/adapters/postgres/schema';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { type ApiClient, api } from '../helpers/app';
import { testDbKind } from '../helpers/db';
import { postFromLinkPage, scanLink } from '../helpers/link-scanner';
import { type EmergencyHarness, startEmergencyHarness } from '../helpers/emergency';

const ISBAR_SECRET = 'Kari Nordmann, 81 år, brystsmerter';
const MINUTE_MS = 60_000;

let h: EmergencyHarness;
let amk: ApiClient;

beforeAll(async () => {
  h = await startEmergencyHarness({ ringTimeoutSeconds: 30 });
  amk = await h.as('amk-1');
});
afterAll(async () => {
  await h?.stop();
});

/** A call from lv-1 answered by amk-1, and the room AMK got. */
async function answeredCall(): Promise<{ id: string; roomName: string }> {
  const res = await (await h.as('lv-1')).post('/api/emergency-calls', { triage: 'rod', isbar: { identification: ISBAR_SECRET }, vitals: { pulse: 131 } });
  expect(res.status).toBe(201);
  await h.completed(QUEUES.emergencyRing, res.body.id);
  const accepted = await amk.post(`/api/emergency-calls/${res.body.id}/accept`);
  expect(accepted.status).toBe(200);
  return { id: res.body.id as string, roomName: accepted.body.video.roomName as string };
}

async function inviteCrew(callId: string, phone: string) {
  const res = await amk.post(`/api/emergency-calls/${callId}/crew`, { phone });
  expect(res.status).toBe(201);
  const link = res.body.links[0] as { id: string };
  await h.crewSmsDone(link.id);
  return res.body as { callId: string; links: { id: string; phoneLast3: string; expiresAt: string; sentAt: string | null }[] };
}

/** The n-th SMS to this number, newest first, and the token in its /crew/ link. */
async function crewSms(e164: string, nth = 0) {
  const messages = (await h.outbox.list()).filter((m) => m.channel === 'sms' && m.to === e164);
  const message = messages[nth]!;
  return { message, token: /\/crew\/([\w-]+)/.exec(message.text)![1]!, count: messages.length };
}

async function openLink(token: string, cookie?: string) {
  const res = await fetch(`${h.url}/crew/${token}`, { method: 'POST', redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, location: res.headers.get('location'), setCookie: res.headers.get('set-cookie'), text: await res.text(), headers: res.headers };
}

describe(`an ambulance crew by SMS link on ${testDbKind()}`, () => {
  it('the answering operator sends a crew a link: 201 with the last three digits; the SMS has a /crew/ link and no health data; the job carries ids only', async () => {
    const { id } = await answeredCall();
    const before = Date.now();
    const created = await inviteCrew(id, '915 67 890');
    expect(created.callId).toBe(id);
    expect(created.links).toHaveLength(1);
    expect(created.links[0]!.phoneLast3).toBe('890');
    expect(JSON.stringify(created)).not.toContain('91567890');
    const expires = new Date(created.links[0]!.expiresAt).getTime();
    expect(expires - before).toBeGreaterThanOrEqual(30 * MINUTE_MS - 1_000);
    expect(expires - before).toBeLessThanOrEqual(30 * MINUTE_MS + 5_000);

    const { message, token } = await crewSms('+4791567890');
    expect(message.text).toMatch(new RegExp(`^AMK ber deg bli med i en videosamtale: ${h.url}/crew/[\\w-]{43} `));
    const withoutLink = message.text.replace(/\/crew\/[\w-]+/, '/crew/…');
    for (const secret of ['Kari', 'brystsmerter', '131', 'rod', 'rød', 'Magnus', 'Operatør', 'amk-1']) expect(withoutLink).not.toContain(secret);
    expect(token).toHaveLength(43);

    const jobs = await h.database.db.select().from(outbox).where(eq(outbox.queue, 'emergency-crew-sms'));
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) expect(Object.keys(job.payload as object).sort()).toEqual(['callId', 'linkId']);
    const [row] = await h.database.db.select().from(emergencyCrewLinks).where(eq(emergencyCrewLinks.callId, id));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.tokenHash).not.toBe(token);

    // The requester sees the crew in the call's list too; a GP does not.
    const list = await (await h.as('lv-1')).get(`/api/emergency-calls/${id}/crew`);
    expect(list.status).toBe(200);
    expect(list.body.links.map((l: { phoneLast3: string; sentAt: string | null }) => [l.phoneLast3, l.sentAt !== null])).toEqual([['890', true]]);
    expect((await (await h.as('gp-1')).get(`/api/emergency-calls/${id}/crew`)).status).toBe(403);
  });

  it('the link is exchanged once for an httpOnly cookie; the crew gets a token for exactly that call room as "Ambulanse", guest grants only, at most 10 minutes; audited', async () => {
    const { id, roomName } = await answeredCall();
    const other = await answeredCall();
    const created = await inviteCrew(id, '+47 916 78 901');
    const { token } = await crewSms('+4791678901');

    // No session, no token.
    expect((await api(h.url).post('/api/crew/token')).status).toBe(401);

    const opened = await openLink(token);
    expect(opened.status).toBe(303);
    expect(opened.location).toBe('/crew');
    expect(opened.setCookie).toMatch(/^samrom_crew=[\w-]+;.*HttpOnly/i);
    expect(opened.setCookie).toMatch(/SameSite=Lax/i);
    expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = opened.setCookie!.split(';')[0]!;
    const crew = api(h.url, { headers: { cookie } });

    // A second browser is refused with the "used" page; the first gets its session back.
    const second = await openLink(token);
    expect(second.status).toBe(410);
    expect(second.text).toContain('allerede brukt');
    expect((await openLink(token, cookie)).status).toBe(303);

    expect((await crew.get('/api/crew/me')).body).toEqual({ callStatus: 'active' });
    const issued = await crew.post('/api/crew/token');
    expect(issued.status).toBe(200);
    expect(issued.body.roomName).toBe(roomName);
    expect(issued.body.roomName).not.toBe(other.roomName);
    expect(issued.body.serverUrl).toBe(h.livekit.url);
    const claims = decodeJwt(issued.body.token) as { sub?: string; name?: string; exp?: number; nbf?: number; video?: Record<string, unknown> };
    expect(claims.video).toMatchObject({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true });
    for (const grant of ['roomAdmin', 'roomRecord', 'hidden', 'roomCreate', 'roomList', 'recorder']) expect(claims.video?.[grant]).toBeFalsy();
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(600);
    expect(claims.name).toBe('Ambulanse (ambulanse)');
    expect(claims.sub).toMatch(/^a_[0-9a-f]{32}$/);

    const list = await amk.get(`/api/emergency-calls/${id}/crew`);
    expect(list.body.links[0].openedAt).not.toBeNull();
    expect(list.body.links[0].joinedAt).not.toBeNull();

    const events = await h.database.db
      .select({ action: auditEvents.action, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceType, 'emergency_call'), eq(auditEvents.resourceId, id)));
    const rows = events.map((e) => `${e.action}:${e.outcome}`);
    for (const expected of [
      'emergency_call.crew_invite:allowed',
      'emergency_call.crew_sms:allowed',
      'emergency_call.crew_link_exchange:allowed',
      'emergency_call.crew_join:allowed',
    ]) {
      expect(rows).toContain(expected);
    }
    expect(created.links[0]!.id).toBeTruthy();

    // The call ends: the crew's page learns it, and no new token is given.
    expect((await amk.post(`/api/emergency-calls/${id}/end`, { outcome: 'ambulance' })).status).toBe(200);
    expect((await crew.get('/api/crew/me')).body).toEqual({ callStatus: 'ended' });
    expect((await crew.post('/api/crew/token')).status).toBe(410);
  });

  it('only the operator who answered may send a crew link (403); a bad or foreign number is 422; a ringing or ended call is 409; nothing is saved', async () => {
    const { id } = await answeredCall();
    const count = async () => (await h.database.db.select().from(emergencyCrewLinks)).length;
    const before = await count();
    expect((await (await h.as('amk-2')).post(`/api/emergency-calls/${id}/crew`, { phone: '917 89 012' })).status).toBe(403);
    expect((await (await h.as('lv-1')).post(`/api/emergency-calls/${id}/crew`, { phone: '917 89 012' })).status).toBe(403);
    for (const phone of ['ring meg', '22 33 44 55', '+46 70 123 45 67', '']) {
      const bad = await amk.post(`/api/emergency-calls/${id}/crew`, { phone });
      expect(bad.status, phone).toBe(422);
      expect(bad.body.error.code).toBe('unprocessable');
      expect(bad.body.error.issues[0].path).toBe('phone');
    }
    expect((await amk.post(`/api/emergency-calls/${id}/crew`, {})).status).toBe(422);
    expect((await amk.post('/api/emergency-calls/not-a-call/crew', { phone: '917 89 012' })).status).toBe(404);

    const ringing = await (await h.as('lv-1')).post('/api/emergency-calls', { triage: 'gul' });
    expect((await amk.post(`/api/emergency-calls/${ringing.body.id}/crew`, { phone: '917 89 012' })).status).toBe(409);
    expect((await amk.post(`/api/emergency-calls/${id}/end`, {})).status).toBe(200);
    const ended = await amk.post(`/api/emergency-calls/${id}/crew`, { phone: '917 89 012' });
    expect(ended.status).toBe(409);
    expect(await count()).toBe(before);
    const denied = await h.database.db
      .select({ outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'emergency_call.crew_invite'), eq(auditEvents.resourceId, id), eq(auditEvents.outcome, 'denied')));
    expect(denied.length).toBe(2);
  });

  it("a scanner's HEAD and GET never use a crew link; the button's POST does; the same device goes straight back in; another device is offered «Send meg en ny lenke» (a new SMS, the old link superseded)", async () => {
    const { id } = await answeredCall();
    const invited = await inviteCrew(id, '918 77 001');
    const { token } = await crewSms('+4791877001');
    const url = `${h.url}/crew/${token}`;
    for (const method of ['HEAD', 'GET', 'GET'] as const) expect(await scanLink(url, method)).toMatchObject({ status: 200, setCookie: null });
    const opened = await postFromLinkPage(url);
    expect(opened).toMatchObject({ status: 303, location: '/crew' });
    expect(await scanLink(url, 'GET', opened.setCookie!.split(';')[0]!)).toMatchObject({ status: 303, location: '/crew' });

    const elsewhere = await scanLink(url, 'GET');
    expect(elsewhere.status).toBe(410);
    expect(elsewhere.text).toContain('Send meg en ny lenke');
    expect(elsewhere.text).toContain('<a href="tel:113">113</a>');
    expect((await postFromLinkPage(`${url}/new-link`)).status).toBe(200);
    const links = (await amk.get(`/api/emergency-calls/${id}/crew`)).body.links as { id: string }[];
    expect(links).toHaveLength(2);
    await h.crewSmsDone(links.find((l) => l.id !== invited.links[0]!.id)!.id);
    const fresh = await crewSms('+4791877001');
    expect(fresh.count).toBe(2);
    expect(fresh.token).not.toBe(token);
    expect((await scanLink(url, 'GET')).text).toContain('Det er sendt en nyere lenke');
  });

  it("a re-send to the same number supersedes the earlier link, opened or not (410 «Det er sendt en nyere lenke»); another crew's link is untouched; a link opened after 30 minutes gets the 410 expiry page; an unknown link 404", async () => {
    const { id } = await answeredCall();
    await inviteCrew(id, '918 90 123');
    const otherCrew = await inviteCrew(id, '918 90 124');
    const first = await crewSms('+4791890123', 0);
    const opened = await openLink(first.token);
    expect(opened.status).toBe(303);
    const again = await inviteCrew(id, '918 90 123');
    expect(again.links).toHaveLength(1);
    const list = await amk.get(`/api/emergency-calls/${id}/crew`);
    expect(list.body.links).toHaveLength(3);
    // The outbox lists the newest first.
    const second = await crewSms('+4791890123', 0);
    expect(second.count).toBe(2);
    expect((await crewSms('+4791890123', 1)).token).toBe(first.token);
    expect(first.token).not.toBe(second.token);

    for (const cookie of [opened.setCookie!.split(';')[0]!, undefined]) {
      const superseded = await openLink(first.token, cookie);
      expect(superseded.status).toBe(410);
      expect(superseded.text).toContain('Det er sendt en nyere lenke');
      expect(superseded.text).toContain('A newer link has been sent');
    }
    expect(otherCrew.links[0]!.phoneLast3).toBe('124');
    expect((await openLink((await crewSms('+4791890124', 0)).token)).status).toBe(303);

    h.setClockOffsetMs(30 * MINUTE_MS + 1_000);
    try {
      const expired = await openLink(second.token);
      expect(expired.status).toBe(410);
      expect(expired.text).toContain('Lenken er utløpt');
      expect(expired.text).toContain('This link has expired');
    } finally {
      h.setClockOffsetMs(0);
    }
    expect((await openLink(second.token)).status).toBe(303);
    const unknown = await openLink('x'.repeat(43));
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Vi finner ikke denne lenken');
  });

  it('a double click sends one live link: of two sends to one number at once, the later supersedes the earlier', async () => {
    const { id } = await answeredCall();
    const [a, b] = await Promise.all([
      amk.post(`/api/emergency-calls/${id}/crew`, { phone: '918 90 125' }),
      amk.post(`/api/emergency-calls/${id}/crew`, { phone: '918 90 125' }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const rows = await h.database.db.select().from(emergencyCrewLinks).where(eq(emergencyCrewLinks.callId, id));
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.supersededAt === null)).toHaveLength(1);
  });
});
