/**
 * `akutt` over the Bot Framework protocol: the form card for a legevakt doctor, and its «Ring
 * AMK» submit started through the core use case as the person behind the Teams user, answered
 * with the status and a link — never ISBAR or vitals in the Teams message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotAdapter } from '../../bot/adapter';
import { EMERGENCY_ACTION, ISBAR_FIELDS } from '../../bot/emergency-cards';
import { SamromBot } from '../../bot/samrom-bot';
import type { EmergencyCallRecord, EmergencyCallStore, NewEmergencyCall } from '../../server/src/core/emergency/store';
import { ISBAR_FIELD_LABELS } from '../../server/src/shared/texts';
import { type BotApp, messageActivity, startBotApp } from '../helpers/bot-app';
import { type ConnectorRequest, type FakeConnector, startFakeConnector } from '../helpers/bot-connector';
import { MemoryConversationStore, MemoryDirectory, RecordingLogger } from '../helpers/bot-memory';
import { MemoryAuditLog } from '../helpers/memory-audit-log';

const PUBLIC_BASE_URL = 'https://samrom.test';
const AUTH_OFF = { appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'SingleTenant', openIdMetadataUrl: undefined } as const;
const NOW = new Date('2027-05-03T08:00:00Z');
const SITUATION = 'Brystsmerter siden klokka sju';

/** Only `create` is used by a request; the rest refuse, so a stray call fails the test. */
class CreatedCalls {
  readonly calls: { call: NewEmergencyCall; ringTimeoutSeconds: number }[] = [];
  readonly store: EmergencyCallStore = new Proxy({} as EmergencyCallStore, {
    get: (_t, name) =>
      name === 'create'
        ? async (call: NewEmergencyCall, ringTimeoutSeconds: number) => void this.calls.push({ call, ringTimeoutSeconds })
        : () => Promise.reject(new Error(`unexpected store.${String(name)}`)),
  });
}

let connector: FakeConnector;
let app: BotApp;
let created: CreatedCalls;
let audit: MemoryAuditLog;
let logger: RecordingLogger;
let requested: number;

beforeEach(async () => {
  connector = await startFakeConnector();
  created = new CreatedCalls();
  audit = new MemoryAuditLog();
  logger = new RecordingLogger();
  requested = 0;
  const directory = new MemoryDirectory([
    { id: 'lv-1', name: 'Magnus Legevakt', roles: ['legevakt'], organization: 'Drammen legevakt', aadObjectId: 'aad-magnus' },
    { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: 'aad-geir' },
  ]);
  const bot = new SamromBot({
    conversations: new MemoryConversationStore(),
    directory,
    logger,
    publicBaseUrl: PUBLIC_BASE_URL,
    emergency: {
      store: created.store,
      events: { changed: async () => undefined },
      video: {
        createRoom: () => Promise.reject(new Error('unexpected')),
        issueToken: () => Promise.reject(new Error('unexpected')),
        deleteRoom: () => Promise.reject(new Error('unexpected')),
      },
      metrics: { requested: () => void requested++, firstAlert: () => undefined, answered: () => undefined, escalated: () => undefined },
      audit,
      clock: { now: () => NOW },
      ringTimeoutSeconds: 10,
    },
  });
  app = await startBotApp(createBotAdapter(AUTH_OFF, logger), bot, logger);
});

afterEach(async () => {
  await app.close();
  await connector.close();
});

type Card = { body: Array<Record<string, unknown>>; actions: Array<Record<string, unknown>> };

function cardOf(request: ConnectorRequest | undefined): Card {
  const attachments = request?.body.attachments as Array<{ contentType: string; content: Card }> | undefined;
  expect(attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachments![0]!.content;
}

const as = (aadObjectId: string, locale = 'nb-NO') => ({ serviceUrl: connector.url, aadObjectId, locale });

function submit(fields: Record<string, string>, o = as('aad-magnus')): Record<string, unknown> {
  const { text: _none, ...activity } = messageActivity('', o);
  return { ...activity, replyToId: 'form-1', value: { samromAction: EMERGENCY_ACTION, ...fields } };
}

/** NEWS2 4 (respiration 26 → 3, pulse 95 → 1), as Teams sends it: strings, a comma decimal. */
const FILLED = {
  identification: '',
  situation: SITUATION,
  background: '',
  assessment: 'Mistenkt hjerteinfarkt',
  recommendation: '',
  respirationRate: '26',
  spo2: '97',
  spo2Scale: '1',
  onOxygen: 'false',
  systolicBp: '120',
  pulse: '95',
  consciousness: 'alert',
  temperature: '37,0',
  triage: 'rod',
};

describe('akutt from the chat', () => {
  it('«akutt» answers a legevakt doctor with the form: five multiline ISBAR fields, the vitals, scale 1/2, oxygen, ACVPU, triage and «Ring AMK»', async () => {
    await app.post(messageActivity('akutt', as('aad-magnus')));
    const card = cardOf(connector.requests[0]);
    const inputs = Object.fromEntries(card.body.filter((b) => String(b.type).startsWith('Input.')).map((b) => [b.id, b]));
    expect(Object.keys(inputs)).toEqual([
      ...ISBAR_FIELDS,
      'respirationRate',
      'spo2',
      'spo2Scale',
      'onOxygen',
      'systolicBp',
      'pulse',
      'consciousness',
      'temperature',
      'triage',
    ]);
    // The same ISBAR headings as the tabs (the one catalogue): «Aktuell tilstand», not a drifted copy.
    for (const f of ISBAR_FIELDS) expect(inputs[f]).toMatchObject({ type: 'Input.Text', isMultiline: true, label: ISBAR_FIELD_LABELS[f].nb });
    expect((inputs.spo2Scale!.choices as { value: string }[]).map((c) => c.value)).toEqual(['1', '2']);
    expect(inputs.onOxygen).toMatchObject({ type: 'Input.Toggle', valueOn: 'true', valueOff: 'false' });
    expect((inputs.triage!.choices as { title: string; value: string }[]).map((c) => c.value)).toEqual(['rod', 'gul', 'gronn']);
    expect(JSON.stringify(inputs.triage)).toContain('Rød – akutt');
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Submit', title: 'Ring AMK', data: { samromAction: EMERGENCY_ACTION } })]);
  });

  it('«Ring AMK» starts the call as the doctor behind the Teams user and answers with status, triage, NEWS2 and the Akutt link — no ISBAR or vitals', async () => {
    const res = await app.post(submit(FILLED));
    expect(res.status).toBe(200);
    expect(created.calls).toHaveLength(1);
    const { call, ringTimeoutSeconds } = created.calls[0]!;
    expect(ringTimeoutSeconds).toBe(10);
    expect(call).toMatchObject({
      requestedBy: 'lv-1',
      isbar: { situation: SITUATION, assessment: 'Mistenkt hjerteinfarkt' },
      vitals: { respirationRate: 26, spo2: 97, spo2Scale: 1, onOxygen: false, systolicBp: 120, pulse: 95, consciousness: 'alert', temperature: 37 },
      news2Total: 4,
      triage: 'rod',
      requestedAt: NOW,
    } satisfies Partial<EmergencyCallRecord>);
    expect(requested).toBe(1);
    expect(audit.events).toContainEqual(expect.objectContaining({ actorId: 'lv-1', action: 'emergency_call.create', outcome: 'allowed', resourceId: call.id }));

    const card = cardOf(connector.requests[0]);
    const json = JSON.stringify(card);
    expect(json).toContain('Ringer AMK');
    expect(json).toContain('Rød – akutt');
    expect(card.body.find((b) => b.type === 'FactSet')!.facts).toContainEqual({ title: 'NEWS2', value: '4' });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Åpne i Akutt-fanen', url: `${PUBLIC_BASE_URL}/app/akutt/${call.id}` }]);
    const sent = JSON.stringify(connector.requests[0]!.body);
    for (const secret of [SITUATION, 'hjerteinfarkt']) expect(sent).not.toContain(secret);
    // Vitals as whole numbers: the connector's random port and the call's id may hold the digits.
    for (const vital of ['26', '120', '37']) expect(sent).not.toMatch(new RegExp(`(?<![\\w.:-])${vital}(?![\\w.:-])`));
  });

  it('an empty form rings nobody: the card says what is missing (triage, a vital sign or ISBAR), and no call is made', async () => {
    await app.post(submit({ spo2Scale: '1', onOxygen: 'false', situation: '   ' }));
    expect(created.calls).toHaveLength(0);
    const json = JSON.stringify(cardOf(connector.requests[0]));
    expect(json).toContain('AMK ble ikke ringt');
    expect(json).toContain('Fyll inn hastegrad, minst én vital parameter eller ett ISBAR-felt');
    expect(audit.events).toContainEqual(
      expect.objectContaining({ actorId: 'lv-1', action: 'emergency_call.create', outcome: 'failed', reason: 'emergency_call_empty' }),
    );
  });

  it('a triage colour alone rings, with NEWS2 not scored', async () => {
    await app.post(submit({ spo2Scale: '1', onOxygen: 'false', triage: 'gul' }));
    expect(created.calls[0]!.call).toMatchObject({ isbar: null, vitals: null, news2Total: null, triage: 'gul' });
    expect(JSON.stringify(cardOf(connector.requests[0]))).toContain('ikke beregnet');
  });

  it('an impossible value is refused with the contract’s message and nothing rings', async () => {
    await app.post(submit({ ...FILLED, spo2: '140', pulse: 'fort' }));
    expect(created.calls).toHaveLength(0);
    const json = JSON.stringify(cardOf(connector.requests[0]));
    expect(json).toContain('AMK ble ikke ringt');
    expect(json).toMatch(/SpO|spo2/i);
    expect(json).not.toContain(SITUATION);
  });

  it('a GP, or a Teams user not in the directory, gets a polite Norwegian answer to the command and to a submit', async () => {
    await app.post(messageActivity('akutt', as('aad-geir')));
    await app.post(submit(FILLED, as('aad-geir')));
    await app.post(messageActivity('akutt', as('aad-stranger')));
    expect(created.calls).toHaveLength(0);
    expect(connector.requests.map((r) => r.body.text)).toEqual([
      expect.stringContaining('kan bare startes av leger på legevakt'),
      expect.stringContaining('kan bare startes av leger på legevakt'),
      expect.stringContaining('finner deg ikke i Samrom-katalogen'),
    ]);
  });

  it('English clients get the form in English', async () => {
    await app.post(messageActivity('akutt', as('aad-magnus', 'en-US')));
    expect(cardOf(connector.requests[0]).actions[0]).toMatchObject({ title: 'Call AMK' });
  });
});
