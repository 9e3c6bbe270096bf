import { QueueEvents, type Worker } from 'bullmq';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { consultationSummaries, consultations, outbox } from '../../server/src/adapters/postgres/schema';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createWorker } from '../../server/src/adapters/queue/workers';
import { SUMMARY_MESSAGES } from '../../server/src/contracts/summary';
import { AFTER_MEETING_MESSAGES } from '../../server/src/core/consultations/after-meeting';
import type { SummaryShareResult } from '../../server/src/core/consultations/summary-share';
import { createSummarySharedProcessor } from '../../server/src/workers/summary-shared';
import { type BookedMeeting, type World, bookWithRoom, startWorld } from '../helpers/consultation-world';
import { testDbKind } from '../helpers/db';
import { RecordingNotifier } from '../helpers/recording-notifier';

const PUBLIC_BASE_URL = 'https://samrom.example.no';
const SECRET_NOTE = 'Pasienten har økende dyspné og KOLS-forverring';

let world: World;
let worker: Worker;
let events: QueueEvents;
const notifier = new RecordingNotifier();
const sent = notifier.sent;

beforeAll(async () => {
  world = await startWorld(new Date('2027-05-01T12:00:00Z'));
  const logger = createLogger({ level: 'silent' });
  const conversations = new PostgresConversationStore(world.database.db);
  for (const personId of ['gp-1', 'sp-1', 'ke-1']) {
    await conversations.save({
      conversationId: `a:chat-${personId}`,
      personId,
      aadObjectId: null,
      tenantId: null,
      serviceUrl: 'https://smba.example/',
      reference: { conversation: { id: `a:chat-${personId}` } },
    });
  }
  const processor = createSummarySharedProcessor({
    store: world.consultationStore,
    summaries: world.summaries,
    conversations,
    notifier,
    ledger: world.ledger,
    audit: world.app.audit,
    logger,
    publicBaseUrl: PUBLIC_BASE_URL,
    teamsAppId: undefined,
  });
  worker = createWorker(QUEUES.summaryShared, processor, { connection: world.redis, prefix: world.prefix, logger });
  events = new QueueEvents(QUEUES.summaryShared, { connection: world.redis.duplicate(), prefix: world.prefix });
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
});
afterAll(async () => {
  await worker?.close();
  await events?.close();
  await world?.queues.queue(QUEUES.summaryShared).obliterate({ force: true });
  await world?.close();
});

const summary = (overrides: Record<string, unknown> = {}) => ({
  isbar: {
    identification: 'Per Pasient, 52 år',
    situation: SECRET_NOTE,
    background: 'KOLS gold 3',
    assessment: 'Stabil',
    recommendation: 'Øke hjemmesykepleie',
  },
  actions: [
    { what: 'Søke om trygghetsalarm', who: 'Kommunen', due: '2027-06-01' },
    { what: 'Kontroll hos fastlege', who: 'Geir Fastlege', due: '2027-06-15' },
  ],
  nextMeeting: '2027-08-01T10:00:00+02:00',
  ...overrides,
});

async function shareJobs(meeting: BookedMeeting) {
  const rows = await world.database.db.select().from(outbox).where(eq(outbox.queue, QUEUES.summaryShared));
  return rows.filter((r) => (r.payload as { consultationId: string }).consultationId === meeting.id);
}

async function finished(jobId: string): Promise<SummaryShareResult> {
  const job = await vi.waitFor(
    async () => {
      const found = await world.queues.queue(QUEUES.summaryShared).getJob(jobId);
      if (!found) await world.relay.sweep();
      expect(found, `job ${jobId} in Redis`).toBeDefined();
      return found!;
    },
    { timeout: 10_000, interval: 50 },
  );
  return (await job.waitUntilFinished(events, 10_000)) as SummaryShareResult;
}

async function savedCount(meeting: BookedMeeting): Promise<number> {
  return (await world.database.db.select({ n: count() }).from(consultationSummaries).where(eq(consultationSummaries.consultationId, meeting.id)))[0]!.n;
}

describe(`consultation summary on ${testDbKind()}`, () => {
  it('a clinician participant saves the ISBAR summary; another participant reads it; both audited with the patient', async () => {
    const meeting = await bookWithRoom(world, '2027-05-10T10:00:00+02:00');
    const before = await world.as['sp-1'].get(`/api/consultations/${meeting.id}/summary`);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ summary: null, canWrite: true });

    const put = await world.as['gp-1'].request('PUT', `/api/consultations/${meeting.id}/summary`, summary());
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ canWrite: true, summary: { ...summary(), writtenBy: { personId: 'gp-1', name: 'Geir Fastlege' } } });

    const got = await world.as['sp-1'].get(`/api/consultations/${meeting.id}/summary`);
    expect(got.body.summary).toEqual(put.body.summary);
    const audit = await world.app.audit.forPatient(meeting.patientId, {});
    expect(audit).toContainEqual(
      expect.objectContaining({ actorId: 'gp-1', action: 'consultation.summary.write', outcome: 'allowed', resourceId: meeting.id }),
    );
    expect(audit).toContainEqual(expect.objectContaining({ actorId: 'sp-1', action: 'consultation.summary.read', outcome: 'allowed', resourceId: meeting.id }));
  });

  it('bad input gets 400 naming each problem in Norwegian and English, and nothing is saved or queued', async () => {
    const meeting = await bookWithRoom(world, '2027-05-11T10:00:00+02:00');
    const put = (body: unknown) => world.as['gp-1'].request('PUT', `/api/consultations/${meeting.id}/summary`, body);
    const cases: [unknown, { path: string; message: string }][] = [
      [summary({ isbar: { identification: ' ', situation: '' } }), { path: 'isbar', message: SUMMARY_MESSAGES.isbarEmpty }],
      [summary({ isbar: { situation: 'x'.repeat(4001) } }), { path: 'isbar.situation', message: SUMMARY_MESSAGES.isbarField }],
      [summary({ actions: [{ what: 'Ring', who: 'Fastlegen', due: 'i morgen' }] }), { path: 'actions.0.due', message: SUMMARY_MESSAGES.due }],
      [summary({ actions: [{ what: '', who: 'Fastlegen', due: '2027-06-01' }] }), { path: 'actions.0.what', message: SUMMARY_MESSAGES.what }],
      [
        summary({ actions: Array.from({ length: 31 }, () => ({ what: 'Ring', who: 'KE', due: '2027-06-01' })) }),
        { path: 'actions', message: SUMMARY_MESSAGES.actions },
      ],
      [summary({ nextMeeting: 'x'.repeat(201) }), { path: 'nextMeeting', message: SUMMARY_MESSAGES.nextMeeting }],
      [{ actions: [] }, { path: 'isbar', message: SUMMARY_MESSAGES.isbarEmpty }],
    ];
    for (const [body, issue] of cases) {
      const res = await put(body);
      expect(res.status, JSON.stringify(issue)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.issues).toContainEqual(issue);
    }
    expect((await put([1, 2])).status).toBe(400);
    const malformed = await world.as['gp-1'].request('PUT', `/api/consultations/${meeting.id}/summary`, undefined, { rawBody: '{"isbar":' });
    expect(malformed.status).toBe(400);
    expect(await savedCount(meeting)).toBe(0);
    expect(await shareJobs(meeting)).toHaveLength(0);
  });

  it('non-participants (404), a booker who is not a clinician participant (read only) and unauthenticated callers are kept out', async () => {
    const meeting = await bookWithRoom(world, '2027-05-12T10:00:00+02:00');
    for (const who of ['gp-2', 'mu-1'] as const) {
      expect((await world.as[who].get(`/api/consultations/${meeting.id}/summary`)).status).toBe(404);
      expect((await world.as[who].request('PUT', `/api/consultations/${meeting.id}/summary`, summary())).status).toBe(404);
    }
    const anonymous = await fetch(`${world.app.url}/api/consultations/${meeting.id}/summary`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(summary()),
    });
    expect(anonymous.status).toBe(401);
    expect(await savedCount(meeting)).toBe(0);
    const audit = await world.app.audit.forPatient(meeting.patientId, {});
    expect(audit).toContainEqual(expect.objectContaining({ actorId: 'gp-2', action: 'consultation.summary.write', outcome: 'denied' }));

    // sp-1 books a meeting between the patient and gp-1 without taking part: may read, not write.
    world.clock.set(new Date('2027-05-01T12:00:00Z'));
    const booked = await world.as['sp-1'].post('/api/consultations', {
      title: 'Oppfølging',
      patient: { name: 'Pål Pasient', phone: '912 34 568' },
      start: '2027-05-13T10:00:00+02:00',
      durationMinutes: 30,
      participants: [{ role: 'patient' }, { role: 'gp', personId: 'gp-1' }],
    });
    expect(booked.status).toBe(201);
    expect((await world.as['sp-1'].get(`/api/consultations/${booked.body.id}/summary`)).body).toEqual({ summary: null, canWrite: false });
    expect((await world.as['sp-1'].request('PUT', `/api/consultations/${booked.body.id}/summary`, summary())).status).toBe(403);
    // Coordinators write the summaries of their own organisation's meetings only; another's they are not told of.
    expect((await world.as['ke-1'].request('PUT', `/api/consultations/${meeting.id}/summary`, summary())).status).toBe(200);
    expect((await world.as['ke-1'].request('PUT', `/api/consultations/${booked.body.id}/summary`, summary())).status).toBe(404);
  });

  it('a cancelled meeting gets no summary (422, nothing saved)', async () => {
    const meeting = await bookWithRoom(world, '2027-05-14T10:00:00+02:00');
    await world.database.db.update(consultations).set({ status: 'cancelled' }).where(eq(consultations.id, meeting.id));
    const res = await world.as['gp-1'].request('PUT', `/api/consultations/${meeting.id}/summary`, summary());
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([{ path: 'id', message: AFTER_MEETING_MESSAGES.cancelled }]);
    expect(await savedCount(meeting)).toBe(0);
  });

  it('the clinician participants with a Teams chat get a link to the meeting, never the summary or the title; once per version', async () => {
    const meeting = await bookWithRoom(world, '2027-05-20T10:00:00+02:00');
    sent.length = 0;
    const first = await world.as['gp-1'].request('PUT', `/api/consultations/${meeting.id}/summary`, summary());
    expect(first.status).toBe(200);
    const [job] = await shareJobs(meeting);
    expect(Object.keys(job!.payload as object).sort()).toEqual(['consultationId', 'version']);
    expect(await finished(job!.id)).toEqual({ sent: 1, skipped: null });

    // The writer (gp-1) is not told about their own save; the specialist is; guests have no Teams.
    expect(sent.map((s) => s.conversationId)).toEqual(['a:chat-sp-1']);
    const message = JSON.stringify(sent[0]!.message);
    expect(message).toContain(`${PUBLIC_BASE_URL}/app/samtaler/${meeting.id}`);
    for (const clinical of [SECRET_NOTE, 'KOLS', 'trygghetsalarm', 'Oppfølging etter innleggelse', 'Per Pasient']) expect(message).not.toContain(clinical);

    // The same job again (a redelivery) sends nothing more.
    await world.queues.queue(QUEUES.summaryShared).add('share', job!.payload as Record<string, unknown>, { jobId: `again-${job!.id}` });
    expect(await finished(`again-${job!.id}`)).toEqual({ sent: 0, skipped: null });

    // An update is a new version: announced again (by a coordinator's save, to gp-1 and sp-1).
    const second = await world.as['ke-1'].request('PUT', `/api/consultations/${meeting.id}/summary`, summary({ nextMeeting: 'Om tre uker' }));
    expect(second.status).toBe(200);
    expect(second.body.summary.createdAt).toBe(first.body.summary.createdAt);
    expect(Date.parse(second.body.summary.updatedAt)).toBeGreaterThan(Date.parse(first.body.summary.updatedAt));
    const jobs = await shareJobs(meeting);
    expect(jobs).toHaveLength(2);
    const newer = jobs.find((j) => j.id !== job!.id)!;
    expect(await finished(newer.id)).toEqual({ sent: 2, skipped: null });
    expect(sent.map((s) => s.conversationId).sort()).toEqual(['a:chat-gp-1', 'a:chat-sp-1', 'a:chat-sp-1']);

    // The first version's job, delivered late, announces nothing: a newer version exists.
    await world.queues.queue(QUEUES.summaryShared).add('share', job!.payload as Record<string, unknown>, { jobId: `late-${job!.id}` });
    expect(await finished(`late-${job!.id}`)).toEqual({ sent: 0, skipped: 'stale_version' });
    const audit = await world.app.audit.forPatient(meeting.patientId, {});
    expect(audit).toContainEqual(expect.objectContaining({ actorId: 'system:summary-share', action: 'consultation.summary.share', outcome: 'allowed' }));
  });
});
