/**
 * Queue positions from tickets: each lane (specialty, priority) numbers its requests 1, 2, 3, …
 * with no gaps, and a position is worked out from the ticket ranges and the few requests that
 * left from inside them, not by walking every request ahead. These tests hold that arithmetic
 * to a plain count over every waiting request (by priority, then arrival) while requests leave
 * from the front, the middle and the back of several lanes, and check what it rests on: a
 * rolled-back insert leaves no gap, and a request can neither change lane nor be deleted.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresAdviceStore } from '../../server/src/adapters/postgres/advice-store';
import { adviceQueueLanes, adviceRequests, adviceRingAttempts, organizations, people } from '../../server/src/adapters/postgres/schema';
import type { AdviceStatus } from '../../server/src/contracts/advice';
import type { AdviceRequestRecord } from '../../server/src/core/advice/model';
import { type TestDatabase, createTestDatabase } from '../helpers/db';
import { SQLSTATE, expectSqlError } from '../helpers/expect-sql-error';

let database: TestDatabase;
let store: PostgresAdviceStore;

beforeAll(async () => {
  database = await createTestDatabase();
  // Reads and direct writes only: nothing here goes through the outbox.
  store = new PostgresAdviceStore({ db: database.db, relay: { transaction: () => Promise.reject(new Error('not used')) } });
  const [org] = await database.db.insert(organizations).values({ name: 'Lier legesenter' }).returning();
  await database.db.insert(people).values({ id: 'gp-q', name: 'Dr Kø', organizationId: org!.id });
});
afterAll(async () => {
  await database?.destroy();
});

const ISBAR = { identification: 'x', situation: 'y', background: '', assessment: '', recommendation: '' };
let clock = Date.parse('2026-11-29T08:00:00Z');

async function ask(specialty: string, priorityRank: number): Promise<string> {
  clock += 1_000;
  const [row] = await database.db
    .insert(adviceRequests)
    .values({ requesterId: 'gp-q', specialty, priorityRank, isbar: ISBAR, mode: 'video', status: 'queued', createdAt: new Date(clock) })
    .returning({ id: adviceRequests.id });
  return row!.id;
}

async function leave(id: string, status: AdviceStatus): Promise<void> {
  await database.db.update(adviceRequests).set({ status }).where(eq(adviceRequests.id, id));
}

/** The plain count: every waiting request of the specialty ahead by (priority, arrival). */
async function countedPosition(r: AdviceRequestRecord): Promise<number> {
  const rows = await database.db
    .select({ id: adviceRequests.id })
    .from(adviceRequests)
    .where(and(eq(adviceRequests.specialty, r.specialty), sql`${adviceRequests.status} in ('queued', 'ringing')`))
    .orderBy(adviceRequests.priorityRank, adviceRequests.createdAt);
  return rows.findIndex((row) => row.id === r.id) + 1;
}

async function expectPositionsAsCounted(specialty: string): Promise<number> {
  const waiting = await store.waiting(specialty, 1_000);
  for (const [i, r] of waiting.entries()) {
    const counted = await countedPosition(r);
    expect({ id: r.id, position: await store.position(r) }).toEqual({ id: r.id, position: counted });
    // The queue as listed is in the same order.
    expect(counted).toBe(i + 1);
  }
  return waiting.length;
}

describe('queue positions from lane tickets', () => {
  it('tickets run 1, 2, 3, … per lane (specialty and priority), in order of arrival', async () => {
    const a = await ask('ortopedi', 3);
    const b = await ask('ortopedi', 1);
    const c = await ask('ortopedi', 3);
    const d = await ask('urologi', 3);
    const ticket = async (id: string) => (await store.byId(id))!.queueTicket;
    expect([await ticket(a), await ticket(b), await ticket(c), await ticket(d)]).toEqual([1, 1, 2, 1]);
    const lanes = await database.db.select().from(adviceQueueLanes).where(eq(adviceQueueLanes.specialty, 'ortopedi')).orderBy(adviceQueueLanes.priorityRank);
    expect(lanes.map((l) => [l.priorityRank, l.issued])).toEqual([
      [1, 1],
      [3, 2],
    ]);
  });

  it('match a plain count while requests leave from the front, the middle and the back of every lane', async () => {
    const specialty = 'nevrologi';
    // A fixed mixed order of 60 arrivals over the three priorities, and a request of another specialty between them.
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      ids.push(await ask(specialty, [3, 2, 3, 1, 2, 3, 3, 2][i % 8]!));
      if (i % 10 === 0) await ask('kardiologi', 2);
    }
    expect(await expectPositionsAsCounted(specialty)).toBe(60);
    // Answered in turn (the front), out of turn (the middle), withdrawn from the back, one still ringing.
    const leaving: [number, AdviceStatus][] = [
      [0, 'connected'],
      [1, 'completed'],
      [3, 'abandoned'],
      [17, 'connected'],
      [18, 'completed'],
      [30, 'abandoned'],
      [44, 'completed'],
      [59, 'abandoned'],
      [58, 'connected'],
    ];
    for (const [i, status] of leaving) await leave(ids[i]!, status);
    await leave(ids[5]!, 'ringing');
    expect(await expectPositionsAsCounted(specialty)).toBe(51);
    // A whole lane emptied: the akutt requests (every eighth from the fourth) all answered.
    for (let i = 3; i < 60; i += 8) await leave(ids[i]!, 'completed');
    const left = await expectPositionsAsCounted(specialty);
    expect(left).toBeGreaterThan(0);
    // New arrivals after all that queue behind the rest of their lane.
    const late = await ask(specialty, 2);
    const lateRecord = (await store.byId(late))!;
    expect(await store.position(lateRecord)).toBe(await countedPosition(lateRecord));
    expect(await expectPositionsAsCounted(specialty)).toBe(left + 1);
  });

  it('requests arriving at once in one lane get the tickets 1 to n, each once', async () => {
    const ids = await Promise.all(Array.from({ length: 24 }, () => ask('endokrinologi', 2)));
    const tickets = await Promise.all(ids.map(async (id) => (await store.byId(id))!.queueTicket));
    expect([...tickets].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const positions = await Promise.all(ids.map(async (id) => store.position((await store.byId(id))!)));
    expect([...positions].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });

  it('a request no longer waiting has no position', async () => {
    const id = await ask('hudsykdommer', 2);
    await leave(id, 'completed');
    expect(await store.position((await store.byId(id))!)).toBeNull();
  });

  it('a rolled-back insert gives its ticket back: the lane has no gap', async () => {
    const first = await ask('revmatologi', 2);
    await expect(
      database.db.transaction(async (tx) => {
        await tx
          .insert(adviceRequests)
          .values({ requesterId: 'gp-q', specialty: 'revmatologi', priorityRank: 2, isbar: ISBAR, mode: 'video', status: 'queued' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const second = await ask('revmatologi', 2);
    expect((await store.byId(first))!.queueTicket).toBe(1);
    expect((await store.byId(second))!.queueTicket).toBe(2);
    expect(await store.position((await store.byId(second))!)).toBe(2);
  });

  it('a request keeps its lane and ticket, and is never deleted (the arithmetic rests on both)', async () => {
    const id = await ask('geriatri', 3);
    const keeps = /keeps its specialty, priority and queue ticket/;
    await expectSqlError(database.db.update(adviceRequests).set({ priorityRank: 1 }).where(eq(adviceRequests.id, id)), SQLSTATE.checkViolation, keeps);
    await expectSqlError(database.db.update(adviceRequests).set({ specialty: 'ortopedi' }).where(eq(adviceRequests.id, id)), SQLSTATE.checkViolation, keeps);
    await expectSqlError(database.db.update(adviceRequests).set({ queueTicket: 7 }).where(eq(adviceRequests.id, id)), SQLSTATE.checkViolation, keeps);
    await expectSqlError(
      database.db.delete(adviceRequests).where(eq(adviceRequests.id, id)),
      SQLSTATE.insufficientPrivilege,
      /advice requests are kept: DELETE/,
    );
    expect(await store.byId(id)).toMatchObject({ priority: 'vanlig', specialty: 'geriatri', queueTicket: 1, status: 'queued' });
  });

  it('a read gives in one statement what byId, rings, position and recentMedians give apart', async () => {
    const specialty = 'gastroenterologi';
    const base = Date.parse('2026-11-01T08:00:00Z');
    for (let i = 0; i < 5; i++) {
      const created = base + i * 3_600_000;
      await database.db.insert(adviceRequests).values({
        requesterId: 'gp-q',
        specialty,
        priorityRank: 2,
        isbar: ISBAR,
        mode: 'video',
        status: 'completed',
        createdAt: new Date(created),
        acceptedAt: new Date(created + 60_000 * (i + 1)),
        completedAt: new Date(created + 600_000 + 60_000 * i),
      });
    }
    const first = await ask(specialty, 2);
    const second = await ask(specialty, 2);
    await database.db.insert(people).values({ id: 'spes-a', name: 'Spes A', organizationId: (await database.db.select().from(organizations))[0]!.id });
    const sentAt = new Date('2026-11-29T09:00:00.123Z');
    await database.db.insert(adviceRingAttempts).values([
      { requestId: second, attempt: 1, personId: 'spes-a', level: 1, kind: 'ring', sentAt, activityId: 'act-1' },
      { requestId: second, attempt: 2, personId: 'spes-a', level: 2, kind: 'ring', declinedAt: sentAt, failure: null },
      { requestId: second, attempt: 1, personId: 'gp-q', level: 0, kind: 'alarm', failure: 'no_conversation' },
    ]);
    await leave(first, 'connected');
    for (const id of [first, second]) {
      const request = (await store.byId(id))!;
      const waits = request.status === 'queued';
      expect(await store.read(id)).toEqual({
        request,
        rings: await store.rings(id),
        position: await store.position(request),
        medians: waits ? await store.recentMedians(specialty) : null,
      });
    }
    expect((await store.read(second))!).toMatchObject({ position: 1, medians: { handlingSeconds: 540, answerSeconds: 180 } });
    expect((await store.read(second))!.rings.map((r) => [r.attempt, r.level, r.kind])).toEqual([
      [1, 0, 'alarm'],
      [1, 1, 'ring'],
      [2, 2, 'ring'],
    ]);
    expect(await store.read('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
