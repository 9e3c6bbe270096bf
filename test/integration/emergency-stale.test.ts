/**
 * Stale akuttvideo calls end: through the outbox, BullMQ and the escalate worker, a call nobody
 * answers is escalated and then closed as `unanswered` (here after seconds, in production after
 * 15 minutes); both sides see why, the Teams cards say so, and the stats count it apart from
 * calls the requester ended themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSED_UNANSWERED_METRIC } from '../../server/src/adapters/metrics/emergency-metrics';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { testDbKind } from '../helpers/db';
import { AMK_LEADER, AMK_OPERATORS, type EmergencyHarness, startEmergencyHarness } from '../helpers/emergency';
import { openSse } from '../helpers/sse';

const RING_TIMEOUT_SECONDS = 1;
/** 3.6 seconds after escalation: room for the test to answer a call first. */
const UNANSWERED_CLOSE_MINUTES = 0.06;

let h: EmergencyHarness;

beforeAll(async () => {
  h = await startEmergencyHarness({ ringTimeoutSeconds: RING_TIMEOUT_SECONDS, unansweredCloseMinutes: UNANSWERED_CLOSE_MINUTES });
});
afterAll(async () => {
  await h?.stop();
});

async function closedCount(): Promise<number> {
  const text = await h.metrics.getSingleMetricAsString(CLOSED_UNANSWERED_METRIC);
  return Number(new RegExp(`^${CLOSED_UNANSWERED_METRIC} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}

describe(`stale akuttvideo calls on ${testDbKind()}`, () => {
  it('nobody answers: escalated, then closed as unanswered after the configured time; both sides see it, the cards say so, the stats count it', async () => {
    const before = await closedCount();
    const console = await openSse(`${h.url}/api/emergency-calls/stream`, await h.token('amk-3'));
    try {
      const lv = await h.as('lv-1');
      const created = await lv.post('/api/emergency-calls', { triage: 'rod' });
      const id: string = created.body.id;
      expect((await h.completed(QUEUES.emergencyEscalate, id)).escalated).toBe(true);
      const report = await h.completed(QUEUES.emergencyEscalate, id, 'close-unanswered');
      expect(report).toEqual({ closed: true });

      const seen = await lv.get(`/api/emergency-calls/${id}`);
      expect(seen.body).toMatchObject({ status: 'ended', outcome: 'unanswered', endedBy: null });
      const closedAfterMs = Date.parse(seen.body.endedAt) - Date.parse(seen.body.escalatedAt);
      expect(closedAfterMs).toBeGreaterThanOrEqual(UNANSWERED_CLOSE_MINUTES * 60_000 - 50);
      const pushed = await console.next((e) => e.event === 'call' && JSON.parse(e.data).id === id && JSON.parse(e.data).status === 'ended');
      expect(JSON.parse(pushed.data)).toMatchObject({ outcome: 'unanswered', endedBy: null });
      expect((await (await h.as('amk-1')).get('/api/emergency-calls?open=true')).body.calls.map((c: { id: string }) => c.id)).not.toContain(id);
      // Too late to answer.
      expect((await (await h.as('amk-1')).post(`/api/emergency-calls/${id}/accept`)).status).toBe(409);

      // Every card it rang with is replaced: closed, nobody answered.
      await h.completed(QUEUES.emergencyRing, id, 'update');
      const replaced = h.notifier.sent.filter((s) => s.message.replaceActivityId !== undefined && JSON.stringify(s.message).includes(id));
      expect(replaced.length).toBeGreaterThanOrEqual(AMK_OPERATORS.length + 1);
      for (const card of replaced) expect(card.message.text).toContain('lukket: ingen svarte');
      expect(h.notifier.sent.some((s) => s.conversationId === `conv-${AMK_LEADER}` && s.message.text.includes('eskalert'))).toBe(true);
      expect(await closedCount()).toBe(before + 1);
    } finally {
      console.close();
    }
  });

  it('an answered call is not closed; a call the requester ended counts as theirs; the stats tell the two apart', async () => {
    const from = new Date(Date.now() - 1).toISOString();
    const lv = await h.as('lv-2');
    const answered = (await lv.post('/api/emergency-calls', { triage: 'gul' })).body.id as string;
    await h.completed(QUEUES.emergencyEscalate, answered);
    expect((await (await h.as('amk-2')).post(`/api/emergency-calls/${answered}/accept`)).status).toBe(200);
    expect(await h.completed(QUEUES.emergencyEscalate, answered, 'close-unanswered')).toEqual({ closed: false, reason: 'not_ringing' });
    expect((await lv.get(`/api/emergency-calls/${answered}`)).body.status).toBe('answered');

    const cancelled = (await lv.post('/api/emergency-calls', { triage: 'gronn' })).body.id as string;
    const ended = await lv.post(`/api/emergency-calls/${cancelled}/end`);
    expect(ended.body).toMatchObject({ status: 'ended', outcome: 'cancelled', endedBy: { id: 'lv-2', name: 'Selma Legevakt' } });

    const unanswered = (await lv.post('/api/emergency-calls', { triage: 'rod' })).body.id as string;
    expect(await h.completed(QUEUES.emergencyEscalate, unanswered, 'close-unanswered')).toEqual({ closed: true });

    const to = new Date(Date.now() + 60_000).toISOString();
    const stats = await (await h.as('amk-1')).get(`/api/emergency-calls/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(stats.status).toBe(200);
    expect(stats.body.counts).toMatchObject({ requested: 3, answered: 1, cancelledByRequester: 1, closedUnanswered: 1, unanswered: 2 });
    await lv.post(`/api/emergency-calls/${answered}/end`);
  });
});
