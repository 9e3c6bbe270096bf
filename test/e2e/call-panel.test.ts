/**
 * The clinician's call panel in Chromium, against the real API and the LiveKit double: a guest
 * waits in the lobby, the GP sees them and lets them in with «Slipp inn», then joins with «Bli
 * med i samtalen» (no lobby) and gets a plain message because the double speaks no WebRTC.
 * The panel is built into a small test page (test/fixtures/call-panel) served at the app's origin.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { decodeJwt } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/app';
import { launchChromium } from '../helpers/chromium';
import { type JoinTestApp, startJoinTestApp } from '../helpers/join-app';
import { postFromLinkPage } from '../helpers/link-scanner';
import { holdSignalling, screenshot, seriousAxeViolations, watchConsole } from '../helpers/tabs';

const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/call-panel');
const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

let env: JoinTestApp;
let browser: Browser;
let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'samrom-call-panel-'));
  await build({
    configFile: false,
    root: FIXTURE_DIR,
    base: '/harness/',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
  });
  // A page answered by `route.fulfill` has no IP address, so Chromium's Local Network Access
  // checks would treat it as public and block its connection to the (loopback) LiveKit double.
  const args = ['--disable-features=LocalNetworkAccessChecks'];
  [env, browser] = await Promise.all([startJoinTestApp(), launchChromium({ fakeMedia: true, args })]);
});

afterAll(async () => {
  await browser?.close();
  await env?.stop();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** A page at the app's origin whose `/harness/*` comes from the built test page. */
async function harnessPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.route(`${env.app.url}/harness/**`, async (route) => {
    const file = path.join(outDir, new URL(route.request().url()).pathname.slice('/harness/'.length));
    await route.fulfill({ body: await readFile(file), contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
  });
  return page;
}

describe('the call panel', () => {
  it('shows the waiting guest, lets them in with «Slipp inn», and joins the call without a lobby', async () => {
    const booked = await env.bookWithRelativeLink(10);
    // The guest opens the link with its page's button (a GET only shows the page).
    const opened = await postFromLinkPage(booked.link);
    const guest = api(env.app.url, { headers: { cookie: opened.setCookie!.split(';')[0]! } });

    const page = await harnessPage();
    const logs = watchConsole(page);
    // Count the sounds the page starts (the browser may refuse them; the badge shows regardless).
    await page.addInitScript(() => {
      const played: string[] = [];
      (window as unknown as { played: string[] }).played = played;
      const play = HTMLMediaElement.prototype.play;
      HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
        played.push(this.src);
        return play.call(this);
      };
    });
    const fragment = new URLSearchParams({ token: env.gpToken, consultation: JSON.stringify(booked.consultation) });
    await page.goto(`${env.app.url}/harness/index.html#${fragment.toString()}`);
    await expect.poll(() => page.getByText('Ingen venter nå.').count()).toBe(1);
    expect(await page.getByTestId('lobby-badge').count()).toBe(0);

    // The guest comes while the tab is open: a sound and a badge.
    expect((await guest.post('/api/guest/lobby')).body).toEqual({ status: 'waiting' });
    await expect.poll(() => page.getByTestId('lobby-badge').textContent(), { timeout: 15_000 }).toBe('1 venter');
    await expect.poll(() => page.evaluate(() => (window as unknown as { played: string[] }).played)).toEqual([expect.stringMatching(/\/app\/amk-alarm\.wav$/)]);
    const admit = page.getByRole('button', { name: 'Slipp inn Randi Pårørende' });
    await admit.waitFor();
    expect(await page.getByTestId('lobby-waiting').textContent()).toContain('Randi Pårørende (pårørende)');
    await screenshot(page, 'call-panel-lobby');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await admit.click();
    await expect.poll(() => page.getByText('Sluppet inn: Randi Pårørende (pårørende)').count()).toBe(1);
    expect(await page.getByText('Ingen venter nå.').count()).toBe(1);
    expect((await guest.get('/api/guest/status')).body).toEqual({ status: 'admitted' });

    // Hold the signalling connection while the call view is checked, then let it reach the double.
    const openSignalling = await holdSignalling(page);
    const joined = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/consultations/${booked.id}/join`);
    await page.getByRole('button', { name: 'Bli med i samtalen' }).click();
    const token = (await (await joined).json()) as { token: string; roomName: string };
    const claims = decodeJwt(token.token) as { name?: string; video?: Record<string, unknown> };
    expect(claims.name).toBe('Geir Fastlege (fastlege)');
    expect(claims.video).toMatchObject({ roomJoin: true, room: token.roomName });
    expect(claims.video?.roomAdmin).toBeFalsy();

    // A clinician's controls include screen share, styled by the Teams theme in the tab.
    const controls = page.getByRole('toolbar', { name: 'Kontroller for møtet' });
    await controls.waitFor();
    for (const name of ['Mikrofon', 'Kamera', 'Del skjerm', 'Chat', 'Deltakere', 'Forlat møtet']) {
      expect(await controls.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    }
    await screenshot(page, 'call-panel-connecting');
    expect(await seriousAxeViolations(page)).toEqual([]);
    openSignalling();

    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('Vi får ikke kontakt med videoserveren');
    expect(env.livekit.requests.some((r) => r.method.startsWith('/rtc') && r.method.includes(`access_token=${token.token}`))).toBe(true);
    await screenshot(page, 'call-panel-video-unreachable');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(logs.errors().filter((e) => !/rtc|websocket|livekit|signal|could not establish|status of 40/i.test(e))).toEqual([]);
  });
});
