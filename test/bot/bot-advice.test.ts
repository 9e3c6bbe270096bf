/**
 * Answering an advice ring from its Teams card over the Bot Framework protocol: «Svar» and
 * «Avslå» submit `{samromAction, requestId}`, handled by the same use cases as the API.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADVICE_ACTIONS } from '../../bot/advice';
import { adviceRequests } from '../../server/src/adapters/postgres/schema';
import { createBotAdapter } from '../../bot/adapter';
import { SamromBot } from '../../bot/samrom-bot';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import type { AdvicePriority } from '../../server/src/contracts/advice';
import { dispatchAdvice } from '../../server/src/core/advice/dispatch';
import { refreshStatusCard } from '../../server/src/core/advice/status-card';
import { TeamsNotifier } from '../../server/src/adapters/teams/notifier';
import { eq } from 'drizzle-orm';
import { type AdviceWorld, CLINICAL_TEXT, ISBAR, SPECIALTY, SWITCHBOARDS, createAdviceWorld } from '../helpers/advice-world';
import { type BotApp, messageActivity, startBotApp } from '../helpers/bot-app';
import { type FakeConnector, startFakeConnector } from '../helpers/bot-connector';
import { MemoryConversationStore, RecordingLogger } from '../helpers/bot-memory';
import { type TestDatabase, createTestDatabase } from '../helpers/db';

const PUBLIC_BASE_URL = 'https://samrom.test';
const AUTH_OFF = { appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'SingleTenant', openIdMetadataUrl: undefined } as const;

let database: TestDatabase;
let world: AdviceWorld;
let connector: FakeConnector;
let app: BotApp;
let conversations: MemoryConversationStore;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  world = await createAdviceWorld(database.db);
});
afterAll(async () => {
  await world?.close();
  await database?.destroy();
});
beforeEach(async () => {
  connector = await startFakeConnector();
  const logger = new RecordingLogger();
  conversations = new MemoryConversationStore();
  const bot = new SamromBot({
    conversations,
    directory: world.directory,
    logger,
    publicBaseUrl: PUBLIC_BASE_URL,
    advice: {
      store: world.store,
      rosters: world.rosters,
      audit: new PostgresAuditLog(database.db),
      clock: { now: () => new Date() },
      ringTimeoutSeconds: 60,
      switchboards: SWITCHBOARDS,
    },
  });
  app = await startBotApp(createBotAdapter(AUTH_OFF, logger), bot, logger);
});
afterEach(async () => {
  await app.close();
  await connector.close();
});

/** A request rung in round 1, as the worker does it. */
async function rungRequest(priority: AdvicePriority, callbackPhone: string | null = null) {
  const request = await world.store.create({
    id: randomUUID(),
    requesterId: 'gp-1',
    specialty: SPECIALTY,
    priority,
    isbar: ISBAR,
    callbackPhone,
    mode: callbackPhone ? 'callback' : 'video',
    createdAt: new Date(),
  });
  await dispatchAdvice(world.dispatchContext(), request.id, 1);
  return request;
}

/** What Teams sends when a card button is pressed by this person. */
function press(personId: string, action: string, requestId: string): Record<string, unknown> {
  const { text: _none, ...activity } = messageActivity('', { serviceUrl: connector.url, aadObjectId: `oid-${personId}`, conversationId: `a:${personId}` });
  return { ...activity, replyToId: 'ring-card', value: { samromAction: action, requestId, attempt: 1 } };
}
const lastReply = () => String(connector.requests.at(-1)?.body.text ?? '');
type Card = { body: Array<Record<string, unknown>>; actions: Array<Record<string, unknown>> };
const lastCard = () => (connector.requests.at(-1)!.body.attachments as Array<{ content: Card }>)[0]!.content;
/** What Teams sends when the `konferer` form's button is pressed. */
function ask(personId: string, fields: Record<string, string>): Record<string, unknown> {
  const { text: _none, ...activity } = messageActivity('', { serviceUrl: connector.url, aadObjectId: `oid-${personId}`, conversationId: `a:${personId}` });
  return { ...activity, replyToId: 'form', value: { samromAction: ADVICE_ACTIONS.ask, ...fields } };
}

describe('asking for advice from the chat («konferer»)', () => {
  it('answers with the form: specialty, priority, the five ISBAR fields, a callback number and video / audio / callback', async () => {
    await app.post(messageActivity('konferer', { serviceUrl: connector.url, aadObjectId: 'oid-gp-1', conversationId: 'a:gp-1' }));
    const card = lastCard();
    const inputs = Object.fromEntries(card.body.filter((b) => String(b.type).startsWith('Input.')).map((b) => [b.id, b]));
    expect(Object.keys(inputs)).toEqual([
      'specialty',
      'priority',
      'identification',
      'situation',
      'background',
      'assessment',
      'recommendation',
      'callbackPhone',
      'mode',
    ]);
    // The directory's name for the specialty, never its id.
    expect(inputs.specialty!.choices).toEqual([{ title: 'Kardiologi', value: 'kardiologi' }]);
    expect((inputs.priority!.choices as { value: string }[]).map((c) => c.value)).toEqual(['akutt', 'haster', 'vanlig']);
    // The one catalogue's priority words, Norwegian first, with the colour in words (as the tabs show them).
    expect((inputs.priority!.choices as { title: string }[]).map((c) => c.title)).toEqual(['Akutt (rød)', 'Haster (gul)', 'Vanlig (grønn)']);
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Submit', data: { samromAction: ADVICE_ACTIONS.ask } })]);
  });

  it('the submit creates the request as the GP and answers with a status card: queue position, estimate and a link, never the ISBAR', async () => {
    const before = (await database.db.select().from(adviceRequests)).length;
    await app.post(ask('gp-2', { specialty: 'kardiologi', priority: 'haster', situation: CLINICAL_TEXT, callbackPhone: '', mode: 'audio' }));
    const rows = await database.db.select().from(adviceRequests);
    expect(rows).toHaveLength(before + 1);
    const created = rows.find((r) => r.requesterId === 'gp-2')!;
    expect(created).toMatchObject({ specialty: 'kardiologi', priorityRank: 2, mode: 'audio', status: 'queued' });
    const reply = connector.requests.at(-1)!;
    const card = JSON.stringify(reply.body.attachments);
    expect(card).toContain('Konferanse i Kardiologi');
    expect(card).toMatch(/Plass 1 i køen, anslått ventetid ca\. \d+ min\./);
    expect(card).toMatch(/Position 1 in the queue, estimated wait about \d+ min\./);
    expect(card).toContain(`${PUBLIC_BASE_URL}/app/konferer/${created.id}`);
    expect(JSON.stringify(reply.body)).not.toContain(CLINICAL_TEXT);
    // The reply's id is kept, so the workers update this very message from here on.
    const [row] = await database.db.select().from(adviceRequests).where(eq(adviceRequests.id, created.id));
    expect(row).toMatchObject({ statusConversationId: 'a:gp-2', statusActivityId: expect.stringMatching(/^activity-\d+$/) });
    await world.store.abandon(created.id, 'gp-2', new Date());
  });

  it('the status card is then updated in place over the Bot Connector protocol as the request is rung: one POST, then PUTs to the same activity', async () => {
    await app.post(ask('lv-1', { specialty: 'kardiologi', priority: 'vanlig', situation: CLINICAL_TEXT }));
    const [created] = await database.db.select().from(adviceRequests).where(eq(adviceRequests.requesterId, 'lv-1'));
    const replyId = created!.statusActivityId!;
    // The worker side, as the composition wires it: the real TeamsNotifier over the same connector and chats.
    const teams = new TeamsNotifier({
      adapter: createBotAdapter(AUTH_OFF, new RecordingLogger()),
      appId: undefined,
      conversations,
      logger: new RecordingLogger(),
    });
    const ctx = world.dispatchContext({ notifier: teams, conversations, publicBaseUrl: PUBLIC_BASE_URL });
    expect(await dispatchAdvice(world.dispatchContext(), created!.id, 1)).toMatchObject({ outcome: 'rung', sent: 1 });
    expect(await refreshStatusCard(ctx, created!.id)).toBe('updated');
    expect(await refreshStatusCard(ctx, created!.id)).toBe('unchanged');
    expect(await world.store.accept(created!.id, 'v1', new Date())).toBe(true);
    expect(await refreshStatusCard(ctx, created!.id)).toBe('updated');

    const toRequester = connector.requests.filter((r) => r.conversationId === 'a:lv-1');
    // The form's reply (POST …/activities/<the submit's id>) and two updates of it (PUT …/activities/<the reply's id>).
    expect(toRequester.map((r) => r.method)).toEqual(['POST', 'PUT', 'PUT']);
    expect(toRequester.slice(1).map((r) => r.activityId)).toEqual([replyId, replyId]);
    const shown = toRequester.map((r) => JSON.stringify(r.body.attachments));
    expect(shown[1]).toContain('Ringer vakthavende (nivå 1)');
    expect(shown[2]).toContain('Dr v1, Drammen sykehus har svart på konferansen i Kardiologi');
    expect(shown[2]).toContain('Bli med / Join');
    expect(JSON.stringify(toRequester.map((r) => r.body))).not.toContain(CLINICAL_TEXT);
    await world.store.complete(created!.id, 'v1', { ...ISBAR, recommendation: 'ok' }, new Date());
  });

  it('a submit without ISBAR is refused with the API’s message and nothing is saved; a coordinator may not ask', async () => {
    const before = (await database.db.select().from(adviceRequests)).length;
    await app.post(ask('gp-1', { specialty: 'kardiologi', priority: 'vanlig' }));
    expect(lastReply()).toContain('Forespørselen ble ikke sendt');
    expect(lastReply()).toContain('Skriv noe i minst ett av ISBAR-feltene');
    await app.post(messageActivity('konferer', { serviceUrl: connector.url, aadObjectId: 'oid-ke', conversationId: 'a:ke' }));
    expect(lastReply()).toContain('Bare fastleger, legevakt og spesialister');
    await app.post(ask('ke', { specialty: 'kardiologi', priority: 'vanlig', situation: 'x' }));
    expect(lastReply()).toContain('Bare fastleger, legevakt og spesialister');
    expect(await database.db.select().from(adviceRequests)).toHaveLength(before);
  });
});

describe('answering an advice ring from Teams', () => {
  it('«Svar» connects the first specialist who presses it, with a link; the other rung one is told it is taken', async () => {
    const request = await rungRequest('akutt');
    expect((await app.post(press('b2', ADVICE_ACTIONS.accept, request.id))).status).toBe(200);
    expect(lastReply()).toContain('Du har svart på konferansen i Kardiologi');
    expect(lastReply()).toContain(`${PUBLIC_BASE_URL}/app/konferer/${request.id}`);
    expect(await world.store.byId(request.id)).toMatchObject({ status: 'connected', acceptedBy: 'b2' });

    await app.post(press('v1', ADVICE_ACTIONS.accept, request.id));
    expect(lastReply()).toContain('allerede besvart');
    expect(JSON.stringify(connector.requests.map((r) => r.body))).not.toContain(CLINICAL_TEXT);
    await world.store.complete(request.id, 'b2', { ...ISBAR, recommendation: 'ok' }, new Date());
  });

  it('«Avslå» rings the next level at once; someone never rung cannot answer', async () => {
    const request = await rungRequest('vanlig');
    await app.post(press('o3', ADVICE_ACTIONS.accept, request.id));
    expect(lastReply()).toContain('Du ble ikke ringt');
    await app.post(press('v1', ADVICE_ACTIONS.decline, request.id));
    expect(lastReply()).toContain('Avslått');
    expect(await world.store.byId(request.id)).toMatchObject({ status: 'ringing', attempt: 2 });
    await world.store.abandon(request.id, 'gp-1', new Date());
  });

  it('a callback request shows the specialist the number to ring back', async () => {
    const request = await rungRequest('haster', '+4732804000');
    await app.post(press('v1', ADVICE_ACTIONS.accept, request.id));
    expect(lastReply()).toContain('Ring tilbake til +4732804000.');
    await world.store.complete(request.id, 'v1', { ...ISBAR, recommendation: 'ok' }, new Date());
  });
});
