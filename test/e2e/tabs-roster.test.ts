/**
 * The Vaktplan tab in Chromium against a real Samrom process with the demo directory and its
 * demo kardiologi roster: who is on call now, the open night as a gap, a CSV with a bad line
 * refused by line number (and nothing saved), a shift added through the form; axe-core finds
 * no serious or critical problems.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SamromProcess } from '../helpers/samrom-process';
import { type SamromWithChromium, startSamromWithChromium } from '../helpers/samrom-with-chromium';
import { screenshot, seriousAxeViolations, signInAs, watchConsole } from '../helpers/tabs';

/** The demo coordinator of kardiologi. */
const COORDINATOR = 'ke-vestreviken-1';

let started: SamromWithChromium;
let samrom: SamromProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  started = await startSamromWithChromium({ name: 'roster' });
  ({ samrom, browser } = started);
  context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await context?.close();
  await started?.stop();
});

const rowCount = (page: Page) => page.getByRole('table').getByRole('row').count();

describe('the Vaktplan tab', () => {
  it('shows who is on call, the gap, refuses a bad CSV by line, adds a shift, and passes axe', async () => {
    const page = await context.newPage();
    const logs = watchConsole(page);
    await page.goto(`${samrom.baseUrl}/app/`);
    await signInAs(page, COORDINATOR);
    await page.goto(`${samrom.baseUrl}/app/vaktplan?fag=kardiologi`);
    await page.getByRole('heading', { level: 2, name: 'På vakt nå' }).waitFor();

    const onCall = await page.getByRole('group', { name: 'På vakt nå' }).or(page.locator('[aria-labelledby="roster-on-call-now"]')).first().textContent();
    expect(onCall).toMatch(/Vakthavende \(nivå 1\): (Petter Lindqvist|Amina Warsame|Henrik Solheim)/);
    expect(onCall).toMatch(/Bakvakt \(nivå 2\): (Petter Lindqvist|Amina Warsame|Henrik Solheim)/);
    // The demo roster leaves one night open three days from now.
    expect(await page.getByText('Hull i vaktplanen (ingen vakthavende) de neste 7 dagene').count()).toBe(1);
    const rowsBefore = await rowCount(page);
    expect(rowsBefore).toBeGreaterThan(5);

    const csv = [
      'specialty,person,level,start,end',
      'kardiologi,spes-kardiologi-1,1,2031-01-06T08:00,2031-01-06T15:30',
      'kardiologi,spes-kardiologi-2,1,2031-03-30T02:30,2031-03-30T08:00',
    ].join('\n');
    await page.getByLabel('Velg CSV-fil').setInputFiles({ name: 'vaktplan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Linje 3');
    expect(await alert.textContent()).toContain('finnes ikke');
    await screenshot(page, 'vaktplan-csv-refused');

    // Nothing of the file was saved: 6 January 2031 has no shift.
    const saved = await page.evaluate(async () => {
      const token = JSON.parse(sessionStorage.getItem('samrom.devToken') ?? '{}').token as string;
      const res = await fetch('/api/rosters/kardiologi?from=2031-01-06T00:00&to=2031-01-07T00:00', { headers: { authorization: `Bearer ${token}` } });
      return ((await res.json()) as { shifts: unknown[] }).shifts.length;
    });
    expect(saved).toBe(0);

    // Add a level-3 shift this week through the form.
    await page.getByLabel(/^Lege/).selectOption({ label: 'Henrik Solheim' });
    await page.getByLabel(/^Nivå/).selectOption('3');
    await page.getByRole('button', { name: 'Legg til' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Vaktplanen er lagret.');
    await expect.poll(() => rowCount(page)).toBe(rowsBefore + 1);
    expect(await page.getByRole('table').textContent()).toContain('Overlege (nivå 3)');
    await screenshot(page, 'vaktplan');

    expect(await seriousAxeViolations(page)).toEqual([]);
    // The refused upload's 422 is the only failed request the browser reports.
    expect(logs.errors().filter((e) => !/status of 422 .*\/api\/rosters\/kardiologi\/import/.test(e))).toEqual([]);
  });
});
