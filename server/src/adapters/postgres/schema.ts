/**
 * The database schema (drizzle), one file per service under `tables/`. One set of migrations,
 * generated from these by `npm run db:generate`, runs on both PGlite and PostgreSQL.
 * Database-level rules that drizzle cannot express (the append-only audit table, the advice
 * queue's tickets) live in hand-written migration steps.
 */
export * from './tables/common';
export * from './tables/consultations';
export * from './tables/emergency';
export * from './tables/advice';
