/**
 * The tab shell in Chromium against a real Samrom process (development: embedded PGlite, the
 * demo directory, the development sign-in), plus the production page outside Teams.
 * Screenshots of every screen land in test-output/tabs/.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTabsIfStale } from '../../tabs/build-if-stale';
import type { SamromProcess } from '../helpers/samrom-process';
import { type SamromWithChromium, startSamromWithChromium } from '../helpers/samrom-with-chromium';
import { type ProductionTabsApp, luminance, screenshot, seriousAxeViolations, signInAs, startProductionTabsApp, watchConsole } from '../helpers/tabs';

const COORDINATOR = { id: 'ke-drammen-1', name: 'Marte Solberg' };
const ADMIN = { id: 'admin-1', name: 'Sigrid Bakke-Olsen' };
/** A Teams app id for the production page's "open in Teams" link. */
const TEAMS_APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

let started: SamromWithChromium;
let samrom: SamromProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  started = await startSamromWithChromium({ name: 'tabs' });
  ({ samrom, browser } = started);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await started?.stop();
});

async function newPage(options: { locale?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: options.locale ?? 'nb-NO',
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1280, height: 800 },
  });
  contexts.push(context);
  return context.newPage();
}

const heading = (page: Page) => page.locator('h1').first();

describe('the tab shell in development', () => {
  // How fast the shell renders (cold and warm) is measured by `npm run bench -- --only startup`.
  it('shows a new user the Norwegian sign-in page, signs in a seeded coordinator and shows the shell, again on reload and in a fresh tab', async () => {
    const page = await newPage();
    const logs = watchConsole(page);
    await page.goto(`${samrom.baseUrl}/app/`);
    await expect.poll(() => heading(page).textContent()).toBe('Logg inn i Samrom');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nb');
    // Grouped by role and searchable.
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Koordinatorer' }).count()).toBe(1);
    await page.getByRole('searchbox').fill('marte');
    await expect.poll(() => page.locator('button[data-person-id]').count()).toBe(1);
    await screenshot(page, 'sign-in');

    await signInAs(page, COORDINATOR.id);
    expect(await page.getByTestId('shell').textContent()).toContain(COORDINATOR.name);
    expect(await heading(page).textContent()).toBe(`Hei, ${COORDINATOR.name}`);
    // A coordinator's navigation: their screens only.
    const nav = await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['Hjem', 'Samtaler', 'Vaktplan']);

    // Warm start: a signed-in user reloads the tab.
    await page.reload();
    await page.getByTestId('shell').waitFor();
    expect(await heading(page).textContent()).toBe(`Hei, ${COORDINATOR.name}`);
    // Cold start: an empty cache, already signed in (the token copied into a fresh tab).
    const token = await page.evaluate(() => sessionStorage.getItem('samrom.devToken'));
    const cold = await newPage();
    await cold.addInitScript((t) => sessionStorage.setItem('samrom.devToken', t), token!);
    await cold.goto(`${samrom.baseUrl}/app/`);
    await cold.getByTestId('shell').waitFor();
    expect(await heading(cold).textContent()).toBe(`Hei, ${COORDINATOR.name}`);
    expect(logs.errors()).toEqual([]);
  });

  it('renders every screen without console errors or serious accessibility violations, in light and dark', async () => {
    const screens: readonly { name: string; path: string; heading: string; as: typeof COORDINATOR }[] = [
      { name: 'home', path: '/app/', heading: `Hei, ${COORDINATOR.name}`, as: COORDINATOR },
      { name: 'samtaler', path: '/app/samtaler', heading: 'Mine samtaler', as: COORDINATOR },
      { name: 'samtaler-kalender', path: '/app/samtaler?visning=kalender', heading: 'Koordinators kalender', as: COORDINATOR },
      { name: 'samtale', path: '/app/samtaler/abc', heading: 'Samtale', as: COORDINATOR },
      { name: 'akutt', path: '/app/akutt', heading: 'Akuttvideo med AMK', as: COORDINATOR },
      { name: 'akutt-samtale', path: '/app/akutt/e-123', heading: 'Akuttsamtale', as: COORDINATOR },
      { name: 'amk', path: '/app/amk', heading: 'AMK-konsoll', as: COORDINATOR },
      { name: 'konferer', path: '/app/konferer', heading: 'Konfereringskø', as: COORDINATOR },
      { name: 'konferer-kardiologi', path: '/app/konferer?fag=kardiologi', heading: 'Konfereringskø – Kardiologi', as: COORDINATOR },
      { name: 'konferer-foresporsel', path: '/app/konferer/r-9', heading: 'Forespørsel om råd', as: COORDINATOR },
      { name: 'vaktplan', path: '/app/vaktplan', heading: 'Vaktplan', as: COORDINATOR },
      { name: 'admin-ikke-admin', path: '/app/admin', heading: 'Personer i Samrom', as: COORDINATOR },
      { name: 'admin', path: '/app/admin', heading: 'Personer i Samrom', as: ADMIN },
      { name: 'config', path: '/app/config', heading: 'Denne siden brukes i Teams', as: COORDINATOR },
      { name: 'ukjent', path: '/app/finnes-ikke', heading: 'Fant ikke siden', as: COORDINATOR },
    ];
    const problems: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      const pages = new Map<string, { page: Page; logs: ReturnType<typeof watchConsole> }>();
      for (const person of [COORDINATOR, ADMIN]) {
        const page = await newPage();
        const logs = watchConsole(page);
        await page.goto(`${samrom.baseUrl}/app/?theme=${theme}`);
        await signInAs(page, person.id);
        pages.set(person.id, { page, logs });
      }
      for (const screen of screens) {
        const { page, logs } = pages.get(screen.as.id)!;
        await page.goto(`${samrom.baseUrl}${screen.path}`);
        await expect.poll(() => heading(page).textContent(), { message: screen.path }).toBe(screen.heading);
        if (screen.name === 'admin') await page.getByRole('table').waitFor();
        await page.waitForLoadState('networkidle');
        for (const v of await seriousAxeViolations(page))
          problems.push(`${theme} ${screen.path}: axe ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
        for (const e of logs.errors()) problems.push(`${theme} ${screen.path}: console error ${e}`);
        logs.clear();
        await screenshot(page, theme === 'light' ? screen.name : `${screen.name}-dark`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists the directory for an administrator and explains the screen to anyone else', async () => {
    const page = await newPage();
    await page.goto(`${samrom.baseUrl}/app/admin`);
    await signInAs(page, ADMIN.id);
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('row').count()).toBeGreaterThan(50);
    await page.getByRole('searchbox').fill('kardiologi');
    await expect.poll(() => page.getByRole('row').count()).toBe(5); // header + three cardiologists + the kardiologi roster coordinator

    const other = await newPage();
    await other.goto(`${samrom.baseUrl}/app/admin`);
    await signInAs(other, COORDINATOR.id);
    await expect.poll(() => other.getByText('Denne siden er ikke for rollen din').count()).toBe(1);
    expect(await other.getByRole('heading', { name: 'Katalogen er bare for administratorer' }).count()).toBe(1);
    expect(await other.getByRole('table').count()).toBe(0);
  });

  it('navigates between screens without reloading, and the back button returns', async () => {
    const page = await newPage();
    await page.goto(`${samrom.baseUrl}/app/`);
    await signInAs(page, COORDINATOR.id);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.getByRole('navigation').getByRole('link', { name: 'Samtaler' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Mine samtaler');
    expect(page.url()).toBe(`${samrom.baseUrl}/app/samtaler`);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await page.goBack();
    await expect.poll(() => heading(page).textContent()).toBe(`Hei, ${COORDINATOR.name}`);

    // A phone or a narrow Teams side panel: everything fits without scrolling sideways.
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'home-smal');
  });

  it('opens a deep link after sign-in, and maps the manifest view to Mine samtaler', async () => {
    const page = await newPage();
    const logs = watchConsole(page);
    await page.goto(`${samrom.baseUrl}/app/samtaler/abc`);
    await expect.poll(() => heading(page).textContent()).toBe('Logg inn i Samrom');
    await signInAs(page, COORDINATOR.id);
    expect(page.url()).toBe(`${samrom.baseUrl}/app/samtaler/abc`);
    expect(await heading(page).textContent()).toBe('Samtale');
    expect(await page.getByRole('main').textContent()).toContain('«abc»');
    expect(await page.getByRole('link', { name: 'Til Mine samtaler' }).getAttribute('href')).toBe('/app/samtaler');

    await page.goto(`${samrom.baseUrl}/app/?view=mine-samtaler`);
    await expect.poll(() => heading(page).textContent()).toBe('Mine samtaler');
    expect(page.url()).toBe(`${samrom.baseUrl}/app/samtaler`);
    expect(logs.errors()).toEqual([]);
  });

  it('follows ?theme=dark and the system colour scheme, and keeps the theme while navigating', async () => {
    const page = await newPage();
    await page.goto(`${samrom.baseUrl}/app/?theme=dark`);
    await signInAs(page, COORDINATOR.id);
    const background = () => page.evaluate(() => getComputedStyle(document.querySelector('[data-theme]')!).backgroundColor);
    expect(luminance(await background())).toBeLessThan(0.05);
    expect(luminance(await page.evaluate(() => getComputedStyle(document.body).backgroundColor))).toBeLessThan(0.05);
    await page.getByRole('navigation').getByRole('link', { name: 'Vaktplan' }).click();
    expect(luminance(await background())).toBeLessThan(0.05);

    const system = await newPage({ colorScheme: 'dark' });
    await system.goto(`${samrom.baseUrl}/app/`);
    await expect.poll(() => system.evaluate(() => document.querySelector('[data-theme]')?.getAttribute('data-theme'))).toBe('dark');

    const contrast = await newPage();
    await contrast.goto(`${samrom.baseUrl}/app/?theme=contrast`);
    await expect.poll(() => contrast.evaluate(() => document.querySelector('[data-theme]')?.getAttribute('data-theme'))).toBe('contrast');

    const light = await newPage();
    await light.goto(`${samrom.baseUrl}/app/`);
    await expect.poll(() => light.evaluate(() => document.querySelector('[data-theme]')?.getAttribute('data-theme'))).toBe('light');
    expect(luminance(await light.evaluate(() => getComputedStyle(document.querySelector('[data-theme]')!).backgroundColor))).toBeGreaterThan(0.8);
  });

  it('speaks English to an English browser or ?lang=en, and Norwegian otherwise', async () => {
    const english = await newPage({ locale: 'en-US' });
    await english.goto(`${samrom.baseUrl}/app/`);
    await expect.poll(() => heading(english).textContent()).toBe('Sign in to Samrom');
    expect(await english.evaluate(() => document.documentElement.lang)).toBe('en');

    const asked = await newPage();
    await asked.goto(`${samrom.baseUrl}/app/?lang=en`);
    await expect.poll(() => heading(asked).textContent()).toBe('Sign in to Samrom');
    await signInAs(asked, COORDINATOR.id);
    expect(await heading(asked).textContent()).toBe(`Hello, ${COORDINATOR.name}`);
  });

  it('sends a user whose token is no longer accepted back to sign-in, saying why', async () => {
    const page = await newPage();
    await page.addInitScript(() =>
      sessionStorage.setItem('samrom.devToken', JSON.stringify({ token: 'not-a-real-token', expiresAt: new Date(Date.now() + 3_600_000).toISOString() })),
    );
    await page.goto(`${samrom.baseUrl}/app/vaktplan`);
    await expect.poll(() => heading(page).textContent()).toBe('Logg inn i Samrom');
    expect(await page.getByText('Økten din er utløpt. Logg inn igjen.').count()).toBe(1);
  });

  it('gives up on Teams after the timeout inside a frame that is not Teams, and carries on as a web page', async () => {
    const page = await newPage();
    const logs = watchConsole(page);
    // A same-origin parent (the only kind the Content-Security-Policy lets frame us) that never answers Teams' handshake.
    await page.route(`${samrom.baseUrl}/frame-test`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>frame</title><iframe src="/app/" title="Samrom" style="width:100%;height:600px"></iframe>`,
      }),
    );
    // teams-js asks Microsoft's CDN for its list of host origins on load; answer for it (no Internet here).
    let originListFetched = false;
    await page.route('https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json', (route) => {
      originListFetched = true;
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ validOrigins: ['teams.microsoft.com'] }) });
    });
    // It gives up because its own 4-second timeout (TEAMS_INIT_TIMEOUT_MS) ran out, not because teams-js refused at once.
    const gaveUp = page.waitForEvent('console', { predicate: (msg) => msg.text().includes('Teams initialize timed out after 4000 ms'), timeout: 15_000 });
    await page.goto(`${samrom.baseUrl}/frame-test`);
    const frame = page.frameLocator('iframe');
    await gaveUp;
    await frame.getByRole('heading', { level: 1, name: 'Logg inn i Samrom' }).waitFor({ timeout: 15_000 });
    // The page's Content-Security-Policy let that request through.
    expect(originListFetched).toBe(true);
    expect(logs.errors()).toEqual([]);
  });

  it("shows the server's error message and a retry when the API fails", async () => {
    const page = await newPage();
    await page.goto(`${samrom.baseUrl}/app/admin`);
    let failing = true;
    await page.route('**/api/admin/directory', (route) =>
      failing
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'unavailable', message: 'Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt.' } }),
          })
        : route.fallback(),
    );
    await signInAs(page, ADMIN.id);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt.');
    await screenshot(page, 'admin-feil');
    failing = false;
    await alert.getByRole('button', { name: 'Prøv igjen' }).click();
    await page.getByRole('table').waitFor();
  });

  it('serves hashed assets for a year, index.html uncached, deep links as the shell and the client configuration', async () => {
    const html = await fetch(`${samrom.baseUrl}/app/samtaler/abc`);
    expect(html.status).toBe(200);
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const body = await html.text();
    expect(body).toContain('&quot;devSignIn&quot;:true');
    const asset = /\/app\/assets\/[^"]+\.js/.exec(body)![0];
    const js = await fetch(`${samrom.baseUrl}${asset}`);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${samrom.baseUrl}/app/assets/missing-123.js`)).status).toBe(404);
    expect(await (await fetch(`${samrom.baseUrl}/app/config.json`)).json()).toEqual({ devSignIn: true, env: 'development' });
    const bare = await fetch(`${samrom.baseUrl}/app?view=mine-samtaler`, { redirect: 'manual' });
    expect(bare.headers.get('location')).toBe('/app/?view=mine-samtaler');
  });
});

describe('the tab shell in production, outside Teams', () => {
  let prod: ProductionTabsApp;
  beforeAll(async () => {
    await buildTabsIfStale();
    prod = await startProductionTabsApp(TEAMS_APP_ID);
  });
  afterAll(async () => {
    await prod?.stop();
  });

  it('tells the user to open Samrom in Teams, and guests to use their personal link', async () => {
    expect(await (await fetch(`${prod.url}/app/config.json`)).json()).toEqual({ devSignIn: false, env: 'production', appId: TEAMS_APP_ID });
    const page = await newPage();
    const logs = watchConsole(page);
    await page.goto(`${prod.url}/app/`);
    await expect.poll(() => heading(page).textContent()).toBe('Åpne Samrom i Microsoft Teams');
    expect(await page.getByText('personlige lenken').count()).toBe(1);
    expect(await page.getByTestId('open-in-teams-link').getAttribute('href')).toBe(`https://teams.microsoft.com/l/app/${TEAMS_APP_ID}`);
    expect(await page.locator('button[data-person-id]').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'produksjon-apne-i-teams');

    // A deep link opened in a browser offers the same item in Teams.
    await page.goto(`${prod.url}/app/samtaler/abc`);
    await expect.poll(() => heading(page).textContent()).toBe('Åpne Samrom i Microsoft Teams');
    const link = new URL((await page.getByTestId('open-in-teams-link').getAttribute('href'))!);
    expect(link.pathname).toBe(`/l/entity/${TEAMS_APP_ID}/mine-samtaler`);
    expect(JSON.parse(link.searchParams.get('context')!)).toEqual({ subEntityId: 'samtaler/abc' });
    expect(logs.errors()).toEqual([]);
  });
});
