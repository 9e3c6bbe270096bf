/**
 * The real-client test: Samrom (as `npm start` runs it) behind the Microsoft 365 Agents
 * Playground, a Teams-like client, driven in headless Chromium.
 */
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../server/src/seed/vestre-viken';
import { launchChromium } from '../helpers/chromium';
import { type Playground, cardActionTitles, openPlayground, screenshot, sendMessage, waitForAdaptiveCard } from '../helpers/playground';
import { type SamromInPlayground, startSamromInPlayground } from '../helpers/samrom-in-playground';

const TENANT_ID = '6f1c2a9e-4b3d-4e8f-9a0b-1c2d3e4f5a6b';
// The Playground user is a seeded coordinator, so the bot can tie the chat to a directory person.
const coordinator = DEMO_PEOPLE.find((p) => p.roles.includes('coordinator') && p.aadObjectId)!;

let started: SamromInPlayground;
let playground: Playground;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  started = await startSamromInPlayground({
    name: 'playground',
    identity: {
      tenantId: TENANT_ID,
      currentUser: { id: 'user-coordinator', name: coordinator.name, aadObjectId: coordinator.aadObjectId! },
      personalChatId: 'a:samrom-e2e-personal-chat',
    },
  });
  ({ playground } = started);
  browser = await launchChromium();
  page = await openPlayground(browser, playground.url);
});

afterAll(async () => {
  await browser?.close();
  await started?.stop();
});

describe('Samrom in the Agents Playground', () => {
  it('greets on installation and stores the conversation for the directory person', async () => {
    const welcome = await waitForAdaptiveCard(page, /Welcome to Samrom|Velkommen til Samrom/);
    expect(welcome).toMatch(/help|hjelp/);
    await screenshot(page, 'samrom-welcome');

    const client = new pg.Client({ connectionString: started.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('select person_id, tenant_id, service_url from teams_conversations where conversation_id = $1', [
        'a:samrom-e2e-personal-chat',
      ]);
      expect(rows).toEqual([{ person_id: coordinator.id, tenant_id: TENANT_ID, service_url: playground.serviceUrl }]);
    } finally {
      await client.end();
    }
  });

  it('answers «hjelp» with a card listing what the user can do', async () => {
    await sendMessage(page, 'hjelp');
    const card = await waitForAdaptiveCard(page, /What you can do in Samrom|Dette kan du gjøre i Samrom/);
    for (const command of ['book samtale', 'akutt', 'konferer', 'mine vakter', 'status']) expect(card).toContain(command);
    expect(await cardActionTitles(page, /What you can do in Samrom|Dette kan du gjøre i Samrom/)).toContain('Open Samrom');
    await screenshot(page, 'samrom-help');
  });

  it('answers text it does not understand with the help card, not a dead end', async () => {
    await sendMessage(page, 'hva er klokka?');
    const card = await waitForAdaptiveCard(page, /didn't understand|forstod ikke/);
    expect(card).toContain('konferer');
  });
});
