/**
 * Bot Framework authentication on /api/messages, with the OpenID metadata pointed at a local
 * key server. A refused request answers 401 and the bot never runs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TurnContext } from 'botbuilder';
import { createBotAdapter, type BotConfig } from '../../bot/adapter';
import { SamromBot } from '../../bot/samrom-bot';
import { messageActivity, startBotApp, TENANT_ID, type BotApp } from '../helpers/bot-app';
import { startFakeConnector, type FakeConnector } from '../helpers/bot-connector';
import { seedOutboundBotToken, startBotKeyServer, type BotKeyServer, type ChannelTokenOptions } from '../helpers/bot-keys';
import { MemoryConversationStore, MemoryDirectory, RecordingLogger } from '../helpers/bot-memory';

const APP_ID = '0b7c2a4e-5f3d-4a61-9d0e-7f1a2b3c4d5e';
const OUTBOUND_TOKEN = 'outbound-token-from-entra';

class CountingBot extends SamromBot {
  runs = 0;
  override async run(context: TurnContext): Promise<void> {
    this.runs += 1;
    await super.run(context);
  }
}

let keys: BotKeyServer;
let connector: FakeConnector;
let app: BotApp;
let bot: CountingBot;
let logger: RecordingLogger;

beforeAll(async () => {
  keys = await startBotKeyServer();
  connector = await startFakeConnector();
  logger = new RecordingLogger();
  const config: BotConfig = {
    appId: APP_ID,
    appPassword: 'test-password',
    tenantId: TENANT_ID,
    appType: 'SingleTenant',
    openIdMetadataUrl: keys.metadataUrl,
  };
  bot = new CountingBot({
    conversations: new MemoryConversationStore(),
    directory: new MemoryDirectory(),
    logger,
    publicBaseUrl: 'https://samrom.test',
  });
  app = await startBotApp(createBotAdapter(config, logger), bot, logger);
  seedOutboundBotToken(APP_ID, OUTBOUND_TOKEN);
});

afterAll(async () => {
  await app?.close();
  await connector?.close();
  await keys?.close();
});

beforeEach(() => {
  bot.runs = 0;
  connector.requests.length = 0;
});

const activity = () => messageActivity('hjelp', { serviceUrl: connector.url, botId: `28:${APP_ID}` });
const token = (overrides: Partial<ChannelTokenOptions> = {}) => keys.sign({ audience: APP_ID, serviceUrl: connector.url, ...overrides });

describe('bot authentication', () => {
  it('a valid channel token is accepted, the bot runs, and its reply carries the bot token', async () => {
    const res = await app.post(activity(), `Bearer ${await token()}`);

    expect(res.status).toBe(200);
    expect(bot.runs).toBe(1);
    expect(keys.requests).toEqual(expect.arrayContaining(['/.well-known/openid-configuration', '/keys']));
    expect(connector.requests).toHaveLength(1);
    expect(connector.requests[0]?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
  });

  const refused: Array<[string, () => Promise<string | undefined>]> = [
    ['no Authorization header', async () => undefined],
    ['a signature from a key the server never published', async () => `Bearer ${await token({ forged: true })}`],
    ['another audience', async () => `Bearer ${await token({ audience: 'some-other-bot' })}`],
    ['another issuer', async () => `Bearer ${await token({ issuer: 'https://evil.example' })}`],
    ['an expired token (beyond the 5 minute clock skew)', async () => `Bearer ${await token({ expiresInSeconds: -15 * 60 })}`],
    ['a serviceurl claim that differs from the activity', async () => `Bearer ${await token({ serviceUrl: 'https://smba.evil.example/' })}`],
    ['a token that is not a JWT', async () => 'Bearer not-a-jwt'],
  ];

  it.each(refused)('%s → 401 and the bot never runs', async (_name, authorization) => {
    const res = await app.post(activity(), await authorization());

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'Unauthorized.' } });
    expect(bot.runs).toBe(0);
    expect(connector.requests).toHaveLength(0);
  });

  it('logs refusals without the token', async () => {
    const forged = await token({ forged: true });
    await app.post(activity(), `Bearer ${forged}`);

    expect(logger.events()).toContain('bot.unauthorized');
    expect(logger.text()).not.toContain(forged);
  });
});
