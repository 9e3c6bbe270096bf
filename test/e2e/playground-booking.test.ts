/**
 * Booking from the chat in the real client: Samrom (as `npm start` runs it) behind the
 * Microsoft 365 Agents Playground in headless Chromium. The Playground user is a seeded
 * coordinator; they write «book samtale», fill the Adaptive Card form in the Playground UI,
 * press «Book» and see the confirmation; the consultation is then in PostgreSQL.
 *
 * The Playground sends every activity with locale en-US, so the bot answers in English here.
 */
import pg from 'pg';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../server/src/seed/vestre-viken';
import { launchChromium } from '../helpers/chromium';
import {
  type Playground,
  SELECTORS,
  adaptiveCard,
  clickCardAction,
  openPlayground,
  screenshot,
  sendMessage,
  waitForAdaptiveCard,
  waitForBotText,
} from '../helpers/playground';
import type { SamromProcess } from '../helpers/samrom-process';
import { type SamromInPlayground, startSamromInPlayground } from '../helpers/samrom-in-playground';

const TENANT_ID = '6f1c2a9e-4b3d-4e8f-9a0b-1c2d3e4f5a6b';
const coordinator = DEMO_PEOPLE.find((p) => p.roles.includes('coordinator') && p.aadObjectId)!;
const specialist = DEMO_PEOPLE.find((p) => p.roles.includes('specialist'))!;
const TITLE = 'Samarbeidsmøte etter utskrivning';
const FORM = /Book an interdisciplinary meeting/;

let started: SamromInPlayground;
let samrom: SamromProcess;
let playground: Playground;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  started = await startSamromInPlayground({
    name: 'playground-booking',
    identity: {
      tenantId: TENANT_ID,
      currentUser: { id: 'user-coordinator', name: coordinator.name, aadObjectId: coordinator.aadObjectId! },
      personalChatId: 'a:samrom-e2e-booking-chat',
    },
  });
  ({ samrom, playground } = started);
  browser = await launchChromium();
  page = await openPlayground(browser, playground.url);
});

afterAll(async () => {
  await browser?.close();
  await started?.stop();
});

/**
 * The renderer names each choice by `aria-labelledby` (the set's label and ids that do not all
 * resolve), so Playwright's getByLabel misses them; the choice's own `aria-label` is its title.
 */
const checkbox = (form: Locator, title: string) => form.locator(`input[type="checkbox"][aria-label="${title}"]`);

const outboxSms = async (): Promise<{ to: string; text: string }[]> =>
  ((await (await fetch(`${samrom.baseUrl}/dev/outbox.json`)).json()) as { messages: { channel: string; to: string; text: string }[] }).messages.filter(
    (m) => m.channel === 'sms',
  );

/**
 * Writes «book samtale» and returns the new form card. An earlier form is still in the chat, so
 * this waits for one more form rather than for any form.
 */
async function openForm(): Promise<Locator> {
  const forms = page.locator(`${SELECTORS.botMessage} ${SELECTORS.adaptiveCard}`).filter({ hasText: FORM });
  const before = await forms.count();
  await sendMessage(page, 'book samtale');
  await expect.poll(() => forms.count()).toBe(before + 1);
  return adaptiveCard(page, FORM);
}

async function consultationsInDb(): Promise<{ title: string; created_by: string; roles: string[] }[]> {
  const client = new pg.Client({ connectionString: started.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select c.title, c.created_by, array_agg(p.role order by p.role) as roles
         from consultations c join consultation_participants p on p.consultation_id = c.id group by c.id`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe('booking a consultation from the chat in the Agents Playground', () => {
  it('a coordinator writes «book samtale», fills the card form, presses Book and sees the confirmation; the meeting is in the database', async () => {
    const form = await openForm();
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel("Patient's name").fill('Per Pasient');
    await form.getByLabel("Patient's mobile number").fill('912 34 567');
    await form.getByLabel('Time of day').fill('10:30');
    await checkbox(form, `${specialist.name} (specialist, ${specialist.organization})`).check();
    await form.getByLabel("Relative's name").fill('Randi Pårørende');
    await form.getByLabel("Relative's mobile number").fill('987 65 432');
    await checkbox(form, 'Yes, the patient has consented').check();
    await screenshot(page, 'booking-form-filled');

    await clickCardAction(page, FORM, 'Book');
    const confirmation = await waitForAdaptiveCard(page, /The meeting is booked/);
    expect(confirmation).toMatch(/at 10:30–11:30/);
    expect(confirmation).toContain(`${specialist.name} (specialist)`);
    expect(confirmation).toContain(`${coordinator.name} (coordinator)`);
    expect(confirmation).not.toContain(TITLE);
    await screenshot(page, 'booking-confirmed');

    expect(await consultationsInDb()).toEqual([{ title: TITLE, created_by: coordinator.id, roles: ['coordinator', 'patient', 'relative', 'specialist'] }]);

    // The patient and the consenting relative get their personal join links by SMS (development outbox).
    await expect.poll(async () => (await outboxSms()).map((m) => m.to).sort(), { timeout: 30_000 }).toEqual(['+4791234567', '+4798765432']);
    for (const m of await outboxSms()) {
      expect(m.text).toMatch(/\/join\/[A-Za-z0-9_-]{22,}/);
      expect(m.text).not.toContain(TITLE);
    }
    // The coordinator, a participant with this chat stored, is invited here too. Waiting for it
    // also keeps the next test from clicking while this card re-renders the chat.
    const invitation = await waitForBotText(page, /Invitasjon til videomøte|Invitation to a video meeting/, 30_000);
    expect(invitation).not.toContain(TITLE);
  });

  it('the same form without the patient’s consent for the relative is refused with the consent message, and nothing more is saved', async () => {
    const form = await openForm();
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel("Patient's name").fill('Pål Pasient');
    await form.getByLabel("Patient's mobile number").fill('912 34 568');
    await form.getByLabel('Time of day').fill('14:00');
    await checkbox(form, `${specialist.name} (specialist, ${specialist.organization})`).check();
    await form.getByLabel("Relative's name").fill('Rolf Pårørende');
    await form.getByLabel("Relative's mobile number").fill('987 65 433');
    await clickCardAction(page, FORM, 'Book');
    const refusal = await waitForAdaptiveCard(page, /The meeting was not booked/);
    expect(refusal).toContain('The patient must consent before a relative can take part');
    expect(await consultationsInDb()).toHaveLength(1);
  });
});
