/**
 * TeamsNotifier against a local fake Bot Connector: proactive sends through the real adapter,
 * scripted failures, and an injected sleep so retries cost no wall-clock time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotAdapter } from '../../bot/adapter';
import { TeamsNotifier } from '../../server/src/adapters/teams/notifier';
import { renderMessage } from '../../server/src/adapters/teams/render-notice';
import type { OutgoingTeamsMessage } from '../../server/src/core/ports';
import { startFakeConnector, type FakeConnector } from '../helpers/bot-connector';
import { seedOutboundBotToken } from '../helpers/bot-keys';
import { MemoryConversationStore, RecordingLogger } from '../helpers/bot-memory';

const CONVERSATION_ID = 'a:personal-kari';
const AUTH_OFF = { appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'SingleTenant', openIdMetadataUrl: undefined } as const;

let connector: FakeConnector;
let conversations: MemoryConversationStore;
let logger: RecordingLogger;
let sleeps: number[];
let notifier: TeamsNotifier;

beforeEach(async () => {
  connector = await startFakeConnector();
  conversations = new MemoryConversationStore();
  logger = new RecordingLogger();
  sleeps = [];
  await conversations.save({
    conversationId: CONVERSATION_ID,
    personId: 'person-kari',
    aadObjectId: 'aad-kari',
    tenantId: 'tenant-1',
    serviceUrl: connector.url,
    reference: {
      channelId: 'msteams',
      serviceUrl: 'https://smba.old.example/',
      bot: { id: '28:samrom-bot', name: 'Samrom' },
      user: { id: '29:user-1', aadObjectId: 'aad-kari' },
      conversation: { id: CONVERSATION_ID, conversationType: 'personal', tenantId: 'tenant-1' },
    },
  });
  notifier = new TeamsNotifier({
    adapter: createBotAdapter(AUTH_OFF, logger),
    appId: undefined,
    conversations,
    logger,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
});

afterEach(async () => {
  await connector.close();
});

// Any notice will do: these tests are about delivery; what each notice says is the renderers' tests.
const message: OutgoingTeamsMessage = {
  notice: {
    kind: 'rosters.gap',
    specialty: 'kardiologi',
    gapStart: new Date('2027-03-10T07:00:00Z'),
    gapEnd: new Date('2027-03-10T09:00:00Z'),
    rosterUrl: 'https://samrom.example/app/vaktplan',
  },
};
const rendered = renderMessage(message);

describe('TeamsNotifier', () => {
  it('sends a card to the stored conversation at its latest serviceUrl', async () => {
    const outcome = await notifier.send(CONVERSATION_ID, message);

    expect(outcome).toEqual({ ok: true, activityId: 'activity-1' });
    expect(connector.requests).toHaveLength(1);
    const sent = connector.requests[0]!;
    expect(sent).toMatchObject({ method: 'POST', conversationId: CONVERSATION_ID, activityId: null });
    expect(sent.body).toMatchObject({ type: 'message', summary: rendered.text });
    expect(sent.body.attachments).toEqual([
      { contentType: 'application/vnd.microsoft.card.adaptive', content: { fallbackText: rendered.text, ...rendered.card } },
    ]);
  });

  it('replaceActivityId updates the earlier message in place', async () => {
    const outcome = await notifier.send(CONVERSATION_ID, { ...message, replaceActivityId: 'activity-41' });

    expect(outcome).toEqual({ ok: true, activityId: 'activity-41' });
    expect(connector.requests[0]).toMatchObject({ method: 'PUT', activityId: 'activity-41', body: { summary: rendered.text } });
  });

  it('429 waits for Retry-After, then succeeds', async () => {
    connector.script({ status: 429, headers: { 'retry-after': '3' } });

    expect(await notifier.send(CONVERSATION_ID, message)).toEqual({ ok: true, activityId: 'activity-1' });
    expect(connector.requests).toHaveLength(2);
    expect(sleeps).toEqual([3_000]);
  });

  it('502 twice, then 200: backs off twice and succeeds', async () => {
    connector.script({ status: 502 }, { status: 502 });

    expect(await notifier.send(CONVERSATION_ID, message)).toEqual({ ok: true, activityId: 'activity-1' });
    expect(connector.requests).toHaveLength(3);
    // Full jitter with random()=0.5: half of 500 ms, then half of 1000 ms.
    expect(sleeps).toEqual([250, 500]);
  });

  it('403 is final after exactly one call', async () => {
    connector.script({ status: 403, body: { error: { code: 'BotNotInConversationRoster' } } });

    expect(await notifier.send(CONVERSATION_ID, message)).toEqual({ ok: false, final: true, status: 403, reason: 'forbidden' });
    expect(connector.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('404 from the connector is final', async () => {
    connector.script({ status: 404, body: { error: { code: 'ConversationNotFound' } } });

    expect(await notifier.send(CONVERSATION_ID, message)).toEqual({ ok: false, final: true, status: 404, reason: 'not_found' });
    expect(connector.requests).toHaveLength(1);
  });

  it('400 is final as bad_request', async () => {
    connector.script({ status: 400 });

    expect(await notifier.send(CONVERSATION_ID, message)).toEqual({ ok: false, final: true, status: 400, reason: 'bad_request' });
    expect(connector.requests).toHaveLength(1);
  });

  it('an unknown conversation is final not_found without any call', async () => {
    expect(await notifier.send('a:nobody', message)).toEqual({ ok: false, final: true, status: 404, reason: 'not_found' });
    expect(connector.requests).toHaveLength(0);
  });

  it('keeps failing with 504: gives up after five attempts', async () => {
    connector.script(...Array.from({ length: 5 }, () => ({ status: 504 })));

    expect(await notifier.send(CONVERSATION_ID, message)).toEqual({ ok: false, final: false, status: 504, reason: 'gave_up_retrying' });
    expect(connector.requests).toHaveLength(5);
    expect(sleeps).toEqual([250, 500, 1_000, 2_000]);
  });

  it('network errors are retried, then given up', async () => {
    await connector.close();

    expect(await notifier.send(CONVERSATION_ID, message)).toEqual({ ok: false, final: false, status: 0, reason: 'gave_up_retrying' });
    expect(sleeps).toHaveLength(4);
    expect(logger.events()).toContain('teams.send_gave_up');
  });
});

describe('TeamsNotifier with bot authentication on', () => {
  it('signs proactive sends with the bot token', async () => {
    const appId = 'f2d4c6a8-1b3e-4d5f-8a7c-9e0b1c2d3e4f';
    seedOutboundBotToken(appId, 'proactive-token');
    const adapter = createBotAdapter({ appId, appPassword: 'secret', tenantId: 'tenant-1', appType: 'SingleTenant', openIdMetadataUrl: undefined }, logger);
    const signed = new TeamsNotifier({ adapter, appId, conversations, logger, sleep: async () => undefined });

    expect(await signed.send(CONVERSATION_ID, message)).toEqual({ ok: true, activityId: 'activity-1' });
    expect(connector.requests[0]?.authorization).toBe('Bearer proactive-token');
  });
});
