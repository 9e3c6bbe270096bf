/**
 * The composition in server.ts: `startSamrom` (role all) routes signed LiveKit webhooks to
 * attendance, schedules the reconciliation and serves it from its worker, mounts the summary
 * routes and runs the share worker — against the LiveKit double, real Redis and the database.
 */
import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { consultationParticipants, consultations, outbox } from '../../server/src/adapters/postgres/schema';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { ATTENDANCE_RECONCILE_EVERY_MS, ATTENDANCE_RECONCILE_SCHEDULER_ID } from '../../server/src/workers/attendance';
import { LiveKitDouble } from '../doubles/livekit-double';
import { testDbKind } from '../helpers/db';
import { testRedisUrl } from '../helpers/redis';
import { type SamromInProcess, startSamromInProcess } from '../helpers/samrom-in-process';

const MS_PER_MINUTE = 60_000;

let running: SamromInProcess;
let double: LiveKitDouble;
const redis = createRedisConnection(testRedisUrl(), { connectionName: 'test-after-meeting-server' });
const queue = (name: string) => new Queue(name, { connection: redis, prefix: running.prefix });

beforeAll(async () => {
  double = new LiveKitDouble();
  await double.start();
  running = await startSamromInProcess('all', { LIVEKIT_URL: double.url, LIVEKIT_API_KEY: double.apiKey, LIVEKIT_API_SECRET: double.apiSecret });
});

afterAll(async () => {
  await running?.stop([QUEUES.attendanceReconcile, QUEUES.summaryShared, QUEUES.reminders]);
  redis.disconnect();
  await double?.stop();
});

describe(`after-meeting services in startSamrom on ${testDbKind()}`, () => {
  it('webhooks record attendance, the scheduled reconciliation repairs it, and a saved summary is shared by the worker', async () => {
    const coordinator = await running.signIn('ke-drammen-1');
    const gp = await running.signIn('gp-lier-1');
    // Twenty minutes from now: inside the reconciliation window already.
    const start = new Date(Math.ceil((Date.now() + 20 * MS_PER_MINUTE) / MS_PER_MINUTE) * MS_PER_MINUTE).toISOString();
    const booked = await coordinator.post('/api/consultations', {
      title: 'Oppfølging',
      patient: { name: 'Per Pasient', phone: '912 34 567' },
      start,
      durationMinutes: 30,
      participants: [{ role: 'patient' }, { role: 'gp', personId: 'gp-lier-1' }],
    });
    expect(booked.status).toBe(201);
    const roomName = `r_${randomBytes(16).toString('base64url')}`;
    const { db } = running.samrom.database;
    await db.update(consultations).set({ roomName }).where(eq(consultations.id, booked.body.id));
    const identity: Record<string, string> = {};
    for (const p of booked.body.participants as { id: string; role: string }[]) {
      identity[p.role] = `p_${randomBytes(12).toString('base64url')}`;
      await db.update(consultationParticipants).set({ videoIdentity: identity[p.role] }).where(eq(consultationParticipants.id, p.id));
    }

    const joined = await double.sendWebhook(`${running.samrom.url}/webhooks/livekit`, {
      event: 'participant_joined',
      room: { name: roomName },
      participant: { identity: identity.gp },
    });
    expect(joined).toEqual({ status: 200, body: { ok: true } });
    const afterWebhook = await gp.get(`/api/consultations/${booked.body.id}`);
    const gpRow = afterWebhook.body.participants.find((p: { role: string }) => p.role === 'gp');
    expect(gpRow.attendance).toEqual([{ joinedAt: expect.any(String), leftAt: null }]);

    const schedulers = await queue(QUEUES.attendanceReconcile).getJobSchedulers();
    expect(schedulers).toContainEqual(expect.objectContaining({ key: ATTENDANCE_RECONCILE_SCHEDULER_ID, every: ATTENDANCE_RECONCILE_EVERY_MS }));

    // The patient is in the call but their joined webhook was lost; the GP's left one too.
    double.addParticipant(roomName, identity.patient!, 'Per Pasient (pasient)');
    const events = new QueueEvents(QUEUES.attendanceReconcile, { connection: redis.duplicate(), prefix: running.prefix });
    await events.waitUntilReady();
    const job = await queue(QUEUES.attendanceReconcile).add('reconcile', {});
    expect(await job.waitUntilFinished(events, 15_000)).toMatchObject({ opened: 1, closed: 1 });
    await events.close();
    const repaired = await gp.get(`/api/consultations/${booked.body.id}`);
    const byRole = Object.fromEntries(repaired.body.participants.map((p: { role: string; attendance: unknown[] }) => [p.role, p.attendance]));
    expect(byRole.patient).toEqual([{ joinedAt: expect.any(String), leftAt: null }]);
    expect(byRole.gp).toEqual([{ joinedAt: expect.any(String), leftAt: expect.any(String) }]);

    const put = await gp.request('PUT', `/api/consultations/${booked.body.id}/summary`, { isbar: { situation: 'Stabil' } });
    expect(put.status).toBe(200);
    const [row] = await db.select().from(outbox).where(eq(outbox.queue, QUEUES.summaryShared));
    const shared = new QueueEvents(QUEUES.summaryShared, { connection: redis.duplicate(), prefix: running.prefix });
    await shared.waitUntilReady();
    const shareJob = await vi.waitFor(
      async () => {
        const found = await queue(QUEUES.summaryShared).getJob(row!.id);
        expect(found, 'the summary-shared job in Redis').toBeDefined();
        return found!;
      },
      { timeout: 10_000, interval: 20 },
    );
    // Nobody here has a Teams chat with the bot, so the worker ran and sent nothing.
    const result = (await shareJob.isCompleted()) ? shareJob.returnvalue : await shareJob.waitUntilFinished(shared, 10_000);
    expect(result).toEqual({ sent: 0, skipped: null });
    await shared.close();

    expect((await coordinator.get(`/api/consultations/${booked.body.id}/attendance.csv`)).status).toBe(200);
    expect((await gp.get(`/api/consultations/${booked.body.id}/attendance.csv`)).status).toBe(403);
  });
});
