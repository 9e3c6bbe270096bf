/**
 * The clinical-safety rules of akuttvideo as pure functions: the console's order, red single
 * NEWS2 parameters in an incomplete set, closing a call nobody answered (on a fake clock), what
 * an invite's Teams card is recorded as, and how the stats count calls nobody answered.
 */
import { describe, expect, it } from 'vitest';
import type { EmergencyOutcome, InviteDelivery, Triage } from '../../server/src/contracts/emergency';
import { redParameters, scoreNews2, scoreNews2Parameters } from '../../server/src/shared/news2';
import { deliverInviteCard } from '../../server/src/core/emergency/invite';
import { compareForConsole, consoleOrder } from '../../server/src/core/emergency/order';
import { closeDueAt, closeUnansweredCall } from '../../server/src/core/emergency/stale';
import { summarize } from '../../server/src/core/emergency/stats';
import type { EmergencyCallRecord } from '../../server/src/core/emergency/store';
import type { AuditEventInput, Clock, SendOutcome } from '../../server/src/core/ports';

const T0 = Date.UTC(2027, 2, 1, 3, 0, 0);
const minutes = (m: number) => new Date(T0 + m * 60_000);

function call(
  id: string,
  triage: Triage | null,
  news2Total: number | null,
  requestedAt: Date,
  status: EmergencyCallRecord['status'] = 'ringing',
): EmergencyCallRecord {
  return {
    id,
    requestedBy: 'lv-1',
    isbar: null,
    vitals: null,
    news2Total,
    triage,
    status,
    requestedAt,
    firstAlertAt: null,
    answeredAt: null,
    answeredBy: status === 'ringing' ? null : 'amk-1',
    connectedAt: null,
    endedAt: null,
    outcome: null,
    endedBy: null,
    roomName: null,
    escalatedAt: null,
  };
}

describe("the AMK console's order", () => {
  it("a red call that waited 16 minutes with NEWS2 13 comes before a newer yellow one (the issue's case)", () => {
    const red = call('red', 'rod', 13, minutes(0));
    const yellow = call('yellow', 'gul', null, minutes(16));
    expect(consoleOrder([yellow, red]).map((c) => c.id)).toEqual(['red', 'yellow']);
  });

  it('triage (rød, gul, grønn, none), then NEWS2 total high first (unscored last), then the longest wait; ended calls are left out', () => {
    const calls = [
      call('none-old', null, 20, minutes(0)),
      call('green', 'gronn', 9, minutes(1)),
      call('yellow-unscored-old', 'gul', null, minutes(2)),
      call('yellow-5', 'gul', 5, minutes(9)),
      call('red-unscored', 'rod', null, minutes(3)),
      call('red-16-new', 'rod', 16, minutes(8)),
      call('red-16-old', 'rod', 16, minutes(4)),
      call('red-ended', 'rod', 20, minutes(0), 'ended'),
      call('yellow-answered', 'gul', 7, minutes(5), 'answered'),
    ];
    expect(consoleOrder(calls).map((c) => c.id)).toEqual([
      'red-16-old',
      'red-16-new',
      'red-unscored',
      'yellow-answered',
      'yellow-5',
      'yellow-unscored-old',
      'green',
      'none-old',
    ]);
    // The input keeps its own order; the same calls in any order sort the same.
    expect(calls[0]!.id).toBe('none-old');
    expect(consoleOrder([...calls].reverse())).toEqual(consoleOrder(calls));
  });

  it('two calls alike in every way keep one order everywhere (by id)', () => {
    const a = call('a', 'gul', 3, minutes(1));
    const b = call('b', 'gul', 3, minutes(1));
    expect(compareForConsole(a, b)).toBeLessThan(0);
    expect(compareForConsole(b, a)).toBeGreaterThan(0);
  });
});

describe('red single NEWS2 parameters in an incomplete set', () => {
  it("breathing 8 and SpO₂ 85 each score 3 before the rest is typed (the issue's case)", () => {
    const scores = scoreNews2Parameters({ respirationRate: 8, spo2: 85 });
    expect(scores).toEqual({ respirationRate: 3, spo2: 3 });
    expect(redParameters(scores)).toEqual(['respirationRate', 'spo2']);
  });

  it('each parameter scores as in the complete table; missing or impossible values get no score', () => {
    const complete = {
      respirationRate: 26,
      spo2: 91,
      spo2Scale: 1,
      onOxygen: true,
      systolicBp: 95,
      pulse: 125,
      consciousness: 'voice',
      temperature: 38.5,
    } as const;
    expect(scoreNews2Parameters(complete)).toEqual(scoreNews2(complete).scores);
    expect(scoreNews2Parameters({ pulse: 1000, temperature: null, consciousness: 'sleepy' })).toEqual({});
    expect(scoreNews2Parameters({ consciousness: 'confusion' })).toEqual({ consciousness: 3 });
    expect(scoreNews2Parameters({ systolicBp: 120, temperature: 34.9 })).toEqual({ systolicBp: 0, temperature: 3 });
  });

  it('on SpO₂ scale 2 a reading of 93 or more waits for oxygen to be known; a low reading scores at once', () => {
    expect(scoreNews2Parameters({ spo2: 97, spo2Scale: 2 })).toEqual({});
    expect(scoreNews2Parameters({ spo2: 97, spo2Scale: 2, onOxygen: true })).toEqual({ spo2: 3, onOxygen: 2 });
    expect(scoreNews2Parameters({ spo2: 83, spo2Scale: 2 })).toEqual({ spo2: 3 });
    expect(scoreNews2Parameters({ spo2: 90 })).toEqual({ spo2: 3 });
  });
});

describe('a call nobody answered is closed after escalation', () => {
  const ESCALATED_AT = minutes(0);

  function world(status: EmergencyCallRecord['status'], escalatedAt: Date | null = ESCALATED_AT) {
    let now = ESCALATED_AT;
    let record: EmergencyCallRecord = { ...call('c1', 'rod', null, minutes(-1), status), escalatedAt };
    const audit: AuditEventInput[] = [];
    const changed: string[] = [];
    let closedCount = 0;
    const clock: Clock = { now: () => now };
    const ctx = {
      actor: { kind: 'system', name: 'test' } as const,
      audit: { record: async (e: AuditEventInput) => void audit.push(e), forPatient: async () => [] },
      clock,
      events: { changed: async (id: string) => void changed.push(id) },
      metrics: { closedUnanswered: () => void closedCount++ },
      unansweredCloseMinutes: 15,
      store: {
        byId: async () => record,
        end: async (_id: string, at: Date, outcome: EmergencyOutcome, endedBy: string | null, whileRinging?: boolean) => {
          if (record.status === 'ended' || (whileRinging && record.status !== 'ringing')) return null;
          record = { ...record, status: 'ended', endedAt: at, outcome, endedBy };
          return record;
        },
      },
    };
    return {
      ctx,
      record: () => record,
      setNow: (d: Date) => void (now = d),
      answer: () => void (record = { ...record, status: 'answered', answeredBy: 'amk-1' }),
      audit,
      changed,
      closed: () => closedCount,
    };
  }

  it('not before its time: the job is told when it is due; at 15 minutes it closes as unanswered, by nobody, once', async () => {
    const w = world('ringing');
    w.setNow(minutes(14.9));
    expect(await closeUnansweredCall(w.ctx, 'c1')).toEqual({ closed: false, reason: 'not_due', dueAt: closeDueAt(ESCALATED_AT, 15) });
    expect(w.record().status).toBe('ringing');

    w.setNow(minutes(15));
    expect(await closeUnansweredCall(w.ctx, 'c1')).toEqual({ closed: true });
    expect(w.record()).toMatchObject({ status: 'ended', outcome: 'unanswered', endedBy: null, endedAt: minutes(15) });
    expect(w.changed).toEqual(['c1']);
    expect(w.closed()).toBe(1);
    expect(w.audit).toEqual([expect.objectContaining({ action: 'emergency_call.close_unanswered', resourceId: 'c1', outcome: 'allowed' })]);

    // A redelivered job finds it ended and does nothing more.
    expect(await closeUnansweredCall(w.ctx, 'c1')).toEqual({ closed: false, reason: 'not_ringing' });
    expect(w.closed()).toBe(1);
  });

  it('a call answered meanwhile, or never escalated, is left alone', async () => {
    const answered = world('ringing');
    answered.answer();
    answered.setNow(minutes(20));
    expect(await closeUnansweredCall(answered.ctx, 'c1')).toEqual({ closed: false, reason: 'not_ringing' });
    expect(answered.record().status).toBe('answered');

    const notEscalated = world('ringing', null);
    notEscalated.setNow(minutes(60));
    expect(await closeUnansweredCall(notEscalated.ctx, 'c1')).toEqual({ closed: false, reason: 'not_escalated' });
  });

  it('the time is configurable', () => {
    expect(closeDueAt(ESCALATED_AT, 5)).toEqual(minutes(5));
    expect(closeDueAt(ESCALATED_AT)).toEqual(minutes(15));
  });
});

describe("an invite card's delivery is what Teams answered", () => {
  async function deliver(answer: SendOutcome | 'no-chat' | 'throws', lastAttempt: boolean): Promise<{ outcome: string; recorded: InviteDelivery[] }> {
    const recorded: InviteDelivery[] = [];
    const ctx = {
      store: {
        byId: async () => call('c1', 'rod', null, minutes(0), 'answered'),
        setInviteDelivery: async (_c: string, _p: string, d: InviteDelivery) => void recorded.push(d),
      },
      conversations: { personalFor: async () => (answer === 'no-chat' ? null : ({ conversationId: 'conv-x' } as never)) },
      notifier: {
        send: async (): Promise<SendOutcome> => {
          if (answer === 'throws') throw new Error('network');
          return answer as SendOutcome;
        },
      },
      publicBaseUrl: 'https://samrom.test',
    };
    try {
      return { outcome: await deliverInviteCard(ctx, 'c1', 'p1', lastAttempt), recorded };
    } catch {
      return { outcome: 'threw', recorded };
    }
  }

  it('delivered only when Teams took it; no chat or a final refusal is failed at once', async () => {
    expect(await deliver({ ok: true, activityId: 'a1' }, false)).toEqual({ outcome: 'sent', recorded: ['delivered'] });
    expect(await deliver('no-chat', false)).toEqual({ outcome: 'unreachable', recorded: ['failed'] });
    expect(await deliver({ ok: false, final: true, status: 403, reason: 'forbidden' }, false)).toEqual({ outcome: 'unreachable', recorded: ['failed'] });
  });

  it('a passing failure is retrying, and failed on the last attempt; so is a send that throws', async () => {
    const transient: SendOutcome = { ok: false, final: false, status: 502, reason: 'gave_up_retrying' };
    expect(await deliver(transient, false)).toEqual({ outcome: 'retry', recorded: ['retrying'] });
    expect(await deliver(transient, true)).toEqual({ outcome: 'retry', recorded: ['failed'] });
    expect(await deliver('throws', false)).toEqual({ outcome: 'threw', recorded: ['retrying'] });
    expect(await deliver('throws', true)).toEqual({ outcome: 'threw', recorded: ['failed'] });
  });
});

describe('stats of calls nobody answered', () => {
  it('count the requester giving up and Samrom closing the call separately', () => {
    const at = (s: number) => new Date(T0 + s * 1_000);
    const figures = summarize([
      { requestedAt: at(0), answeredAt: at(5), escalatedAt: null, outcome: 'ambulance', endedByRequester: false },
      { requestedAt: at(0), answeredAt: null, escalatedAt: null, outcome: 'cancelled', endedByRequester: true },
      { requestedAt: at(0), answeredAt: null, escalatedAt: at(10), outcome: 'unanswered', endedByRequester: false },
      { requestedAt: at(0), answeredAt: null, escalatedAt: at(10), outcome: null },
    ]);
    expect(figures.counts).toEqual({
      requested: 4,
      answered: 1,
      answeredWithin10Seconds: 1,
      escalated: 2,
      unanswered: 3,
      cancelledByRequester: 1,
      closedUnanswered: 1,
    });
  });
});
