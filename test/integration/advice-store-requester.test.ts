/**
 * The advice store's read of one requester's open requests (`status` in the chat): only that
 * requester's, only queued, ringing or connected ones, newest first. On PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdvicePriority } from '../../server/src/shared/advice-terms';
import { type AdviceWorld, adviceRequest, createAdviceWorld } from '../helpers/advice-world';
import { type TestDatabase, createTestDatabase } from '../helpers/db';

let database: TestDatabase;
let world: AdviceWorld;
const T0 = Date.now();

beforeAll(async () => {
  database = await createTestDatabase();
  world = await createAdviceWorld(database.db);
});
afterAll(async () => {
  await world?.close();
  await database?.destroy();
});

const create = (requesterId: string, minutesAgo: number, priority: AdvicePriority = 'vanlig') =>
  world.store.create(adviceRequest(requesterId, priority, { createdAt: new Date(T0 - minutesAgo * 60_000) }));

describe('PostgresAdviceStore.openByRequester', () => {
  it("gives the requester's open requests newest first, without withdrawn ones or anyone else's", async () => {
    const older = await create('gp-1', 30);
    const newer = await create('gp-1', 5, 'haster');
    const withdrawn = await create('gp-1', 10);
    expect(await world.store.abandon(withdrawn.id, 'gp-1', new Date())).toBe(true);
    const connected = await create('gp-1', 20);
    expect(await world.store.accept(connected.id, 'v1', new Date())).toBe(true);
    await create('gp-2', 1);

    const open = await world.store.openByRequester('gp-1', 10);
    expect(open.map((r) => r.id)).toEqual([newer.id, connected.id, older.id]);
    expect(open.map((r) => r.status)).toEqual(['queued', 'connected', 'queued']);
    expect(await world.store.openByRequester('gp-1', 1)).toHaveLength(1);
    expect(await world.store.openByRequester('lv-1', 10)).toEqual([]);
  });
});
