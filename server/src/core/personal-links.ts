/**
 * The rule every personal link follows — a consultation guest's, a 113 caller's, an ambulance
 * crew's: the link is a credential, exchanged once for a browser session. A second use is
 * refused (410 `used`) except by the browser already holding that link's session (a reload, a
 * second tab); a refused claim says whether a racing request or a newer link got there first.
 * Each flow decides beforehand whether its link may be used at all (unknown, expired, superseded,
 * its meeting or call over) and what the session opens. Only a claim uses a link up: a look (a
 * GET or HEAD, which mail scanners and link previews make before the person taps) consumes
 * nothing. The SMS links (the caller's, the crew's) are also made and sent the same way.
 */
import { DomainError } from './errors';
import type { E164, SmsSender } from './messaging';
import type { Clock } from './ports';

export interface LinkSession {
  readonly sessionToken: string;
  readonly expiresAt: Date;
}

/**
 * 410 with the reason the link's page explains (`used`, `superseded`, `expired`, …) and, when
 * known, the phone number of whoever sent the link (the page says whom to call).
 */
export const linkGone = (reason: string, phone?: string | null): DomainError =>
  new DomainError('gone', `link ${reason}`, [], phone ? { reason, phone } : { reason });

/** What a request does with a link: `view` (GET, HEAD) consumes nothing; `claim` (the POST from the link's page) exchanges it. */
export type LinkMode = 'view' | 'claim';

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

/**
 * Claims the link (`claim`), or only looks (`view`): null then means the link is unused and
 * waits for its page's button. Either way a used link is refused unless this browser holds its
 * session, which it gets back.
 */
export async function exchangeOnce(x: OneTimeExchange, mode: LinkMode = 'claim'): Promise<LinkSession | null> {
  if (x.used) {
    const held = await x.heldSession();
    if (held) return held;
    throw linkGone('used');
  }
  if (mode === 'view') return null;
  const session = await x.claim();
  if (session) return session;
  // Used by a racing request, or superseded since it was looked up: tell which.
  throw linkGone((await x.superseded()) ? 'superseded' : 'used');
}

export interface LinkSmsContext {
  readonly sms: SmsSender;
  readonly publicBaseUrl: string;
  /** A new 256-bit random token (base64url). */
  readonly newToken: () => string;
}

/** An SMS link as its worker finds it. */
export interface LinkToSend {
  readonly phone: string;
  readonly expiresAt: Date;
  readonly sentAt: Date | null;
  readonly superseded: boolean;
}

export interface LinkSms<L extends LinkToSend> {
  readonly linkId: string;
  /** The link, when it is the job's (null: skipped). */
  find(): Promise<L | null>;
  /** Whether what the link opens still wants it (the call or session not ended). */
  open(link: L): Promise<boolean>;
  /** The link's page, e.g. `/crew`: the link is `${publicBaseUrl}${page}/<token>`. */
  readonly page: string;
  /** The SMS text around the link: who asks, and the link; never health data. */
  text(link: string): string;
  /** Starts the provider's idempotency key, e.g. `emergency-crew`. */
  readonly keyPrefix: string;
  /** Stores the token's hash; overwrites an unsent earlier attempt's. */
  setToken(token: string): Promise<void>;
  markSent(): Promise<void>;
  /** Called when the provider refuses the SMS (before the error is thrown for a retry), e.g. to mark the link failed on the last attempt. */
  onSendFailed?(): Promise<void>;
}

export type LinkSmsOutcome = 'sent' | 'already_sent' | 'skipped';

/**
 * Sends an SMS link once: a link sent already is not sent again, one superseded before its SMS
 * left (only the newest goes out), expired or no longer wanted is skipped. Makes the token
 * (only its hash is stored) just before sending; a retry makes a fresh token that replaces the
 * unsent one.
 */
export async function sendLinkSms<L extends LinkToSend>(ctx: LinkSmsContext & { readonly clock: Clock }, l: LinkSms<L>): Promise<LinkSmsOutcome> {
  const link = await l.find();
  if (!link) return 'skipped';
  if (link.sentAt) return 'already_sent';
  if (link.superseded || link.expiresAt.getTime() <= ctx.clock.now().getTime() || !(await l.open(link))) return 'skipped';
  const token = ctx.newToken();
  await l.setToken(token);
  const url = `${ctx.publicBaseUrl.replace(/\/+$/, '')}${l.page}/${token}`;
  try {
    await ctx.sms.send({ to: link.phone as E164, text: l.text(url), idempotencyKey: `${l.keyPrefix}:${l.linkId}:${token.slice(0, 8)}` });
  } catch (err) {
    await l.onSendFailed?.();
    throw err;
  }
  await l.markSent();
  return 'sent';
}
