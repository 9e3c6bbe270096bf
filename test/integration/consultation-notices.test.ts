import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { and, count, eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { DevOutbox, DevOutboxEmailSender, DevOutboxSmsSender } from '../../server/src/adapters/messaging/dev-outbox';
import { LiveKitVideoRooms } from '../../server/src/adapters/livekit/video-rooms';
import { PostgresConsultationStore } from '../../server/src/adapters/postgres/consultation-store';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { DELIVERY_LEDGER_SOURCE, PostgresDeliveryLedger } from '../../server/src/adapters/postgres/delivery-ledger';
import { PostgresGuestLinks, hashGuestToken } from '../../server/src/adapters/postgres/guest-links';
import { PostgresJoinStore } from '../../server/src/adapters/postgres/join-store';
import {
  consultationParticipants,
  consultationReminders,
  consultations,
  devMessages,
  guestLinks,
  outbox,
  webhookEvents,
} from '../../server/src/adapters/postgres/schema';
import { OutboxRelay } from '../../server/src/adapters/queue/outbox';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { BullReminderJobs } from '../../server/src/adapters/queue/reminder-jobs';
import { type QueueRegistry, createQueueRegistry } from '../../server/src/adapters/queue/workers';
import type { DeliveryReport } from '../../server/src/core/consultations/invitations';
import { type InvitationJobData, type ReminderJobData, createInvitationsProcessor, createRemindersProcessor } from '../../server/src/workers/invitations';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';
import { RecordingNotifier } from '../helpers/recording-notifier';

const NOW = new Date('2027-03-01T12:00:00Z');
const PUBLIC_BASE_URL = 'https://samrom.example.no';
const TITLE = 'Oppfølging etter hjerneslag og depresjon';
const NATIONAL_ID = '15037500019';
const PATIENT_NAME = 'Per Pasient';
const OID = { ke: randomUUID(), gp: randomUUID(), gp2: randomUUID() };
const GP_CONVERSATION = 'a:gp-1-personal-chat';

let database: TestDatabase;
let entra: LocalEntra;
let redis: Redis;
let queues: QueueRegistry;
let app: TestApp;
let notifier: RecordingNotifier;
let coordinator: ApiClient;
let outsiderGp: ApiClient;
let runInvitation: (job: Job<InvitationJobData>) => Promise<DeliveryReport>;
let runReminder: (job: Job<ReminderJobData>) => Promise<DeliveryReport>;

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-consultation-notices' });
  queues = createQueueRegistry({ connection: redis, prefix: uniquePrefix() });
  const logger = createLogger({ level: 'silent' });
  const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger });
  const store = new PostgresConsultationStore({ db: database.db, relay });
  const clock = { now: () => NOW };
  app = await startTestApp({
    database,
    clock,
    entra: entra.verifierOptions,
    consultations: { store, jobs: new BullReminderJobs({ queue: queues.queue, logger }) },
    // Guest links are refused before any video server is asked: an unreachable one will do.
    join: {
      consultations: store,
      join: new PostgresJoinStore(database.db),
      videoRooms: new LiveKitVideoRooms({ url: 'ws://127.0.0.1:1', apiKey: 'devkey', apiSecret: 'secret-secret-secret-secret-secret' }),
      secureCookies: false,
      videoServerUrl: 'ws://127.0.0.1:1',
      linkAttemptsPerMinute: 1_000,
    },
  });
  await app.directory.upsert([
    { id: 'ke-1', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune', aadObjectId: OID.ke },
    { id: 'gp-1', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: OID.gp },
    { id: 'gp-2', name: 'Grete Fastlege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: OID.gp2 },
    { id: 'sp-1', name: 'Siri Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF', email: 'siri.spesialist@vestreviken.example' },
    { id: 'sp-2', name: 'Sverre Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF' },
  ]);
  const conversations = new PostgresConversationStore(database.db);
  await conversations.save({
    conversationId: GP_CONVERSATION,
    personId: 'gp-1',
    aadObjectId: OID.gp,
    tenantId: 't',
    serviceUrl: 'https://smba.example/',
    reference: {},
  });
  notifier = new RecordingNotifier();
  const devOutbox = new DevOutbox(database.db);
  const deps = {
    store,
    directory: app.directory,
    conversations,
    notifier,
    sms: new DevOutboxSmsSender(devOutbox),
    email: new DevOutboxEmailSender(devOutbox),
    guestLinks: new PostgresGuestLinks(database.db),
    ledger: new PostgresDeliveryLedger(database.db),
    audit: app.audit,
    clock,
    publicBaseUrl: PUBLIC_BASE_URL,
    organizerEmail: 'ikke-svar@samrom.example.no',
    logger,
  };
  runInvitation = createInvitationsProcessor(deps);
  runReminder = createRemindersProcessor(deps);
  const as = async (oid: string) => api(app.url, { token: await entra.sign({ oid }) });
  [coordinator, outsiderGp] = await Promise.all([as(OID.ke), as(OID.gp2)]);
});
afterAll(async () => {
  await app?.stop();
  for (const name of [QUEUES.reminders, QUEUES.invitations]) await queues?.queue(name).obliterate({ force: true });
  await queues?.closeAll();
  redis?.disconnect();
  await entra?.close();
  await database?.destroy();
});
beforeEach(async () => {
  await database.db.delete(devMessages);
  notifier.sent.length = 0;
});

type Participant = Record<string, unknown>;
const RELATIVE: Participant = { role: 'relative', name: 'Randi Pårørende', email: 'randi@example.no', consentedByPatient: true };

function booking(start: string, participants: Participant[] = [{ role: 'patient' }, RELATIVE, { role: 'gp', personId: 'gp-1' }]) {
  return { title: TITLE, patient: { name: PATIENT_NAME, phone: '912 34 567', nationalId: NATIONAL_ID }, start, durationMinutes: 60, participants };
}

async function book(start: string, participants?: Participant[]): Promise<string> {
  const res = await coordinator.post('/api/consultations', booking(start, participants));
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** The invitation job for this consultation and sequence, as BullMQ holds it. */
async function invitationJob(consultationId: string, sequence: number): Promise<Job<InvitationJobData>> {
  const jobs = await queues.queue(QUEUES.invitations).getJobs(['waiting', 'delayed', 'prioritized']);
  const job = jobs.find((j) => j.data.consultationId === consultationId && j.data.sequence === sequence);
  expect(job, `invitations job for sequence ${sequence}`).toBeDefined();
  expect(Object.keys(job!.data).sort()).toEqual(['consultationId', 'sequence']);
  return job as Job<InvitationJobData>;
}

/** The invitations job of a change that tells only some people (`only`: participant ids joined by commas). */
async function targetedJob(consultationId: string, sequence: number): Promise<Job<InvitationJobData>> {
  const jobs = await queues.queue(QUEUES.invitations).getJobs(['waiting', 'delayed', 'prioritized']);
  const job = jobs.find((j) => j.data.consultationId === consultationId && j.data.sequence === sequence);
  expect(job?.data.only, `targeted invitations job for sequence ${sequence}`).toBeTypeOf('string');
  return job as Job<InvitationJobData>;
}

async function patientIdOf(consultationId: string): Promise<string> {
  const [row] = await database.db.select({ patientId: consultations.patientId }).from(consultations).where(eq(consultations.id, consultationId));
  return row!.patientId;
}

async function reminderRows(consultationId: string, pending = true) {
  const rows = await database.db.select().from(consultationReminders).where(eq(consultationReminders.consultationId, consultationId));
  return rows.filter((r) => (r.cancelledAt === null) === pending);
}

async function reminderJob(outboxId: string): Promise<Job<ReminderJobData>> {
  const job = await queues.queue(QUEUES.reminders).getJob(outboxId);
  expect(job).toBeDefined();
  return job as Job<ReminderJobData>;
}

const messages = async () => database.db.select().from(devMessages);
const tokenOf = (text: string) => /\/join\/([A-Za-z0-9_-]{22,128})/.exec(text)?.[1];
const patch = (id: string, body: unknown, client = coordinator) => client.request('PATCH', `/api/consultations/${id}`, body);

function expectNothingSensitive(text: string) {
  expect(text).not.toContain(TITLE);
  expect(text).not.toContain(NATIONAL_ID);
  expect(text).not.toContain(PATIENT_NAME);
}

describe(`consultation invitations, reminders, rescheduling and availability on ${testDbKind()}`, () => {
  it('booking sends the patient an SMS and the relative an e-mail with a REQUEST invitation, each with a personal /join link and nothing clinical; the GP gets a Teams card', async () => {
    const id = await book('2027-03-29T10:00:00+02:00');
    const report = await runInvitation(await invitationJob(id, 0));
    expect(report).toMatchObject({ sent: 3, failed: [], retry: false });

    const all = await messages();
    expect(all).toHaveLength(2);
    const sms = all.find((m) => m.channel === 'sms')!;
    const email = all.find((m) => m.channel === 'email')!;
    expect(sms.to).toBe('+4791234567');
    expect(sms.text).toContain('mandag 29. mars 2027 kl. 10:00');
    expect(sms.text).toContain('som pasient');
    expect(email.to).toBe('randi@example.no');
    expect(email.calendarMethod).toBe('REQUEST');
    for (const m of all) {
      expectNothingSensitive(`${m.subject ?? ''}\n${m.text}\n${m.calendar ?? ''}`);
      const token = tokenOf(m.text)!;
      expect(m.text).toContain(`${PUBLIC_BASE_URL}/join/${token}`);
      const [link] = await database.db
        .select()
        .from(guestLinks)
        .where(eq(guestLinks.tokenHash, hashGuestToken(token)));
      expect(link).toMatchObject({ consultationId: id, exchangedAt: null });
    }
    expect(tokenOf(sms.text)).not.toBe(tokenOf(email.text));

    const ics = ICAL.Component.fromString(email.calendar!);
    expect(ics.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(ics.getFirstSubcomponent('vevent')!);
    expect(event.uid).toBe(`${id}@samrom`);
    expect(event.sequence).toBe(0);
    expect(email.calendar).toContain('DTSTART;TZID=Europe/Oslo:20270329T100000');
    expect(event.component.getFirstPropertyValue('url')).toBe(`${PUBLIC_BASE_URL}/join/${tokenOf(email.text)}`);

    expect(notifier.sent).toHaveLength(1);
    const [teams] = notifier.sent;
    expect(teams!.conversationId).toBe(GP_CONVERSATION);
    const card = JSON.stringify(teams!.message);
    expectNothingSensitive(card);
    expect(card).toContain('Bli med');
    expect(card).toContain('fastlege');
    expect(card).toContain('mandag 29. mars 2027 kl. 10:00');
    expect(card).toContain(`${PUBLIC_BASE_URL}/app/samtaler/${id}`);

    // Redelivered: nothing is sent twice and no new link is issued.
    const links = (await database.db.select({ n: count() }).from(guestLinks))[0]!.n;
    const again = await runInvitation(await invitationJob(id, 0));
    expect(again).toMatchObject({ sent: 0, alreadySent: 3 });
    expect(await messages()).toHaveLength(2);
    expect(notifier.sent).toHaveLength(1);
    expect((await database.db.select({ n: count() }).from(guestLinks))[0]!.n).toBe(links);
  });

  it('a directory person without a Teams chat gets an e-mail from the directory with a sign-in link, not a guest link', async () => {
    const id = await book('2027-03-30T10:00:00+02:00', [{ role: 'specialist', personId: 'sp-1' }]);
    await runInvitation(await invitationJob(id, 0));
    const [email] = await messages();
    expect(email).toMatchObject({ channel: 'email', to: 'siri.spesialist@vestreviken.example', calendarMethod: 'REQUEST' });
    expect(email!.text).toContain(`${PUBLIC_BASE_URL}/app/samtaler/${id}`);
    expect(tokenOf(email!.text)).toBeUndefined();
  });

  it('rescheduling moves the reminder jobs in Redis, raises the sequence and sends a new invitation with SEQUENCE 1; the old job sends nothing', async () => {
    const id = await book('2027-04-05T10:00:00+02:00');
    const before = await reminderRows(id);
    expect(before).toHaveLength(6);
    for (const r of before) expect(await queues.queue(QUEUES.reminders).getJob(r.outboxId!)).toBeDefined();

    const res = await patch(id, { start: '2027-04-07T13:00:00+02:00', durationMinutes: 45 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ start: '2027-04-07T11:00:00.000Z', end: '2027-04-07T11:45:00.000Z', status: 'scheduled' });
    const [row] = await database.db.select().from(consultations).where(eq(consultations.id, id));
    expect(row!.sequence).toBe(1);

    for (const r of before) expect(await queues.queue(QUEUES.reminders).getJob(r.outboxId!)).toBeUndefined();
    expect(await reminderRows(id, false)).toHaveLength(6);
    const after = await reminderRows(id);
    expect(after.map((r) => r.at.toISOString()).sort()).toEqual([...Array(3).fill('2027-04-06T11:00:00.000Z'), ...Array(3).fill('2027-04-07T10:45:00.000Z')]);
    const delayed = await queues.queue(QUEUES.reminders).getDelayed();
    for (const r of after) {
      const job = delayed.find((j) => j.id === r.outboxId)!;
      expect(job.data).toEqual({ reminderId: r.id });
      expect(Math.abs(job.timestamp + job.delay - r.at.getTime())).toBeLessThan(2_000);
    }
    expect(res.body.reminders.map((r: { at: string }) => r.at)).toEqual(after.map((r) => r.at.toISOString()).sort());

    expect(await runInvitation(await invitationJob(id, 0))).toMatchObject({ skipped: 'stale', sent: 0 });
    expect(await messages()).toHaveLength(0);
    await runInvitation(await invitationJob(id, 1));
    const email = (await messages()).find((m) => m.channel === 'email')!;
    expect(email.calendar).toContain('SEQUENCE:1');
    expect(email.calendar).toContain('METHOD:REQUEST');
    expect(email.text).toContain('onsdag 7. april 2027 kl. 13:00');
    expect(notifier.sent).toHaveLength(1);

    const events = await app.audit.forPatient(row!.patientId, {});
    expect(events).toContainEqual(expect.objectContaining({ actorId: 'ke-1', action: 'consultation.update', outcome: 'allowed', resourceId: id }));
    expect(events).toContainEqual(
      expect.objectContaining({ actorId: 'system:invitations', action: 'consultation.notify', outcome: 'allowed', resourceId: id }),
    );
  });

  it("a change that sends new links supersedes each guest's older ones in the same step; a redelivered job and the reminders leave the current version's links valid", async () => {
    const id = await book('2027-04-09T10:00:00+02:00');
    const linkOf = async (token: string) =>
      (
        await database.db
          .select()
          .from(guestLinks)
          .where(eq(guestLinks.tokenHash, hashGuestToken(token)))
      )[0]!;
    const sentTokens = async () => (await messages()).map((m) => tokenOf(m.text)!);
    await runInvitation(await invitationJob(id, 0));
    const first = await sentTokens();
    expect(first).toHaveLength(2);

    // The worker died after the e-mail left but before the ledger was written: the redelivered job
    // issues another link for the same message key; the provider keeps the first message, so the
    // link the relative holds must stay valid.
    const relativeEmail = (await messages()).find((m) => m.channel === 'email')!;
    await database.db
      .delete(webhookEvents)
      .where(and(eq(webhookEvents.source, DELIVERY_LEDGER_SOURCE), eq(webhookEvents.eventId, relativeEmail.idempotencyKey)));
    expect(await runInvitation(await invitationJob(id, 0))).toMatchObject({ sent: 1, alreadySent: 2 });
    expect(await sentTokens()).toEqual(first);
    const versionZero = await database.db.select().from(guestLinks).where(eq(guestLinks.consultationId, id));
    expect(versionZero).toHaveLength(3);
    for (const link of versionZero) expect(link).toMatchObject({ sequence: 0, supersededAt: null });

    expect((await patch(id, { start: '2027-04-09T14:00:00+02:00' })).status).toBe(200);
    await database.db.delete(devMessages);
    await runInvitation(await invitationJob(id, 1));
    const second = await sentTokens();
    expect(second).toHaveLength(2);
    for (const token of first) expect((await linkOf(token)).supersededAt).not.toBeNull();
    for (const token of second) expect(await linkOf(token)).toMatchObject({ sequence: 1, supersededAt: null });
    // Every version-0 link (the redelivery's too) is superseded; only version 1 is live.
    const live = (await database.db.select().from(guestLinks).where(eq(guestLinks.consultationId, id))).filter((l) => l.supersededAt === null);
    expect(live.map((l) => l.sequence)).toEqual([1, 1]);

    // A reminder for the current version adds its link beside the invitation's, superseding nothing.
    const [reminder] = (await reminderRows(id)).filter((r) => r.channel === 'sms');
    await database.db.delete(devMessages);
    expect(await runReminder(await reminderJob(reminder!.outboxId!))).toMatchObject({ sent: 1 });
    const [reminded] = await sentTokens();
    expect(await linkOf(reminded!)).toMatchObject({ sequence: 1, supersededAt: null });
    for (const token of second) expect((await linkOf(token)).supersededAt).toBeNull();
  });

  it('cancelling sends METHOD:CANCEL by e-mail and an SMS without a link', async () => {
    const id = await book('2027-04-08T10:00:00+02:00');
    expect((await coordinator.post(`/api/consultations/${id}/cancel`)).status).toBe(200);
    await runInvitation(await invitationJob(id, 1));
    const all = await messages();
    const sms = all.find((m) => m.channel === 'sms')!;
    const email = all.find((m) => m.channel === 'email')!;
    expect(sms.text).toContain('avlyst');
    expect(tokenOf(sms.text)).toBeUndefined();
    expect(email.calendarMethod).toBe('CANCEL');
    expect(email.calendar).toContain('METHOD:CANCEL');
    expect(email.calendar).toContain('SEQUENCE:1');
    expect(email.calendar).toContain('STATUS:CANCELLED');
    expect(tokenOf(email.text)).toBeUndefined();
    for (const m of all) expectNothingSensitive(`${m.text}\n${m.calendar ?? ''}`);
    expect(JSON.stringify(notifier.sent)).toContain('avlyst');
  });

  it('a reminder job sends once; for a cancelled meeting or one moved under it, it sends nothing', async () => {
    const id = await book('2027-04-12T10:00:00+02:00', [{ role: 'patient' }, { role: 'gp', personId: 'gp-1' }]);
    const [first] = (await reminderRows(id)).filter((r) => r.channel === 'sms');
    const job = await reminderJob(first!.outboxId!);
    expect(await runReminder(job)).toMatchObject({ sent: 1 });
    expect(await runReminder(job)).toMatchObject({ sent: 0, alreadySent: 1 });
    const [sms] = await messages();
    expect(sms!.text).toContain('Påminnelse');
    expect(tokenOf(sms!.text)).toBeDefined();
    expectNothingSensitive(sms!.text);

    // Moved without its reminders following (e.g. a race): the stored time no longer matches.
    const moved = await book('2027-04-13T10:00:00+02:00', [{ role: 'patient' }, { role: 'gp', personId: 'gp-1' }]);
    const movedReminders = await reminderRows(moved);
    await database.db
      .update(consultations)
      .set({ startsAt: new Date('2027-04-14T08:00:00Z'), endsAt: new Date('2027-04-14T09:00:00Z') })
      .where(eq(consultations.id, moved));
    for (const r of movedReminders) expect(await runReminder(await reminderJob(r.outboxId!))).toMatchObject({ skipped: 'moved', sent: 0 });

    const cancelled = await book('2027-04-15T10:00:00+02:00', [{ role: 'patient' }, { role: 'gp', personId: 'gp-1' }]);
    const cancelledReminders = await reminderRows(cancelled);
    const jobs = await Promise.all(cancelledReminders.map((r) => reminderJob(r.outboxId!)));
    expect((await coordinator.post(`/api/consultations/${cancelled}/cancel`)).status).toBe(200);
    for (const j of jobs) expect(await runReminder(j)).toMatchObject({ skipped: 'cancelled', sent: 0 });

    expect(await messages()).toHaveLength(1);
    expect(notifier.sent).toHaveLength(0);
  });

  it('a PATCH to a time when a participant is booked elsewhere gets 409 and changes nothing', async () => {
    await book('2027-04-19T13:00:00+02:00', [{ role: 'specialist', personId: 'sp-2' }]);
    const id = await book('2027-04-19T09:00:00+02:00', [{ role: 'patient' }, { role: 'specialist', personId: 'sp-2' }]);
    const snapshot = async () => ({
      consultation: (await database.db.select().from(consultations).where(eq(consultations.id, id)))[0],
      participants: await database.db.select().from(consultationParticipants).where(eq(consultationParticipants.consultationId, id)),
      reminders: await database.db.select().from(consultationReminders).where(eq(consultationReminders.consultationId, id)),
      outbox: (await database.db.select({ n: count() }).from(outbox))[0]!.n,
    });
    const before = await snapshot();
    const res = await patch(id, { start: '2027-04-19T13:30:00+02:00' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', issues: [{ path: expect.stringMatching(/^participants\.\d\.personId$/) }] });
    expect(await snapshot()).toEqual(before);

    expect((await patch(id, { start: '2027-02-01T10:00:00+01:00' })).status).toBe(422);
    expect(
      (await patch(id, { participants: [{ role: 'patient' }, { role: 'relative', name: 'Ola', phone: '98765432' }, { role: 'specialist', personId: 'sp-2' }] }))
        .status,
    ).toBe(422);
    // A GP neither booking nor taking part is not told the meeting exists.
    expect((await patch(id, { start: '2027-04-19T15:00:00+02:00' }, outsiderGp)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('a PATCH replacing participants keeps those who stay and plans reminders for the new ones', async () => {
    const id = await book('2027-04-20T10:00:00+02:00');
    const before = await database.db.select().from(consultationParticipants).where(eq(consultationParticipants.consultationId, id));
    const res = await patch(id, { participants: [{ role: 'patient' }, { role: 'gp', personId: 'gp-1' }, { role: 'specialist', personId: 'sp-1' }] });
    expect(res.status).toBe(200);
    const after = await database.db.select().from(consultationParticipants).where(eq(consultationParticipants.consultationId, id));
    expect(after.map((p) => p.role).sort()).toEqual(['gp', 'patient', 'specialist']);
    for (const role of ['patient', 'gp']) expect(after.find((p) => p.role === role)!.id).toBe(before.find((p) => p.role === role)!.id);
    expect(res.body.reminders).toHaveLength(6);
  });

  it('people a PATCH removes are told the meeting they knew is cancelled for them (CANCEL for the old time, no link); those who stay get the update; once only', async () => {
    const id = await book('2027-04-21T10:00:00+02:00');
    const res = await patch(id, { start: '2027-04-22T12:00:00+02:00', participants: [{ role: 'patient' }, { role: 'specialist', personId: 'sp-1' }] });
    expect(res.status).toBe(200);
    const job = await invitationJob(id, 1);
    const report = await runInvitation(job);
    expect(report.failed).toEqual([]);

    const all = await messages();
    const toRelative = all.filter((m) => m.to === 'randi@example.no');
    expect(toRelative).toHaveLength(1);
    expect(toRelative[0]!.calendarMethod).toBe('CANCEL');
    expect(toRelative[0]!.calendar).toContain('SEQUENCE:1');
    expect(toRelative[0]!.calendar).toContain('DTSTART;TZID=Europe/Oslo:20270421T100000');
    expect(toRelative[0]!.text).toContain('avlyst');
    expect(tokenOf(toRelative[0]!.text)).toBeUndefined();
    const toPatient = all.filter((m) => m.channel === 'sms');
    expect(toPatient).toHaveLength(1);
    expect(toPatient[0]!.text).not.toContain('avlyst');
    expect(tokenOf(toPatient[0]!.text)).toBeDefined();
    const toSpecialist = all.find((m) => m.to === 'siri.spesialist@vestreviken.example')!;
    expect(toSpecialist.calendarMethod).toBe('REQUEST');
    for (const m of all) expectNothingSensitive(`${m.text}\n${m.calendar ?? ''}`);

    const toGp = notifier.sent.filter((s) => s.conversationId === GP_CONVERSATION);
    expect(toGp).toHaveLength(1);
    expect(JSON.stringify(toGp[0]!.message)).toContain('avlyst');

    // A redelivered job sends nothing twice.
    const again = await runInvitation(job);
    expect(again.sent).toBe(0);
    expect(await messages()).toHaveLength(all.length);
    expect(notifier.sent.filter((s) => s.conversationId === GP_CONVERSATION)).toHaveLength(1);
  });

  it('a coordinator adds one participant and removes another from a booked meeting: exactly those two are told (an invitation, a cancellation); nobody else is disturbed', async () => {
    const id = await book('2027-04-26T10:00:00+02:00');
    await runInvitation(await invitationJob(id, 0));
    await database.db.delete(devMessages);
    notifier.sent.length = 0;
    const before = await coordinator.get(`/api/consultations/${id}`);
    const relativeId = before.body.participants.find((p: { role: string }) => p.role === 'relative').id as string;

    const added = await coordinator.post(`/api/consultations/${id}/participants`, { role: 'specialist', personId: 'sp-1' });
    expect(added.status).toBe(201);
    expect(added.body.participants.map((p: { name: string }) => p.name)).toContain('Siri Spesialist');
    const removed = await coordinator.request('DELETE', `/api/consultations/${id}/participants/${relativeId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.participants.map((p: { id: string }) => p.id)).not.toContain(relativeId);

    expect(await runInvitation(await targetedJob(id, 1))).toMatchObject({ sent: 1, failed: [] });
    expect(await runInvitation(await targetedJob(id, 2))).toMatchObject({ sent: 1, failed: [] });
    const all = await messages();
    expect(all.map((m) => [m.to, m.calendarMethod]).sort()).toEqual([
      ['randi@example.no', 'CANCEL'],
      ['siri.spesialist@vestreviken.example', 'REQUEST'],
    ]);
    expect(all.find((m) => m.to === 'randi@example.no')!.text).toContain('avlyst');
    expect(all.find((m) => m.to === 'siri.spesialist@vestreviken.example')!.text).toContain('Du er invitert');
    for (const m of all) expectNothingSensitive(`${m.text}\n${m.calendar ?? ''}`);
    // The patient (SMS) and the GP (Teams) heard nothing.
    expect(notifier.sent).toEqual([]);

    const events = await app.audit.forPatient(await patientIdOf(id), {});
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['consultation.participant.add', 'consultation.participant.remove']));

    // The meeting view shows per person and channel what became of their invitation.
    const view = (await coordinator.get(`/api/consultations/${id}`)).body;
    const states = Object.fromEntries(
      view.participants.map((p: { name: string; deliveries: { channel: string; kind: string; state: string }[] }) => [
        p.name,
        p.deliveries.map((d) => `${d.kind} ${d.channel} ${d.state}`),
      ]),
    );
    expect(states).toEqual({
      [PATIENT_NAME]: ['invitation sms delivered'],
      'Geir Fastlege': ['invitation teams delivered'],
      'Siri Spesialist': ['invitation email delivered'],
    });
  });

  it('a message that could not be sent shows as failed, with the reason, in the meeting view', async () => {
    const id = await book('2027-04-29T10:00:00+02:00', [{ role: 'patient' }, { role: 'gp', personId: 'gp-1' }, { role: 'specialist', personId: 'sp-2' }]);
    await runInvitation(await invitationJob(id, 0));
    const view = (await coordinator.get(`/api/consultations/${id}`)).body;
    const sverre = view.participants.find((p: { name: string }) => p.name === 'Sverre Spesialist');
    expect(sverre.deliveries).toEqual([expect.objectContaining({ channel: 'email', state: 'failed', reason: 'no_contact' })]);
  });

  it('only the booker or a coordinator of its organisation changes participants: a non-party gets 404, nothing changes and nobody is told', async () => {
    const id = await book('2027-04-27T10:00:00+02:00');
    const res = await outsiderGp.post(`/api/consultations/${id}/participants`, { role: 'specialist', personId: 'sp-2' });
    expect(res.status).toBe(404);
    const patientId = (await coordinator.get(`/api/consultations/${id}`)).body.participants[0].id as string;
    expect((await outsiderGp.post(`/api/consultations/${id}/participants/${patientId}/resend`)).status).toBe(404);
    expect((await outsiderGp.request('DELETE', `/api/consultations/${id}/participants/${patientId}`)).status).toBe(404);
    expect((await coordinator.get(`/api/consultations/${id}`)).body.participants).toHaveLength(3);
    const jobs = await queues.queue(QUEUES.invitations).getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.filter((j) => j.data.consultationId === id).map((j) => j.data.sequence)).toEqual([0]);
  });

  it("re-sending one guest's invitation sends only them a new link; the old link then answers 410 «en nyere lenke er sendt»", async () => {
    const id = await book('2027-04-28T10:00:00+02:00');
    await runInvitation(await invitationJob(id, 0));
    const oldToken = tokenOf((await messages()).find((m) => m.channel === 'sms')!.text)!;
    await database.db.delete(devMessages);
    notifier.sent.length = 0;
    const patientId = (await coordinator.get(`/api/consultations/${id}`)).body.participants.find((p: { role: string }) => p.role === 'patient').id;

    expect((await coordinator.post(`/api/consultations/${id}/participants/${patientId}/resend`)).status).toBe(200);
    expect(await runInvitation(await targetedJob(id, 1))).toMatchObject({ sent: 1 });
    const all = await messages();
    expect(all.map((m) => m.to)).toEqual(['+4791234567']);
    expect(notifier.sent).toEqual([]);
    const newToken = tokenOf(all[0]!.text)!;
    expect(newToken).not.toBe(oldToken);

    const old = await fetch(`${app.url}/join/${oldToken}`, { redirect: 'manual' });
    expect(old.status).toBe(410);
    expect(await old.text()).toContain('en nyere lenke er sendt');
    // The new link is the live one: too early to join yet (a month ahead), not superseded.
    const fresh = await (await fetch(`${app.url}/join/${newToken}`, { redirect: 'manual' })).text();
    expect(fresh).toContain('Det er for tidlig å bli med');
    expect(fresh).not.toContain('en nyere lenke er sendt');
  });

  it('availability returns the earliest common slots, skipping existing meetings and a public holiday', async () => {
    // Ascension Day, Thursday 6 May 2027, is a holiday; Sverre is busy 08:00–09:00 on Friday 7 May.
    await book('2027-05-07T08:00:00+02:00', [{ role: 'specialist', personId: 'sp-2' }]);
    const res = await coordinator.post('/api/consultations/availability', {
      personIds: ['gp-2', 'sp-2'],
      from: '2027-05-06T00:00:00+02:00',
      to: '2027-05-14T00:00:00+02:00',
      durationMinutes: 60,
      count: 3,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      slots: [
        { start: '2027-05-07T07:00:00.000Z', end: '2027-05-07T08:00:00.000Z' },
        { start: '2027-05-07T07:15:00.000Z', end: '2027-05-07T08:15:00.000Z' },
        { start: '2027-05-07T07:30:00.000Z', end: '2027-05-07T08:30:00.000Z' },
      ],
    });
    const windowed = await coordinator.post('/api/consultations/availability', {
      personIds: ['gp-2', 'sp-2'],
      externalWindows: [{ start: '2027-05-10T12:00:00+02:00', end: '2027-05-10T14:00:00+02:00' }],
      from: '2027-05-06T00:00:00+02:00',
      to: '2027-05-14T00:00:00+02:00',
      durationMinutes: 90,
    });
    expect(windowed.body.slots).toEqual([
      { start: '2027-05-10T10:00:00.000Z', end: '2027-05-10T11:30:00.000Z' },
      { start: '2027-05-10T10:15:00.000Z', end: '2027-05-10T11:45:00.000Z' },
      { start: '2027-05-10T10:30:00.000Z', end: '2027-05-10T12:00:00.000Z' },
    ]);
    const unknown = await coordinator.post('/api/consultations/availability', {
      personIds: ['nobody'],
      from: '2027-05-06T00:00:00Z',
      to: '2027-05-07T00:00:00Z',
      durationMinutes: 30,
    });
    expect(unknown.status).toBe(422);
  });
});
