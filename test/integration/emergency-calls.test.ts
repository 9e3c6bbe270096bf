/**
 * Akuttvideo: legevakt rings AMK through the API, the outbox, BullMQ and the ring worker; the
 * first operator to accept wins; the call escalates when nobody answers; consoles hear it live.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, emergencyCalls } from '../../server/src/adapters/postgres/schema';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { ESCALATIONS_METRIC } from '../../server/src/adapters/metrics/emergency-metrics';
import type { EmergencyCallSnapshotDto } from '../../server/src/contracts/emergency';
import { AMK_LEADER, AMK_OPERATORS, type EmergencyHarness, startEmergencyHarness } from '../helpers/emergency';
import { testDbKind } from '../helpers/db';
import { openSse } from '../helpers/sse';

const RING_TIMEOUT_SECONDS = 2;
const ISBAR_SECRET = 'Kari Nordmann, 84 år, brystsmerter';
const COMPLETE_VITALS = { respirationRate: 26, spo2: 91, spo2Scale: 1, onOxygen: true, systolicBp: 95, pulse: 125, consciousness: 'voice', temperature: 38.5 };

let h: EmergencyHarness;

beforeAll(async () => {
  h = await startEmergencyHarness({ ringTimeoutSeconds: RING_TIMEOUT_SECONDS });
});
afterAll(async () => {
  await h?.stop();
});

async function callsSaved(): Promise<number> {
  const [row] = await h.database.db.select({ n: count() }).from(emergencyCalls);
  return row!.n;
}

async function escalationCount(): Promise<number> {
  const text = await h.metrics.getSingleMetricAsString(ESCALATIONS_METRIC);
  const match = new RegExp(`^${ESCALATIONS_METRIC} (\\d+)`, 'm').exec(text);
  return Number(match?.[1] ?? 0);
}

describe(`akuttvideo on ${testDbKind()}`, () => {
  it('a GP may not ring AMK (403) and nothing is saved; without a token it is 401', async () => {
    const before = await callsSaved();
    const gp = await h.as('gp-1');
    const res = await gp.post('/api/emergency-calls', { triage: 'rod' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    const anonymous = await fetch(`${h.url}/api/emergency-calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(await callsSaved()).toBe(before);
  });

  it('bad input gets 400 naming each field, and nothing is saved', async () => {
    const before = await callsSaved();
    const lv = await h.as('lv-1');
    const res = await lv.post('/api/emergency-calls', { triage: 'blå', vitals: { spo2: 150, pulse: 80.5 }, isbar: { situation: 'x'.repeat(2001) } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = res.body.error.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['isbar.situation', 'triage', 'vitals.pulse', 'vitals.spo2']);
    expect((await lv.post('/api/emergency-calls', [1, 2])).status).toBe(400);
    expect((await lv.post('/api/emergency-calls', undefined, { rawBody: '{"triage":' })).status).toBe(400);
    expect(await callsSaved()).toBe(before);
    // An operator accepting an unknown call: 404, never 500.
    const amk = await h.as('amk-1');
    expect((await amk.post('/api/emergency-calls/not-a-call/accept')).status).toBe(404);
  });

  it('a call answers 201 ringing at once, scores NEWS2, and every AMK operator gets a card without ISBAR text', async () => {
    const lv = await h.as('lv-1');
    const res = await lv.post('/api/emergency-calls', { triage: 'rod', vitals: COMPLETE_VITALS, isbar: { identification: ISBAR_SECRET } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'ringing', triage: 'rod', news2Total: 16, isbar: { identification: ISBAR_SECRET } });
    expect(res.body.requestedBy).toMatchObject({ id: 'lv-1', organization: 'Drammen interkommunale legevakt' });

    const report = await h.completed(QUEUES.emergencyRing, res.body.id);
    expect(report).toMatchObject({ group: AMK_OPERATORS.length + 1, sent: AMK_OPERATORS.length + 1, retry: false });
    const cards = h.notifier.sent.filter((s) => JSON.stringify(s.message).includes(res.body.id));
    expect(new Set(cards.map((c) => c.conversationId))).toEqual(new Set([...AMK_OPERATORS, AMK_LEADER].map((id) => `conv-${id}`)));
    for (const card of cards) {
      const text = JSON.stringify(card.message);
      expect(text).toContain('NEWS2');
      expect(text).toContain('Drammen interkommunale legevakt');
      expect(text).not.toContain('Kari');
      expect(text).not.toContain('Magnus');
    }
    const got = await lv.get(`/api/emergency-calls/${res.body.id}`);
    expect(got.body.firstAlertAt).not.toBeNull();
    const figures = await h.metrics.metrics();
    expect(figures).toMatch(/^samrom_emergency_first_alert_seconds_count [1-9]/m);
    expect(figures).toMatch(/^samrom_emergency_calls_total [1-9]/m);
    // Another legevakt doctor may not read it.
    expect((await (await h.as('lv-2')).get(`/api/emergency-calls/${res.body.id}`)).status).toBe(403);
    await lv.post(`/api/emergency-calls/${res.body.id}/end`, { outcome: 'cancelled' });
  });

  it('five operators accept at once: exactly one wins, four get 409 naming the winner, and GET shows who answered', async () => {
    const lv = await h.as('lv-1');
    const created = await lv.post('/api/emergency-calls', { triage: 'gul' });
    const id: string = created.body.id;
    await h.completed(QUEUES.emergencyRing, id);
    const operators = await Promise.all(AMK_OPERATORS.map((p) => h.as(p)));
    const answers = await Promise.all(operators.map((op) => op.post(`/api/emergency-calls/${id}/accept`)));

    const winners = answers.filter((a) => a.status === 200);
    const losers = answers.filter((a) => a.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(4);
    const winner = winners[0]!.body;
    expect(await h.metrics.metrics()).toMatch(/^samrom_emergency_time_to_answer_seconds_count [1-9]/m);
    expect(winner.video.token).toEqual(expect.any(String));
    expect(winner.video.roomName).toMatch(/^r_/);
    for (const loser of losers) {
      expect(loser.body.error.code).toBe('already_answered');
      expect(loser.body.error.message).toBe(`Besvart av ${winner.call.answeredBy.name}.`);
    }
    expect(h.livekit.rooms().filter((r) => r.name === winner.video.roomName)).toHaveLength(1);

    // Every operator's card (and the leader's) is replaced in place by «besvart av …».
    const updated = await h.completed(QUEUES.emergencyRing, id, 'update');
    expect(updated).toMatchObject({ group: AMK_OPERATORS.length + 1, sent: AMK_OPERATORS.length + 1 });
    const replaced = h.notifier.sent.filter((s) => s.message.replaceActivityId !== undefined && JSON.stringify(s.message).includes(id));
    expect(replaced).toHaveLength(AMK_OPERATORS.length + 1);
    for (const r of replaced) expect(r.message.text).toContain(`besvart av ${winner.call.answeredBy.name}`);

    for (const reader of [lv, ...operators]) {
      const got = await reader.get(`/api/emergency-calls/${id}`);
      expect(got.body).toMatchObject({ status: 'answered', answeredBy: winner.call.answeredBy });
    }

    // The requester joins the same room: the call is connected; then it ends.
    const joined = await lv.post(`/api/emergency-calls/${id}/join`);
    expect(joined.status).toBe(200);
    expect(joined.body.video.roomName).toBe(winner.video.roomName);
    expect(joined.body.call.status).toBe('connected');
    const ended = await lv.post(`/api/emergency-calls/${id}/end`, { outcome: 'ambulance' });
    expect(ended.body).toMatchObject({ status: 'ended', outcome: 'ambulance' });
    expect((await lv.post(`/api/emergency-calls/${id}/end`)).status).toBe(409);

    const [row] = await h.database.db.select().from(emergencyCalls).where(eq(emergencyCalls.id, id));
    expect(row!.answeredAt!.getTime()).toBeGreaterThanOrEqual(row!.requestedAt.getTime());
    expect(row!.connectedAt!.getTime()).toBeGreaterThanOrEqual(row!.answeredAt!.getTime());
    expect(row!.endedAt!.getTime()).toBeGreaterThanOrEqual(row!.connectedAt!.getTime());
    const accepts = await h.database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, id));
    expect(
      accepts
        .filter((a) => a.action === 'emergency_call.accept')
        .map((a) => a.outcome)
        .sort(),
    ).toEqual(['allowed', 'failed', 'failed', 'failed', 'failed']);
  });

  it('unanswered after the ring timeout, a call escalates to the backup group, raises the alarm and keeps ringing', async () => {
    const alarmsBefore = await escalationCount();
    const lv = await h.as('lv-2');
    const created = await lv.post('/api/emergency-calls', { triage: 'rod' });
    const id: string = created.body.id;

    const report = await h.completed(QUEUES.emergencyEscalate, id);
    expect(report).toMatchObject({ escalated: true, group: 1, sent: 1 });
    const escalationCards = h.notifier.sent.filter((s) => JSON.stringify(s.message).includes(id) && s.message.text.includes('eskalert'));
    expect(escalationCards.map((c) => c.conversationId)).toEqual([`conv-${AMK_LEADER}`]);
    expect(await escalationCount()).toBe(alarmsBefore + 1);

    const got = await lv.get(`/api/emergency-calls/${id}`);
    expect(got.body.status).toBe('ringing');
    const escalatedAfterMs = new Date(got.body.escalatedAt).getTime() - new Date(got.body.requestedAt).getTime();
    expect(escalatedAfterMs).toBeGreaterThanOrEqual(RING_TIMEOUT_SECONDS * 1_000 - 50);
    // Nothing to join before someone answers; still answerable.
    const early = await lv.post(`/api/emergency-calls/${id}/join`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('conflict');
    expect((await (await h.as(AMK_LEADER)).post(`/api/emergency-calls/${id}/accept`)).status).toBe(200);
    expect((await lv.get('/api/emergency-calls/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('statistics count calls and time to answer; only AMK and admins may read them', async () => {
    const amk = await h.as('amk-1');
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const stats = await amk.get(`/api/emergency-calls/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(stats.status).toBe(200);
    expect(stats.body.counts.requested).toBeGreaterThanOrEqual(3);
    expect(stats.body.counts.answered).toBeGreaterThanOrEqual(2);
    expect(stats.body.secondsToAnswer.median).toEqual(expect.any(Number));
    expect(stats.body.citizenLinkVideoShare).toBeNull();
    expect((await amk.get('/api/emergency-calls/stats?from=yesterday')).status).toBe(400);
    expect((await (await h.as('lv-1')).get(`/api/emergency-calls/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).status).toBe(403);
  });
});

describe(`the akuttvideo live stream on ${testDbKind()}`, () => {
  it('an AMK console gets a ringing snapshot, then the answered one naming the operator; another legevakt sees neither', async () => {
    const amkToken = await tokenOf('amk-2');
    const otherLvToken = await tokenOf('lv-2');
    const console = await openSse(`${h.url}/api/emergency-calls/stream`, amkToken);
    const otherLv = await openSse(`${h.url}/api/emergency-calls/stream`, otherLvToken);
    expect(console.status).toBe(200);
    try {
      const lv = await h.as('lv-1');
      const created = await lv.post('/api/emergency-calls', { triage: 'gronn' });
      const id: string = created.body.id;
      const snapshot = (e: { data: string }) => JSON.parse(e.data) as EmergencyCallSnapshotDto;
      const ringing = await console.next((e) => snapshot(e).id === id && snapshot(e).status === 'ringing');
      expect(snapshot(ringing).requestedBy.organization).toBe('Drammen interkommunale legevakt');
      expect(ringing.data).not.toContain('isbar');

      const accepted = await (await h.as('amk-4')).post(`/api/emergency-calls/${id}/accept`);
      expect(accepted.status).toBe(200);
      const answered = await console.next((e) => snapshot(e).id === id && snapshot(e).status === 'answered');
      expect(snapshot(answered).answeredBy).toEqual({ id: 'amk-4', name: 'Operatør 4' });
      expect(console.events.findIndex((e) => e === ringing)).toBeLessThan(console.events.findIndex((e) => e === answered));
      expect(otherLv.events.some((e) => snapshot(e).id === id)).toBe(false);
      await lv.post(`/api/emergency-calls/${id}/end`);
    } finally {
      console.close();
      otherLv.close();
    }
  });

  it('a GP may not open the stream', async () => {
    const stream = await openSse(`${h.url}/api/emergency-calls/stream`, await tokenOf('gp-1'));
    expect(stream.status).toBe(403);
    stream.close();
  });
});

async function tokenOf(personId: string): Promise<string> {
  return h.token(personId);
}
