/**
 * Proves the real-client harness: a minimal botbuilder bot (auth off) behind the Microsoft 365
 * Agents Playground, driven through the Playground's web UI in headless Chromium.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, type Activity } from 'botbuilder';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import {
  cardActionTitles,
  clickCardAction,
  openPlayground,
  screenshot,
  sendMessage,
  startPlayground,
  waitForAdaptiveCard,
  waitForBotText,
  type Playground,
} from '../helpers/playground';

const TENANT_ID = '11111111-2222-3333-4444-555555555555';
const USER_AAD_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const CONVERSATION_ID = 'a:harness-personal-chat';

interface TestBot {
  readonly url: string;
  readonly received: Partial<Activity>[];
  close(): Promise<void>;
}

async function startTestBot(): Promise<TestBot> {
  // No MicrosoftAppId => inbound auth off and replies go to serviceUrl without a token.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context, error) => {
    console.error('test bot turn error', error);
    await context.sendActivity('turn error');
  };
  const bot = new ActivityHandler();
  bot.onMembersAdded(async (context, next) => {
    for (const member of context.activity.membersAdded ?? []) {
      if (member.id !== context.activity.recipient.id) {
        // conversationUpdate carries only from.id/aadObjectId, no display name.
        await context.sendActivity('Welcome to the harness bot!');
      }
    }
    await next();
  });
  bot.onInstallationUpdateAdd(async (context, next) => {
    await context.sendActivity('Thanks for installing the harness bot.');
    await next();
  });
  bot.onMessage(async (context, next) => {
    const { text, value } = context.activity;
    if (value !== undefined) {
      await context.sendActivity(`Submitted: ${JSON.stringify(value)}`);
    } else if (/card/i.test(text ?? '')) {
      await context.sendActivity(
        MessageFactory.attachment(
          CardFactory.adaptiveCard({
            type: 'AdaptiveCard',
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            version: '1.5',
            body: [
              { type: 'TextBlock', text: 'Harness card', weight: 'Bolder', size: 'Medium' },
              { type: 'TextBlock', text: 'Rendered by the Agents Playground.', wrap: true },
            ],
            actions: [
              { type: 'Action.Submit', title: 'Confirm', data: { choice: 'confirm' } },
              { type: 'Action.OpenUrl', title: 'Read more', url: 'https://example.com/' },
            ],
          }),
        ),
      );
    } else {
      await context.sendActivity(`Echo to ${context.activity.from.name ?? '?'}: ${text ?? ''}`);
    }
    await next();
  });

  const received: Partial<Activity>[] = [];
  const app = express();
  app.use(express.json());
  app.post('/api/messages', async (req, res) => {
    received.push(req.body as Partial<Activity>);
    await adapter.process(req, res, (context) => bot.run(context));
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

describe('Agents Playground harness', () => {
  let bot: TestBot;
  let playground: Playground;
  let browser: Browser;
  let page: Page | undefined;

  beforeAll(async () => {
    bot = await startTestBot();
    [playground, browser] = await Promise.all([
      startPlayground({
        botEndpoint: `${bot.url}/api/messages`,
        identity: {
          tenantId: TENANT_ID,
          currentUser: { name: 'Kari Nordmann', aadObjectId: USER_AAD_ID },
          personalChatId: CONVERSATION_ID,
        },
      }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await playground?.stop();
    await bot?.close();
  });

  it('shows the greeting, a card reply and a card submit through the real client', async () => {
    page = await openPlayground(browser, playground.url);
    try {
      expect(await waitForBotText(page, 'Welcome to the harness bot!')).toBe('Welcome to the harness bot!');
      await waitForBotText(page, 'Thanks for installing the harness bot.');

      const update = bot.received.find((a) => a.type === 'conversationUpdate');
      expect(update).toMatchObject({
        channelId: 'msteams',
        serviceUrl: playground.serviceUrl,
        from: { aadObjectId: USER_AAD_ID },
        conversation: { id: CONVERSATION_ID, conversationType: 'personal', tenantId: TENANT_ID },
        channelData: { tenant: { id: TENANT_ID } },
      });
      expect(bot.received.some((a) => a.type === 'installationUpdate' && a.action === 'add')).toBe(true);

      await sendMessage(page, 'hello there');
      await waitForBotText(page, 'Echo to Kari Nordmann: hello there');

      await sendMessage(page, 'show me a card');
      const cardText = await waitForAdaptiveCard(page, 'Harness card');
      expect(cardText).toContain('Rendered by the Agents Playground.');
      expect(await cardActionTitles(page, 'Harness card')).toEqual(['Confirm', 'Read more']);
      await screenshot(page, 'harness-card');

      await clickCardAction(page, 'Harness card', 'Confirm');
      await waitForBotText(page, 'Submitted: {"choice":"confirm"}');
      await screenshot(page, 'harness-final');
    } catch (err) {
      await screenshot(page, 'harness-failure').catch(() => undefined);
      console.error(await playground.logs());
      throw err;
    }
  });
});
