/**
 * Guest join links in PostgreSQL: 256-bit random tokens, base64url in the link, SHA-256 in the
 * database. The raw token is returned once, to the sender of the invitation or reminder.
 * A link carries the consultation's version (`sequence`): issuing one for a newer version
 * supersedes the participant's older links in the same transaction, so at no moment are both
 * (or neither) valid.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { GuestLinks } from '../../core/consultations/store';
import type { Db } from './db';
import { consultationParticipants, guestLinks } from './schema';

/** Random bytes in a join token (256 bits; DESIGN.md asks for at least 128). @defaultValue 32 */
export const GUEST_TOKEN_BYTES = 32;

export const hashGuestToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const newGuestToken = (): string => randomBytes(GUEST_TOKEN_BYTES).toString('base64url');

export class PostgresGuestLinks implements GuestLinks {
  constructor(private readonly db: Db) {}

  issue(consultationId: string, participantId: string, sequence: number): Promise<string> {
    const token = newGuestToken();
    return this.db.transaction(async (tx) => {
      // The participant's row lock puts two issues for one person in line, so the later one sees
      // the earlier one's link; links of the same version (both channels, a redelivered job, the
      // reminders) stay valid together.
      await tx
        .select({ id: consultationParticipants.id })
        .from(consultationParticipants)
        .where(eq(consultationParticipants.id, participantId))
        .for('no key update');
      const now = new Date();
      const mine = and(eq(guestLinks.participantId, participantId), eq(guestLinks.consultationId, consultationId));
      await tx
        .update(guestLinks)
        .set({ supersededAt: now })
        .where(and(mine, lt(guestLinks.sequence, sequence), isNull(guestLinks.supersededAt)));
      // A late sender of an older version (a reminder racing a change) makes a link that is
      // superseded from the start: the newer version's message is the one to use.
      const [newer] = await tx.select({ sequence: guestLinks.sequence }).from(guestLinks).where(and(mine, gt(guestLinks.sequence, sequence))).limit(1);
      await tx.insert(guestLinks).values({ tokenHash: hashGuestToken(token), consultationId, participantId, sequence, supersededAt: newer ? now : null });
      return token;
    });
  }
}
