/**
 * The Samtaler tab in Chromium against a real Samrom process (development: embedded PGlite,
 * the demo directory, the development sign-in): a coordinator books a meeting with a patient
 * and a relative, is told when the relative lacks the patient's consent, sees the meeting in
 * the list and the calendar, opens it and cancels it. axe-core on every state.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SamromProcess } from '../helpers/samrom-process';
import { type SamromWithChromium, startSamromWithChromium } from '../helpers/samrom-with-chromium';
import { screenshot, seriousAxeViolations, signInAs, watchConsole } from '../helpers/tabs';

const COORDINATOR = { id: 'ke-drammen-1', name: 'Marte Solberg' };
const SPECIALIST = { id: 'spes-kardiologi-1', name: 'Petter Lindqvist' };
const TITLE = 'Samarbeidsmøte om hjemmebasert oppfølging';

let started: SamromWithChromium;
let samrom: SamromProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  started = await startSamromWithChromium({ name: 'tabs-consultations' });
  ({ samrom, browser } = started);
  context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await context?.close();
  await started?.stop();
});

const heading = (page: Page) => page.locator('h1').first();

type OutboxMessage = { channel: string; to: string; text: string };
const outbox = async (): Promise<OutboxMessage[]> =>
  ((await (await fetch(`${samrom.baseUrl}/dev/outbox.json`)).json()) as { messages: OutboxMessage[] }).messages;
const smsTo = (messages: readonly OutboxMessage[]) => messages.filter((m) => m.channel === 'sms').map((m) => m.to);

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations.map((v) => `${where}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`)).toEqual([]);
}

describe('the Samtaler tab', () => {
  it('a coordinator books with a patient and a relative (refused until the patient has consented), sees it in the list and calendar, opens it, moves it and cancels it', async () => {
    const page = await context.newPage();
    const logs = watchConsole(page);
    await page.goto(`${samrom.baseUrl}/app/samtaler`);
    await signInAs(page, COORDINATOR.id);
    await expect.poll(() => heading(page).textContent()).toBe('Mine samtaler');
    await page.getByText('Ingen kommende samtaler').waitFor();

    await page.getByRole('button', { name: 'Book samtale' }).click();
    const form = page.getByRole('form', { name: 'Book samtale' });
    await form.getByLabel('Tittel').fill(TITLE);
    await form.getByLabel('Pasientens navn').fill('Per Pasient');
    await form.getByRole('group', { name: 'Pasient' }).getByLabel('Mobilnummer').fill('912 34 567');
    await form.getByLabel('Klokkeslett').fill('10:00');
    await form.getByLabel('Varighet').selectOption('45');
    await form.getByRole('searchbox', { name: 'Søk etter navn, rolle eller organisasjon' }).fill('petter');
    await form.getByRole('checkbox', { name: new RegExp(`^${SPECIALIST.name} \\(spesialist, `) }).check();
    await form.getByRole('button', { name: 'Legg til pårørende' }).click();
    const relative = form.getByRole('group', { name: 'Pårørende 1' });
    await relative.getByLabel('Navn').fill('Randi Pårørende');
    await relative.getByLabel('Mobilnummer').fill('987 65 432');

    await form.getByRole('button', { name: 'Book samtalen' }).click();
    await page.getByText('Samtalen ble ikke lagret').waitFor();
    // The core's message, next to that relative's consent box.
    expect(await relative.textContent()).toContain('Pasienten må samtykke før pårørende kan delta');
    await screenshot(page, 'samtaler-book-uten-samtykke');
    await expectAccessible(page, 'form with errors');

    await relative.getByRole('checkbox', { name: 'Pasienten har samtykket til at denne pårørende deltar' }).check();
    await form.getByRole('button', { name: 'Book samtalen' }).click();
    await page.getByRole('heading', { level: 2, name: TITLE }).waitFor();
    expect(page.url()).toMatch(/\/app\/samtaler\/[0-9a-f-]{36}$/);
    const detail = await page.getByRole('main').textContent();
    expect(detail).toMatch(/kl\. 10:00–10:45/);
    expect(detail).toContain('Per Pasient (pasient)');
    expect(detail).toContain('Randi Pårørende (pårørende), samtykke gitt');
    expect(detail).toContain(`${SPECIALIST.name} (spesialist)`);
    // The booker was preselected, as in the bot's form.
    expect(detail).toContain(`${COORDINATOR.name} (koordinator)`);
    expect(detail).toContain('Påminnelser');
    expect(detail).not.toContain('91234567');
    await screenshot(page, 'samtale-booket');

    // The patient and the consenting relative get personal join links (development outbox), without the title.
    await expect.poll(async () => smsTo(await outbox()), { timeout: 30_000 }).toEqual(expect.arrayContaining(['+4791234567', '+4798765432']));
    for (const m of await outbox()) expect(m.text).not.toContain(TITLE);
    expect((await outbox()).filter((m) => m.channel === 'sms').every((m) => /\/join\/[A-Za-z0-9_-]{22,}/.test(m.text))).toBe(true);
    await expectAccessible(page, 'detail');
    const detailUrl = page.url();

    await page.goto(`${samrom.baseUrl}/app/samtaler`);
    const item = page.getByRole('list', { name: 'Kommende samtaler' }).getByRole('listitem').filter({ hasText: TITLE });
    await item.waitFor();
    expect(await item.textContent()).toContain(`${SPECIALIST.name} (spesialist)`);
    await screenshot(page, 'samtaler-liste');
    await expectAccessible(page, 'list');

    await page.goto(`${samrom.baseUrl}/app/samtaler?visning=kalender`);
    await expect.poll(() => heading(page).textContent()).toBe('Koordinators kalender');
    await page.getByRole('button', { name: 'Dag', exact: true }).click();
    await page.getByRole('button', { name: 'Neste' }).click();
    const meeting = page.locator('li[data-consultation-id]').filter({ hasText: TITLE });
    await meeting.waitFor();
    expect(await meeting.textContent()).toContain('10:00–10:45');
    await page.getByRole('button', { name: 'Uke', exact: true }).click();
    await page.locator('li[data-consultation-id]').filter({ hasText: TITLE }).waitFor();
    await screenshot(page, 'samtaler-kalender');
    await expectAccessible(page, 'calendar');

    await page.locator('li[data-consultation-id]').filter({ hasText: TITLE }).getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 2, name: TITLE }).waitFor();
    expect(page.url()).toBe(detailUrl);

    // Moved an hour later through PATCH; the form keeps the patient and participants.
    await page.getByRole('button', { name: 'Endre', exact: true }).click();
    const edit = page.getByRole('form', { name: 'Endre samtale' });
    await edit.getByLabel('Klokkeslett').fill('11:00');
    await expectAccessible(page, 'edit form');
    await edit.getByRole('button', { name: 'Lagre endringene' }).click();
    await page.getByText('Endringene er lagret. Deltakerne får beskjed.').waitFor();
    await expect.poll(() => page.getByRole('main').textContent()).toMatch(/kl\. 11:00–11:45/);
    expect(await page.getByRole('main').textContent()).toContain('Randi Pårørende (pårørende), samtykke gitt');

    await page.getByRole('button', { name: 'Avlys samtalen' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Avlyse samtalen?' });
    await dialog.waitFor();
    await expectAccessible(page, 'cancel dialog');
    await dialog.getByRole('button', { name: 'Ja, avlys' }).click();
    await page.getByText('Samtalen er avlyst. Deltakerne får beskjed.').waitFor();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Avlyst');
    expect(await page.getByRole('button', { name: 'Avlys samtalen' }).count()).toBe(0);
    await screenshot(page, 'samtale-avlyst');

    // Chromium logs every 4xx response as a console error; the one refusal above is expected.
    const unexpected = logs.errors().filter((e) => !/status of 422 \(Unprocessable Entity\) \(http:\/\/localhost:\d+\/api\/consultations\)$/.test(e));
    expect(unexpected).toEqual([]);
    expect(logs.errors()).toHaveLength(1);
  });

  it('an unknown meeting id says so without asking the server, with the way back', async () => {
    const page = await context.newPage();
    await page.goto(`${samrom.baseUrl}/app/samtaler/abc`);
    await signInAs(page, COORDINATOR.id);
    await expect.poll(() => heading(page).textContent()).toBe('Samtale');
    expect(await page.getByRole('main').textContent()).toContain('«abc»');
    expect(await page.getByRole('link', { name: 'Til Mine samtaler' }).first().getAttribute('href')).toBe('/app/samtaler');
  });
});
