/**
 * Guest join links in PostgreSQL: 256-bit random tokens, base64url in the link, SHA-256 in the
 * database. The raw token is returned once, to the sender of the invitation or reminder.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { GuestLinks } from '../../core/consultations/store';
import type { Executor } from './db';
import { guestLinks } from './schema';

/** Random bytes in a join token (256 bits; DESIGN.md asks for at least 128). @defaultValue 32 */
export const GUEST_TOKEN_BYTES = 32;

export const hashGuestToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const newGuestToken = (): string => randomBytes(GUEST_TOKEN_BYTES).toString('base64url');

export class PostgresGuestLinks implements GuestLinks {
  constructor(private readonly db: Executor) {}

  async issue(consultationId: string, participantId: string): Promise<string> {
    const token = newGuestToken();
    await this.db.insert(guestLinks).values({ tokenHash: hashGuestToken(token), consultationId, participantId });
    return token;
  }
}
