/**
 * The AMK console's clinical-safety promises in Chromium with autoplay blocked
 * (`--autoplay-policy=document-user-activation-required`), against a real Samrom process on the
 * demo directory with the LiveKit double:
 * - three calls arrive (red and old with NEWS2 ≥ 7, green, yellow and new): red is first, as on
 *   `GET /api/emergency-calls?open=true`, and each shows its waiting time, ticking;
 * - the page says sound is off, flashes the calls and the tab title; «Slå på lyd» makes the alarm
 *   play (the audio element's `playing` event); with reduced motion the flash is a steady outline;
 * - a partial vital set with breathing 8 is flagged red as it is typed and on the console;
 * - with the video server stopped «Svar» succeeds and shows the requester's phone; «Prøv video
 *   igjen» brings video once it is back; «Avslutt» asks for an outcome first.
 * Each screen passes axe-core without serious or critical violations.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmergencyCallListDto } from '../../server/src/contracts/emergency';
import type { LiveKitDouble } from '../doubles/livekit-double';
import type { SamromProcess } from '../helpers/samrom-process';
import { type SamromWithChromium, startSamromWithChromium } from '../helpers/samrom-with-chromium';
import { TOKEN_KEY } from '../../tabs/src/session';
import { screenshot, seriousAxeViolations, watchConsole } from '../helpers/tabs';

const OPERATOR = 'amk-1';
/** Seeded legevakt doctors (demo directory): their phones are +47 9000 0nnn. */
const RED_CALLER = { id: 'lv-asker-baerum-1', name: 'Andreas Vik', phone: '+4790000403' };
const GREEN_CALLER = 'lv-kongsberg-1';
const YELLOW_CALLER = 'lv-drammen-1';
const RED_VITALS = { respirationRate: 26, spo2: 91, spo2Scale: 1, onOxygen: true, systolicBp: 95, pulse: 125, consciousness: 'voice', temperature: 38.5 };
const ALERT_TITLE = 'Akuttvideo ringer!';

let started: SamromWithChromium;
let samrom: SamromProcess;
let browser: Browser;
let livekit: LiveKitDouble;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  started = await startSamromWithChromium({ name: 'amk-alarm', livekit: true, chromiumArgs: ['--autoplay-policy=document-user-activation-required'] });
  ({ samrom, browser } = started);
  livekit = started.livekit!;
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await started?.stop();
});

/**
 * Signed in without a click: the development token is put in the tab's sessionStorage before the
 * page loads, so the page starts with no user activation and the autoplay policy applies in full.
 */
async function pageAs(personId: string, path: string): Promise<{ page: Page; logs: ReturnType<typeof watchConsole> }> {
  const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const signedIn = await signIn(personId);
  await context.addInitScript(({ key, value }) => sessionStorage.setItem(key, value), { key: TOKEN_KEY, value: JSON.stringify(signedIn) });
  const page = await context.newPage();
  const logs = watchConsole(page);
  await page.goto(`${samrom.baseUrl}${path}`);
  return { page, logs };
}

/**
 * Evaluates in the page as a script would, not as a user: Playwright's own evaluations (locators
 * included) run with `userGesture: true`, which would give the page the user activation the
 * autoplay policy waits for.
 */
async function withoutGesture<T>(page: Page, expression: string): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true, userGesture: false });
    if (exceptionDetails) throw new Error(`evaluation failed: ${exceptionDetails.text}`);
    return result.value as T;
  } finally {
    await cdp.detach();
  }
}

async function signIn(personId: string): Promise<{ token: string; expiresAt: string }> {
  const res = await fetch(`${samrom.baseUrl}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId }),
  });
  expect(res.status).toBe(200);
  const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
  return { token, expiresAt };
}

const tokenOf = async (personId: string) => (await signIn(personId)).token;

async function api<T>(personId: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${samrom.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await tokenOf(personId)}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function axeProblems(page: Page, label: string): Promise<string[]> {
  return (await seriousAxeViolations(page)).map((v) => `${label}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}

const cardIds = (page: Page) =>
  page.locator('[data-testid="amk-calls"] [data-call-id]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-call-id')));
const alarmAudio = 'audio[data-samrom-alarm]';

describe('the AMK console with autoplay blocked', () => {
  it('orders calls red first as the API does, flashes while sound is off, plays the alarm after «Slå på lyd», flags a red vital, and answers without video', async () => {
    const problems: string[] = [];
    const amk = await pageAs(OPERATOR, '/app/amk');
    const c = amk.page;
    // First, before anything could count as a user's gesture: the browser really refuses sound here.
    await expect.poll(() => withoutGesture<boolean>(c, `document.querySelector('${alarmAudio}') !== null`), { timeout: 15_000 }).toBe(true);
    expect(await withoutGesture<string>(c, `document.querySelector('${alarmAudio}').play().then(() => 'played', (e) => e.name)`)).toBe('NotAllowedError');
    await expect.poll(() => c.getByText('Direkte').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => c.getByTestId('sound-state').getAttribute('data-sound')).toBe('off');
    expect(await c.getByTestId('sound-state').textContent()).toContain('Lyd er av');

    // The red call is the oldest; the yellow one comes last, typed in the legevakt tab.
    const red = await api<{ id: string; news2Total: number }>(RED_CALLER.id, 'POST', '/api/emergency-calls', { triage: 'rod', vitals: RED_VITALS });
    expect(red.status).toBe(201);
    expect(red.body.news2Total).toBeGreaterThanOrEqual(7);
    const green = await api<{ id: string }>(GREEN_CALLER, 'POST', '/api/emergency-calls', { triage: 'gronn' });
    expect(green.status).toBe(201);

    const doctor = await pageAs(YELLOW_CALLER, '/app/akutt');
    const d = doctor.page;
    await d.getByLabel('Respirasjonsfrekvens (/min)').fill('8');
    await d.getByLabel('Puls (/min)').fill('80');
    // Flagged as typed, though NEWS2 cannot be scored yet.
    await expect.poll(() => d.getByTestId('red-parameters').textContent(), { timeout: 10_000 }).toContain('Respirasjonsfrekvens');
    expect(await d.locator('[data-red-flag="respirationRate"]').textContent()).toBe('3 poeng – rødt enkeltparameter');
    expect(await d.locator('[data-red-flag="pulse"]').count()).toBe(0);
    expect(await d.getByRole('status').first().textContent()).toBe('NEWS2 beregnes når alle vitale tegn er fylt inn.');
    await d.getByLabel('Gul – haster').check();
    problems.push(...(await axeProblems(d, 'akutt-rødt-enkeltparameter')));
    await screenshot(d, 'akutt-rodt-enkeltparameter');
    await d.getByRole('button', { name: 'Ring AMK' }).click();
    await expect.poll(() => d.url(), { timeout: 10_000 }).toMatch(/\/app\/akutt\/[0-9a-f-]{36}$/);
    const yellowId = d.url().split('/').pop()!;

    // The console: red first, then yellow, then green — the API's order, not arrival's.
    const expected = [red.body.id, yellowId, green.body.id];
    await expect.poll(() => cardIds(c), { timeout: 15_000 }).toEqual(expected);
    const listed = await api<EmergencyCallListDto>(OPERATOR, 'GET', '/api/emergency-calls?open=true');
    expect(listed.body.calls.map((call) => call.id)).toEqual(expected);

    // Each side reads its own words: the doctor's call rings «hos AMK»; AMK never reads that.
    await expect.poll(() => d.getByText('Ringer hos AMK').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await c.getByText('Ringer hos AMK').count()).toBe(0);
    expect(await c.getByText('Ringer – ikke besvart').count()).toBe(3);

    // Waiting time is shown and ticks (on the newest call, still counted in seconds).
    const redCard = c.locator(`[data-call-id="${red.body.id}"]`);
    const yellowCard = c.locator(`[data-call-id="${yellowId}"]`);
    expect(await redCard.getByText(/^venter \d+ (s|min)$/).count()).toBe(1);
    const waited = await yellowCard.getByText(/^venter \d+ s$/).textContent();
    await expect.poll(() => yellowCard.getByText(/^venter \d+ (s|min)$/).textContent(), { timeout: 5_000 }).not.toBe(waited);

    // The yellow call's red parameter is flagged on the console too, with the vitals given.
    expect(await yellowCard.locator('[data-red="true"] dt').allTextContents()).toEqual(['Respirasjonsfrekvens (/min)']);
    expect(await yellowCard.getByTestId('vitals').textContent()).toContain('Puls (/min)80');
    expect(await yellowCard.textContent()).toContain('NEWS2 er ikke beregnet');

    // Sound off while calls ring: every ringing call flashes (a running animation) and the tab title alternates.
    for (const id of expected) expect(await c.locator(`[data-call-id="${id}"]`).getAttribute('data-alarm')).toBe('flash');
    expect(await redCard.evaluate((el) => el.getAnimations().filter((a) => a.playState === 'running').length)).toBeGreaterThan(0);
    await c.waitForFunction((title) => document.title === title, ALERT_TITLE);
    await c.waitForFunction((title) => document.title !== title, ALERT_TITLE);
    expect(await c.evaluate((sel) => (document.querySelector(sel) as HTMLAudioElement).paused, alarmAudio)).toBe(true);
    problems.push(...(await axeProblems(c, 'amk-blinker')));
    await screenshot(c, 'amk-lyd-av-blinker');

    // «Slå på lyd»: the alarm plays (observed by its own event), the flash stops, the state says so.
    await c.evaluate((sel) => {
      const audio = document.querySelector(sel) as HTMLAudioElement;
      (window as unknown as { alarmPlaying: Promise<void> }).alarmPlaying = new Promise((resolve) =>
        audio.addEventListener('playing', () => resolve(), { once: true }),
      );
    }, alarmAudio);
    await c.getByRole('button', { name: 'Slå på lyd' }).click();
    await c.evaluate(() => (window as unknown as { alarmPlaying: Promise<void> }).alarmPlaying);
    expect(await c.evaluate((sel) => (document.querySelector(sel) as HTMLAudioElement).paused, alarmAudio)).toBe(false);
    await expect.poll(() => c.getByTestId('sound-state').getAttribute('data-sound')).toBe('on');
    expect(await c.getByTestId('sound-state').textContent()).toContain('Lyd er på');
    expect(await redCard.getAttribute('data-alarm')).toBeNull();
    await c.waitForFunction((title) => document.title !== title, ALERT_TITLE);

    // Reduced motion: sound off again, the call is marked by a steady outline, nothing moves.
    await c.emulateMedia({ reducedMotion: 'reduce' });
    await c.getByRole('button', { name: 'Slå av lyd' }).click();
    await expect.poll(() => redCard.getAttribute('data-alarm')).toBe('flash');
    expect(await c.evaluate((sel) => (document.querySelector(sel) as HTMLAudioElement).paused, alarmAudio)).toBe(true);
    expect(await redCard.evaluate((el) => el.getAnimations().filter((a) => a.playState === 'running').length)).toBe(0);
    expect(await redCard.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    problems.push(...(await axeProblems(c, 'amk-redusert-bevegelse')));
    await c.emulateMedia({ reducedMotion: 'no-preference' });

    // The video server goes away: «Svar» still answers, and the phone is the way to the caller.
    await livekit.stop();
    await redCard.getByRole('button', { name: 'Svar' }).click();
    await expect.poll(() => redCard.textContent(), { timeout: 10_000 }).toContain('Du svarte. Videoserveren svarer ikke – ring legevakten på telefon.');
    expect(await redCard.getByTestId('requester-phone').textContent()).toBe(`Ring ${RED_CALLER.name}: ${RED_CALLER.phone}`);
    expect(await redCard.getByTestId('requester-phone').getByRole('link').getAttribute('href')).toBe(`tel:${RED_CALLER.phone}`);
    const answered = await api<{ status: string; answeredBy: { id: string }; videoReady: boolean }>(OPERATOR, 'GET', `/api/emergency-calls/${red.body.id}`);
    expect(answered.body).toMatchObject({ status: 'answered', answeredBy: { id: OPERATOR }, videoReady: false });
    await redCard.getByRole('button', { name: 'Prøv video igjen' }).click();
    await expect.poll(() => redCard.textContent(), { timeout: 10_000 }).toContain('Videoserveren svarer fortsatt ikke');
    problems.push(...(await axeProblems(c, 'amk-uten-video')));
    await screenshot(c, 'amk-svart-uten-video');

    // Back: video again.
    await livekit.start();
    await redCard.getByRole('button', { name: 'Prøv video igjen' }).click();
    await expect.poll(() => redCard.textContent(), { timeout: 10_000 }).toContain('Du svarte. Videorommet er klart.');
    expect(await redCard.getByRole('link', { name: 'Åpne samtalen' }).count()).toBe(1);

    // «Avslutt» asks first, and wants an outcome.
    await redCard.getByRole('button', { name: 'Avslutt' }).click();
    const ending = redCard.getByTestId('end-call');
    await ending.getByRole('button', { name: 'Avslutt samtalen' }).click();
    await expect.poll(() => ending.textContent()).toContain('Velg et utfall.');
    problems.push(...(await axeProblems(c, 'amk-avslutt')));
    await ending.getByLabel('Ambulanse sendt').check();
    await ending.getByRole('button', { name: 'Avslutt samtalen' }).click();
    await expect.poll(() => cardIds(c), { timeout: 10_000 }).toEqual([yellowId, green.body.id]);
    expect(await c.getByTestId('amk-ended').textContent()).toContain('Du avsluttet samtalen – Ambulanse sendt.');
    const ended = await api<{ outcome: string; endedBy: { id: string } }>(OPERATOR, 'GET', `/api/emergency-calls/${red.body.id}`);
    expect(ended.body).toMatchObject({ outcome: 'ambulance', endedBy: { id: OPERATOR } });

    // The doctor gives up on the yellow call: asked first, then both sides see why it ended.
    await d.getByRole('button', { name: 'Avbryt anropet' }).click();
    await d.getByTestId('end-call').getByRole('button', { name: 'Avbryt anropet' }).click();
    await expect.poll(() => d.getByTestId('ended-reason').textContent(), { timeout: 10_000 }).toBe('Du avbrøt anropet før AMK svarte.');
    await expect.poll(() => cardIds(c), { timeout: 10_000 }).toEqual([green.body.id]);
    expect(await c.getByTestId('amk-ended').textContent()).toContain('Legevakten avbrøt anropet før noen svarte.');
    problems.push(...(await axeProblems(d, 'akutt-avbrutt')));
    problems.push(...(await axeProblems(c, 'amk-nylig-avsluttet')));

    expect(problems).toEqual([]);
    // Only the refused autoplay probe above, and the refused video retry, may be logged.
    const unexpected = (p: typeof amk) => p.logs.errors().filter((e) => !/status of 503/.test(e));
    expect(unexpected(amk)).toEqual([]);
    expect(unexpected(doctor)).toEqual([]);
  });
});
