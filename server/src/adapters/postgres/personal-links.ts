/**
 * The storage side of every personal link — a consultation guest's `/join`, a 113 caller's
 * `/video`, an ambulance crew's `/crew`: 256-bit random tokens, base64url in the link, SHA-256 in
 * the database (the raw token is handed out once, to whoever sends the link), and the guarded
 * update that makes the exchange single-use. Each flow keeps its own table; what they share is
 * written here once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type SQL, and, eq, gt, isNull } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db, Executor } from './db';
import type { citizenVideoLinks, emergencyCrewLinks } from './schema';

/** Random bytes in a link or session token (256 bits; DESIGN.md asks for at least 128). @defaultValue 32 */
export const LINK_TOKEN_BYTES = 32;

/** What the database keeps of a token (the link's or the browser session's): its SHA-256. */
export const hashLinkToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const newLinkToken = (): string => randomBytes(LINK_TOKEN_BYTES).toString('base64url');

/** The rows of the session behind a cookie: the token's hash matches and the session has not expired. */
export const liveSession = (hashColumn: AnyPgColumn, expiresColumn: AnyPgColumn, sessionToken: string, now: Date): SQL | undefined =>
  and(eq(hashColumn, hashLinkToken(sessionToken)), gt(expiresColumn, now));

/** The columns every link table has. */
interface LinkColumns {
  readonly exchangedAt: AnyPgColumn;
  readonly supersededAt: AnyPgColumn;
  /** Absent where the link's lifetime is another record's (a guest link lasts as long as its meeting). */
  readonly expiresAt?: AnyPgColumn;
}

/** The guard of the one-time exchange: not used, not superseded by a newer link, not expired. Racing exchanges: one wins. */
export const unusedLink = (t: LinkColumns, now: Date): SQL | undefined =>
  and(isNull(t.exchangedAt), isNull(t.supersededAt), t.expiresAt ? gt(t.expiresAt, now) : undefined);

/** A link sent by SMS (the caller's, the crew's): made by the worker that sends it, looked up by its token. */
export type SmsLinkTable = typeof citizenVideoLinks | typeof emergencyCrewLinks;

export interface SmsLinkRow {
  readonly linkId: string;
  readonly expiresAt: Date;
  readonly exchangedAt: Date | null;
  readonly supersededAt: Date | null;
}

/** Where a looked-up link stands, in the order its page says it: superseded, used, expired, usable. */
export function smsLinkKind(row: SmsLinkRow, now: Date): 'superseded' | 'used' | 'expired' | 'ok' {
  // A newer link replaces this one, opened or not: the newest SMS is the one to use.
  if (row.supersededAt) return 'superseded';
  if (row.exchangedAt) return 'used';
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'ok';
}

/** The SMS-link operations both SMS flows share, on that flow's table. */
export class SmsLinkRows<T extends SmsLinkTable> {
  constructor(
    private readonly db: Db,
    private readonly table: T,
  ) {}

  /** Stores (hashed) the token the worker made; overwrites an unsent earlier attempt. */
  async setToken(linkId: string, token: string): Promise<void> {
    const t = this.table as SmsLinkTable;
    await this.db
      .update(t)
      .set({ tokenHash: hashLinkToken(token) })
      .where(and(eq(t.id, linkId), isNull(t.sentAt)));
  }

  async markSent(linkId: string, at: Date): Promise<void> {
    const t = this.table as SmsLinkTable;
    await this.db.update(t).set({ sentAt: at }).where(eq(t.id, linkId));
  }

  /** The link behind a token, with `owner` (the column naming what the link opens). */
  async find<O extends AnyPgColumn>(token: string, owner: O): Promise<(SmsLinkRow & { readonly owner: O['_']['data'] }) | null> {
    const t = this.table as SmsLinkTable;
    const [row] = await this.db
      .select({ linkId: t.id, owner, expiresAt: t.expiresAt, exchangedAt: t.exchangedAt, supersededAt: t.supersededAt })
      .from(t)
      .where(eq(t.tokenHash, hashLinkToken(token)));
    return (row as (SmsLinkRow & { owner: O['_']['data'] }) | undefined) ?? null;
  }

  /** Marks the link used (with `also` on the same row) when still usable; the `owner` column's value, or null when it was not usable. */
  async claim<O extends AnyPgColumn>(
    tx: Executor,
    linkId: string,
    now: Date,
    owner: O,
    also: Partial<T['$inferInsert']> = {},
  ): Promise<{ readonly owner: O['_']['data'] } | null> {
    const t = this.table as SmsLinkTable;
    const [row] = await tx
      .update(t)
      .set({ ...also, exchangedAt: now })
      .where(and(eq(t.id, linkId), unusedLink(t, now)))
      .returning({ owner });
    return (row as { owner: O['_']['data'] } | undefined) ?? null;
  }
}
