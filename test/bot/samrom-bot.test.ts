/**
 * The bot over the real Bot Framework HTTP protocol (authentication off, as in development):
 * activities are POSTed to /api/messages, replies land on a local fake Bot Connector.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotAdapter } from '../../bot/adapter';
import { SamromBot } from '../../bot/samrom-bot';
import { botAddedUpdate, installationUpdate, messageActivity, startBotApp, TENANT_ID, type BotApp } from '../helpers/bot-app';
import { startFakeConnector, type ConnectorRequest, type FakeConnector } from '../helpers/bot-connector';
import { MemoryConversationStore, MemoryDirectory, RecordingLogger } from '../helpers/bot-memory';

const PUBLIC_BASE_URL = 'https://samrom.test';
const AUTH_OFF = { appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'SingleTenant', openIdMetadataUrl: undefined } as const;

let connector: FakeConnector;
let app: BotApp;
let conversations: MemoryConversationStore;
let logger: RecordingLogger;

beforeEach(async () => {
  connector = await startFakeConnector();
  conversations = new MemoryConversationStore();
  logger = new RecordingLogger();
  const directory = new MemoryDirectory([{ id: 'person-kari', name: 'Kari Nordmann', roles: ['gp'], organization: 'Legekontoret', aadObjectId: 'aad-kari' }]);
  const bot = new SamromBot({ conversations, directory, logger, publicBaseUrl: PUBLIC_BASE_URL });
  app = await startBotApp(createBotAdapter(AUTH_OFF, logger), bot, logger);
});

afterEach(async () => {
  await app.close();
  await connector.close();
});

function cardOf(request: ConnectorRequest | undefined): Record<string, unknown> {
  const attachments = request?.body.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  expect(attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachments![0]!.content;
}

function factTitles(card: Record<string, unknown>): string[] {
  const factSet = (card.body as Array<{ type: string; facts?: Array<{ title: string }> }>).find((b) => b.type === 'FactSet');
  return factSet?.facts?.map((f) => f.title) ?? [];
}

const HELP_COMMANDS = ['book samtale', 'akutt', 'konferer', 'mine vakter', 'status'];

describe('Samrom bot over the Bot Framework protocol', () => {
  it('installation stores the conversation reference and greets in Norwegian', async () => {
    const res = await app.post(installationUpdate({ serviceUrl: connector.url }));

    expect(res.status).toBe(200);
    const record = await conversations.byConversationId('a:personal-kari');
    expect(record).toMatchObject({
      personId: 'person-kari',
      aadObjectId: 'aad-kari',
      tenantId: TENANT_ID,
      serviceUrl: connector.url,
      reference: { conversation: { id: 'a:personal-kari' }, bot: { id: '28:samrom-bot' }, channelId: 'msteams' },
    });
    expect(record?.reference).not.toHaveProperty('activityId');
    expect(connector.requests).toHaveLength(1);
    expect(connector.requests[0]).toMatchObject({ method: 'POST', conversationId: 'a:personal-kari' });
    const card = JSON.stringify(cardOf(connector.requests[0]));
    expect(card).toContain('Velkommen til Samrom');
    expect(card).toContain('«hjelp»');
    expect(card).toContain(`${PUBLIC_BASE_URL}/app/`);
  });

  it('greets once when Teams sends both conversationUpdate and installationUpdate', async () => {
    expect((await app.post(botAddedUpdate({ serviceUrl: connector.url }))).status).toBe(200);
    expect((await app.post(installationUpdate({ serviceUrl: connector.url }))).status).toBe(200);

    expect(connector.requests).toHaveLength(1);
    expect(conversations.records.size).toBe(1);
  });

  it('does not greet when only a user joins', async () => {
    const activity = { ...botAddedUpdate({ serviceUrl: connector.url }), membersAdded: [{ id: '29:user-2' }] };
    expect((await app.post(activity)).status).toBe(200);
    expect(connector.requests).toHaveLength(0);
  });

  it('«hjelp» answers with an Adaptive Card listing the commands and a button to the Samrom tab', async () => {
    const res = await app.post(messageActivity('hjelp', { serviceUrl: connector.url }));

    expect(res.status).toBe(200);
    expect(connector.requests).toHaveLength(1);
    const card = cardOf(connector.requests[0]);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(factTitles(card)).toEqual(HELP_COMMANDS);
    expect(JSON.stringify(card)).toContain('Dette kan du gjøre i Samrom');
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Åpne Samrom', url: `${PUBLIC_BASE_URL}/app/` }]);
  });

  it('text it does not understand gets the help card, without echoing what was written', async () => {
    await app.post(messageActivity('asdf qwerty 01019012345', { serviceUrl: connector.url }));

    const card = cardOf(connector.requests[0]);
    expect(factTitles(card)).toEqual(HELP_COMMANDS);
    expect(JSON.stringify(card)).toContain('Jeg forstod ikke det.');
    expect(JSON.stringify(connector.requests[0]?.body)).not.toContain('01019012345');
    expect(logger.text()).not.toContain('01019012345');
  });

  it('a bot built without the roster store answers «mine vakter» with the help card saying «kommer snart»', async () => {
    await app.post(messageActivity('<at>Samrom</at> Mine vakter', { serviceUrl: connector.url }));

    const card = JSON.stringify(cardOf(connector.requests[0]));
    expect(card).toContain('«mine vakter» kommer snart');
    expect(factTitles(cardOf(connector.requests[0]))).toEqual(HELP_COMMANDS);
  });

  it('answers in English when the client locale is English', async () => {
    await app.post(messageActivity('help', { serviceUrl: connector.url, locale: 'en-GB' }));

    const card = JSON.stringify(cardOf(connector.requests[0]));
    expect(card).toContain('What you can do in Samrom');
    expect(card).toContain('Open Samrom');
  });

  it('a message from a new serviceUrl updates the stored serviceUrl, and the reply goes there', async () => {
    const moved = await startFakeConnector();
    try {
      await app.post(messageActivity('hjelp', { serviceUrl: connector.url }));
      expect((await conversations.byConversationId('a:personal-kari'))?.serviceUrl).toBe(connector.url);

      await app.post(messageActivity('hjelp', { serviceUrl: moved.url }));

      const record = await conversations.byConversationId('a:personal-kari');
      expect(record?.serviceUrl).toBe(moved.url);
      expect(record?.reference).toMatchObject({ serviceUrl: moved.url });
      expect(connector.requests).toHaveLength(1);
      expect(moved.requests).toHaveLength(1);
    } finally {
      await moved.close();
    }
  });

  it('a channel conversation is stored without a person', async () => {
    await app.post(messageActivity('hjelp', { serviceUrl: connector.url, conversationId: '19:channel@thread.tacv2', conversationType: 'channel' }));

    expect(await conversations.byConversationId('19:channel@thread.tacv2')).toMatchObject({ personId: null, aadObjectId: null, tenantId: TENANT_ID });
  });

  it('when replying fails the user gets a short apology, and the log holds no message text', async () => {
    connector.script({ status: 400, body: { error: { code: 'BadArgument', message: 'nope' } } });

    const res = await app.post(messageActivity('hjelp meg med pasient 01019012345', { serviceUrl: connector.url }));

    expect(res.status).toBe(200);
    expect(connector.requests).toHaveLength(2);
    expect(connector.requests[1]?.body.text).toBe('Beklager, noe gikk galt hos oss. Prøv igjen om litt.');
    expect(logger.events()).toContain('bot.turn_error');
    expect(logger.text()).not.toContain('01019012345');
  });

  it('answers 400 to a body that is not an activity', async () => {
    const res = await app.post({ hello: 'world' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'bad_request' } });
  });
});
