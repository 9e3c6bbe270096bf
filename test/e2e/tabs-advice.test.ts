/**
 * Konfereringskø in Chromium against a real Samrom process with the demo directory and its
 * kardiologi roster: a GP asks for advice, sees the place in the queue and the estimate;
 * the rung on-call cardiologist answers (through the API); the GP's view turns connected
 * with «Bli med»; the cardiologist writes the advice note and the GP reads it. The
 * cardiologist's queue opens on their own specialty, never says «Du er …» to them, and answers
 * with «Svar» in the row; the GP's «Mine forespørsler» lists their requests with the advice
 * note. axe-core finds no serious or critical problems.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdviceRequestDto } from '../../server/src/contracts/advice';
import type { SamromProcess } from '../helpers/samrom-process';
import { type SamromWithChromium, startSamromWithChromium } from '../helpers/samrom-with-chromium';
import { screenshot, seriousAxeViolations, signInAs, watchConsole } from '../helpers/tabs';

/** A demo GP (Fastlegene i Lier). */
const GP = 'gp-lier-1';
const CARDIOLOGISTS = ['spes-kardiologi-1', 'spes-kardiologi-2', 'spes-kardiologi-3'];
const QUESTION = 'Brystsmerter i to timer, ST-senkning i V5-V6';
const ADVICE = 'Send inn akutt som NSTEMI, gi ASA 300 mg';

let started: SamromWithChromium;
let samrom: SamromProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  started = await startSamromWithChromium({ name: 'advice' });
  ({ samrom, browser } = started);
  context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await context?.close();
  await started?.stop();
});

async function tokenOf(personId: string): Promise<string> {
  const res = await fetch(`${samrom.baseUrl}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function call<T>(token: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${samrom.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as T };
}

describe('the Konfereringskø tab', () => {
  it('a GP asks kardiologi, sees position and estimate, is connected when the on-call cardiologist answers, and reads the advice', async () => {
    const page = await context.newPage();
    const logs = watchConsole(page);
    await page.goto(`${samrom.baseUrl}/app/`);
    await signInAs(page, GP);
    await page.goto(`${samrom.baseUrl}/app/konferer`);
    await page.getByRole('heading', { level: 2, name: 'Be om råd' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('Fagområde').selectOption('kardiologi');
    await page.getByRole('radio', { name: 'Haster' }).check();
    await page.getByLabel('Situasjon').fill(QUESTION);
    await page.getByRole('button', { name: 'Send forespørsel' }).click();

    await page.waitForURL(/\/app\/konferer\/[0-9a-f-]{36}$/);
    const id = /\/app\/konferer\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await page.getByText('Oppdateres automatisk.').first().waitFor();
    await expect.poll(() => page.getByText('Du er neste i køen').count()).toBe(1);
    expect(await page.getByText(/Anslått ventetid: (under ett minutt|ca\. \d+ min)/).count()).toBe(1);
    expect(await page.getByText(QUESTION).count()).toBe(1);
    await screenshot(page, 'konferer-venter');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The worker rings level 1 of the demo roster; whoever it rang answers.
    const gpToken = await tokenOf(GP);
    let rung: string | undefined;
    await expect
      .poll(
        async () => {
          const { body } = await call<AdviceRequestDto>(gpToken, 'GET', `/api/advice-requests/${id}`);
          rung = body.attempts.find((a) => a.kind === 'ring')?.personId;
          return rung;
        },
        { timeout: 20_000 },
      )
      .toBeDefined();
    expect(CARDIOLOGISTS).toContain(rung);
    // The ring shows in the GP's view with the level.
    await expect.poll(() => page.getByTestId('advice-attempts').textContent(), { timeout: 10_000 }).toContain('vakthavende (nivå 1)');

    const specialist = await tokenOf(rung!);
    const accepted = await call<{ request: AdviceRequestDto }>(specialist, 'POST', `/api/advice-requests/${id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.request.status).toBe('connected');

    await page.getByRole('heading', { level: 2, name: 'Tilkoblet' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Bli med' }).waitFor();
    expect(await page.getByRole('button', { name: 'Trekk forespørselen' }).count()).toBe(0);
    await screenshot(page, 'konferer-tilkoblet');
    expect(await seriousAxeViolations(page)).toEqual([]);

    const completed = await call<AdviceRequestDto>(specialist, 'POST', `/api/advice-requests/${id}/complete`, {
      advice: { identification: '', situation: '', background: '', assessment: 'Ustabil angina / NSTEMI', recommendation: ADVICE },
    });
    expect(completed.status).toBe(200);

    await page.getByRole('heading', { level: 2, name: 'Rådet (ISBAR)' }).waitFor({ timeout: 10_000 });
    expect(await page.getByText(ADVICE).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 2, name: 'Fullført' }).count()).toBe(1);
    await screenshot(page, 'konferer-raad');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(logs.errors()).toEqual([]);
  });

  it('the on-call cardiologist sees the queue without ISBAR, on call and figures, answers with «Svar» and writes the advice note', async () => {
    const gpToken = await tokenOf(GP);
    const asked = await call<{ id: string }>(gpToken, 'POST', '/api/advice-requests', {
      specialty: 'kardiologi',
      priority: 'akutt',
      isbar: { situation: QUESTION },
    });
    expect(asked.status).toBe(201);
    const id = asked.body.id;
    let rung: string | undefined;
    await expect
      .poll(
        async () => {
          const { body } = await call<AdviceRequestDto>(gpToken, 'GET', `/api/advice-requests/${id}`);
          rung = body.attempts.find((a) => a.kind === 'ring')?.personId;
          return rung;
        },
        { timeout: 20_000 },
      )
      .toBeDefined();

    const specialistContext = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
    try {
      const page = await specialistContext.newPage();
      const logs = watchConsole(page);
      await page.goto(`${samrom.baseUrl}/app/`);
      await signInAs(page, rung!);
      // The tab opens on the specialist's own specialty (from /api/me) without `?fag=`.
      await page.goto(`${samrom.baseUrl}/app/konferer`);
      await page.getByRole('heading', { level: 2, name: 'Venter nå' }).waitFor();
      const table = page.getByRole('table', { name: 'Venter nå' });
      await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('Ingeborg Aasen');
      const row = await table.getByRole('row').nth(1).textContent();
      expect(row).toContain('Akutt');
      expect(row).toContain('Fastlegene i Lier');
      expect(await page.getByText(QUESTION).count()).toBe(0);
      expect(await page.getByRole('heading', { level: 2, name: 'På vakt nå' }).count()).toBe(1);
      expect(await page.getByText(/Vakthavende \(nivå 1\): (Petter Lindqvist|Amina Warsame|Henrik Solheim)/).count()).toBe(1);
      // The first test's request and this one were made in the last 24 hours.
      await expect.poll(() => page.getByTestId('advice-stats').textContent()).toContain('Forespørsler: 2');
      await screenshot(page, 'konferer-ko');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // H-AD-04: the specialist opening the waiting request reads its place, never the requester's «Du er …».
      await table.getByRole('link', { name: 'Ingeborg Aasen' }).click();
      await page.waitForURL(new RegExp(`/app/konferer/${id}$`));
      await page.getByText('Først i køen').waitFor({ timeout: 10_000 });
      expect(await page.getByText(/Du er/).count()).toBe(0);

      // «Svar» in the queue's row answers and opens the request.
      await page.goto(`${samrom.baseUrl}/app/konferer`);
      await table.getByRole('button', { name: 'Svar Ingeborg Aasen' }).click();
      await page.waitForURL(new RegExp(`/app/konferer/${id}$`));
      await page.getByRole('heading', { level: 2, name: 'Tilkoblet' }).waitFor({ timeout: 10_000 });
      await page.getByRole('heading', { level: 2, name: 'Skriv rådet (ISBAR)' }).waitFor();
      await page.getByRole('button', { name: 'Bli med' }).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByLabel('Anbefaling / spørsmål').fill(ADVICE);
      await page.getByRole('button', { name: 'Lagre rådet og avslutt' }).click();
      await page.getByRole('heading', { level: 2, name: 'Fullført' }).waitFor({ timeout: 10_000 });
      expect(await page.getByText(ADVICE).count()).toBe(1);
      expect(logs.errors()).toEqual([]);
    } finally {
      await specialistContext.close();
    }
    const seen = await call<AdviceRequestDto>(gpToken, 'GET', `/api/advice-requests/${id}`);
    expect(seen.body).toMatchObject({ status: 'completed', advice: { recommendation: ADVICE } });
  });

  it('the GP withdraws a waiting request after confirming, and the view says so', async () => {
    const page = await context.newPage();
    const logs = watchConsole(page);
    await page.goto(`${samrom.baseUrl}/app/`);
    await signInAs(page, GP);
    await page.goto(`${samrom.baseUrl}/app/konferer?fag=kardiologi`);
    await page.getByRole('heading', { level: 2, name: 'Be om råd' }).waitFor();
    // The channel tab's specialty is chosen for a GP already.
    expect(await page.getByLabel('Fagområde').inputValue()).toBe('kardiologi');
    await page.getByLabel('Identifikasjon').fill('Kvinne 80 år');
    await page.getByRole('button', { name: 'Send forespørsel' }).click();
    await page.waitForURL(/\/app\/konferer\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Trekk forespørselen' }).click();
    await page.getByText('Vil du trekke forespørselen?').waitFor();
    await page.getByRole('button', { name: 'Avbryt' }).click();
    expect(await page.getByText('Vil du trekke forespørselen?').count()).toBe(0);
    await page.getByRole('button', { name: 'Trekk forespørselen' }).click();
    await page.getByRole('button', { name: 'Ja, trekk den' }).click();
    await page.getByRole('heading', { level: 2, name: 'Trukket' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Trekk forespørselen' }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(logs.errors()).toEqual([]);
  });

  it('the GP’s «Mine forespørsler» lists their requests with the specialty’s name, priority, status, who answered and the advice note', async () => {
    const page = await context.newPage();
    const logs = watchConsole(page);
    await page.goto(`${samrom.baseUrl}/app/`);
    await signInAs(page, GP);
    await page.goto(`${samrom.baseUrl}/app/konferer`);
    const table = page.getByRole('table', { name: 'Mine forespørsler' });
    await table.waitFor();
    // The three requests of the tests above: two answered with the advice note, one withdrawn.
    expect(await table.getByRole('row').count()).toBe(4);
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('Kardiologi');
    expect(text).not.toContain('kardiologi');
    expect(text).toContain('Akutt');
    expect(text).toContain('Haster');
    expect(text).toContain('Fullført');
    expect(text).toContain('Trukket');
    expect(text).toContain(ADVICE);
    expect(text).toMatch(/Petter Lindqvist|Amina Warsame|Henrik Solheim/);
    await screenshot(page, 'konferer-mine');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(logs.errors()).toEqual([]);
  });
});
