/**
 * Citizen video from the AMK console, against a real Samrom process (PGlite, the demo directory,
 * real Redis and workers, the development outbox, the LiveKit double): the operator types the
 * caller's number and sends the link; the SMS in /dev/outbox.json opens the citizen page on a
 * phone; after consent and a shared location the console shows the consent and the position; the
 * operator adds a legevakt doctor and ends the session. The console passes axe-core.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SamromProcess } from '../helpers/samrom-process';
import { type SamromWithChromium, startSamromWithChromium } from '../helpers/samrom-with-chromium';
import { tapLink } from '../helpers/link-scanner';
import { screenshot, seriousAxeViolations, signInAs } from '../helpers/tabs';

const POSITION = { latitude: 59.7439, longitude: 10.2045, accuracy: 12 };

let started: SamromWithChromium;
let samrom: SamromProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  started = await startSamromWithChromium({ name: 'citizen', livekit: true, fakeMedia: true });
  ({ samrom, browser } = started);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await started?.stop();
});

async function consoleAs(personId: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${samrom.baseUrl}/app/amk`);
  await signInAs(page, personId);
  await page.goto(`${samrom.baseUrl}/app/amk`);
  return page;
}

describe('citizen video from the AMK console', () => {
  it('the operator sends a link; the caller consents and shares the location; the console shows the consent and the position; a doctor is added; the operator ends it', async () => {
    const console = await consoleAs('amk-1');
    await console.getByLabel('Mobilnummer').fill('919 88 777');
    await console.getByRole('button', { name: 'Send videolenke' }).click();
    await expect.poll(() => console.getByTestId('citizen-status').textContent(), { timeout: 10_000 }).toBe('Lenke sendt');

    // The SMS, as the development outbox shows it.
    let link: string | undefined;
    await expect
      .poll(
        async () => {
          const outbox = (await (await fetch(`${samrom.baseUrl}/dev/outbox.json`)).json()) as { messages: { channel: string; to: string; text: string }[] };
          link = /(http:\/\/\S+\/video\/[\w-]+)/.exec(outbox.messages.find((m) => m.channel === 'sms' && m.to === '+4791988777')?.text ?? '')?.[1];
          return link !== undefined;
        },
        { timeout: 15_000 },
      )
      .toBe(true);

    const phoneContext = await browser.newContext({
      locale: 'nb-NO',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      geolocation: POSITION,
      permissions: ['geolocation'],
    });
    contexts.push(phoneContext);
    const phone = await phoneContext.newPage();
    await tapLink(phone, link!);
    await expect.poll(() => phone.locator('h1').first().textContent()).toBe('AMK ber om å få se video');
    await phone.getByRole('button', { name: 'Del posisjonen min med AMK' }).click();
    await phone.getByRole('button', { name: 'Ja, start kamera og vis video' }).click();

    // The double speaks no WebRTC, so the phone never joins the room: the console says consent, not video.
    await expect.poll(() => console.getByTestId('citizen-status').textContent(), { timeout: 15_000 }).toBe('Innringeren har samtykket');
    await expect.poll(() => console.getByText('59.74390', { exact: true }).count(), { timeout: 10_000 }).toBe(1);
    expect(await console.getByText('10.20450', { exact: true }).count()).toBe(1);
    expect(await console.getByText('12 m', { exact: true }).count()).toBe(1);
    // The list of the centre's open links shows the same session: last three digits, status, position, who sent it.
    const row777 = console.getByTestId('citizen-row-777');
    await expect.poll(() => row777.textContent(), { timeout: 10_000 }).toContain('Samtykke gitt');
    expect(await row777.textContent()).toContain('…777');
    expect(await row777.textContent()).toContain('59.74390, 10.20450 (±12 m)');
    expect(await row777.textContent()).toContain('Deg');
    expect(await console.getByTestId('citizen-list').textContent()).not.toContain('919 88 777');
    await screenshot(console, 'amk-citizen-video');
    expect(await seriousAxeViolations(console)).toEqual([]);

    await console.getByLabel('Legg til lege').selectOption({ label: 'Magnus Haugland – Drammen interkommunale legevakt' });
    await console.getByRole('button', { name: 'Legg til', exact: true }).click();
    await expect.poll(() => console.getByText('Lagt til: Magnus Haugland').count(), { timeout: 10_000 }).toBe(1);

    await console.getByRole('button', { name: 'Avslutt', exact: true }).click();
    await expect.poll(() => console.getByTestId('citizen-status').textContent(), { timeout: 10_000 }).toBe('Avsluttet');
    await expect.poll(() => phone.locator('h1').first().textContent(), { timeout: 15_000 }).toBe('AMK har avsluttet videoen');
    await expect.poll(() => row777.textContent(), { timeout: 10_000 }).toContain('Avsluttet');
  });

  it('the list of open links: a second link shows as sent with the minutes left; «Send på nytt» and «Avslutt» work from the row; «Åpne» opens a session; axe-clean', async () => {
    const console = await consoleAs('amk-1');
    await console.getByLabel('Mobilnummer').fill('919 66 555');
    await console.getByRole('button', { name: 'Send videolenke' }).click();
    const row = console.getByTestId('citizen-row-555');
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Lenke sendt');
    expect(await row.textContent()).toMatch(/1[45] min igjen/);
    expect(await row.textContent()).toContain('ikke delt');
    // The first test's session is still listed (ended less than half an hour ago).
    expect(await console.getByTestId('citizen-row-777').textContent()).toContain('Avsluttet');
    await screenshot(console, 'amk-citizen-list');
    expect(await seriousAxeViolations(console)).toEqual([]);

    const smsTo = async () => {
      const outbox = (await (await fetch(`${samrom.baseUrl}/dev/outbox.json`)).json()) as { messages: { channel: string; to: string }[] };
      return outbox.messages.filter((m) => m.channel === 'sms' && m.to === '+4791966555').length;
    };
    await expect.poll(smsTo, { timeout: 15_000 }).toBe(1);
    await console.getByRole('button', { name: 'Send på nytt …555' }).click();
    await expect.poll(() => console.getByText('Ny lenke er sendt til …555.').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(smsTo, { timeout: 15_000 }).toBe(2);

    await console.getByRole('button', { name: 'Åpne …777' }).click();
    await expect.poll(() => console.getByTestId('citizen-status').textContent(), { timeout: 10_000 }).toBe('Avsluttet');
    await console.getByRole('button', { name: 'Avslutt …555' }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Avsluttet');
    expect(await console.getByRole('button', { name: 'Send på nytt …555' }).count()).toBe(0);
  });
});
