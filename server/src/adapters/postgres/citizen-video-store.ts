/**
 * Citizen video sessions in PostgreSQL. The phone number lives only in `citizen_video_sessions`;
 * the SMS job on the outbox carries `{sessionId, linkId}`. Link and browser-session tokens are
 * stored as SHA-256 hashes; the link operations the SMS links share are in personal-links.ts.
 */
import { and, asc, count, desc, eq, gte, isNull, lt, max, or, sql } from 'drizzle-orm';
import type { CitizenLocation, CitizenPhotoInfo, CitizenVideoRecord, CitizenVideoStore, LinkLookup } from '../../core/emergency/citizen-video-store';
import type { OutboxJob, OutboxRelay } from '../queue/outbox';
import type { Db } from './db';
import { SmsLinkRows, hashLinkToken, liveSession, smsLinkKind } from './personal-links';
import { citizenVideoInvites, citizenVideoLinks, citizenVideoPhotos, citizenVideoSessions } from './schema';
import { QUEUES } from '../queue/registry';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** BullMQ priority 1: a caller waits for this SMS on the phone with AMK. */
const SMS_PRIORITY = 1;

export function citizenSmsJob(sessionId: string, linkId: string): OutboxJob {
  return { queue: QUEUES.citizenVideoSms, name: 'send-link', payload: { sessionId, linkId }, priority: SMS_PRIORITY };
}

type Row = typeof citizenVideoSessions.$inferSelect;

export class PostgresCitizenVideoStore implements CitizenVideoStore {
  private readonly links: SmsLinkRows<typeof citizenVideoLinks>;

  constructor(private readonly o: { readonly db: Db; readonly relay: Pick<OutboxRelay, 'transaction'> }) {
    this.links = new SmsLinkRows(o.db, citizenVideoLinks);
  }

  async create(session: { id: string; createdBy: string; phone: string; createdAt: Date; expiresAt: Date }, linkId: string): Promise<void> {
    await this.o.relay.transaction(async (tx, enqueue) => {
      await tx.insert(citizenVideoSessions).values(session);
      await tx.insert(citizenVideoLinks).values({ id: linkId, sessionId: session.id, createdAt: session.createdAt, expiresAt: session.expiresAt });
      await enqueue(citizenSmsJob(session.id, linkId));
    });
  }

  async addLink(sessionId: string, linkId: string, createdAt: Date, expiresAt: Date): Promise<void> {
    await this.o.relay.transaction(async (tx, enqueue) => {
      // The session row first: its lock puts two re-sends in line, so the later one supersedes the earlier one's link too.
      await tx.update(citizenVideoSessions).set({ expiresAt }).where(eq(citizenVideoSessions.id, sessionId));
      await tx
        .update(citizenVideoLinks)
        .set({ supersededAt: createdAt })
        .where(and(eq(citizenVideoLinks.sessionId, sessionId), isNull(citizenVideoLinks.supersededAt)));
      await tx.insert(citizenVideoLinks).values({ id: linkId, sessionId, createdAt, expiresAt });
      await enqueue(citizenSmsJob(sessionId, linkId));
    });
  }

  async byId(id: string): Promise<CitizenVideoRecord | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.o.db.select().from(citizenVideoSessions).where(eq(citizenVideoSessions.id, id));
    return row ? toRecord(row) : null;
  }

  async linkToSend(linkId: string) {
    if (!UUID.test(linkId)) return null;
    const [row] = await this.o.db
      .select({
        sessionId: citizenVideoLinks.sessionId,
        phone: citizenVideoSessions.phone,
        expiresAt: citizenVideoLinks.expiresAt,
        sentAt: citizenVideoLinks.sentAt,
        supersededAt: citizenVideoLinks.supersededAt,
        endedAt: citizenVideoSessions.endedAt,
      })
      .from(citizenVideoLinks)
      .innerJoin(citizenVideoSessions, eq(citizenVideoSessions.id, citizenVideoLinks.sessionId))
      .where(eq(citizenVideoLinks.id, linkId));
    return row
      ? {
          sessionId: row.sessionId,
          phone: row.phone,
          expiresAt: row.expiresAt,
          sentAt: row.sentAt,
          ended: row.endedAt !== null,
          superseded: row.supersededAt !== null,
        }
      : null;
  }

  setLinkToken(linkId: string, token: string): Promise<void> {
    return this.links.setToken(linkId, token);
  }

  markLinkSent(linkId: string, at: Date): Promise<void> {
    return this.links.markSent(linkId, at);
  }

  async lookupLink(token: string, now: Date): Promise<LinkLookup> {
    const row = await this.links.find(token, citizenVideoLinks.sessionId);
    if (!row) return { kind: 'unknown' };
    const sessionId = row.owner;
    const [session] = await this.o.db
      .select({ endedAt: citizenVideoSessions.endedAt })
      .from(citizenVideoSessions)
      .where(eq(citizenVideoSessions.id, sessionId));
    if (session?.endedAt) return { kind: 'ended', sessionId };
    const kind = smsLinkKind(row, now);
    return kind === 'ok' ? { kind, sessionId, linkId: row.linkId } : { kind, sessionId };
  }

  async exchange(linkId: string, sessionToken: string, now: Date, sessionExpiresAt: Date): Promise<boolean> {
    return this.o.db.transaction(async (tx) => {
      const link = await this.links.claim(tx, linkId, now, citizenVideoLinks.sessionId);
      if (!link) return false;
      await tx
        .update(citizenVideoSessions)
        .set({
          sessionHash: hashLinkToken(sessionToken),
          sessionExpiresAt,
          exchangedAt: sql`coalesce(${citizenVideoSessions.exchangedAt}, ${now.toISOString()}::timestamptz)`,
        })
        .where(eq(citizenVideoSessions.id, link.owner));
      return true;
    });
  }

  async bySessionToken(sessionToken: string, now: Date): Promise<CitizenVideoRecord | null> {
    const [row] = await this.o.db
      .select()
      .from(citizenVideoSessions)
      .where(liveSession(citizenVideoSessions.sessionHash, citizenVideoSessions.sessionExpiresAt, sessionToken, now));
    return row ? toRecord(row) : null;
  }

  async setConsent(id: string, at: Date): Promise<void> {
    await this.o.db
      .update(citizenVideoSessions)
      .set({ consentedAt: at })
      .where(and(eq(citizenVideoSessions.id, id), isNull(citizenVideoSessions.consentedAt)));
  }

  async setLocation(id: string, location: CitizenLocation): Promise<void> {
    await this.o.db.update(citizenVideoSessions).set({ location }).where(eq(citizenVideoSessions.id, id));
  }

  ensureRoom(id: string, create: () => Promise<string>): Promise<string> {
    // The row lock makes a second first join wait for the first one's room instead of making its own.
    return this.o.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ roomName: citizenVideoSessions.roomName })
        .from(citizenVideoSessions)
        .where(eq(citizenVideoSessions.id, id))
        .for('update');
      if (!row) throw new Error(`citizen video session ${id} vanished while joining`);
      if (row.roomName) return row.roomName;
      const roomName = await create();
      await tx.update(citizenVideoSessions).set({ roomName }).where(eq(citizenVideoSessions.id, id));
      return roomName;
    });
  }

  async byRoom(roomName: string): Promise<CitizenVideoRecord | null> {
    const [row] = await this.o.db.select().from(citizenVideoSessions).where(eq(citizenVideoSessions.roomName, roomName));
    return row ? toRecord(row) : null;
  }

  async markVideoConnected(id: string, at: Date): Promise<void> {
    await this.o.db
      .update(citizenVideoSessions)
      .set({ videoConnectedAt: at })
      .where(and(eq(citizenVideoSessions.id, id), isNull(citizenVideoSessions.videoConnectedAt)));
  }

  async end(id: string, at: Date): Promise<CitizenVideoRecord | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.o.db
      .update(citizenVideoSessions)
      .set({ endedAt: at })
      .where(and(eq(citizenVideoSessions.id, id), isNull(citizenVideoSessions.endedAt)))
      .returning();
    return row ? toRecord(row) : null;
  }

  async addPhoto(id: string, contentType: string, bytes: Uint8Array, at: Date, maxPhotos: number): Promise<number | null> {
    return this.o.db.transaction(async (tx) => {
      // Locks the session so two uploads at once do not pick the same number.
      await tx.select({ id: citizenVideoSessions.id }).from(citizenVideoSessions).where(eq(citizenVideoSessions.id, id)).for('update');
      const [last] = await tx
        .select({ n: max(citizenVideoPhotos.n) })
        .from(citizenVideoPhotos)
        .where(eq(citizenVideoPhotos.sessionId, id));
      const n = (last?.n ?? 0) + 1;
      if (n > maxPhotos) return null;
      await tx.insert(citizenVideoPhotos).values({ sessionId: id, n, contentType, bytes: Buffer.from(bytes), createdAt: at });
      return n;
    });
  }

  async photos(id: string): Promise<CitizenPhotoInfo[]> {
    const rows = await this.o.db
      .select({ n: citizenVideoPhotos.n, contentType: citizenVideoPhotos.contentType, at: citizenVideoPhotos.createdAt })
      .from(citizenVideoPhotos)
      .where(eq(citizenVideoPhotos.sessionId, id))
      .orderBy(asc(citizenVideoPhotos.n));
    return rows;
  }

  async photo(id: string, n: number): Promise<{ contentType: string; bytes: Uint8Array } | null> {
    const [row] = await this.o.db
      .select({ contentType: citizenVideoPhotos.contentType, bytes: citizenVideoPhotos.bytes })
      .from(citizenVideoPhotos)
      .where(and(eq(citizenVideoPhotos.sessionId, id), eq(citizenVideoPhotos.n, n)));
    return row ? { contentType: row.contentType, bytes: new Uint8Array(row.bytes) } : null;
  }

  async invite(id: string, personId: string, invitedBy: string, at: Date): Promise<void> {
    await this.o.db.insert(citizenVideoInvites).values({ sessionId: id, personId, invitedBy, invitedAt: at }).onConflictDoNothing();
  }

  async invited(id: string): Promise<string[]> {
    const rows = await this.o.db
      .select({ personId: citizenVideoInvites.personId })
      .from(citizenVideoInvites)
      .where(eq(citizenVideoInvites.sessionId, id))
      .orderBy(asc(citizenVideoInvites.invitedAt));
    return rows.map((r) => r.personId);
  }

  async recent(createdSince: Date, endedSince: Date) {
    const photoCount = sql<number>`(select count(*) from ${citizenVideoPhotos} where ${citizenVideoPhotos.sessionId} = ${citizenVideoSessions.id})`.mapWith(
      Number,
    );
    const rows = await this.o.db
      .select({ session: citizenVideoSessions, photoCount })
      .from(citizenVideoSessions)
      .where(and(gte(citizenVideoSessions.createdAt, createdSince), or(isNull(citizenVideoSessions.endedAt), gte(citizenVideoSessions.endedAt, endedSince))))
      .orderBy(desc(citizenVideoSessions.createdAt))
      .limit(200);
    return rows.map((r) => ({ ...toRecord(r.session), phoneLast3: r.session.phone.slice(-3), photoCount: r.photoCount }));
  }

  async countsBetween(from: Date, to: Date): Promise<{ created: number; reachedVideo: number }> {
    // Both counts in one statement: count(column) leaves out the sessions that never reached video.
    const [row] = await this.o.db
      .select({ created: count(), reachedVideo: count(citizenVideoSessions.videoConnectedAt) })
      .from(citizenVideoSessions)
      .where(and(gte(citizenVideoSessions.createdAt, from), lt(citizenVideoSessions.createdAt, to)));
    return { created: Number(row?.created ?? 0), reachedVideo: Number(row?.reachedVideo ?? 0) };
  }
}

function toRecord(row: Row): CitizenVideoRecord {
  const { phone: _phone, sessionHash: _hash, ...rest } = row;
  return { ...rest, location: (row.location as CitizenLocation | null) ?? null };
}
