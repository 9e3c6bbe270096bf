/**
 * `<AfterMeeting>` in Chromium, on a page of its own (fixtures/after-meeting) built with Vite:
 * the attendance table in Oslo time, the CSV download, and the summary form's validation,
 * actions rows, save and read-only view; axe-core finds no serious or critical violations.
 *
 * The page talks to an in-page double of the API, not to Samrom: a fixed consultation, and
 * saves and downloads recorded in `window.__afterMeeting` for the test to read. What the
 * server does with a summary (validation, who may write, audit, the share job) is tested
 * against the real routes in test/integration/consultation-summary.test.ts and
 * after-meeting-server.test.ts.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { screenshot, seriousAxeViolations, watchConsole } from '../helpers/tabs';

const HARNESS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'after-meeting');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

let outDir: string;
let server: Server;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'samrom-after-meeting-'));
  await build({ configFile: false, root: HARNESS, base: './', logLevel: 'error', plugins: [react()], build: { outDir, emptyOutDir: true, target: 'es2022' } });
  server = createServer((req, res) => {
    const file = path.join(outDir, path.normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+$/, 'index.html'));
    stat(file)
      .then(
        (s) => {
          if (!s.isFile() || !file.startsWith(outDir)) throw new Error('not a file');
          res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
          createReadStream(file).pipe(res);
        },
        () => res.writeHead(404).end(),
      )
      .catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function open(query = ''): Promise<{ page: Page; console: ReturnType<typeof watchConsole> }> {
  const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'America/New_York', viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const console = watchConsole(page);
  await page.goto(`${baseUrl}/index.html${query}`);
  await page.getByRole('heading', { name: 'Oppmøte' }).waitFor();
  return { page, console };
}

const apiDoubleCalls = (page: Page) => page.evaluate(() => (window as unknown as { __afterMeeting: { saves: unknown[]; downloads: number } }).__afterMeeting);

describe('AfterMeeting in Chromium, against an in-page double of the API', () => {
  it('shows attendance in Oslo time (whatever the browser’s zone) with minutes, and downloads the CSV the API double serves', async () => {
    const { page, console } = await open();
    const rows = await page.getByRole('row').allInnerTexts();
    expect(rows[0]).toMatch(/Navn\s+Rolle\s+Inn\s+Ut\s+Minutter/);
    expect(rows[1]).toMatch(/Geir Fastlege\s+Fastlege\s+29\.03\.2027,? 10:01\s+29\.03\.2027,? 11:01\s+60/);
    expect(rows[2]).toMatch(/Per Pasient\s+Pasient\s+29\.03\.2027,? 10:02\s+29\.03\.2027,? 10:52\s+50/);
    expect(rows[3]).toMatch(/Siri Spesialist\s+Spesialist\s+Ikke til stede\s+0/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Last ned oppmøte (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('oppmote-2027-03-29-1a2b3c4d.csv');
    expect((await apiDoubleCalls(page)).downloads).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(console.errors()).toEqual([]);
  });

  it('refuses an empty summary with a clear message and sends the API double nothing; a filled one with actions is sent to it', async () => {
    const { page } = await open();
    await page.getByRole('button', { name: 'Lagre referat' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Referatet ble ikke lagret' }).count()).toBe(1);
    expect(await page.getByRole('alert').filter({ hasText: 'Referatet ble ikke lagret' }).innerText()).toContain('Rett feltene som er merket');
    expect(await page.getByText('Skriv noe i minst ett av ISBAR-feltene').count()).toBe(1);
    expect((await apiDoubleCalls(page)).saves).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('Situasjon').fill('Oppfølging etter utskrivning');
    await page.getByRole('button', { name: 'Legg til tiltak' }).click();
    await page.getByRole('button', { name: 'Legg til tiltak' }).click();
    await page.getByRole('group', { name: 'Tiltak 1' }).getByLabel('Hva').fill('Fjernes igjen');
    await page.getByRole('group', { name: 'Tiltak 2' }).getByLabel('Hva').fill('Søke trygghetsalarm');
    await page.getByRole('group', { name: 'Tiltak 2' }).getByLabel('Hvem').fill('Kommunen');
    await page.getByRole('group', { name: 'Tiltak 2' }).getByLabel('Frist').fill('2027-06-01');
    await page.getByRole('button', { name: 'Fjern tiltak 1' }).click();
    expect(await page.getByRole('group', { name: /^Tiltak \d$/ }).count()).toBe(1);
    await page.getByLabel('Neste møte').fill('Om tre uker');
    await page.getByRole('button', { name: 'Lagre referat' }).click();

    await expect.poll(() => page.getByRole('status').filter({ hasText: 'lagret' }).count()).toBe(1);
    expect(await page.getByText('Referatet er lagret. Klinikerne i møtet får en lenke i Teams.').isVisible()).toBe(true);
    expect((await apiDoubleCalls(page)).saves).toEqual([
      {
        isbar: { identification: '', situation: 'Oppfølging etter utskrivning', background: '', assessment: '', recommendation: '' },
        actions: [{ what: 'Søke trygghetsalarm', who: 'Kommunen', due: '2027-06-01' }],
        nextMeeting: 'Om tre uker',
      },
    ]);
    await screenshot(page, 'after-meeting-saved');
  });

  it('an incomplete action is marked at its field; a save the API double refuses (503) says why', async () => {
    const { page } = await open('?fail=1');
    await page.getByLabel('Råd').fill('Økt hjemmesykepleie');
    await page.getByRole('button', { name: 'Legg til tiltak' }).click();
    await page.getByRole('group', { name: 'Tiltak 1' }).getByLabel('Hva').fill('Ringe pasienten');
    await page.getByRole('button', { name: 'Lagre referat' }).click();
    await expect.poll(() => page.getByText('Skriv hvem som har ansvaret', { exact: false }).count()).toBe(1);
    expect(await page.getByText('Frist må være en dato', { exact: false }).count()).toBe(1);
    expect((await apiDoubleCalls(page)).saves).toEqual([]);

    await page.getByRole('group', { name: 'Tiltak 1' }).getByLabel('Hvem').fill('Fastlegen');
    await page.getByRole('group', { name: 'Tiltak 1' }).getByLabel('Frist').fill('2027-06-02');
    await page.getByRole('button', { name: 'Lagre referat' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Tjenesten er midlertidig utilgjengelig.' }).count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('a reader (the API double answers canWrite: false) sees the saved summary without a form', async () => {
    const { page } = await open('?canWrite=false');
    await page.getByText('Oppfølging etter utskrivning').waitFor();
    expect(await page.getByText('bare klinikere i møtet og koordinatorer kan endre det', { exact: false }).count()).toBe(1);
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Lagre referat' }).count()).toBe(0);
    expect(await page.getByText('Søke trygghetsalarm', { exact: false }).count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
