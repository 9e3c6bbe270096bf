/**
 * `status` over the Bot Framework protocol: the person's open advice requests (status, queue
 * position) and open emergency calls (as requester or the AMK operator who answered), read
 * through the audited use cases from the PostgreSQL stores on PGlite, each with a link to its
 * screen and no clinical text.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBotAdapter } from '../../bot/adapter';
import { SamromBot } from '../../bot/samrom-bot';
import { PostgresEmergencyCallStore } from '../../server/src/adapters/postgres/emergency-store';
import { type AdviceWorld, CLINICAL_TEXT, ISBAR, SWITCHBOARDS, adviceRequest, createAdviceWorld } from '../helpers/advice-world';
import { type BotApp, messageActivity, startBotApp } from '../helpers/bot-app';
import { type ConnectorRequest, type FakeConnector, startFakeConnector } from '../helpers/bot-connector';
import { MemoryConversationStore, RecordingLogger } from '../helpers/bot-memory';
import { type TestDatabase, createTestDatabase } from '../helpers/db';
import { MemoryAuditLog } from '../helpers/memory-audit-log';

const PUBLIC_BASE_URL = 'https://samrom.test';
const AUTH_OFF = { appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'SingleTenant', openIdMetadataUrl: undefined } as const;
const clock = { now: () => new Date() };
const unexpected = () => Promise.reject(new Error('unexpected'));

let database: TestDatabase;
let world: AdviceWorld;
let calls: PostgresEmergencyCallStore;
let connector: FakeConnector;
let app: BotApp;
let audit: MemoryAuditLog;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  world = await createAdviceWorld(database.db);
  calls = new PostgresEmergencyCallStore({ db: database.db, relay: world.relay });
});
afterAll(async () => {
  await world?.close();
  await database?.destroy();
});
beforeEach(async () => {
  connector = await startFakeConnector();
  const logger = new RecordingLogger();
  audit = new MemoryAuditLog();
  const bot = new SamromBot({
    conversations: new MemoryConversationStore(),
    directory: world.directory,
    logger,
    publicBaseUrl: PUBLIC_BASE_URL,
    advice: { store: world.store, rosters: world.rosters, audit, clock, ringTimeoutSeconds: 60, switchboards: SWITCHBOARDS },
    emergency: {
      store: calls,
      events: { changed: async () => undefined },
      video: { createRoom: unexpected, issueToken: unexpected, deleteRoom: unexpected },
      metrics: { requested: () => undefined, firstAlert: () => undefined, answered: () => undefined, escalated: () => undefined },
      audit,
      clock,
      ringTimeoutSeconds: 10,
    },
  });
  app = await startBotApp(createBotAdapter(AUTH_OFF, logger), bot, logger);
});
afterEach(async () => {
  await app.close();
  await connector.close();
});

function cardOf(request: ConnectorRequest | undefined): string {
  const attachments = request?.body.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  expect(attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return JSON.stringify(attachments![0]!.content);
}

const ask = (personId: string, text = 'status', locale?: string) =>
  app.post(
    messageActivity(text, { serviceUrl: connector.url, aadObjectId: `oid-${personId}`, conversationId: `a:${personId}`, ...(locale ? { locale } : {}) }),
  );

describe('status', () => {
  it("lists the requester's open advice request with its queue position and a link, audited, without ISBAR", async () => {
    const request = await world.store.create(adviceRequest('gp-1', 'haster'));

    await ask('gp-1');

    const card = cardOf(connector.requests[0]);
    expect(card).toContain('Konferanse i Kardiologi');
    expect(card).toContain('i kø · nr. 1 i køen');
    expect(card).toContain(`${PUBLIC_BASE_URL}/app/konferer/${request.id}`);
    expect(card).not.toContain(CLINICAL_TEXT);
    expect(card).not.toContain(ISBAR.identification);
    expect(audit.events).toContainEqual(expect.objectContaining({ actorId: 'gp-1', action: 'advice_request.list_own', outcome: 'allowed' }));
  });

  it('lists an open emergency call to its requester and to the AMK operator who answered, not to another operator', async () => {
    const id = randomUUID();
    await calls.create({ id, requestedBy: 'lv-1', isbar: ISBAR, vitals: null, news2Total: null, triage: null, requestedAt: new Date() }, 60);

    await ask('lv-1');
    const card = cardOf(connector.requests[0]);
    expect(card).toContain('Akuttvideo med AMK');
    expect(card).toContain('ringer AMK');
    expect(card).toContain(`${PUBLIC_BASE_URL}/app/akutt/${id}`);
    expect(card).not.toContain(CLINICAL_TEXT);
    expect(audit.events).toContainEqual(expect.objectContaining({ actorId: 'lv-1', action: 'emergency_call.list', outcome: 'allowed' }));

    await ask('amk-1', 'status', 'en-GB');
    expect(cardOf(connector.requests[1])).toContain('You have no open requests');

    expect((await calls.accept(id, 'amk-1', new Date())).ok).toBe(true);
    await ask('amk-1');
    expect(cardOf(connector.requests[2])).toContain(`${PUBLIC_BASE_URL}/app/akutt/${id}`);
  });

  it('says so when the person has nothing open', async () => {
    await ask('gp-2');

    expect(cardOf(connector.requests[0])).toContain('Du har ingen åpne forespørsler');
  });

  it('the help card lists «status» as ready', async () => {
    await ask('gp-2', 'hjelp');

    const card = JSON.parse(cardOf(connector.requests[0])) as { body: Array<{ type: string; facts?: Array<{ title: string; value: string }> }> };
    const facts = card.body.find((b) => b.type === 'FactSet')!.facts!;
    expect(facts.find((f) => f.title === 'status')!.value).not.toContain('kommer snart');
  });
});
