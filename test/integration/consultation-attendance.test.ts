import { QueueEvents, type Worker } from 'bullmq';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveKitVideoRooms } from '../../server/src/adapters/livekit/video-rooms';
import { createLogger } from '../../server/src/adapters/logger';
import { auditEvents, consultationAttendance } from '../../server/src/adapters/postgres/schema';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createWorker } from '../../server/src/adapters/queue/workers';
import type { ReconcileResult } from '../../server/src/core/consultations/attendance';
import {
  ATTENDANCE_RECONCILE_EVERY_MS,
  ATTENDANCE_RECONCILE_SCHEDULER_ID,
  createAttendanceReconcileProcessor,
  scheduleAttendanceReconcile,
} from '../../server/src/workers/attendance';
import { type BookedMeeting, type World, bookWithRoom, startWorld } from '../helpers/consultation-world';
import { testDbKind } from '../helpers/db';

/** Bookings are made "before" the meetings; tests then move the clock into them. */
const BOOKING_TIME = new Date('2027-03-01T12:00:00Z');
const seconds = (iso: string) => BigInt(Date.parse(iso) / 1000);

let world: World;
let worker: Worker;
let events: QueueEvents;

beforeAll(async () => {
  world = await startWorld(BOOKING_TIME);
  const logger = createLogger({ level: 'silent' });
  const rooms = new LiveKitVideoRooms({ url: world.double.url, apiKey: world.double.apiKey, apiSecret: world.double.apiSecret });
  const processor = createAttendanceReconcileProcessor({ store: world.attendance, rooms, audit: world.app.audit, logger, clock: world.clock });
  worker = createWorker(QUEUES.attendanceReconcile, processor, { connection: world.redis, prefix: world.prefix, logger });
  events = new QueueEvents(QUEUES.attendanceReconcile, { connection: world.redis.duplicate(), prefix: world.prefix });
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
});
afterAll(async () => {
  await worker?.close();
  await events?.close();
  await world?.queues.queue(QUEUES.attendanceReconcile).obliterate({ force: true });
  await world?.close();
});

function webhook(kind: 'participant_joined' | 'participant_left', meeting: BookedMeeting, role: string, at: string) {
  const identity = meeting.byRole[role]!.identity;
  return world.double.sendWebhook(world.webhookUrl, { event: kind, room: { name: meeting.roomName }, participant: { identity }, createdAt: seconds(at) });
}

async function attendanceOf(meeting: BookedMeeting, as: keyof World['as'] = 'ke-1'): Promise<Record<string, { joinedAt: string; leftAt: string | null }[]>> {
  const res = await world.as[as].get(`/api/consultations/${meeting.id}`);
  expect(res.status).toBe(200);
  return Object.fromEntries((res.body.participants as { role: string; attendance: never[] }[]).map((p) => [p.role, p.attendance]));
}

async function runReconcile(): Promise<ReconcileResult> {
  const job = await world.queues.queue(QUEUES.attendanceReconcile).add('reconcile', {});
  return (await job.waitUntilFinished(events, 15_000)) as ReconcileResult;
}

async function stayRows(meeting: BookedMeeting) {
  return world.database.db.select().from(consultationAttendance).where(eq(consultationAttendance.consultationId, meeting.id));
}

describe(`attendance from LiveKit webhooks on ${testDbKind()}`, () => {
  it('signed joined and left webhooks from LiveKit become stays in participants[].attendance[]', async () => {
    const meeting = await bookWithRoom(world, '2027-03-29T10:00:00+02:00');
    expect((await webhook('participant_joined', meeting, 'gp', '2027-03-29T08:01:00Z')).status).toBe(200);
    expect((await webhook('participant_joined', meeting, 'relative', '2027-03-29T08:03:00Z')).status).toBe(200);
    expect((await webhook('participant_left', meeting, 'gp', '2027-03-29T08:50:00Z')).status).toBe(200);

    const attendance = await attendanceOf(meeting, 'gp-1');
    expect(attendance.gp).toEqual([{ joinedAt: '2027-03-29T08:01:00.000Z', leftAt: '2027-03-29T08:50:00.000Z' }]);
    expect(attendance.relative).toEqual([{ joinedAt: '2027-03-29T08:03:00.000Z', leftAt: null }]);
    expect(attendance.patient).toEqual([]);
    expect(attendance.specialist).toEqual([]);

    // Rejoining opens a second stay.
    await webhook('participant_joined', meeting, 'gp', '2027-03-29T08:55:00Z');
    expect((await attendanceOf(meeting)).gp).toEqual([
      { joinedAt: '2027-03-29T08:01:00.000Z', leftAt: '2027-03-29T08:50:00.000Z' },
      { joinedAt: '2027-03-29T08:55:00.000Z', leftAt: null },
    ]);
    const audit = await world.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.patientId, meeting.patientId), eq(auditEvents.action, 'consultation.attendance.write')));
    expect(audit.length).toBe(4);
    expect(audit.every((e) => e.actorId === 'system:livekit-webhook' && e.outcome === 'allowed')).toBe(true);
  });

  it('a replayed webhook changes nothing, and a second join (another event id) does not open a second stay', async () => {
    const meeting = await bookWithRoom(world, '2027-03-29T12:00:00+02:00');
    const signed = await world.double.signWebhook({
      event: 'participant_joined',
      room: { name: meeting.roomName },
      participant: { identity: meeting.byRole.specialist!.identity },
      createdAt: seconds('2027-03-29T10:00:00Z'),
    });
    const post = () =>
      fetch(world.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/webhook+json', authorization: signed.authorization! },
        body: signed.rawBody,
      });
    expect((await post()).status).toBe(200);
    const replay = await post();
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ ignored: 'replay' });
    expect((await webhook('participant_joined', meeting, 'specialist', '2027-03-29T10:00:30Z')).status).toBe(200);

    const rows = await stayRows(meeting);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ joinedAt: new Date('2027-03-29T10:00:00Z'), leftAt: null });
  });

  it('a leave reported before its join does not leave a stay open, and a stay never ends before it began', async () => {
    const meeting = await bookWithRoom(world, '2027-03-29T14:00:00+02:00');
    await webhook('participant_joined', meeting, 'gp', '2027-03-29T12:00:00Z');
    await webhook('participant_left', meeting, 'gp', '2027-03-29T11:59:00Z');
    expect((await attendanceOf(meeting)).gp).toEqual([{ joinedAt: '2027-03-29T12:00:00.000Z', leftAt: '2027-03-29T12:00:00.000Z' }]);
    // The delayed join of that same stay arrives last: already covered, nothing opens.
    await webhook('participant_joined', meeting, 'gp', '2027-03-29T12:00:00Z');
    expect(await stayRows(meeting)).toHaveLength(1);
  });

  it('webhooks for a room no consultation owns, or an identity not in the meeting, are ignored without personal data in the logs', async () => {
    const meeting = await bookWithRoom(world, '2027-03-29T16:00:00+02:00');
    const unknownRoom = await world.double.sendWebhook(world.webhookUrl, {
      event: 'participant_joined',
      room: { name: 'r_someone-elses-room' },
      participant: { identity: meeting.byRole.gp!.identity },
    });
    expect(unknownRoom.status).toBe(200);
    const unknownIdentity = await world.double.sendWebhook(world.webhookUrl, {
      event: 'participant_joined',
      room: { name: meeting.roomName },
      participant: { identity: 'p_stranger' },
    });
    expect(unknownIdentity.status).toBe(200);
    expect(await stayRows(meeting)).toHaveLength(0);
    const logs = world.app.logs().join('\n');
    expect(logs).not.toContain('Per Pasient');
    expect(logs).not.toContain('Geir Fastlege');
  });

  it('room_finished closes every open stay of the room at the event time', async () => {
    const meeting = await bookWithRoom(world, '2027-03-30T10:00:00+02:00');
    await webhook('participant_joined', meeting, 'gp', '2027-03-30T08:00:00Z');
    await webhook('participant_joined', meeting, 'patient', '2027-03-30T08:02:00Z');
    await webhook('participant_joined', meeting, 'specialist', '2027-03-30T08:05:00Z');
    await webhook('participant_left', meeting, 'specialist', '2027-03-30T08:30:00Z');
    const finished = await world.double.sendWebhook(world.webhookUrl, {
      event: 'room_finished',
      room: { name: meeting.roomName },
      createdAt: seconds('2027-03-30T09:10:00Z'),
    });
    expect(finished.status).toBe(200);
    const attendance = await attendanceOf(meeting);
    expect(attendance.gp).toEqual([{ joinedAt: '2027-03-30T08:00:00.000Z', leftAt: '2027-03-30T09:10:00.000Z' }]);
    expect(attendance.patient).toEqual([{ joinedAt: '2027-03-30T08:02:00.000Z', leftAt: '2027-03-30T09:10:00.000Z' }]);
    expect(attendance.specialist).toEqual([{ joinedAt: '2027-03-30T08:05:00.000Z', leftAt: '2027-03-30T08:30:00.000Z' }]);
  });
});

describe(`attendance reconciliation (BullMQ job, LiveKit double) on ${testDbKind()}`, () => {
  it('repairs a lost left (absent in LiveKit → closed now) and a lost joined (present → opened at LiveKit’s join time); leaves the rest', async () => {
    const meeting = await bookWithRoom(world, '2027-04-05T10:00:00+02:00');
    // Outside its window (tomorrow): a stale open stay there is not this run's business.
    const later = await bookWithRoom(world, '2027-04-06T10:00:00+02:00');
    await webhook('participant_joined', later, 'gp', '2027-04-06T07:50:00Z');

    await webhook('participant_joined', meeting, 'gp', '2027-04-05T08:01:00Z'); // its left webhook is lost
    await webhook('participant_joined', meeting, 'specialist', '2027-04-05T08:02:00Z'); // still there
    world.double.addParticipant(meeting.roomName, meeting.byRole.specialist!.identity, 'Siri Spesialist (spesialist)');
    const relative = world.double.addParticipant(meeting.roomName, meeting.byRole.relative!.identity, 'Randi Pårørende (pårørende)'); // its joined webhook is lost

    const now = new Date('2027-04-05T08:40:00Z');
    world.clock.set(now);
    const result = await runReconcile();
    expect(result).toMatchObject({ opened: 1, closed: 1, failed: 0 });

    const attendance = await attendanceOf(meeting);
    expect(attendance.gp).toEqual([{ joinedAt: '2027-04-05T08:01:00.000Z', leftAt: now.toISOString() }]);
    expect(attendance.specialist).toEqual([{ joinedAt: '2027-04-05T08:02:00.000Z', leftAt: null }]);
    expect(attendance.relative).toEqual([{ joinedAt: new Date(Number(relative.joinedAt) * 1000).toISOString(), leftAt: null }]);
    expect((await attendanceOf(later)).gp).toEqual([{ joinedAt: '2027-04-06T07:50:00.000Z', leftAt: null }]);

    // A second run finds nothing to repair.
    expect(await runReconcile()).toMatchObject({ opened: 0, closed: 0 });
    const audit = await world.app.audit.forPatient(meeting.patientId, {});
    expect(audit).toContainEqual(
      expect.objectContaining({ actorId: 'system:attendance-reconcile', action: 'consultation.attendance.write', outcome: 'allowed' }),
    );
  });

  it('a room LiveKit no longer has counts as empty: its open stays are closed', async () => {
    const meeting = await bookWithRoom(world, '2027-04-07T10:00:00+02:00');
    await webhook('participant_joined', meeting, 'patient', '2027-04-07T08:00:00Z');
    world.clock.set(new Date('2027-04-07T09:30:00Z'));
    await runReconcile();
    expect((await attendanceOf(meeting)).patient).toEqual([{ joinedAt: '2027-04-07T08:00:00.000Z', leftAt: '2027-04-07T09:30:00.000Z' }]);
  });

  it('worker processes schedule it as one repeatable job every 60 seconds', async () => {
    await scheduleAttendanceReconcile(world.queues.queue);
    await scheduleAttendanceReconcile(world.queues.queue);
    const schedulers = await world.queues.queue(QUEUES.attendanceReconcile).getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: ATTENDANCE_RECONCILE_SCHEDULER_ID, every: ATTENDANCE_RECONCILE_EVERY_MS });
    await world.queues.queue(QUEUES.attendanceReconcile).removeJobScheduler(ATTENDANCE_RECONCILE_SCHEDULER_ID);
  });
});

describe(`attendance export on ${testDbKind()}`, () => {
  it('the coordinator gets a CSV with name, role, joined and left in Oslo time with offset, and minutes; audited', async () => {
    const meeting = await bookWithRoom(world, '2027-03-31T10:00:00+02:00');
    await webhook('participant_joined', meeting, 'gp', '2027-03-31T08:00:00Z');
    await webhook('participant_joined', meeting, 'relative', '2027-03-31T08:05:00Z');
    await webhook('participant_left', meeting, 'relative', '2027-03-31T08:45:00Z');
    await webhook('participant_left', meeting, 'gp', '2027-03-31T09:01:00Z');

    const res = await world.as['ke-1'].get(`/api/consultations/${meeting.id}/attendance.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="oppmote-2027-03-31-${meeting.id.slice(0, 8)}.csv"`);
    const rows = parse(res.text, { bom: true, delimiter: ';' }) as string[][];
    expect(rows).toEqual([
      ['Navn', 'Rolle', 'Inn', 'Ut', 'Minutter'],
      ['Geir Fastlege', 'Fastlege', '2027-03-31 10:00:00 +02:00', '2027-03-31 11:01:00 +02:00', '61'],
      ['Randi Pårørende', 'Pårørende', '2027-03-31 10:05:00 +02:00', '2027-03-31 10:45:00 +02:00', '40'],
      ['Per Pasient', 'Pasient', '', '', '0'],
      ['Siri Spesialist', 'Spesialist', '', '', '0'],
    ]);
    expect(res.text).not.toContain('Oppfølging etter innleggelse');

    const english = await world.as['ke-1'].get(`/api/consultations/${meeting.id}/attendance.csv`, { headers: { 'accept-language': 'en' } });
    expect((parse(english.text, { bom: true, delimiter: ';' }) as string[][])[0]).toEqual(['Name', 'Role', 'Joined', 'Left', 'Minutes']);
    const json = await world.as['ke-1'].get(`/api/consultations/${meeting.id}/attendance`);
    expect(json.body.rows[0]).toEqual({
      name: 'Geir Fastlege',
      role: 'gp',
      joinedAt: '2027-03-31T08:00:00.000Z',
      leftAt: '2027-03-31T09:01:00.000Z',
      minutes: 61,
    });

    const audit = await world.app.audit.forPatient(meeting.patientId, {});
    expect(audit.filter((e) => e.action === 'consultation.attendance.export' && e.actorId === 'ke-1' && e.outcome === 'allowed')).toHaveLength(3);
  });

  it('a participant who is neither coordinator nor booker gets 403, an outsider 404 (both audited as denied); an unknown id 404', async () => {
    const meeting = await bookWithRoom(world, '2027-03-31T13:00:00+02:00');
    for (const [who, status, code] of [
      ['gp-1', 403, 'forbidden'],
      ['gp-2', 404, 'not_found'],
    ] as const) {
      const res = await world.as[who].get(`/api/consultations/${meeting.id}/attendance.csv`);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.text).not.toContain('Per Pasient');
    }
    const audit = await world.app.audit.forPatient(meeting.patientId, {});
    expect(audit).toContainEqual(expect.objectContaining({ actorId: 'gp-2', action: 'consultation.attendance.export', outcome: 'denied' }));
    expect((await world.as['ke-1'].get('/api/consultations/00000000-0000-4000-8000-000000000000/attendance.csv')).status).toBe(404);
  });

  it('a name that looks like a spreadsheet formula is exported as text', async () => {
    const meeting = await bookWithRoom(world, '2027-03-31T15:00:00+02:00', [
      { role: 'other', name: '=HYPERLINK("http://evil")', email: 'x@example.no' },
      { role: 'gp', personId: 'gp-1' },
    ]);
    const res = await world.as['ke-1'].get(`/api/consultations/${meeting.id}/attendance.csv`);
    const rows = parse(res.text, { bom: true, delimiter: ';' }) as string[][];
    expect(rows.map((r) => r[0])).toContain(`'=HYPERLINK("http://evil")`);
  });
});
