import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import type { Queue } from 'bullmq';
import { eq, inArray, isNull } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { outbox, organizations } from '../../server/src/adapters/postgres/schema';
import { OutboxRelay, type OutboxRelayOptions } from '../../server/src/adapters/queue/outbox';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { type QueueRegistry, createQueueRegistry } from '../../server/src/adapters/queue/workers';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.destroy());

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // The database is shared by the file: a row one test left unsent must not reach the next test's sweep.
  await database.db.update(outbox).set({ cancelledAt: new Date() }).where(isNull(outbox.enqueuedAt));
});

/** A queue registry on the shared test Redis under a fresh prefix, obliterated afterwards. */
function workingQueues(): QueueRegistry {
  const connection = createRedisConnection(testRedisUrl(), { connectionName: 'test' });
  const queues = createQueueRegistry({ connection, prefix: uniquePrefix() });
  cleanups.push(async () => {
    await queues.queue(QUEUES.system).obliterate({ force: true });
    await queues.closeAll();
    connection.disconnect();
  });
  return queues;
}

/** A loopback port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Queues whose Redis is unreachable, built the way production builds them (they wait for a reconnect rather than fail). */
async function unreachableQueues(): Promise<QueueRegistry> {
  const connection: Redis = createRedisConnection(`redis://127.0.0.1:${await deadPort()}`, { connectionName: 'test-dead' });
  const queues = createQueueRegistry({ connection, prefix: uniquePrefix() });
  cleanups.push(async () => {
    // Ending the connection first fails the publish still waiting on it; only then can the queues close.
    connection.disconnect();
    await queues.closeAll();
  });
  return queues;
}

function relay(queues: QueueRegistry, options: Partial<OutboxRelayOptions> = {}) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const relay = new OutboxRelay({ db: database.db, queue: queues.queue, logger: createLogger({ destination }), ...options });
  return { relay, logs: () => lines.map((l) => JSON.parse(l) as { msg: string; level: number }) };
}

/** A sweep clock past every row's grace period, so sweeps need not wait for it. */
const later = () => new Date(Date.now() + 60_000);

const systemQueue = (queues: QueueRegistry): Queue => queues.queue(QUEUES.system);

async function outboxRow(id: string) {
  const [row] = await database.db.select().from(outbox).where(eq(outbox.id, id));
  return row;
}

describe(`the outbox relay on ${testDbKind()}`, () => {
  it('a job written in a transaction reaches BullMQ with the outbox row id as jobId, and the row is marked sent', async () => {
    const queues = workingQueues();
    const { relay: r } = relay(queues);
    const id = await r.transaction((_tx, enqueue) => enqueue({ queue: QUEUES.system, name: 'heartbeat', payload: { caseId: 'c-1' } }));

    const job = await systemQueue(queues).getJob(id);
    expect(job).toMatchObject({ id, name: 'heartbeat', data: { caseId: 'c-1' } });
    expect(job!.opts.attempts).toBe(8);
    expect(await job!.getState()).toBe('waiting');
    expect((await outboxRow(id))?.enqueuedAt).toBeInstanceOf(Date);
  });

  it('several jobs written at once reach BullMQ with their row ids, in order, and the rows are marked sent', async () => {
    const queues = workingQueues();
    const { relay: r } = relay(queues);
    const runAt = new Date(Date.now() + 60 * 60 * 1000);
    const ids = await r.transaction((_tx, _enqueue, enqueueMany) =>
      enqueueMany([
        { queue: QUEUES.system, name: 'heartbeat', payload: { n: 1 } },
        { queue: QUEUES.system, name: 'heartbeat', payload: { n: 2 }, runAt },
        { queue: QUEUES.system, name: 'heartbeat', payload: { n: 3 }, priority: 2 },
      ]),
    );

    expect(ids).toHaveLength(3);
    const jobs = await Promise.all(ids.map((id) => systemQueue(queues).getJob(id)));
    expect(jobs.map((j) => j?.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(await Promise.all(jobs.map((j) => j!.getState()))).toEqual(['waiting', 'delayed', 'prioritized']);
    expect(jobs[0]!.opts.attempts).toBe(8);
    for (const id of ids) expect((await outboxRow(id))?.enqueuedAt).toBeInstanceOf(Date);
  });

  it('rows the caller writes itself are published only when it says it wrote them', async () => {
    const queues = workingQueues();
    const { relay: r } = relay(queues);
    const job = { queue: QUEUES.system, name: 'heartbeat', payload: { n: 1 } } as const;
    const [skipped] = await r.transaction((_tx, _enqueue, enqueueMany) => enqueueMany([job], async () => false));
    const [written] = await r.transaction((tx, _enqueue, enqueueMany) =>
      enqueueMany([job], async (rows) => {
        await tx.insert(outbox).values(rows.map((row) => ({ ...row })));
        return true;
      }),
    );

    expect(await systemQueue(queues).getJob(skipped!)).toBeUndefined();
    expect(await outboxRow(skipped!)).toBeUndefined();
    expect((await systemQueue(queues).getJob(written!))?.data).toEqual({ n: 1 });
    expect((await outboxRow(written!))?.enqueuedAt).toBeInstanceOf(Date);
  });

  it('a transaction that throws saves neither the business row, the outbox row nor a job', async () => {
    const queues = workingQueues();
    const { relay: r } = relay(queues);
    const orgName = `Org ${randomUUID()}`;
    let jobId: string | undefined;
    const refused = r.transaction(async (tx, enqueue) => {
      await tx.insert(organizations).values({ name: orgName });
      jobId = await enqueue({ queue: QUEUES.system, name: 'heartbeat', payload: {} });
      throw new Error('refused after the writes');
    });

    await expect(refused).rejects.toThrow('refused after the writes');
    expect(jobId).toBeDefined();
    expect(await outboxRow(jobId!)).toBeUndefined();
    expect(await database.db.select().from(organizations).where(eq(organizations.name, orgName))).toEqual([]);
    expect(await systemQueue(queues).getJob(jobId!)).toBeUndefined();
    expect(await systemQueue(queues).count()).toBe(0);
  });

  it('when Redis is unreachable at commit, the writes are kept, the caller is not held up, and a later sweep enqueues the job', async () => {
    const { relay: cut, logs } = relay(await unreachableQueues(), { publishTimeoutMs: 300 });
    const orgName = `Org ${randomUUID()}`;
    const id = await cut.transaction(async (tx, enqueue) => {
      await tx.insert(organizations).values({ name: orgName });
      return enqueue({ queue: QUEUES.system, name: 'heartbeat', payload: { caseId: 'c-2' } });
    });

    expect(await database.db.select().from(organizations).where(eq(organizations.name, orgName))).toHaveLength(1);
    expect((await outboxRow(id))?.enqueuedAt).toBeNull();
    expect(logs()).toContainEqual(expect.objectContaining({ msg: 'outbox publish failed; the sweep will retry' }));

    const queues = workingQueues();
    const { relay: sweeper } = relay(queues, { now: later });
    expect(await sweeper.sweep()).toBe(1);
    expect(await systemQueue(queues).getJob(id)).toMatchObject({ id, data: { caseId: 'c-2' } });
    expect((await outboxRow(id))?.enqueuedAt).toBeInstanceOf(Date);
  });

  it('sweeping again, or by two relays at once, never duplicates a job', async () => {
    const { relay: cut } = relay(await unreachableQueues(), { publishTimeoutMs: 300 });
    const id = await cut.transaction((_tx, enqueue) => enqueue({ queue: QUEUES.system, name: 'heartbeat', payload: {} }));
    const queues = workingQueues();
    const a = relay(queues, { now: later }).relay;
    const b = relay(queues, { now: later }).relay;

    const [sentByA, sentByB] = await Promise.all([a.sweep(), b.sweep()]);
    expect(sentByA + sentByB).toBeGreaterThanOrEqual(1);
    expect(await a.sweep()).toBe(0);
    // A relay that died between the enqueue and marking the row sent: the row is unsent again.
    await database.db
      .update(outbox)
      .set({ enqueuedAt: null })
      .where(inArray(outbox.id, [id]));
    expect(await b.sweep()).toBe(1);

    expect(await systemQueue(queues).count()).toBe(1);
    expect((await systemQueue(queues).getWaiting()).map((j) => j.id)).toEqual([id]);
  });

  it('a future runAt becomes a delayed job that waits the remaining time', async () => {
    const queues = workingQueues();
    const { relay: r } = relay(queues);
    const inOneHourMs = 60 * 60 * 1000;
    const runAt = new Date(Date.now() + inOneHourMs);
    const id = await r.transaction((_tx, enqueue) => enqueue({ queue: QUEUES.system, name: 'heartbeat', payload: {}, runAt }));

    const delayed = await systemQueue(queues).getDelayed();
    expect(delayed.map((j) => j.id)).toEqual([id]);
    expect(delayed[0]!.delay).toBeLessThanOrEqual(inOneHourMs);
    expect(delayed[0]!.delay).toBeGreaterThan(inOneHourMs - 10_000);
    expect(delayed[0]!.timestamp + delayed[0]!.delay).toBeGreaterThanOrEqual(runAt.getTime() - 50);
    expect(await systemQueue(queues).getWaitingCount()).toBe(0);
  });

  it('a past or absent runAt runs at once, and priority is passed through to BullMQ', async () => {
    const queues = workingQueues();
    const { relay: r } = relay(queues);
    const [urgent, plain] = await r.transaction(async (_tx, enqueue) => [
      await enqueue({ queue: QUEUES.system, name: 'heartbeat', payload: {}, priority: 1, runAt: new Date(Date.now() - 60_000) }),
      await enqueue({ queue: QUEUES.system, name: 'heartbeat', payload: {} }),
    ]);

    const urgentJob = await systemQueue(queues).getJob(urgent);
    expect(urgentJob!.opts.priority).toBe(1);
    expect(urgentJob!.delay).toBe(0);
    expect(await urgentJob!.getState()).toBe('prioritized');
    const plainJob = await systemQueue(queues).getJob(plain);
    expect(plainJob!.opts.priority ?? 0).toBe(0);
    expect(await plainJob!.getState()).toBe('waiting');
    expect(await systemQueue(queues).getDelayedCount()).toBe(0);
  });
});
