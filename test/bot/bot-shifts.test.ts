/**
 * `mine vakter` over the Bot Framework protocol: the signed-in person's own shifts for the
 * next 14 days from the PostgreSQL roster store (on PGlite), in Europe/Oslo time, with a link
 * to the Vaktplan tab; the help card lists the command as ready.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBotAdapter } from '../../bot/adapter';
import { SamromBot } from '../../bot/samrom-bot';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { PostgresRosterStore } from '../../server/src/adapters/postgres/roster-store';
import { type BotApp, messageActivity, startBotApp } from '../helpers/bot-app';
import { type ConnectorRequest, type FakeConnector, startFakeConnector } from '../helpers/bot-connector';
import { MemoryConversationStore, RecordingLogger } from '../helpers/bot-memory';
import { type TestDatabase, createTestDatabase } from '../helpers/db';

const PUBLIC_BASE_URL = 'https://samrom.test';
const AUTH_OFF = { appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'SingleTenant', openIdMetadataUrl: undefined } as const;
/** Winter time: Oslo is UTC+01:00. */
const NOW = new Date('2027-01-11T05:00:00Z');
const H = 3_600_000;
const at = (hours: number) => new Date(NOW.getTime() + hours * H);

let database: TestDatabase;
let rosters: PostgresRosterStore;
let directory: PostgresDirectory;
let connector: FakeConnector;
let app: BotApp;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  rosters = new PostgresRosterStore(database.db);
  directory = new PostgresDirectory(database.db);
  await directory.upsert([
    { id: 'person-kari', name: 'Kari Nordmann', roles: ['specialist'], specialty: 'kardiologi', organization: 'Drammen sykehus', aadObjectId: 'aad-kari' },
    { id: 'person-ola', name: 'Ola Nordmann', roles: ['specialist'], specialty: 'kardiologi', organization: 'Drammen sykehus', aadObjectId: 'aad-ola' },
    { id: 'person-per', name: 'Per Hansen', roles: ['gp'], organization: 'Legekontoret', aadObjectId: 'aad-per' },
  ]);
  const period = { from: at(-24), to: at(24 * 30) };
  await rosters.replace(
    'kardiologi',
    period,
    [
      { specialty: 'kardiologi', personId: 'person-kari', level: 1, startsAt: at(2), endsAt: at(12) }, // 08:00–18:00 Oslo
      { specialty: 'kardiologi', personId: 'person-ola', level: 2, startsAt: at(2), endsAt: at(12) },
      { specialty: 'kardiologi', personId: 'person-kari', level: 2, startsAt: at(24 * 20), endsAt: at(24 * 20 + 10) }, // beyond 14 days
    ],
    'ke',
  );
});
afterAll(async () => {
  await database?.destroy();
});
beforeEach(async () => {
  connector = await startFakeConnector();
  const logger = new RecordingLogger();
  const bot = new SamromBot({
    conversations: new MemoryConversationStore(),
    directory,
    logger,
    publicBaseUrl: PUBLIC_BASE_URL,
    shifts: { rosters, clock: { now: () => NOW } },
  });
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

describe('mine vakter', () => {
  it("shows the person's own shifts in the next 14 days in Oslo time, with a link to the Vaktplan tab", async () => {
    await app.post(messageActivity('<at>Samrom</at> Mine vakter', { serviceUrl: connector.url }));

    const card = JSON.stringify(cardOf(connector.requests[0]));
    expect(card).toContain('Kardiologi');
    expect(card).toContain('Vakthavende (nivå 1)');
    expect(card).toContain('mandag 11. januar 2027 kl. 08:00 – mandag 11. januar 2027 kl. 18:00');
    expect(card).not.toContain('Bakvakt'); // Ola's shift, and Kari's own beyond 14 days
    expect(card).toContain(`${PUBLIC_BASE_URL}/app/vaktplan`);
    expect(card).not.toContain('kommer snart');
  });

  it('answers in English for an English client', async () => {
    await app.post(messageActivity('my shifts', { serviceUrl: connector.url, locale: 'en-GB' }));

    const card = JSON.stringify(cardOf(connector.requests[0]));
    expect(card).toContain('On call (level 1)');
    expect(card).toContain('Monday 11 January 2027 at 08:00');
  });

  it('says so when the person has no shifts', async () => {
    await app.post(messageActivity('vakter', { serviceUrl: connector.url, aadObjectId: 'aad-per' }));

    expect(JSON.stringify(cardOf(connector.requests[0]))).toContain('Du har ingen vakter de neste 14 dagene');
  });

  it('the help card lists «mine vakter» as ready', async () => {
    await app.post(messageActivity('hjelp', { serviceUrl: connector.url }));

    const body = cardOf(connector.requests[0]).body as Array<{ type: string; facts?: Array<{ title: string; value: string }> }>;
    const facts = body.find((b) => b.type === 'FactSet')!.facts!;
    expect(facts.find((f) => f.title === 'mine vakter')!.value).not.toContain('kommer snart');
    expect(facts.find((f) => f.title === 'status')!.value).toContain('kommer snart');
  });
});
