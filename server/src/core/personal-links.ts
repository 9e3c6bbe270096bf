/**
 * The rule every personal link follows — a consultation guest's, a 113 caller's, an ambulance
 * crew's: the link is a credential, exchanged once for a browser session. A second use is
 * refused (410 `used`) except by the browser already holding that link's session (a reload, a
 * second tab); a refused claim says whether a racing request or a newer link got there first.
 * Each flow decides beforehand whether its link may be used at all (unknown, expired, superseded,
 * its meeting or call over) and what the session opens.
 */
import { DomainError } from './errors';

export interface LinkSession {
  readonly sessionToken: string;
  readonly expiresAt: Date;
}

/** 410 with the reason the link's page explains (`used`, `superseded`, `expired`, …). */
export const linkGone = (reason: string): DomainError => new DomainError('gone', `link ${reason}`, [], { reason });

export interface OneTimeExchange {
  /** The link was exchanged before. */
  readonly used: boolean;
  /** The session the browser holds already, when it is this link's. */
  heldSession(): Promise<LinkSession | null>;
  /** Claims the link and opens a session; null when a racing request or a newer link got there first. */
  claim(): Promise<LinkSession | null>;
  /** Whether the link has been superseded (asked after a refused claim, to say why). */
  superseded(): Promise<boolean>;
}

export async function exchangeOnce(x: OneTimeExchange): Promise<LinkSession> {
  if (x.used) {
    const held = await x.heldSession();
    if (held) return held;
    throw linkGone('used');
  }
  const session = await x.claim();
  if (session) return session;
  // Used by a racing request, or superseded since it was looked up: tell which.
  throw linkGone((await x.superseded()) ? 'superseded' : 'used');
}
