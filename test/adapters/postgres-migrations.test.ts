/**
 * Two instances starting at once on one PostgreSQL database: migrations take an advisory lock,
 * so both succeed and the schema is applied once.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import journal from '../../server/src/adapters/postgres/migrations/meta/_journal.json';
import { openDatabase } from '../../server/src/adapters/postgres/db';
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
});
