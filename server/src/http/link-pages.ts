/**
 * What the pages reached by a personal link share — the consultation guest's `/join`, the 113
 * caller's `/video` and the ambulance crew's `/crew`: no Referer anywhere under them, the built
 * page and its assets, rate limits that answer with a plain page (links) or an API error (the
 * cookie API), and for the SMS links the exchange of the link for a session cookie.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Router } from 'express';
import { type Logger, type Store, rateLimit } from 'express-rate-limit';
import { DomainError, isDomainError } from '../core/errors';
import { allowConnections } from './csp';
import { sendError } from './errors';
import { LINK_TOKEN } from './input-guard';

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const ONE_MINUTE_MS = 60_000;

export interface LinkPageOptions {
  /** The page's path, e.g. `/join`; its link is `${base}/:token` and its assets `${base}/assets`. */
  readonly base: string;
  /** The cookie-authenticated API behind it, e.g. `/api/guest`. */
  readonly apiBase: string;
  /** The built page's folder (`tabs/dist/join`) and its HTML file in it. */
  readonly distDir: string;
  readonly htmlFile: string;
  /** Where the page's call connects (LiveKit), allowed by the CSP. */
  readonly videoOrigins: readonly string[];
  /** Shown with 503 when the tabs have not been built. */
  readonly notBuiltPage: string;
  /** Where the built page asks for its assets, when another page's build holds them. @defaultValue `${base}/assets` */
  readonly assetsBase?: string;
}

/** Mounts the no-referrer rule, the assets and the page itself (re-read only after a rebuild). */
export function mountLinkPage(r: Router, o: LinkPageOptions): void {
  const assetsBase = o.assetsBase ?? `${o.base}/assets`;
  r.use([o.base, o.apiBase, assetsBase], (_req, res, next) => {
    // The link is a credential: never leak it (or the page it led to) in a Referer header.
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  r.use(assetsBase, express.static(path.join(o.distDir, 'assets'), { immutable: true, maxAge: ONE_YEAR_MS, index: false }));
  r.use(assetsBase, (_req, res) => {
    res.status(404).type('text').send('Not found');
  });

  let cached: { mtimeMs: number; html: string } | undefined;
  r.get(o.base, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    allowConnections(res, o.videoOrigins);
    const file = path.join(o.distDir, o.htmlFile);
    try {
      const { mtimeMs } = await stat(file);
      if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: await readFile(file, 'utf8') };
      res.type('html').send(cached.html);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      res.status(503).type('html').send(o.notBuiltPage);
    }
  });
}

/**
 * Where the limiters count: one store per named limiter (Redis, shared by every process, in
 * `server.ts`), and where the limiter's own messages go. Without it each process counts in its
 * own memory (tests, single-process tools).
 */
export interface RateLimitBackend {
  store(name: string): Store;
  readonly logger: Logger;
}

/**
 * What every limiter shares. The client is `req.ip`, which express resolves through the
 * `TRUST_PROXY` setting: `X-Forwarded-For` counts only when it comes from a trusted proxy.
 * A store error lets the request pass (fail open; the backend reports the outage once).
 */
function limiterOptions(name: string, limit: number, backend: RateLimitBackend | undefined) {
  return {
    windowMs: ONE_MINUTE_MS,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    passOnStoreError: true,
    // Ignoring X-Forwarded-For from untrusted peers is the point of TRUST_PROXY, not a misconfiguration.
    validate: { xForwardedForHeader: false },
    identifier: name,
    ...(backend ? { store: backend.store(name), logger: backend.logger } : {}),
  } as const;
}

/** Link attempts per minute per client address; past it a plain page with 429 and `Retry-After`. */
export function linkAttemptLimiter(name: string, limit: number, rateLimitedPage: string, backend?: RateLimitBackend): RequestHandler {
  return rateLimit({
    ...limiterOptions(name, limit, backend),
    handler: (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.status(429).setHeader('Retry-After', '60').type('html').send(rateLimitedPage);
    },
  });
}

/** Cookie-API requests per minute per client address; past it `{error:{code:'rate_limited'}}` with 429. */
export function apiRequestLimiter(name: string, limit: number, backend?: RateLimitBackend): RequestHandler {
  return rateLimit({
    ...limiterOptions(name, limit, backend),
    handler: (req, res) => sendError(req, res, 429, 'rate_limited'),
  });
}

/** A cookie's value from the request (the link pages' session cookies; no cookie parser needed). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined; // not percent-encoding: no session of ours, so none at all
    }
  }
  return undefined;
}

/** Why a one-time SMS link (a 113 caller's, an ambulance crew's) was refused: its page says which (`superseded`: AMK sent a newer one). */
export type SmsLinkRefusal = 'not_found' | 'expired' | 'used' | 'superseded';

export interface SmsLinkExchangeOptions {
  /** The page's path, e.g. `/video`: the link is `${base}/:token` and leads there. */
  readonly base: string;
  readonly cookie: string;
  readonly secureCookies: boolean;
  readonly limiter: RequestHandler;
  /** Shown with 404 (not found) or 410 (expired, used, superseded). */
  readonly pages: Readonly<Record<SmsLinkRefusal, string>>;
  /** Swaps the link (and the session cookie the browser may hold already) for a session. */
  exchange(req: Request, token: string, cookie: string | undefined): Promise<{ readonly sessionToken: string; readonly expiresAt: Date }>;
}

/**
 * `GET ${base}/:token`: the link is exchanged once for an httpOnly cookie and the browser sent on
 * to `base`, so the token leaves the address bar; a refused link gets its plain page.
 */
export function mountSmsLinkExchange(r: Router, o: SmsLinkExchangeOptions): void {
  r.get(`${o.base}/:token`, o.limiter, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const token = String(req.params.token);
      // Not a link of ours: the same page as an unknown one, without asking the database.
      if (!LINK_TOKEN.test(token)) throw new DomainError('not_found', 'malformed link token');
      const session = await o.exchange(req, token, readCookie(req, o.cookie));
      res.cookie(o.cookie, session.sessionToken, { httpOnly: true, secure: o.secureCookies, sameSite: 'lax', path: '/', expires: session.expiresAt });
      res.redirect(303, o.base);
    } catch (err) {
      const refusal = smsLinkRefusal(err);
      if (!refusal) throw err;
      res.status(refusal === 'not_found' ? 404 : 410).type('html').send(o.pages[refusal]);
    }
  });
}

function smsLinkRefusal(err: unknown): SmsLinkRefusal | undefined {
  if (!isDomainError(err)) return undefined;
  if (err.code === 'not_found') return 'not_found';
  if (err.code !== 'gone') return undefined;
  const reason = err.params.reason;
  return reason === 'used' || reason === 'superseded' ? reason : 'expired';
}
