/**
 * `book samtale` over the Bot Framework protocol: the form card, and its submit (a message
 * activity carrying `value`) booked through the core use case as the person behind the user.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBotAdapter } from '../../bot/adapter';
import { BOOK_ACTION } from '../../bot/booking-cards';
import { SamromBot } from '../../bot/samrom-bot';
import { createLogger } from '../../server/src/adapters/logger';
import { BOOKING_MESSAGES } from '../../server/src/core/consultations/booking';
import { type BotApp, messageActivity, startBotApp } from '../helpers/bot-app';
import { type ConnectorRequest, type FakeConnector, startFakeConnector } from '../helpers/bot-connector';
import { MemoryConversationStore, MemoryDirectory, RecordingLogger } from '../helpers/bot-memory';
import { MemoryAuditLog } from '../helpers/memory-audit-log';
import { MemoryConsultationStore } from '../helpers/memory-consultations';

const PUBLIC_BASE_URL = 'https://samrom.test';
const AUTH_OFF = { appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'SingleTenant', openIdMetadataUrl: undefined } as const;
const NOW = new Date('2027-05-03T08:00:00Z');
const NATIONAL_ID = '15037500019';
const TITLE = 'Oppfølging etter hjerneslag';

let connector: FakeConnector;
let app: BotApp;
let store: MemoryConsultationStore;
let audit: MemoryAuditLog;
let logger: RecordingLogger;

beforeEach(async () => {
  connector = await startFakeConnector();
  store = new MemoryConsultationStore();
  audit = new MemoryAuditLog();
  logger = new RecordingLogger();
  const directory = new MemoryDirectory([
    { id: 'ke-1', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune', aadObjectId: 'aad-kari' },
    { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: 'aad-geir' },
    { id: 'sp-1', name: 'Siri Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF' },
    { id: 'amk-1', name: 'Anders Amk', roles: ['amk'], organization: 'AMK', aadObjectId: 'aad-anders' },
  ]);
  const bot = new SamromBot({
    conversations: new MemoryConversationStore(),
    directory,
    logger,
    publicBaseUrl: PUBLIC_BASE_URL,
    booking: { store, audit, clock: { now: () => NOW } },
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

/** What Teams sends when the form's «Book» is pressed: every input as a string, plus the action's data. */
function submit(fields: Record<string, string>, o = as('aad-kari')): Record<string, unknown> {
  const { text: _none, ...activity } = messageActivity('', o);
  return { ...activity, replyToId: 'form-1', value: { samromAction: BOOK_ACTION, ...fields } };
}

const FILLED = {
  title: TITLE,
  patientName: 'Per Pasient',
  patientPhone: '912 34 567',
  patientEmail: '',
  patientNationalId: NATIONAL_ID,
  date: '2027-05-04',
  time: '09:00',
  durationMinutes: '45',
  clinicians: 'gp-1,sp-1',
  relativeName: 'Randi Pårørende',
  relativePhone: '987 65 432',
  relativeConsent: 'true',
};

describe('booking from the chat', () => {
  it('«book samtale» answers with the form: title, patient, Oslo date and time, duration 15–180, clinicians as «Navn (rolle, organisasjon)», relative with consent, Book', async () => {
    await app.post(messageActivity('book samtale', as('aad-kari')));
    const card = cardOf(connector.requests[0]);
    const inputs = Object.fromEntries(card.body.filter((b) => String(b.type).startsWith('Input.')).map((b) => [b.id, b]));
    expect(Object.keys(inputs)).toEqual([
      'title',
      'patientName',
      'patientPhone',
      'patientEmail',
      'patientNationalId',
      'date',
      'time',
      'durationMinutes',
      'clinicians',
      'relativeName',
      'relativePhone',
      'relativeConsent',
    ]);
    expect(inputs.date).toMatchObject({ type: 'Input.Date', value: '2027-05-04', isRequired: true });
    expect(inputs.time).toMatchObject({ type: 'Input.Time', value: '09:00' });
    expect((inputs.durationMinutes!.choices as { value: string }[]).map((c) => c.value)).toEqual(['15', '30', '45', '60', '90', '120', '180']);
    expect(inputs.clinicians).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, isRequired: true });
    expect(inputs.clinicians!.choices).toEqual([
      { title: 'Geir Fastlege (fastlege, Lier legesenter)', value: 'gp-1' },
      { title: 'Kari Koordinator (koordinator, Drammen kommune)', value: 'ke-1' },
      { title: 'Siri Spesialist (spesialist, Vestre Viken HF)', value: 'sp-1' },
    ]);
    expect(inputs.relativeConsent).toMatchObject({ type: 'Input.Toggle', valueOn: 'true', valueOff: 'false', value: 'false' });
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: 'Book', data: { samromAction: BOOK_ACTION } }]);
  });

  it('the submit is booked as the coordinator behind the Teams user and confirmed with the Oslo time, names and roles and a link — never the title or the national id', async () => {
    const res = await app.post(submit(FILLED));
    expect(res.status).toBe(200);

    const [record] = [...store.records.values()];
    expect(record).toMatchObject({ title: TITLE, createdBy: 'ke-1', startsAt: new Date('2027-05-04T07:00:00Z'), endsAt: new Date('2027-05-04T07:45:00Z') });
    expect(record!.patient).toMatchObject({ name: 'Per Pasient', phone: '+4791234567', nationalId: NATIONAL_ID });
    expect(record!.participants.map((p) => [p.role, p.personId ?? p.name, p.consentedByPatient])).toEqual([
      ['patient', 'Per Pasient', false],
      ['relative', 'Randi Pårørende', true],
      ['gp', 'gp-1', false],
      ['specialist', 'sp-1', false],
    ]);
    expect(audit.events).toContainEqual(
      expect.objectContaining({ actorId: 'ke-1', action: 'consultation.create', outcome: 'allowed', resourceId: record!.id }),
    );

    expect(connector.requests).toHaveLength(1);
    const card = cardOf(connector.requests[0]);
    const json = JSON.stringify(card);
    expect(json).toContain('Samtalen er booket');
    expect(json).toContain('tirsdag 4. mai 2027 kl. 09:00–09:45');
    expect(json).toContain('Pasient, Pårørende, Geir Fastlege (fastlege), Siri Spesialist (spesialist)');
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Åpne samtalen', url: `${PUBLIC_BASE_URL}/app/samtaler/${record!.id}` }]);
    const sent = JSON.stringify(connector.requests[0]!.body);
    for (const secret of [TITLE, NATIONAL_ID, '91234567', '98765432', 'Per Pasient', 'Randi']) expect(sent).not.toContain(secret);
    expect(logger.text()).not.toContain(NATIONAL_ID);
  });

  it('a relative without the patient’s consent is refused with the core’s message and nothing is saved', async () => {
    await app.post(submit({ ...FILLED, relativeConsent: 'false' }));
    expect(store.records.size).toBe(0);
    const json = JSON.stringify(cardOf(connector.requests[0]));
    expect(json).toContain('Samtalen ble ikke booket');
    expect(json).toContain(BOOKING_MESSAGES.consentRequired.split(' / ')[0]);
    expect(json).not.toContain('The patient must consent');
  });

  it('the same refusal in English for an English client', async () => {
    await app.post(submit({ ...FILLED, relativeConsent: 'false' }, as('aad-kari', 'en-US')));
    const json = JSON.stringify(cardOf(connector.requests[0]));
    expect(json).toContain('The meeting was not booked');
    expect(json).toContain(BOOKING_MESSAGES.consentRequired.split(' / ')[1]);
  });

  it('field errors come from the shared contract schema (a bad phone number, a missing title), and the host rule from the core', async () => {
    await app.post(submit({ ...FILLED, patientPhone: '12', title: '' }));
    await app.post(submit({ ...FILLED, clinicians: '' }));
    expect(store.records.size).toBe(0);
    const schemaRefusal = JSON.stringify(cardOf(connector.requests[0]));
    expect(schemaRefusal).toContain('Telefonnummeret er ugyldig');
    expect(schemaRefusal).toContain('Tittel mangler');
    expect(schemaRefusal).not.toContain('"12"');
    expect(JSON.stringify(cardOf(connector.requests[1]))).toContain(BOOKING_MESSAGES.clinicianHostRequired.split(' / ')[0]);
  });

  it('a local time that does not exist (spring forward) is refused with the first valid time', async () => {
    await app.post(submit({ ...FILLED, date: '2028-03-26', time: '02:30' }));
    expect(store.records.size).toBe(0);
    expect(JSON.stringify(cardOf(connector.requests[0]))).toContain('første gyldige tid er 03:00');
  });

  it('a double-booked clinician gets a clear answer and the second meeting is not saved', async () => {
    await app.post(submit(FILLED));
    await app.post(submit({ ...FILLED, time: '09:30', clinicians: 'sp-1' }, as('aad-geir')));
    expect(store.records.size).toBe(1);
    const json = JSON.stringify(cardOf(connector.requests[1]));
    expect(json).toContain('opptatt på dette tidspunktet');
    expect(json).toContain(BOOKING_MESSAGES.busy.split(' / ')[0]);
  });

  it('a Teams user who is not in the directory gets a polite Norwegian answer, and so does a role that cannot book', async () => {
    await app.post(messageActivity('book samtale', as('aad-stranger')));
    await app.post(submit(FILLED, as('aad-stranger')));
    await app.post(messageActivity('book samtale', as('aad-anders')));
    expect(store.records.size).toBe(0);
    expect(connector.requests.map((r) => r.body.text)).toEqual([
      expect.stringContaining('finner deg ikke i Samroms katalog'),
      expect.stringContaining('finner deg ikke i Samroms katalog'),
      expect.stringContaining('bare koordinatorer, spesialister og fastleger'),
    ]);
  });

  it('the help card no longer marks «book samtale» as coming soon', async () => {
    await app.post(messageActivity('hjelp', as('aad-kari')));
    const facts = cardOf(connector.requests[0]).body.find((b) => b.type === 'FactSet')!.facts as { title: string; value: string }[];
    expect(facts.find((f) => f.title === 'book samtale')!.value).not.toContain('kommer snart');
    expect(facts.find((f) => f.title === 'akutt')!.value).toContain('kommer snart');
  });
});

describe('booking from the chat when the database refuses the row', () => {
  it('the turn error is logged through the one logger with the SQLSTATE only: no title, patient name, national id or phone', async () => {
    // A real drizzle error from a real database, quoting the row as PostgreSQL and drizzle do.
    const pglite = new PGlite();
    await pglite.exec(`create table refusing (title text, name text, national_id text, phone text);
      create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused: %', row_to_json(NEW)::text; end $$;
      create trigger refuse before insert on refusing for each row execute function refuse();`);
    const failure = await drizzle(pglite)
      .execute(sql`insert into refusing values (${TITLE}, ${FILLED.patientName}, ${NATIONAL_ID}, ${'+4791234567'})`)
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    await pglite.close();
    expect(String((failure as Error).message)).toContain(NATIONAL_ID);

    class RefusingStore extends MemoryConsultationStore {
      override async create(): Promise<never> {
        throw failure;
      }
    }
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
    const bot = new SamromBot({
      conversations: new MemoryConversationStore(),
      directory: new MemoryDirectory([
        { id: 'ke-1', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune', aadObjectId: 'aad-kari' },
        { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter' },
        { id: 'sp-1', name: 'Siri Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF' },
      ]),
      logger,
      publicBaseUrl: PUBLIC_BASE_URL,
      booking: { store: new RefusingStore(), audit: new MemoryAuditLog(), clock: { now: () => NOW } },
    });
    const failing = await startBotApp(createBotAdapter(AUTH_OFF, logger), bot, logger);
    try {
      await failing.post(submit(FILLED));
      await vi.waitFor(() => expect(lines.join('')).toContain('bot turn failed'));
    } finally {
      await failing.close();
    }
    for (const secret of [TITLE, 'Per Pasient', 'Randi', NATIONAL_ID, '91234567', '98765432']) expect(lines.join('')).not.toContain(secret);
    const turnError = lines.map((l) => JSON.parse(l)).find((l) => l.event === 'bot.turn_error');
    expect(turnError.err).toMatchObject({ type: 'DrizzleQueryError', message: 'database query failed', cause: { code: 'P0001' } });
  });
});
