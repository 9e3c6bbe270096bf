/**
 * Joining in PostgreSQL: guest links (SHA-256 of the token), guest sessions (SHA-256 of the
 * cookie), the lobby and admission columns of participants, the room name of a consultation.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { GuestLinkState, GuestSessionState, JoinStore, ParticipantJoinState } from '../../core/consultations/join-store';
import type { Db } from './db';
import { hashLinkToken, liveSession, newLinkToken, unusedLink } from './personal-links';
import { consultationParticipants, consultations, guestLinks, guestSessions } from './schema';

/** Random bytes in a video identity (128 bits): opaque, unguessable, never a name. @defaultValue 16 */
export const VIDEO_IDENTITY_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PostgresJoinStore implements JoinStore {
  constructor(private readonly db: Db) {}

  async link(token: string): Promise<GuestLinkState | null> {
    const [row] = await this.db
      .select({
        consultationId: guestLinks.consultationId,
        participantId: guestLinks.participantId,
        exchangedAt: guestLinks.exchangedAt,
        supersededAt: guestLinks.supersededAt,
      })
      .from(guestLinks)
      .where(eq(guestLinks.tokenHash, hashLinkToken(token)));
    return row ?? null;
  }

  exchange(token: string, now: Date, sessionExpiresAt: Date): Promise<{ sessionToken: string } | null> {
    return this.db.transaction(async (tx) => {
      // The guard in the WHERE makes the exchange single-use even when two requests race, and
      // refuses a link a newer one superseded meanwhile.
      const [link] = await tx
        .update(guestLinks)
        .set({ exchangedAt: now })
        .where(and(eq(guestLinks.tokenHash, hashLinkToken(token)), unusedLink(guestLinks, now)))
        .returning({ consultationId: guestLinks.consultationId, participantId: guestLinks.participantId });
      if (!link) return null;
      const sessionToken = newLinkToken();
      await tx.insert(guestSessions).values({ sessionHash: hashLinkToken(sessionToken), ...link, createdAt: now, expiresAt: sessionExpiresAt });
      return { sessionToken };
    });
  }

  async session(sessionToken: string, now: Date): Promise<GuestSessionState | null> {
    const [row] = await this.db
      .select({ consultationId: guestSessions.consultationId, participantId: guestSessions.participantId, expiresAt: guestSessions.expiresAt })
      .from(guestSessions)
      .where(liveSession(guestSessions.sessionHash, guestSessions.expiresAt, sessionToken, now));
    return row ?? null;
  }

  async participants(consultationId: string): Promise<ParticipantJoinState[]> {
    if (!UUID.test(consultationId)) return [];
    return this.db
      .select({
        participantId: consultationParticipants.id,
        videoIdentity: consultationParticipants.videoIdentity,
        lobbySince: consultationParticipants.lobbySince,
        admittedAt: consultationParticipants.admittedAt,
        admittedBy: consultationParticipants.admittedBy,
      })
      .from(consultationParticipants)
      .where(eq(consultationParticipants.consultationId, consultationId));
  }

  async enterLobby(participantId: string, now: Date): Promise<void> {
    await this.db
      .update(consultationParticipants)
      .set({ lobbySince: now })
      .where(and(eq(consultationParticipants.id, participantId), isNull(consultationParticipants.lobbySince), isNull(consultationParticipants.admittedAt)));
  }

  async admit(participantId: string, byPersonId: string, now: Date): Promise<boolean> {
    if (!UUID.test(participantId)) return false;
    const [row] = await this.db
      .select({ lobbySince: consultationParticipants.lobbySince, admittedAt: consultationParticipants.admittedAt })
      .from(consultationParticipants)
      .where(eq(consultationParticipants.id, participantId));
    if (!row) return false;
    if (row.admittedAt) return true;
    if (!row.lobbySince) return false;
    // A racing admitter may win; the guest is admitted all the same, by whoever came first.
    await this.db
      .update(consultationParticipants)
      .set({ admittedAt: now, admittedBy: byPersonId })
      .where(and(eq(consultationParticipants.id, participantId), isNull(consultationParticipants.admittedAt)));
    return true;
  }

  ensureRoom(consultationId: string, create: () => Promise<string>): Promise<string> {
    // The row lock makes a second first join wait for the first one's room instead of making its
    // own. It is held across the LiveKit call (bounded by the adapter's request timeout), and only
    // until a room name is stored: later joins read it without waiting.
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select({ roomName: consultations.roomName }).from(consultations).where(eq(consultations.id, consultationId)).for('update');
      if (!row) throw new Error(`consultation ${consultationId} vanished while joining`);
      if (row.roomName) return row.roomName;
      const roomName = await create();
      await tx.update(consultations).set({ roomName }).where(eq(consultations.id, consultationId));
      return roomName;
    });
  }

  async videoIdentity(participantId: string): Promise<string> {
    const candidate = `p_${randomBytes(VIDEO_IDENTITY_BYTES).toString('base64url')}`;
    await this.db
      .update(consultationParticipants)
      .set({ videoIdentity: candidate })
      .where(and(eq(consultationParticipants.id, participantId), isNull(consultationParticipants.videoIdentity)));
    const [row] = await this.db
      .select({ videoIdentity: consultationParticipants.videoIdentity })
      .from(consultationParticipants)
      .where(eq(consultationParticipants.id, participantId));
    if (!row?.videoIdentity) throw new Error(`participant ${participantId} has no video identity`);
    return row.videoIdentity;
  }
}
