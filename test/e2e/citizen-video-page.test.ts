/**
 * The citizen video page in Chromium with a fake camera and microphone, against the real app
 * (in-process, PGlite, the SMS worker on real Redis writing to the development outbox) and the
 * LiveKit double: AMK sends a link → the SMS in /dev/outbox.json → the phone opens it → consent
 * → a LiveKit token for exactly that session's room → a connection attempt the double cannot
 * complete (no WebRTC), reported plainly; location shared with its own consent shows up for AMK;
 * a link used after 15 minutes gets the expiry page. Screenshots in test-output/tabs/.
 */
import { eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenVideoSessions } from '../../server/src/adapters/postgres/schema';
import { buildTabsIfStale } from '../../tabs/build-if-stale';
import type { ApiClient } from '../helpers/app';
import { launchChromium } from '../helpers/chromium';
import { type CitizenHarness, startCitizenHarness } from '../helpers/citizen-video';
import { scanLink, tapLink } from '../helpers/link-scanner';
import { screenshot, seriousAxeViolations, watchConsole } from '../helpers/tabs';

const MINUTE_MS = 60_000;
const DRAMMEN = { latitude: 59.7439, longitude: 10.2045, accuracy: 12 };

let h: CitizenHarness;
let amk: ApiClient;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await buildTabsIfStale();
  [h, browser] = await Promise.all([startCitizenHarness(), launchChromium({ fakeMedia: true })]);
  amk = await h.as('amk-1');
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await h?.stop();
});

async function newPhonePage(withLocation = false): Promise<Page> {
  const context = await browser.newContext({
    locale: 'nb-NO',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    ...(withLocation ? { geolocation: DRAMMEN, permissions: ['geolocation'] } : {}),
  });
  contexts.push(context);
  return context.newPage();
}

/** AMK sends a link; the SMS is read from the development outbox's JSON, as a developer would. */
async function linkFromOutbox(phone: string, e164: string): Promise<{ id: string; link: string }> {
  const created = await amk.post('/api/citizen-video', { phone });
  expect(created.status).toBe(201);
  await h.smsJobsDone(created.body.id);
  const outbox = (await (await fetch(`${h.url}/dev/outbox.json`)).json()) as { messages: { channel: string; to: string; text: string }[] };
  const sms = outbox.messages.find((m) => m.channel === 'sms' && m.to === e164)!;
  const link = /(http:\/\/\S+\/video\/[\w-]+)/.exec(sms.text)![1]!;
  return { id: created.body.id, link };
}

const h1 = (page: Page) => page.locator('h1').first();

async function expectNoSeriousViolations(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousAxeViolations(page), name).toEqual([]);
}

describe('the citizen video page', () => {
  it('SMS link from the outbox → consent → a token for exactly that session room → a plain message when the video server cannot be reached; the location shared with consent reaches AMK', async () => {
    const { id, link } = await linkFromOutbox('918 11 222', '+4791811222');
    const page = await newPhonePage(true);
    const logs = watchConsole(page);
    await tapLink(page, link);
    // The token is exchanged for a cookie and leaves the address bar.
    expect(new URL(page.url()).pathname).toBe('/video');
    await expect.poll(() => h1(page).textContent()).toBe('AMK ber om å få se video');
    expect(await page.locator('main').textContent()).toContain('AMK vil se det kameraet ditt viser. Ingenting tas opp.');
    await expectNoSeriousViolations(page, 'citizen-intro');

    // English on request, then back.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('AMK asks to see video');
    await page.getByRole('button', { name: 'Norsk' }).click();

    // No camera and no token before consent.
    const early = await page.evaluate(async () => (await fetch('/api/citizen/token', { method: 'POST' })).status);
    expect(early).toBe(403);

    // Location, with its own consent (the browser context grants a fixed position).
    await page.getByRole('button', { name: 'Del posisjonen min med AMK' }).click();
    await expect.poll(() => page.getByText('Posisjonen er delt med AMK').count()).toBe(1);
    const seen = await amk.get(`/api/citizen-video/${id}`);
    expect(seen.body.location).toMatchObject(DRAMMEN);
    expect(seen.body.consentedAt).toBeNull();

    const tokenResponse = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/citizen/token' && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Ja, start kamera og vis video' }).click();
    const issued = (await (await tokenResponse).json()) as { token: string; roomName: string; serverUrl: string };
    const [row] = await h.database.db.select({ roomName: citizenVideoSessions.roomName }).from(citizenVideoSessions).where(eq(citizenVideoSessions.id, id));
    expect(issued.roomName).toBe(row!.roomName);
    expect(issued.serverUrl).toBe(h.livekit.url);
    const claims = decodeJwt(issued.token) as { exp?: number; nbf?: number; name?: string; video?: Record<string, unknown> };
    expect(claims.video).toMatchObject({ roomJoin: true, room: row!.roomName });
    for (const grant of ['roomAdmin', 'roomRecord', 'hidden', 'roomCreate']) expect(claims.video?.[grant]).toBeFalsy();
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(600);
    expect(claims.name).toBe('Innringer');

    // The rear camera's picture shows (fake device), and the double's refusal is said plainly, with photos offered.
    const preview = page.getByTestId('preview');
    await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 30_000 }).toContain('Vi får ikke kontakt med videoserveren');
    const attempts = h.livekit.requests.filter((r) => r.method.startsWith('/rtc'));
    expect(attempts.some((r) => r.method.includes(`access_token=${issued.token}`))).toBe(true);
    expect(await page.getByText('Ta bilde og send til AMK').count()).toBe(1);
    expect(await page.locator('input[type=file][accept="image/*"][capture=environment]').count()).toBe(1);
    await expectNoSeriousViolations(page, 'citizen-video-unreachable');

    // A photo sent from the fallback reaches AMK.
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
    await expect.poll(() => page.getByText('Bildet er sendt (1 bilde til nå).').count()).toBe(1);
    expect((await amk.get(`/api/citizen-video/${id}`)).body.photos).toMatchObject([{ n: 1, contentType: 'image/png' }]);
    expect(logs.errors().filter((e) => !/rtc|websocket|livekit|signal|could not establish|status of 40/i.test(e))).toEqual([]);
  });

  it("a link checker's HEAD and GET leave the link working: the person taps its one button in Chromium and gets in; the same browser goes straight back in; another browser is offered a new link and 113", async () => {
    const { link } = await linkFromOutbox('918 11 333', '+4791811333');
    for (const method of ['HEAD', 'GET', 'HEAD', 'GET'] as const) expect(await scanLink(link, method)).toMatchObject({ status: 200, setCookie: null });
    const page = await newPhonePage();
    await page.goto(link);
    expect(await h1(page).textContent()).toBe('Videosamtale med AMK');
    await expectNoSeriousViolations(page, 'citizen-link-button');
    await Promise.all([page.waitForURL((u) => u.pathname === '/video'), page.getByRole('button', { name: /Åpne videosamtalen/ }).click()]);
    await expect.poll(() => h1(page).textContent()).toBe('AMK ber om å få se video');
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe('/video');
    await expect.poll(() => h1(page).textContent()).toBe('AMK ber om å få se video');

    const other = await newPhonePage();
    expect((await other.goto(link))!.status()).toBe(410);
    expect(await h1(other).textContent()).toBe('Lenken er allerede brukt');
    expect(await other.locator('a[href="tel:113"]').count()).toBe(2);
    await expectNoSeriousViolations(other, 'citizen-link-used-elsewhere');
    await other.getByRole('button', { name: /Send meg en ny lenke/ }).click();
    await expect.poll(() => h1(other).textContent()).toBe('Ny lenke er sendt');
  });

  it('a link used after 15 minutes gets the expiry page (410) in Norwegian and English', async () => {
    const { link } = await linkFromOutbox('918 33 444', '+4791833444');
    h.setClockOffsetMs(15 * MINUTE_MS + 5_000);
    try {
      const page = await newPhonePage();
      const response = await page.goto(link);
      expect(response!.status()).toBe(410);
      expect(await h1(page).textContent()).toBe('Lenken er utløpt');
      expect(await page.locator('h2[id="en-title"]').textContent()).toBe('This link has expired');
      await expectNoSeriousViolations(page, 'citizen-expired');
    } finally {
      h.setClockOffsetMs(0);
    }
  });
});
