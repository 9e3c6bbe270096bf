/**
 * Guest join links in PostgreSQL (tokens and hashes: personal-links.ts). The raw token is
 * returned once, to the sender of the invitation or reminder.
 * A link carries the consultation's version (`sequence`): issuing one for a newer version
 * supersedes the participant's older links in the same transaction, so at no moment are both
 * (or neither) valid.
 */
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { GuestLinks } from '../../core/consultations/store';
import type { Db } from './db';
import { hashLinkToken, newLinkToken } from './personal-links';
import { consultationParticipants, guestLinks } from './schema';

/** The personal links' token helpers under the names the guest links gave them first. */
export { LINK_TOKEN_BYTES as GUEST_TOKEN_BYTES, hashLinkToken as hashGuestToken, newLinkToken as newGuestToken } from './personal-links';

export class PostgresGuestLinks implements GuestLinks {
  constructor(private readonly db: Db) {}

  issue(consultationId: string, participantId: string, sequence: number): Promise<string> {
    const token = newLinkToken();
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
      const [newer] = await tx
        .select({ sequence: guestLinks.sequence })
        .from(guestLinks)
        .where(and(mine, gt(guestLinks.sequence, sequence)))
        .limit(1);
      await tx.insert(guestLinks).values({ tokenHash: hashLinkToken(token), consultationId, participantId, sequence, supersededAt: newer ? now : null });
      return token;
    });
  }
}
