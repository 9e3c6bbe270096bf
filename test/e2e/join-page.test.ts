/**
 * The guest join page in Chromium with a fake camera and microphone, against the real app
 * (in-process, in-memory PGlite, real Redis for the booking's reminder jobs) and the LiveKit
 * double: link → device check with a live preview → lobby → admitted by a clinician through
 * the API → a LiveKit token for exactly that room → a connection attempt the double cannot
 * complete (it speaks no WebRTC), which the page reports plainly. Screenshots in test-output/tabs/.
 */
import { eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultations } from '../../server/src/adapters/postgres/schema';
import { buildTabsIfStale } from '../../tabs/build-if-stale';
import { launchChromium } from '../helpers/chromium';
import { type JoinTestApp, startJoinTestApp } from '../helpers/join-app';
import { scanLink, tapLink } from '../helpers/link-scanner';
import { holdSignalling, screenshot, seriousAxeViolations, watchConsole } from '../helpers/tabs';

const MINUTE_MS = 60_000;

let env: JoinTestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await buildTabsIfStale();
  [env, browser] = await Promise.all([startJoinTestApp(), launchChromium({ fakeMedia: true })]);
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await env?.stop();
});

async function newPhonePage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  contexts.push(context);
  return context.newPage();
}

const h1 = (page: Page) => page.locator('h1').first();

async function expectNoSeriousViolations(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousAxeViolations(page), name).toEqual([]);
}

describe('the guest join page', () => {
  it('link → device check with a camera preview → lobby → admitted by a clinician → a token for exactly that room → a plain message when the video server cannot be reached', async () => {
    const { id, relativeId, link } = await env.bookWithRelativeLink(10);
    const page = await newPhonePage();
    const logs = watchConsole(page);
    await tapLink(page, link);
    // The token is exchanged for a cookie and leaves the address bar.
    expect(new URL(page.url()).pathname).toBe('/join');
    await expect.poll(() => h1(page).textContent()).toBe('Hei, Randi');
    expect(await page.locator('.who').textContent()).toContain('Du er med som pårørende.');

    // The device check shows a live picture from the fake camera.
    const preview = page.getByTestId('preview');
    await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Mikrofonen er på.').count()).toBe(1);
    await expectNoSeriousViolations(page, 'join-device-check');

    await page.getByRole('button', { name: 'Jeg er klar' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Venter på at noen slipper deg inn');
    expect(await page.getByText(/^Møtet starter om (9|10) min\.$/).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Forlat' }).count()).toBe(1);
    await expectNoSeriousViolations(page, 'join-lobby');
    // English on request, then back.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Waiting for someone to let you in');
    await page.getByRole('button', { name: 'Norsk' }).click();

    // Before admission the page's own session gets no token.
    const early = await page.evaluate(
      async () => (await fetch('/api/guest/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
    );
    expect(early).toBe(403);
    const lobby = await env.gp.get(`/api/consultations/${id}/lobby`);
    expect(lobby.body.waiting.map((w: { participantId: string }) => w.participantId)).toEqual([relativeId]);

    // Hold the signalling connection until the call view has been looked at, then let it
    // through to the double, which cannot complete it.
    const openSignalling = await holdSignalling(page);
    const tokenResponse = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/guest/token' && r.request().method() === 'POST');
    expect((await env.gp.post(`/api/consultations/${id}/admit`, { participantId: relativeId })).status).toBe(200);
    const issued = (await (await tokenResponse).json()) as { token: string; roomName: string; serverUrl: string };
    const [row] = await env.database.db.select({ roomName: consultations.roomName }).from(consultations).where(eq(consultations.id, id));
    expect(row!.roomName).toMatch(/^r_[A-Za-z0-9_-]{22}$/);
    expect(issued.roomName).toBe(row!.roomName);
    expect(issued.serverUrl).toBe(env.livekit.url);
    const claims = decodeJwt(issued.token) as { exp?: number; nbf?: number; name?: string; video?: Record<string, unknown> };
    expect(claims.video).toMatchObject({ roomJoin: true, room: row!.roomName });
    for (const grant of ['roomAdmin', 'roomRecord', 'hidden', 'roomCreate']) expect(claims.video?.[grant]).toBeFalsy();
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(600);
    expect(claims.name).toBe('Randi Pårørende (pårørende)');

    // While it connects, the call view is there with the guest's controls: microphone, camera,
    // chat and the people present, but no screen share for a relative.
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Kobler til videomøtet …');
    const controls = page.getByRole('toolbar', { name: 'Kontroller for møtet' });
    for (const name of ['Mikrofon', 'Kamera', 'Enheter', 'Chat', 'Deltakere', 'Forlat møtet']) {
      expect(await controls.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    }
    expect(await controls.getByRole('button', { name: 'Del skjerm' }).count()).toBe(0);
    await controls.getByRole('button', { name: 'Deltakere', exact: true }).click();
    const people = page.getByRole('complementary', { name: /Deltakere i møtet/ });
    await expect.poll(() => people.getByRole('listitem').first().textContent()).toContain('Deg – Randi Pårørende (pårørende)');
    await controls.getByRole('button', { name: 'Chat', exact: true }).click();
    const chat = page.getByRole('complementary', { name: 'Meldinger i møtet' });
    expect(await chat.getByRole('textbox', { name: 'Skriv en melding' }).count()).toBe(1);
    expect(await page.getByRole('complementary', { name: /Deltakere i møtet/ }).count()).toBe(0);
    await expectNoSeriousViolations(page, 'join-call-connecting');
    openSignalling();

    // The double accepts no WebRTC signalling: the page tried it with that token and says so plainly.
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('Vi får ikke kontakt med videoserveren');
    const attempts = env.livekit.requests.filter((r) => r.method.startsWith('/rtc'));
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.some((r) => r.method.includes(`access_token=${issued.token}`))).toBe(true);
    expect(await page.getByRole('button', { name: 'Prøv igjen' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Bytt til bare lyd' }).count()).toBe(1);
    await expectNoSeriousViolations(page, 'join-video-unreachable');
    // Only the failed signalling connection may complain in the console.
    expect(logs.errors().filter((e) => !/rtc|websocket|livekit|signal|could not establish|status of 40/i.test(e))).toEqual([]);
  });

  it("a mail scanner's HEAD and GET leave the link working: the guest taps its one button in Chromium and gets in; the same browser goes straight back in; another browser is offered a new link and the organiser's number", async () => {
    const { link } = await env.bookWithRelativeLink(200);
    for (const method of ['HEAD', 'GET', 'HEAD', 'GET'] as const) expect(await scanLink(link, method)).toMatchObject({ status: 200, setCookie: null });

    const page = await newPhonePage();
    await page.goto(link);
    expect(await h1(page).textContent()).toBe('Bli med i møtet');
    await expectNoSeriousViolations(page, 'join-link-button');
    await Promise.all([page.waitForURL((u) => u.pathname === '/join'), page.getByRole('button', { name: /Gå til møtet/ }).click()]);
    await expect.poll(() => h1(page).textContent()).toBe('Hei, Randi');
    // Re-opening the link on the same phone goes straight in, without the button.
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe('/join');
    await expect.poll(() => h1(page).textContent()).toBe('Hei, Randi');

    const other = await newPhonePage();
    const refused = await other.goto(link);
    expect(refused!.status()).toBe(410);
    expect(await h1(other).textContent()).toBe('Lenken er allerede brukt');
    expect(await other.locator('a[href="tel:+4732100000"]').count()).toBe(2);
    await expectNoSeriousViolations(other, 'join-link-used-elsewhere');
    await other.getByRole('button', { name: /Send meg en ny lenke/ }).click();
    await expect.poll(() => h1(other).textContent()).toBe('Ny lenke er sendt');
  });

  it('a guest whose browser refuses the camera and microphone is told how to allow them, and can still go on to the lobby', async () => {
    const { link } = await env.bookWithRelativeLink(120);
    const page = await newPhonePage();
    // What a browser answers when the person (or a policy) said no.
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await tapLink(page, link);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Nettleseren har ikke fått lov til å bruke kamera og mikrofon');
    expect(await page.getByRole('button', { name: 'Prøv igjen' }).count()).toBe(1);
    await expectNoSeriousViolations(page, 'join-devices-denied');
    await page.getByRole('button', { name: 'Jeg er klar' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Venter på at noen slipper deg inn');
  });

  it('an expired link shows the expiry page (410) in Norwegian and English', async () => {
    const { link } = await env.bookWithRelativeLink(60);
    env.setClockOffsetMs(4 * 60 * MINUTE_MS);
    try {
      const page = await newPhonePage();
      const response = await page.goto(link);
      expect(response!.status()).toBe(410);
      expect(await h1(page).textContent()).toBe('Lenken er utløpt');
      expect(await page.locator('h2[id="en-title"]').textContent()).toBe('This link has expired');
      expect(new URL(page.url()).pathname).toMatch(/^\/join\/[A-Za-z0-9_-]{43}$/);
      await expectNoSeriousViolations(page, 'join-expired');
    } finally {
      env.setClockOffsetMs(0);
    }
  });
});
