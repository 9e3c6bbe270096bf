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

/** Types in the people picker and chooses the suggestion; the person then shows as a chip. */
async function pickPerson(page: Page, query: string, name: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Book samtale' });
  const search = form.getByRole('combobox', { name: 'Søk etter navn, rolle eller organisasjon' });
  await search.click();
  await search.pressSequentially(query);
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
  await form.getByRole('listbox', { name: 'Valgte personer' }).getByText(name).waitFor();
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
    await pickPerson(page, 'petter', SPECIALIST.name);
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

  it('the form offers the chosen people’s common free times; on a clash it names who is busy and offers the next free times to pick', async () => {
    const page = await context.newPage();
    const logs = watchConsole(page);
    await page.goto(`${samrom.baseUrl}/app/samtaler`);
    await signInAs(page, COORDINATOR.id);
    const form = page.getByRole('form', { name: 'Book samtale' });
    await page.getByRole('button', { name: 'Book samtale' }).click();
    await form.getByLabel('Tittel').fill('Felles tid');
    await form.getByLabel('Pasientens navn').fill('Åse Pasient');
    await form.getByRole('group', { name: 'Pasient' }).getByLabel('Mobilnummer').fill('912 00 001');
    await form.getByRole('checkbox', { name: 'Pasienten deltar i samtalen' }).uncheck();
    await pickPerson(page, 'lindqvist kardio', SPECIALIST.name);

    // The next times the booker and the specialist are both free, from the availability API.
    const common = form.getByRole('list', { name: 'Felles ledige tider' });
    const first = common.getByRole('button').first();
    await first.waitFor();
    expect(await common.getByRole('button').count()).toBe(5);
    const firstLabel = (await first.getAttribute('aria-label')) ?? '';
    const [, hour, minute] = /kl\. (\d\d):(\d\d)–/.exec(firstLabel) ?? [];
    await first.click();
    expect(await first.getAttribute('aria-pressed')).toBe('true');
    expect(await form.getByLabel('Klokkeslett').inputValue()).toBe(`${hour}:${minute}`);
    const bookedDate = await form.getByLabel('Dato').inputValue();
    await expectAccessible(page, 'form with common free times');
    await form.getByRole('button', { name: 'Book samtalen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Felles tid' }).waitFor();

    // The same time again: 409 names the busy people and offers the next free times.
    await page.goto(`${samrom.baseUrl}/app/samtaler`);
    await page.getByRole('button', { name: 'Book samtale' }).click();
    await form.getByLabel('Tittel').fill('Kollisjon');
    await form.getByLabel('Pasientens navn').fill('Åse Pasient');
    await form.getByRole('group', { name: 'Pasient' }).getByLabel('Mobilnummer').fill('912 00 001');
    await pickPerson(page, 'petter', SPECIALIST.name);
    await form.getByRole('list', { name: 'Felles ledige tider' }).getByRole('button').first().waitFor();
    // The booked time is no longer offered.
    expect(await form.getByRole('list', { name: 'Felles ledige tider' }).getByRole('button', { name: firstLabel }).count()).toBe(0);
    await form.getByLabel('Dato').fill(bookedDate);
    await form.getByLabel('Klokkeslett').fill(`${hour}:${minute}`);
    await form.getByRole('button', { name: 'Book samtalen' }).click();
    const clash = form.getByText('Noen er opptatt på dette tidspunktet');
    await clash.waitFor();
    const help = await form.locator('.fui-MessageBar', { hasText: 'Noen er opptatt' }).textContent();
    expect(help).toContain(`${SPECIALIST.name} (spesialist)`);
    expect(help).toContain(`${COORDINATOR.name} (koordinator)`);
    expect(help).not.toContain('Felles tid');
    const next = form.getByRole('list', { name: 'Neste tider alle er ledige:' }).getByRole('button');
    expect(await next.count()).toBe(3);
    await screenshot(page, 'samtaler-book-kollisjon');
    await expectAccessible(page, 'form with a clash');

    const nextLabel = (await next.first().getAttribute('aria-label')) ?? '';
    const [, nextHour, nextMinute] = /kl\. (\d\d):(\d\d)–/.exec(nextLabel) ?? [];
    await next.first().click();
    expect(await form.getByLabel('Klokkeslett').inputValue()).toBe(`${nextHour}:${nextMinute}`);
    await form.getByRole('button', { name: 'Book samtalen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Kollisjon' }).waitFor();

    const unexpected = logs.errors().filter((e) => !/status of 409 \(Conflict\) \(http:\/\/localhost:\d+\/api\/consultations\)$/.test(e));
    expect(unexpected).toEqual([]);
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
