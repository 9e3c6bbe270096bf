import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachingDirectory } from '../../server/src/adapters/caching-directory';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { PostgresWebhookLedger } from '../../server/src/adapters/postgres/webhook-ledger';
import { auditEvents } from '../../server/src/adapters/postgres/schema';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { expectDomainError } from '../helpers/expect-domain-error';
import { SQLSTATE, expectSqlError } from '../helpers/expect-sql-error';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.destroy());

describe(`storage on ${testDbKind()}`, () => {
  it('migrating twice is harmless', async () => {
    await expect(database.migrate()).resolves.toBeUndefined();
  });

  it('audit_events refuses UPDATE, DELETE and TRUNCATE at the database level', async () => {
    const audit = new PostgresAuditLog(database.db);
    await audit.record({ actorId: 'p1', action: 'test.write', patientId: 'pat-1', resourceType: null, resourceId: null, outcome: 'allowed' });
    await expectSqlError(
      database.db.execute(sql`update audit_events set outcome = 'denied'`),
      SQLSTATE.insufficientPrivilege,
      /append-only: UPDATE is not allowed/,
    );
    await expectSqlError(database.db.execute(sql`delete from audit_events`), SQLSTATE.insufficientPrivilege, /append-only: DELETE is not allowed/);
    await expectSqlError(database.db.execute(sql`truncate audit_events`), SQLSTATE.insufficientPrivilege, /append-only: TRUNCATE is not allowed/);
    const rows = await database.db.select().from(auditEvents);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.outcome).toBe('allowed');
  });

  it('the audit log returns a patient’s events in order, filtered by time', async () => {
    const audit = new PostgresAuditLog(database.db);
    for (const action of ['a.read', 'b.read']) {
      await audit.record({ actorId: 'p2', action, patientId: 'pat-2', resourceType: 'x', resourceId: '1', outcome: 'allowed' });
    }
    await audit.record({ actorId: 'p2', action: 'other', patientId: 'pat-3', resourceType: null, resourceId: null, outcome: 'denied', reason: 'forbidden' });
    const events = await audit.forPatient('pat-2', {});
    expect(events.map((e) => e.action)).toEqual(['a.read', 'b.read']);
    expect(await audit.forPatient('pat-2', { from: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  it('events recorded concurrently are all written, each with its own fields, once every promise has settled', async () => {
    const audit = new PostgresAuditLog(database.db);
    const events = Array.from({ length: 25 }, (_, i) => ({
      actorId: `p${i}`,
      action: 'c.read',
      patientId: 'pat-many',
      resourceType: 'consultation',
      resourceId: String(i),
      outcome: i % 5 === 0 ? ('denied' as const) : ('allowed' as const),
      reason: i % 5 === 0 ? 'forbidden' : undefined,
      requestId: `req-${i}`,
    }));
    await Promise.all(events.map((e) => audit.record(e)));
    const stored = await audit.forPatient('pat-many', {});
    expect(stored).toHaveLength(25);
    for (const e of events) {
      expect(stored.find((s) => s.resourceId === e.resourceId)).toMatchObject({
        actorId: e.actorId,
        outcome: e.outcome,
        reason: e.reason ?? null,
        requestId: e.requestId,
      });
    }
  });

  it('the directory upserts people with roles and organization, all or nothing', async () => {
    const directory = new PostgresDirectory(database.db);
    const first = await directory.upsert([
      { id: 'gp-1', name: 'Kari Lege', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: '00000000-0000-4000-8000-000000000001' },
      { id: 'ke-1', name: 'Ola Koordinator', roles: ['coordinator', 'admin'], organization: 'Drammen kommune' },
    ]);
    expect(first).toEqual({ created: 2, updated: 0 });
    const again = await directory.upsert([{ id: 'gp-1', name: 'Kari Lege', roles: ['gp', 'legevakt'], organization: 'Lier legevakt' }]);
    expect(again).toEqual({ created: 0, updated: 1 });
    const kari = await directory.byId('gp-1');
    expect(kari).toMatchObject({ roles: ['gp', 'legevakt'], organization: 'Lier legevakt', aadObjectId: null });

    // A clash on a unique Teams id refuses the whole batch: the new person is not saved either.
    await directory.upsert([{ id: 'x-1', name: 'A', roles: ['gp'], organization: 'O', aadObjectId: '00000000-0000-4000-8000-0000000000aa' }]);
    await expectDomainError(
      directory.upsert([
        { id: 'new-1', name: 'Ny', roles: ['gp'], organization: 'O' },
        { id: 'x-2', name: 'B', roles: ['gp'], organization: 'O', aadObjectId: '00000000-0000-4000-8000-0000000000aa' },
      ]),
      'conflict',
    );
    expect(await directory.byId('new-1')).toBeNull();
    expect((await directory.byAadObjectId('00000000-0000-4000-8000-0000000000aa'))?.id).toBe('x-1');
  });

  it('the caching directory loads the list once per ttl, however often it is awaited (the store hands it a settled promise, not a query that runs again)', async () => {
    const directory = new PostgresDirectory(database.db);
    await directory.upsert([{ id: 'list-1', name: 'Liv Liste', roles: ['gp'], organization: 'Lier legesenter' }]);
    const cached = new CachingDirectory(directory);
    const before = await cached.list();
    // A change made behind the cache's back (another process) is not seen until the ttl runs out.
    await directory.upsert([{ id: 'list-2', name: 'Lars Liste', roles: ['gp'], organization: 'Lier legesenter' }]);
    const after = await Promise.all([cached.list(), cached.list(), cached.list()]);
    for (const people of after) expect(people.map((p) => p.id)).toEqual(before.map((p) => p.id));
    expect(before.some((p) => p.id === 'list-2')).toBe(false);
  });

  it('a conversation keeps the latest serviceUrl', async () => {
    const store = new PostgresConversationStore(database.db);
    const base = { conversationId: 'a:1', personId: null, aadObjectId: 'oid', tenantId: 't', reference: { conversation: { id: 'a:1' } } };
    await store.save({ ...base, serviceUrl: 'https://smba.trafficmanager.net/emea/' });
    await store.save({ ...base, serviceUrl: 'https://smba.trafficmanager.net/amer/' });
    expect((await store.byConversationId('a:1'))?.serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
  });

  it('the webhook ledger sees an event id only once', async () => {
    const ledger = new PostgresWebhookLedger(database.db);
    expect(await ledger.firstSeen('livekit', 'EV_1')).toBe(true);
    expect(await ledger.firstSeen('livekit', 'EV_1')).toBe(false);
    expect(await ledger.firstSeen('other', 'EV_1')).toBe(true);
  });
});
