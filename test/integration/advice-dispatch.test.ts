import { QueueEvents } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adviceRingAttempts, outbox } from '../../server/src/adapters/postgres/schema';
import { ADVICE_JOBS } from '../../server/src/adapters/queue/advice-jobs';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { dispatchAdvice, escalateAdvice } from '../../server/src/core/advice/dispatch';
import { createAdviceProcessor } from '../../server/src/workers/advice';
import {
  type AdviceWorld,
  CLINICAL_TEXT,
  ISBAR,
  adviceRequest,
  conversationOf,
  createAdviceWorld,
  fakeAdviceJob,
  outboxJobsFor,
} from '../helpers/advice-world';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { RecordingNotifier } from '../helpers/recording-notifier';
import { testRedisUrl } from '../helpers/redis';
import { QUEUES } from '../../server/src/adapters/queue/registry';

let database: TestDatabase;
let world: AdviceWorld;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await database?.destroy();
});

async function freshWorld(): Promise<AdviceWorld> {
  world = await createAdviceWorld(database.db);
  cleanups.push(() => world.close());
  return world;
}

function queueEvents(): QueueEvents {
  const events = new QueueEvents(QUEUES.advice, {
    connection: createRedisConnection(testRedisUrl(), { connectionName: 'test-advice-events' }),
    prefix: world.prefix,
  });
  cleanups.push(() => events.close());
  return events;
}

const ringRows = (requestId: string) => database.db.select().from(adviceRingAttempts).where(eq(adviceRingAttempts.requestId, requestId));

describe(`advice dispatch on ${testDbKind()}`, () => {
  it('a redelivered or duplicated dispatch job does not ring the same person twice for the same round', async () => {
    await freshWorld();
    const run = createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger });
    const r = await world.store.create(adviceRequest('gp-1', 'akutt'));
    // Two at once: one may find a ring claimed by the other and fail to be retried later (never send it too).
    const settled = await Promise.allSettled([run(fakeAdviceJob(ADVICE_JOBS.dispatch, r.id, 1)), run(fakeAdviceJob(ADVICE_JOBS.dispatch, r.id, 1))]);
    for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ name: 'RetryableRingError' });
    const reports = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const again = await run(fakeAdviceJob(ADVICE_JOBS.dispatch, r.id, 1));
    expect(world.notifier.sentTo(conversationOf('v1'), r.id)).toHaveLength(1);
    expect(world.notifier.sentTo(conversationOf('b2'), r.id)).toHaveLength(1);
    expect(world.notifier.sent).toHaveLength(2);
    expect(reports.reduce((n, rep) => n + ('sent' in rep ? rep.sent : 0), 0)).toBeLessThanOrEqual(2);
    expect(again).toMatchObject({ outcome: 'rung', sent: 0 });
    const rows = await ringRows(r.id);
    expect(rows.map((x) => `${x.attempt}:${x.personId}:${x.level}`).sort()).toEqual(['1:b2:2', '1:v1:1']);
    expect(rows.every((x) => x.sentAt !== null)).toBe(true);
    // One escalation planned for the round, however many runs.
    expect(await outboxJobsFor(database.db, r.id, ADVICE_JOBS.escalate)).toHaveLength(1);
  });

  it('the ring card names the specialty, priority and requester, with accept and decline — and no clinical text', async () => {
    await freshWorld();
    const r = await world.store.create(adviceRequest('gp-1', 'haster'));
    await createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger })(fakeAdviceJob(ADVICE_JOBS.dispatch, r.id, 1));
    const [send] = world.notifier.sentTo(conversationOf('v1'), r.id);
    expect(send!.message.text).toContain('Konferanse i Kardiologi (haster (gul)) fra Dr gp-1, Lier legesenter.');
    expect(send!.message.text).toContain(`https://samrom.example.no/app/konferer/${r.id}`);
    const card = JSON.stringify(send!.message.card);
    expect(card).toContain('"samromAction":"advice.accept"');
    expect(card).toContain('"samromAction":"advice.decline"');
    for (const text of Object.values(ISBAR).filter(Boolean)) {
      expect(card).not.toContain(text);
      expect(send!.message.text).not.toContain(text);
    }
  });

  it('with no answer it escalates level 1 → 2 → 3, then alarms the coordinator and rings level 1 again (real worker, 1-s timeout)', async () => {
    await freshWorld();
    world.startWorker(1);
    const r = await world.store.create(adviceRequest('gp-2'));
    await world.notifier.until(
      (sent) => sent.some((s) => s.conversationId === conversationOf('ke')) && world.notifier.sentTo(conversationOf('v1'), r.id).length === 2,
    );
    // The requester's own status card (conv:gp-2) is updated alongside; the rings are the rest.
    const to = world.notifier.sent.map((s) => s.conversationId).filter((c) => c !== conversationOf('gp-2'));
    expect(to.slice(0, 3)).toEqual(['v1', 'b2', 'o3'].map(conversationOf));
    // Round 4 rings level 1 again and alarms the coordinator, in either order.
    expect(to.slice(3, 5).sort()).toEqual(['ke', 'v1'].map(conversationOf));
    const alarm = world.notifier.sentTo(conversationOf('ke'), r.id)[0]!;
    expect(alarm.message.text).toContain('Ingen har svart');
    expect(JSON.stringify(alarm.message.card)).not.toContain('advice.accept');
    const rows = await ringRows(r.id);
    expect(
      rows
        .filter((x) => x.attempt <= 4)
        .map((x) => `${x.attempt}:${x.personId}:${x.kind}`)
        .sort(),
    ).toEqual(['1:v1:ring', '2:b2:ring', '3:o3:ring', '4:ke:alarm', '4:v1:ring']);
    expect(await world.store.abandon(r.id, 'gp-2', new Date())).toBe(true);
  });

  it('after the first pass the rounds back off 1, 2, 5, then every 10 minutes instead of every ring timeout (fake clock)', async () => {
    await freshWorld();
    // Frozen at the start: the world's roster covers now.
    const t0 = new Date();
    const ctx = world.dispatchContext({ clock: { now: () => t0 } });
    const r = await world.store.create(adviceRequest('gp-1'));
    const waits: number[] = [];
    for (let round = 1; round <= 8; round++) {
      expect(await dispatchAdvice(ctx, r.id, round)).toMatchObject({ outcome: 'rung', attempt: round });
      const escalation = (await outboxJobsFor(database.db, r.id, ADVICE_JOBS.escalate)).find((j) => (j.payload as { attempt: number }).attempt === round);
      waits.push((escalation!.runAt.getTime() - t0.getTime()) / 1000);
      expect(await escalateAdvice(ctx, r.id, round)).toBe(true);
    }
    // Rounds 1–3 are the first pass (levels 1, 2, 3) at the 60-s ring timeout.
    expect(waits).toEqual([60, 60, 60, 60, 120, 300, 600, 600]);
    expect(await world.store.abandon(r.id, 'gp-1', new Date())).toBe(true);
  });

  it('a decline by everyone rung moves on to the next level at once', async () => {
    await freshWorld();
    world.startWorker(60);
    const r = await world.store.create(adviceRequest('gp-1'));
    await world.notifier.until(() => world.notifier.sentTo(conversationOf('v1'), r.id).length === 1);
    const { allDeclinedInRound } = await world.store.decline(r.id, 'v1', new Date());
    expect(allDeclinedInRound).toBe(1);
    expect(await world.store.advance(r.id, 1)).toBe(true);
    await world.notifier.until(() => world.notifier.sentTo(conversationOf('b2'), r.id).length === 1);
    expect(await world.store.advance(r.id, 1)).toBe(false);
    // b2 answers: the pending escalation of round 2 then does nothing.
    expect(await world.store.accept(r.id, 'b2', new Date())).toBe(true);
    expect(await world.store.advance(r.id, 2)).toBe(false);
    await world.store.complete(r.id, 'b2', { ...ISBAR, recommendation: 'ok' }, new Date());
  });

  it('a specialist in another connected request is passed over for the next in the chain', async () => {
    await freshWorld();
    const run = createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger });
    const first = await world.store.create(adviceRequest('gp-1'));
    await run(fakeAdviceJob(ADVICE_JOBS.dispatch, first.id, 1));
    expect(await world.store.accept(first.id, 'v1', new Date())).toBe(true);
    const second = await world.store.create(adviceRequest('gp-2'));
    const report = await run(fakeAdviceJob(ADVICE_JOBS.dispatch, second.id, 1));
    expect(report).toMatchObject({ outcome: 'rung', attempt: 2, sent: 1 });
    expect(world.notifier.sentTo(conversationOf('v1'), second.id)).toHaveLength(0);
    expect(world.notifier.sentTo(conversationOf('b2'), second.id)).toHaveLength(1);
    await world.store.complete(first.id, 'v1', { ...ISBAR, recommendation: 'ok' }, new Date());
    await world.store.abandon(second.id, 'gp-2', new Date());
  });

  it('DELETE stops ringing at once: no ring after it, and the round’s timeout rings nobody', async () => {
    await freshWorld();
    world.startWorker(1);
    const events = queueEvents();
    await events.waitUntilReady();
    const r = await world.store.create(adviceRequest('gp-1'));
    await world.notifier.until(() => world.notifier.sentTo(conversationOf('v1'), r.id).length === 1);
    expect(await world.store.abandon(r.id, 'gp-1', new Date())).toBe(true);
    const [escalation] = await outboxJobsFor(database.db, r.id, ADVICE_JOBS.escalate);
    const job = await world.queues.queue(QUEUES.advice).getJob(escalation!.id);
    expect(await job!.waitUntilFinished(events, 10_000)).toEqual({ advanced: false });
    expect(await outboxJobsFor(database.db, r.id, ADVICE_JOBS.dispatch)).toHaveLength(1);
    const rung = () => world.notifier.sentTo(conversationOf('v1'), r.id);
    expect(rung().filter((s) => !s.message.replaceActivityId)).toHaveLength(1);
    expect(await ringRows(r.id)).toHaveLength(1);
    // The card already sent is updated in place to say the request was withdrawn.
    await world.notifier.until(() => rung().some((s) => s.message.replaceActivityId !== undefined));
    const [ring] = await ringRows(r.id);
    expect(rung().at(-1)!.message).toMatchObject({ replaceActivityId: ring!.activityId, text: expect.stringContaining('trukket tilbake') });
  });

  it('DELETE in the middle of a round: the rings not yet sent are not sent', async () => {
    await freshWorld();
    const run = createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger });
    const r = await world.store.create(adviceRequest('gp-1', 'akutt'));
    let release!: () => void;
    world.notifier.gate = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (world.notifier.onSendStarted = () => resolve()));
    const running = run(fakeAdviceJob(ADVICE_JOBS.dispatch, r.id, 1));
    await started;
    expect(await world.store.abandon(r.id, 'gp-1', new Date())).toBe(true);
    release();
    expect(await running).toMatchObject({ outcome: 'not_waiting' });
    // The ring already on its way went out; the second of the round never did.
    expect(world.notifier.sent).toHaveLength(1);
    expect((await ringRows(r.id)).filter((x) => x.sentAt !== null)).toHaveLength(1);
  });

  it('the queue serves akutt first, then haster, then vanlig, whatever the arrival order', async () => {
    await freshWorld();
    const requests: Awaited<ReturnType<AdviceWorld['store']['create']>>[] = [];
    for (const [who, priority] of [
      ['gp-1', 'vanlig'],
      ['gp-2', 'haster'],
      ['lv-1', 'akutt'],
    ] as const)
      requests.push(await world.store.create(adviceRequest(who, priority)));
    world.startWorker(60, 1);
    await world.notifier.until(() => requests.every((r) => world.notifier.sentTo(conversationOf('v1'), r.id).length === 1));
    const order = world.notifier.sent
      .filter((s) => s.conversationId === conversationOf('v1'))
      .map((s) => requests.find((r) => s.message.text.includes(r.id))!.priority);
    expect(order).toEqual(['akutt', 'haster', 'vanlig']);
    for (const r of requests) await world.store.abandon(r.id, r.requesterId, new Date());
  });

  it('when nobody can be reached (Teams refuses every send) it moves on through the pass at once, then waits for the timer', async () => {
    await freshWorld();
    const refusing = new RecordingNotifier({ answer: () => ({ ok: false, final: true, status: 403, reason: 'forbidden' }) });
    const run = createAdviceProcessor({ ...world.dispatchContext({ notifier: refusing }), logger: world.logger });
    const r = await world.store.create(adviceRequest('gp-1'));
    for (const attempt of [1, 2, 3]) await run(fakeAdviceJob(ADVICE_JOBS.dispatch, r.id, attempt));
    const dispatches = (await outboxJobsFor(database.db, r.id, ADVICE_JOBS.dispatch)).map((j) => (j.payload as { attempt: number }).attempt);
    // Rounds 2 and 3 were planned at once; round 4 (a new pass) only when round 3's timer runs out.
    expect(dispatches.sort()).toEqual([1, 2, 3]);
    expect((await ringRows(r.id)).map((x) => `${x.attempt}:${x.personId}:${x.failure}`).sort()).toEqual(['1:v1:forbidden', '2:b2:forbidden', '3:o3:forbidden']);
    expect((await outboxJobsFor(database.db, r.id, ADVICE_JOBS.escalate)).map((j) => (j.payload as { attempt: number }).attempt).sort()).toEqual([1, 2, 3]);
    await world.store.abandon(r.id, 'gp-1', new Date());
  });

  it('once answered, the requester is told who answered with a link, and the other rung card is closed in place — each once', async () => {
    await freshWorld();
    const run = createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger });
    const r = await world.store.create(adviceRequest('gp-1', 'akutt'));
    await run(fakeAdviceJob(ADVICE_JOBS.dispatch, r.id, 1));
    const v1Card = world.notifier.sentTo(conversationOf('v1'), r.id)[0]!;
    expect(await world.store.accept(r.id, 'b2', new Date())).toBe(true);
    const [settled] = await outboxJobsFor(database.db, r.id, ADVICE_JOBS.settled);
    expect(settled!.payload).toEqual({ requestId: r.id, attempt: 1 });
    expect(await run(fakeAdviceJob(ADVICE_JOBS.settled, r.id, 1))).toEqual({ told: 1, closed: 1, retry: false });
    expect(await run(fakeAdviceJob(ADVICE_JOBS.settled, r.id, 1))).toEqual({ told: 0, closed: 0, retry: false });

    const [told] = world.notifier.sentTo(conversationOf('gp-1'), r.id);
    expect(told!.message.text).toContain('Dr b2, Drammen sykehus har svart på konferansen i Kardiologi');
    expect(told!.message.text).toContain(`https://samrom.example.no/app/konferer/${r.id}`);
    const closed = world.notifier.sentTo(conversationOf('v1'), r.id).slice(1);
    expect(closed).toHaveLength(1);
    const v1Ring = (await ringRows(r.id)).find((x) => x.personId === 'v1')!;
    expect(closed[0]!.message.replaceActivityId).toBe(v1Ring.activityId);
    expect(v1Card.message.replaceActivityId).toBeUndefined();
    expect(closed[0]!.message.text).toContain('besvart av en annen');
    expect(JSON.stringify(world.notifier.sent)).not.toContain(CLINICAL_TEXT);
    await world.store.complete(r.id, 'b2', { ...ISBAR, recommendation: 'ok' }, new Date());
  });

  it('jobs and Teams text never carry the ISBAR', async () => {
    // Its own request through a whole round (rings, escalation, answer), so it holds alone and in any order.
    await freshWorld();
    const run = createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger });
    const r = await world.store.create(adviceRequest('gp-1', 'akutt'));
    await run(fakeAdviceJob(ADVICE_JOBS.dispatch, r.id, 1));
    expect(await world.store.accept(r.id, 'b2', new Date())).toBe(true);
    await run(fakeAdviceJob(ADVICE_JOBS.settled, r.id, 1));
    const own = await Promise.all([ADVICE_JOBS.dispatch, ADVICE_JOBS.escalate, ADVICE_JOBS.settled].map((name) => outboxJobsFor(database.db, r.id, name)));
    expect(own.map((jobs) => jobs.length)).toEqual([1, 1, 1]);
    expect(world.notifier.sent.length).toBeGreaterThanOrEqual(3);
    const all = await database.db.select().from(outbox);
    expect(JSON.stringify(all)).not.toContain(CLINICAL_TEXT);
    expect(JSON.stringify(world.notifier.sent)).not.toContain(CLINICAL_TEXT);
    await world.store.complete(r.id, 'b2', { ...ISBAR, recommendation: 'ok' }, new Date());
  });
});
