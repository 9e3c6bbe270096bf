/**
 * The ambulance crew's page in Chromium with a fake camera and microphone, against the real app
 * (in-process, the crew SMS worker on real Redis writing to the development outbox) and the
 * LiveKit double: the answering AMK operator sends the crew a link → the SMS in the outbox → the
 * crew's phone opens it → «Bli med i samtalen» → a LiveKit token for exactly that call's room as
 * "Ambulanse" → a connection attempt the double cannot complete (no WebRTC), said plainly; the
 * call ending shows the ended page; a link opened after 30 minutes gets the expiry page.
 */
import { decodeJwt } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { buildTabsIfStale } from '../../tabs/build-if-stale';
import type { ApiClient } from '../helpers/app';
import { launchChromium } from '../helpers/chromium';
import { type EmergencyHarness, startEmergencyHarness } from '../helpers/emergency';
import { scanLink, tapLink } from '../helpers/link-scanner';
import { screenshot, seriousAxeViolations, watchConsole } from '../helpers/tabs';

const MINUTE_MS = 60_000;

let h: EmergencyHarness;
let amk: ApiClient;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await buildTabsIfStale();
  [h, browser] = await Promise.all([startEmergencyHarness({ ringTimeoutSeconds: 30 }), launchChromium({ fakeMedia: true })]);
  amk = await h.as('amk-1');
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await h?.stop();
});

async function newPhonePage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  contexts.push(context);
  return context.newPage();
}

/** A call from lv-1 answered by amk-1; AMK sends the crew a link; the link from the outbox's SMS. */
async function crewLink(phone: string, e164: string): Promise<{ callId: string; roomName: string; link: string }> {
  const created = await (await h.as('lv-1')).post('/api/emergency-calls', { triage: 'rod' });
  await h.completed(QUEUES.emergencyRing, created.body.id);
  const accepted = await amk.post(`/api/emergency-calls/${created.body.id}/accept`);
  const sent = await amk.post(`/api/emergency-calls/${created.body.id}/crew`, { phone });
  expect(sent.status).toBe(201);
  await h.crewSmsDone(sent.body.links[0].id);
  const sms = (await h.outbox.list()).find((m) => m.channel === 'sms' && m.to === e164)!;
  const link = /(http:\/\/\S+\/crew\/[\w-]+)/.exec(sms.text)![1]!;
  return { callId: created.body.id, roomName: accepted.body.video.roomName, link };
}

const h1 = (page: Page) => page.locator('h1').first();

async function expectNoSeriousViolations(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousAxeViolations(page), name).toEqual([]);
}

describe('the ambulance crew page', () => {
  it('SMS link from the outbox → «Bli med» → a token for exactly that call room as Ambulanse → a plain message when the video server cannot be reached → the ended page when AMK ends the call', async () => {
    const { callId, roomName, link } = await crewLink('919 22 333', '+4791922333');
    const page = await newPhonePage();
    const logs = watchConsole(page);
    await tapLink(page, link);
    // The token is exchanged for a cookie and leaves the address bar.
    expect(new URL(page.url()).pathname).toBe('/crew');
    await expect.poll(() => h1(page).textContent()).toBe('AMK ber deg bli med i en videosamtale');
    expect(await page.title()).toBe('Videosamtale med AMK');
    await expectNoSeriousViolations(page, 'crew-intro');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('AMK asks you to join a video call');
    await page.getByRole('button', { name: 'Norsk' }).click();

    const tokenResponse = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/crew/token' && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Bli med i samtalen' }).click();
    const issued = (await (await tokenResponse).json()) as { token: string; roomName: string; serverUrl: string };
    expect(issued.roomName).toBe(roomName);
    expect(issued.serverUrl).toBe(h.livekit.url);
    const claims = decodeJwt(issued.token) as { exp?: number; nbf?: number; name?: string; video?: Record<string, unknown> };
    expect(claims.video).toMatchObject({ roomJoin: true, room: roomName });
    for (const grant of ['roomAdmin', 'roomRecord', 'hidden', 'roomCreate']) expect(claims.video?.[grant]).toBeFalsy();
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(600);
    expect(claims.name).toBe('Ambulanse (ambulanse)');

    // The double speaks no WebRTC: the page tried with that token and says so plainly, with a retry.
    await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 30_000 }).toContain('Vi får ikke kontakt med videoserveren');
    const attempts = h.livekit.requests.filter((r) => r.method.startsWith('/rtc'));
    expect(attempts.some((r) => r.method.includes(`access_token=${issued.token}`))).toBe(true);
    expect(await page.getByRole('button', { name: 'Prøv igjen' }).count()).toBe(1);
    await expectNoSeriousViolations(page, 'crew-unreachable');

    // AMK ends the call: the page says so (it polls), and no new token is given.
    expect((await amk.post(`/api/emergency-calls/${callId}/end`, { outcome: 'ambulance' })).status).toBe(200);
    await expect.poll(() => h1(page).textContent(), { timeout: 15_000 }).toBe('Samtalen er avsluttet');
    await expectNoSeriousViolations(page, 'crew-ended');
    expect(logs.errors().filter((e) => !/rtc|websocket|livekit|signal|could not establish|status of 4\d\d/i.test(e))).toEqual([]);
  });

  it("a link checker's HEAD and GET leave the link working: the person taps its one button in Chromium and gets in; the same browser goes straight back in; another browser is offered a new link and 113", async () => {
    const { link } = await crewLink('919 22 444', '+4791922444');
    for (const method of ['HEAD', 'GET', 'HEAD', 'GET'] as const) expect(await scanLink(link, method)).toMatchObject({ status: 200, setCookie: null });
    const page = await newPhonePage();
    await page.goto(link);
    expect(await h1(page).textContent()).toBe('Video fra AMK');
    await expectNoSeriousViolations(page, 'crew-link-button');
    await Promise.all([page.waitForURL((u) => u.pathname === '/crew'), page.getByRole('button', { name: /Åpne videosamtalen/ }).click()]);
    await expect.poll(() => h1(page).textContent()).toBe('AMK ber deg bli med i en videosamtale');
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe('/crew');
    await expect.poll(() => h1(page).textContent()).toBe('AMK ber deg bli med i en videosamtale');

    const other = await newPhonePage();
    expect((await other.goto(link))!.status()).toBe(410);
    expect(await h1(other).textContent()).toBe('Lenken er allerede brukt');
    expect(await other.locator('a[href="tel:113"]').count()).toBe(2);
    await expectNoSeriousViolations(other, 'crew-link-used-elsewhere');
    await other.getByRole('button', { name: /Send meg en ny lenke/ }).click();
    await expect.poll(() => h1(other).textContent()).toBe('Ny lenke er sendt');
  });

  it('a link opened after 30 minutes gets the expiry page (410) in Norwegian and English', async () => {
    const { link } = await crewLink('919 44 555', '+4791944555');
    h.setClockOffsetMs(30 * MINUTE_MS + 5_000);
    try {
      const page = await newPhonePage();
      const response = await page.goto(link);
      expect(response!.status()).toBe(410);
      expect(await h1(page).textContent()).toBe('Lenken er utløpt');
      expect(await page.locator('h2[id="en-title"]').textContent()).toBe('This link has expired');
      await expectNoSeriousViolations(page, 'crew-expired');
    } finally {
      h.setClockOffsetMs(0);
    }
  });
});
