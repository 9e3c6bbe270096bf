/**
 * Akuttvideo in Chromium against a real Samrom process (PGlite, the demo directory, real Redis,
 * the LiveKit double): a legevakt doctor fills in vitals (live NEWS2) and rings AMK; two AMK
 * consoles see it ring; one answers; the other console and the doctor see who answered, and
 * the doctor's call connects. Both tabs pass axe-core without serious violations.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SamromProcess } from '../helpers/samrom-process';
import { type SamromWithChromium, startSamromWithChromium } from '../helpers/samrom-with-chromium';
import { screenshot, seriousAxeViolations, signInAs, watchConsole } from '../helpers/tabs';

const LEGEVAKT = { id: 'lv-drammen-1', name: 'Magnus Haugland', organization: 'Drammen interkommunale legevakt' };
const OPERATOR = { id: 'amk-1', name: 'Camilla Fjeld' };
const OTHER_OPERATOR = { id: 'amk-2', name: 'Mohammed Ali Khan' };

let started: SamromWithChromium;
let samrom: SamromProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  started = await startSamromWithChromium({ name: 'akutt', livekit: true });
  ({ samrom, browser } = started);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await started?.stop();
});

async function pageAs(personId: string, path: string): Promise<{ page: Page; logs: ReturnType<typeof watchConsole> }> {
  const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const logs = watchConsole(page);
  await page.goto(`${samrom.baseUrl}${path}`);
  await signInAs(page, personId);
  await page.goto(`${samrom.baseUrl}${path}`);
  return { page, logs };
}

async function axeProblems(page: Page, label: string): Promise<string[]> {
  return (await seriousAxeViolations(page)).map((v) => `${label}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}

describe('akuttvideo in the tabs', () => {
  it('legevakt rings AMK with a live NEWS2; one console answers, the other shows who did, and the call connects', async () => {
    const consoleA = await pageAs(OPERATOR.id, '/app/amk');
    const consoleB = await pageAs(OTHER_OPERATOR.id, '/app/amk');
    for (const c of [consoleA, consoleB]) await expect.poll(() => c.page.getByText('Direkte').count(), { timeout: 15_000 }).toBe(1);

    const doctor = await pageAs(LEGEVAKT.id, '/app/akutt');
    const p = doctor.page;
    await expect.poll(() => p.locator('h1').first().textContent()).toBe('Akuttvideo med AMK');
    await p.getByLabel('Respirasjonsfrekvens (/min)').fill('26');
    await p.getByLabel('SpO₂ (%)').fill('91');
    await p.getByLabel('Systolisk blodtrykk (mmHg)').fill('95');
    await p.getByLabel('Puls (/min)').fill('125');
    await p.getByLabel('Temperatur (°C)').fill('38,5');
    await p.getByLabel('Bevissthet (ACVPU)').selectOption('voice');
    await p.getByLabel('Får oksygen').check();
    await expect.poll(() => p.getByRole('status').first().textContent(), { timeout: 10_000 }).toBe('NEWS2: 16 – høy risiko');
    await p.getByLabel('Rød – akutt').check();
    await p.getByLabel('Situasjon').fill('Brystsmerter, kaldsvett');
    const problems = await axeProblems(p, 'akutt');
    await screenshot(p, 'akutt-skjema');

    await p.getByRole('button', { name: 'Ring AMK' }).click();
    await expect.poll(() => p.url(), { timeout: 10_000 }).toMatch(/\/app\/akutt\/[0-9a-f-]{36}$/);
    await expect.poll(() => p.getByText('Ringer hos AMK').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    // Both consoles ring, with a visible alert naming the clinic.
    for (const c of [consoleA, consoleB]) {
      await expect.poll(() => c.page.getByRole('alert').textContent(), { timeout: 10_000 }).toContain(`Akuttvideo ringer fra ${LEGEVAKT.organization}`);
    }
    problems.push(...(await axeProblems(consoleA.page, 'amk')));
    await screenshot(consoleA.page, 'amk-ringer');

    await consoleA.page.getByRole('button', { name: 'Svar' }).click();
    await expect.poll(() => consoleA.page.getByText('Du svarte. Videorommet er klart.').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => consoleB.page.getByText(`Besvart av ${OPERATOR.name}`).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await consoleB.page.getByRole('button', { name: 'Svar' }).count()).toBe(0);

    // The doctor joins the room by itself once answered: connected, and who answered.
    await expect.poll(() => p.getByText('Tilkoblet').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await p.getByRole('main').textContent()).toContain(`Besvart av ${OPERATOR.name}`);
    expect(await p.getByRole('main').textContent()).toContain('Brystsmerter, kaldsvett');
    problems.push(...(await axeProblems(p, 'akutt-samtale')));
    await screenshot(p, 'akutt-tilkoblet');
    // The operator who answered pulls in kardiologi's on-call specialist (the seeded roster) from the call view.
    await consoleA.page.goto(p.url());
    await expect.poll(() => consoleA.page.getByRole('heading', { name: 'Koble inn en tredjepart' }).count(), { timeout: 10_000 }).toBe(1);
    // The operator who answered is welcome on the call's page, though Akutt is the legevakt's section.
    expect(await consoleA.page.getByText('Denne siden er ikke for rollen din').count()).toBe(0);
    await consoleA.page.getByLabel('Spesialitet').selectOption('kardiologi');
    await consoleA.page.getByRole('button', { name: 'Koble inn vakthavende' }).click();
    // Nobody here has a Teams chat with the bot: the operator is told it failed, and whom to ring — never «varslet».
    await expect.poll(() => consoleA.page.getByTestId('invitees').textContent(), { timeout: 15_000 }).toContain('kunne ikke varsles i Teams');
    expect(await consoleA.page.getByTestId('invitees').textContent()).toMatch(/Ring direkte: \+47\d{8}/);
    expect(await consoleA.page.getByText('varslet i Teams –', { exact: false }).count()).toBe(0);
    problems.push(...(await axeProblems(consoleA.page, 'akutt-koble-inn')));
    await screenshot(consoleA.page, 'akutt-koble-inn');
    // … and sends the ambulance crew a link by SMS: a bad number is refused beside the field; a good one is sent and listed.
    const crewPhone = consoleA.page.getByLabel('Mobilnummer til ambulansen');
    await crewPhone.fill('ring meg');
    await consoleA.page.getByRole('button', { name: 'Send lenke', exact: true }).click();
    await expect.poll(() => consoleA.page.getByText('Telefonnummeret er ugyldig', { exact: false }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await crewPhone.fill('915 00 123');
    await consoleA.page.getByRole('button', { name: 'Send lenke', exact: true }).click();
    await expect.poll(() => consoleA.page.getByText('Lenken er sendt til nummeret som slutter på 123.').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => consoleA.page.getByTestId('crew-links').textContent(), { timeout: 15_000 }).toContain('Nummer som slutter på 123: SMS sendt');
    const outbox = (await (await fetch(`${samrom.baseUrl}/dev/outbox.json`)).json()) as { messages: { channel: string; to: string; text: string }[] };
    const crewSms = outbox.messages.find((m) => m.channel === 'sms' && m.to === '+4791500123');
    expect(crewSms?.text).toMatch(new RegExp(`^AMK ber deg bli med i en videosamtale: ${samrom.baseUrl}/crew/[\\w-]{43} `));
    expect(crewSms?.text).not.toContain('Brystsmerter');
    expect(await consoleA.page.getByRole('button', { name: 'Send lenken på nytt' }).count()).toBe(1);
    problems.push(...(await axeProblems(consoleA.page, 'akutt-ambulanse')));
    await screenshot(consoleA.page, 'akutt-ambulanse');
    // The legevakt doctor sees the crew in the call too (no form, no number beyond the last three digits).
    await expect.poll(() => p.getByTestId('crew-links').textContent(), { timeout: 15_000 }).toContain('Nummer som slutter på 123');
    expect(await p.getByLabel('Mobilnummer til ambulansen').count()).toBe(0);
    problems.push(...(await axeProblems(p, 'akutt-ambulanse-legevakt')));
    // The tab opens the call with the room token; the double speaks no WebRTC, so the honest end is the plain message.
    await expect.poll(() => p.getByText('Vi får ikke kontakt med videoserveren', { exact: false }).count(), { timeout: 25_000 }).toBeGreaterThan(0);

    expect(problems).toEqual([]);
    // Only the failed connection to the double's signalling endpoint, and the refused crew number above, may be logged.
    const unexpected = (c: typeof doctor) =>
      c.logs.errors().filter((e) => !/rtc|websocket|livekit|signal|could not establish|status of 40/i.test(e) && !/status of 422 .*\/crew\)$/.test(e));
    for (const c of [consoleA, consoleB, doctor]) expect(unexpected(c)).toEqual([]);
  });
});
