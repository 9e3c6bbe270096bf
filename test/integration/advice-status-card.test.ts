/**
 * The requester's status card: one Teams message, created once and then updated in place as
 * the request moves (real PostgreSQL and Redis, the real advice worker, a recording notifier
 * that answers like Teams: an update keeps the message's id).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adviceRequests } from '../../server/src/adapters/postgres/schema';
import { ADVICE_JOBS } from '../../server/src/adapters/queue/advice-jobs';
import { createAdviceProcessor } from '../../server/src/workers/advice';
import {
  type AdviceWorld,
  CLINICAL_TEXT,
  ISBAR,
  type RecordedSend,
  adviceRequest,
  conversationOf,
  createAdviceWorld,
  fakeAdviceJob,
  outboxJobsFor,
} from '../helpers/advice-world';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';

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

/** The requester's status-card sends for a request, in order. */
const cardsOf = (personId: string, requestId: string): RecordedSend[] =>
  world.notifier.sentTo(conversationOf(personId), requestId).filter((s) => JSON.stringify(s.message.card).includes('Forløp / Steps'));
const shows = (send: RecordedSend | undefined) => JSON.stringify(send?.message.card ?? {});

describe(`the requester's status card on ${testDbKind()}`, () => {
  it('one message is created and then updated in place: ringing level 1 → the bakvakt → answered, with a join link (real worker, 1-s timeout)', async () => {
    await freshWorld();
    world.startWorker(1);
    const r = await world.store.create(adviceRequest('gp-1'));
    await world.notifier.until(
      () => world.notifier.sentTo(conversationOf('b2'), r.id).length === 1 && shows(cardsOf('gp-1', r.id).at(-1)).includes('Ringer bakvakt (nivå 2)'),
    );
    expect(await world.store.accept(r.id, 'b2', new Date())).toBe(true);
    await world.notifier.until(() => shows(cardsOf('gp-1', r.id).at(-1)).includes('Besvart av Dr b2, Drammen sykehus'));

    const cards = cardsOf('gp-1', r.id);
    // Exactly one new message; every later send replaces it.
    const [first, ...updates] = cards;
    expect(first!.message.replaceActivityId).toBeUndefined();
    const firstId = `activity-${world.notifier.sent.indexOf(first!) + 1}`;
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.every((u) => u.message.replaceActivityId === firstId)).toBe(true);
    // The steps, in order (the first card may already show the first ring: the ring job runs first).
    const headlines = cards.map((c) => (c.message.card as { body: { text: string }[] }).body[2]!.text);
    const order = [
      'Ringer vakthavende (nivå 1)',
      'Ringer bakvakt (nivå 2)',
      'Dr b2, Drammen sykehus har svart på konferansen i Kardiologi. Bli med i samtalen:',
    ];
    expect(order.map((h) => headlines.indexOf(h))).toEqual([...order.map((h) => headlines.indexOf(h))].sort((a, b) => a - b));
    expect(order.every((h) => headlines.includes(h))).toBe(true);
    const answered = shows(cards.at(-1));
    expect(answered).toContain('"title":"Bli med / Join"');
    expect(answered).toContain(`https://samrom.example.no/app/konferer/${r.id}`);
    expect(answered).toContain('1. Satt i kø / Queued');
    expect(answered).toContain('2. Ringer vakthavende (nivå 1) / Ringing the doctor on call (level 1)');
    expect(answered).toContain('3. Ringer bakvakt (nivå 2) / Ringing the backup (level 2)');
    expect(answered).toMatch(/\d\. Besvart av Dr b2, Drammen sykehus \/ Answered by Dr b2, Drammen sykehus/);
    expect(JSON.stringify(cards)).not.toContain(CLINICAL_TEXT);
    const [row] = await database.db.select().from(adviceRequests).where(eq(adviceRequests.id, r.id));
    expect(row).toMatchObject({ statusConversationId: conversationOf('gp-1'), statusActivityId: firstId });
    await world.store.complete(r.id, 'b2', { ...ISBAR, recommendation: 'ok' }, new Date());
  });

  it('a redelivered status job sends nothing when nothing changed, and never a second new message', async () => {
    await freshWorld();
    const run = createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger });
    const r = await world.store.create(adviceRequest('gp-2', 'haster'));
    expect(await run(fakeAdviceJob(ADVICE_JOBS.status, r.id))).toEqual({ card: 'sent' });
    expect(await run(fakeAdviceJob(ADVICE_JOBS.status, r.id))).toEqual({ card: 'unchanged' });
    await run(fakeAdviceJob(ADVICE_JOBS.dispatch, r.id, 1));
    expect(await run(fakeAdviceJob(ADVICE_JOBS.status, r.id, 1))).toEqual({ card: 'updated' });
    expect(await run(fakeAdviceJob(ADVICE_JOBS.status, r.id, 1))).toEqual({ card: 'unchanged' });
    const cards = cardsOf('gp-2', r.id);
    expect(cards.map((c) => c.message.replaceActivityId ?? 'new')).toEqual(['new', 'activity-1']);
    expect(shows(cards[0])).toContain('Plass 1 i køen');
    expect(shows(cards[1])).toContain('Ringer vakthavende (nivå 1)');
    // The round's rows and the transition wrote the jobs: ids only, after every ring in priority.
    const statusJobs = await outboxJobsFor(database.db, r.id, ADVICE_JOBS.status);
    expect(statusJobs.map((j) => j.payload as { attempt: number }).sort((a, b) => a.attempt - b.attempt)).toEqual([
      { requestId: r.id, attempt: 0 },
      { requestId: r.id, attempt: 1 },
    ]);
    expect(statusJobs.every((j) => j.priority === 2 + 3)).toBe(true);
    await world.store.abandon(r.id, 'gp-2', new Date());
    await run(fakeAdviceJob(ADVICE_JOBS.settled, r.id, 1));
    expect(shows(cardsOf('gp-2', r.id).at(-1))).toContain('3. Trukket tilbake / Withdrawn');
    expect(cardsOf('gp-2', r.id).filter((c) => !c.message.replaceActivityId)).toHaveLength(1);
  });

  it('asked from the chat: the worker leaves the card to the bot’s reply, then updates that reply in place', async () => {
    await freshWorld();
    const run = createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger });
    const r = await world.store.create(adviceRequest('lv-1', 'vanlig', { statusConversationId: 'a:lv-1-chat' }));
    await run(fakeAdviceJob(ADVICE_JOBS.dispatch, r.id, 1));
    // The bot's reply is still on its way: nothing is posted beside it.
    expect(await run(fakeAdviceJob(ADVICE_JOBS.status, r.id, 1))).toEqual({ card: 'skipped' });
    expect(world.notifier.sent.filter((s) => s.message.text.includes(r.id) && s.conversationId !== conversationOf('v1'))).toHaveLength(0);
    // The reply went out showing the queue; the request has been rung since, so the refresh updates it.
    expect(await world.store.attachStatusCard(r.id, 'reply-1', 'queued-key')).toBe(true);
    expect(await world.store.attachStatusCard(r.id, 'reply-2', 'queued-key')).toBe(false);
    // Planned at creation, at the round, and by the attach.
    expect((await outboxJobsFor(database.db, r.id, ADVICE_JOBS.status)).length).toBe(3);
    expect(await run(fakeAdviceJob(ADVICE_JOBS.status, r.id))).toEqual({ card: 'updated' });
    const update = world.notifier.sent.at(-1)!;
    expect(update).toMatchObject({ conversationId: 'a:lv-1-chat', message: { replaceActivityId: 'reply-1' } });
    expect(shows(update)).toContain('Ringer vakthavende (nivå 1)');
    await world.store.abandon(r.id, 'lv-1', new Date());
  });

  it('when a request ahead is answered or withdrawn, the waiting requesters’ cards of the specialty show their new place', async () => {
    await freshWorld();
    const run = createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger });
    const ahead = await world.store.create(adviceRequest('gp-1'));
    const behind = await world.store.create(adviceRequest('gp-2'));
    for (const r of [ahead, behind]) await run(fakeAdviceJob(ADVICE_JOBS.status, r.id));
    expect(shows(cardsOf('gp-2', behind.id)[0])).toContain('Plass 2 i køen');
    // A request of another specialty is not touched; one without a card is not sent one by the queue job.
    expect(await world.store.abandon(ahead.id, 'gp-1', new Date())).toBe(true);
    expect(await outboxJobsFor(database.db, ahead.id, ADVICE_JOBS.queueMoved)).toHaveLength(1);
    expect(await run(fakeAdviceJob(ADVICE_JOBS.queueMoved, ahead.id))).toEqual({ refreshed: 1, retry: false });
    const cards = cardsOf('gp-2', behind.id);
    expect(cards).toHaveLength(2);
    expect(cards[1]!.message.replaceActivityId).toBe(`activity-${world.notifier.sent.indexOf(cards[0]!) + 1}`);
    expect(shows(cards[1])).toContain('Plass 1 i køen');
    // Again: nothing moved, nothing sent.
    expect(await run(fakeAdviceJob(ADVICE_JOBS.queueMoved, ahead.id))).toEqual({ refreshed: 0, retry: false });
    expect(cardsOf('gp-2', behind.id)).toHaveLength(2);
    await world.store.abandon(behind.id, 'gp-2', new Date());
  });

  it('two workers on one card: the second waits for the first (held → retried), so the card ends showing the latest state', async () => {
    await freshWorld();
    const run = createAdviceProcessor({ ...world.dispatchContext(), logger: world.logger });
    const r = await world.store.create(adviceRequest('gp-1'));
    let release!: () => void;
    world.notifier.gate = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (world.notifier.onSendStarted = () => resolve()));
    const first = run(fakeAdviceJob(ADVICE_JOBS.status, r.id));
    await started;
    await expect(run(fakeAdviceJob(ADVICE_JOBS.status, r.id))).rejects.toMatchObject({ name: 'RetryableRingError' });
    release();
    world.notifier.gate = undefined;
    expect(await first).toEqual({ card: 'sent' });
    expect(await run(fakeAdviceJob(ADVICE_JOBS.status, r.id))).toEqual({ card: 'unchanged' });
    expect(cardsOf('gp-1', r.id)).toHaveLength(1);
    await world.store.abandon(r.id, 'gp-1', new Date());
  });
});
