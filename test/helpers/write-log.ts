/**
 * What a request wrote, read from the database itself: a row-level trigger on every table logs
 * each committed insert, update and delete (a rolled-back write rolls its log row back too), so
 * a test can say "this refused request changed nothing" without knowing which tables to count.
 * Audit events of refusals (outcome `denied` or `failed`) are not logged: the codebase audits
 * refusals on purpose (core/audit.ts). For test databases only.
 */
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../server/src/adapters/postgres/db';

export interface WriteLog {
  /** `INSERT consultations`-style entries committed since the last call, emptying the log. */
  take(): Promise<string[]>;
}

export async function installWriteLog(db: Db): Promise<WriteLog> {
  const statements = [
    'create table test_write_log (id bigserial primary key, tbl text not null, op text not null)',
    `create function test_log_write() returns trigger language plpgsql as $$
    begin
      if TG_TABLE_NAME = 'audit_events' and TG_OP = 'INSERT' then
        if NEW.outcome <> 'allowed' then return null; end if;
      end if;
      insert into test_write_log (tbl, op) values (TG_TABLE_NAME, TG_OP);
      return null;
    end $$`,
    `do $$ declare t record; begin
      for t in select tablename from pg_tables where schemaname = 'public' and tablename <> 'test_write_log' loop
        execute format('create trigger test_log_write after insert or update or delete on %I for each row execute function test_log_write()', t.tablename);
      end loop;
    end $$`,
  ];
  for (const statement of statements) await db.execute(sql.raw(statement));
  return {
    async take() {
      const rows = await rowsOf<{ tbl: string; op: string }>(db, sql`delete from test_write_log returning tbl, op`);
      return rows.map((r) => `${r.op} ${r.tbl}`);
    },
  };
}
