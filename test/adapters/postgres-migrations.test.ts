/**
 * Two instances starting at once on one PostgreSQL database: migrations take an advisory lock,
 * so both succeed and the schema is applied once.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import journal from '../../server/src/adapters/postgres/migrations/meta/_journal.json';
import { MIGRATIONS_FOLDER, openDatabase } from '../../server/src/adapters/postgres/db';
import { createPostgresDatabase } from '../helpers/db';

let created: { url: string; drop(): Promise<void> };
beforeAll(async () => {
  created = await createPostgresDatabase();
});
afterAll(() => created?.drop());

describe('migrations on PostgreSQL', () => {
  it('are safe when three instances migrate the same empty database at the same moment', async () => {
    const instances = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: 'postgres', url: created.url, poolSize: 2 })));
    try {
      await Promise.all(instances.map((d) => d.migrate()));
    } finally {
      await Promise.all(instances.map((d) => d.close()));
    }
    const client = new pg.Client({ connectionString: created.url });
    await client.connect();
    try {
      const applied = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
      const triggers = await client.query(`select count(*)::int as n from pg_trigger where tgname like 'audit_events_no_%'`);
      expect(applied.rows[0].n).toBe(journal.entries.length);
      expect(triggers.rows[0].n).toBe(2);
    } finally {
      await client.end();
    }
  });

  it('number the advice requests already waiting when queue tickets arrive (0013), by arrival per lane', async () => {
    const target = await createPostgresDatabase();
    // The migrations as a database made before tickets had them: up to 0012.
    const before = await mkdtemp(path.join(tmpdir(), 'samrom-migrations-'));
    const client = new pg.Client({ connectionString: target.url });
    try {
      await cp(MIGRATIONS_FOLDER, before, { recursive: true });
      const journalFile = path.join(before, 'meta', '_journal.json');
      const old = JSON.parse(await readFile(journalFile, 'utf8')) as typeof journal;
      const upTo = old.entries.findIndex((e) => e.tag === '0013_advice_queue_tickets');
      expect(upTo).toBeGreaterThan(0);
      await writeFile(journalFile, JSON.stringify({ ...old, entries: old.entries.slice(0, upTo) }));
      await client.connect();
      await migrate(drizzle(client), { migrationsFolder: before });
      await client.query(`insert into organizations (id, name) values ('00000000-0000-4000-8000-000000000001', 'Lier legesenter')`);
      await client.query(`insert into people (id, name, organization_id) values ('gp-1', 'Dr 1', '00000000-0000-4000-8000-000000000001')`);
      // Inserted out of arrival order, two lanes of one specialty and one of another.
      const arrivals: [string, number, string][] = [
        ['kardiologi', 3, '2026-11-29T08:03:00Z'],
        ['kardiologi', 3, '2026-11-29T08:01:00Z'],
        ['kardiologi', 1, '2026-11-29T08:02:00Z'],
        ['nevrologi', 3, '2026-11-29T08:00:00Z'],
        ['kardiologi', 3, '2026-11-29T08:02:00Z'],
      ];
      for (const [specialty, rank, at] of arrivals) {
        await client.query(
          `insert into advice_requests (requester_id, specialty, priority_rank, isbar, mode, status, created_at) values ('gp-1', $1, $2, '{}', 'video', 'queued', $3)`,
          [specialty, rank, at],
        );
      }
      const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 1 });
      await database.migrate().finally(() => database.close());
      const numbered = await client.query(
        `select specialty, priority_rank, to_char(created_at at time zone 'UTC', 'HH24:MI') as at, queue_ticket from advice_requests order by specialty, priority_rank, queue_ticket`,
      );
      expect(numbered.rows.map((r) => [r.specialty, r.priority_rank, r.at, Number(r.queue_ticket)])).toEqual([
        ['kardiologi', 1, '08:02', 1],
        ['kardiologi', 3, '08:01', 1],
        ['kardiologi', 3, '08:02', 2],
        ['kardiologi', 3, '08:03', 3],
        ['nevrologi', 3, '08:00', 1],
      ]);
      // The next request of a lane continues its numbers.
      const next = await client.query(
        `insert into advice_requests (requester_id, specialty, priority_rank, isbar, mode, status) values ('gp-1', 'kardiologi', 3, '{}', 'video', 'queued') returning queue_ticket`,
      );
      expect(Number(next.rows[0].queue_ticket)).toBe(4);
    } finally {
      await client.end().catch(() => undefined);
      await rm(before, { recursive: true, force: true });
      await target.drop();
    }
  });
});
