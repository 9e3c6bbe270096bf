/**
 * The HTTP side of every personal link — the consultation guest's `/join`, the 113 caller's
 * `/video` and the ambulance crew's `/crew`, mounted by {@link mountPersonalLink}: no Referer
 * anywhere under them, the built page and its assets, the one-time exchange of the link for an
 * httpOnly session cookie, the plain refusal pages, and rate limits that answer with a plain page
 * (links) or an API error (the cookie API). Mail scanners (Safe Links) and link previews fetch
 * every link before the person taps it, so `GET`/`HEAD` of a link only look: they show a page
 * with one button, and only that button's same-origin `POST` uses the link up. Each flow gives
 * its paths, cookie, texts and what the link opens; the mechanism is written once, here.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { type Logger, type Store, rateLimit } from 'express-rate-limit';
import { DomainError, isDomainError } from '../core/errors';
import { allowConnections, videoConnectSources } from './csp';
import { sendError } from './errors';
import { LINK_TOKEN } from './input-guard';
import { escapeHtml } from './routes/dev-outbox';
import { DEFAULT_PHONE_REGION } from '../shared/contact';
import { DEFAULT_TABS_DIST_DIR } from './routes/tabs';

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
function mountLinkPage(r: Router, o: LinkPageOptions): void {
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
function linkAttemptLimiter(name: string, limit: number, rateLimitedPage: string, backend?: RateLimitBackend): RequestHandler {
  return rateLimit({
    ...limiterOptions(name, limit, backend),
    handler: (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.status(429).setHeader('Retry-After', '60').type('html').send(rateLimitedPage);
    },
  });
}

/** Cookie-API requests per minute per client address; past it `{error:{code:'rate_limited'}}` with 429. */
function apiRequestLimiter(name: string, limit: number, backend?: RateLimitBackend): RequestHandler {
  return rateLimit({
    ...limiterOptions(name, limit, backend),
    handler: (req, res) => sendError(req, res, 429, 'rate_limited'),
  });
}

/** A cookie's value from the request (the link pages' session cookies; no cookie parser needed). */
function readCookie(req: Request, name: string): string | undefined {
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

/** A plain page's text in one language. */
export interface PageText {
  readonly title: string;
  readonly body: string;
}

/** What a plain page may carry besides its text. */
export interface PageExtras {
  /** The phone number to call (E.164 or a short number such as 113). */
  readonly phone?: string | null;
  /** One button that posts to `action` (the current address when absent): Norwegian and English label. */
  readonly button?: { readonly label: string; readonly action?: string };
}

const PAGE_STYLE =
  'font-family:system-ui,sans-serif;font-size:1.125rem;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b;background:#fff';
const BUTTON_STYLE = 'font:inherit;font-weight:600;padding:.75rem 1.5rem;border:0;border-radius:.25rem;background:#0f548c;color:#fff;cursor:pointer';

/** A phone number as people read it (`912 34 567`), and as a `tel:` link dials it; a short number (113) as it is. */
function phoneLink(phone: string): string {
  const parsed = phone.startsWith('+') ? parsePhoneNumberFromString(phone) : undefined;
  const shown = parsed ? (parsed.country === DEFAULT_PHONE_REGION ? parsed.formatNational() : parsed.formatInternational()) : phone;
  return `<a href="tel:${escapeHtml(parsed?.number ?? phone)}">${escapeHtml(shown)}</a>`;
}

/** A plain page (a link's button, a refusal, too many attempts, not built): Norwegian first, English below, no script, readable on a phone. */
export function linkPage(site: string, nb: PageText, en: PageText, extras: PageExtras = {}): string {
  const phone = extras.phone ? phoneLink(extras.phone) : undefined;
  const form = extras.button
    ? `<form method="post"${extras.button.action ? ` action="${escapeHtml(extras.button.action)}"` : ''}><button type="submit" style="${BUTTON_STYLE}">${escapeHtml(extras.button.label)}</button></form>`
    : '';
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${nb.title} – ${site}</title><meta name="referrer" content="no-referrer"></head>
<body style="${PAGE_STYLE}">
<main><h1>${nb.title}</h1><p>${nb.body}</p>${phone ? `<p>Spørsmål? Ring ${phone}.</p>` : ''}${form}
<section lang="en" aria-labelledby="en-title"><h2 id="en-title">${en.title}</h2><p>${en.body}</p>${phone ? `<p>Questions? Call ${phone}.</p>` : ''}</section></main></body></html>`;
}

/** A page's text in both languages, rendered per request (the phone number and button differ). */
export interface PageTexts {
  readonly nb: PageText;
  readonly en: PageText;
}

/** Why a one-time SMS link (a 113 caller's, an ambulance crew's) was refused: its page says which (`superseded`: AMK sent a newer one). */
export type SmsLinkRefusal = 'not_found' | 'expired' | 'used' | 'superseded';

/** The refusals every personal link has a page for; a flow may add its own (a guest's `not_open`, `cancelled`). */
type BaseRefusal = 'not_found' | 'expired';

export interface PersonalLinkPages<R extends string> {
  /** The site's name in the pages' titles. */
  readonly site: string;
  /** What `GET` of a usable link shows: one button, the only way the link is used up. */
  readonly open: PageTexts & { readonly button: string };
  /** Shown with 404 (`not_found`) or 410 (the others; a `gone` reason without a page of its own gets `expired`). */
  readonly refusals: Readonly<Record<R, PageTexts>>;
  /** The number every refusal page gives when the refusal brings none of its own (AMK's: 113). */
  readonly phone?: string;
  /** On the `used` page, a button that sends the person a new link (when the flow can). */
  readonly newLink?: { readonly button: string; readonly sent: PageTexts; readonly limited: PageTexts };
  /** Shown with 403 when the button's `POST` came from another site. */
  readonly crossSite: PageTexts;
  /** Shown with 429 past the link attempts' limit. */
  readonly rateLimited: string;
  /** Shown with 503 when the tabs have not been built. */
  readonly notBuilt: string;
}

/** Link attempts per client address and minute. @defaultValue 20 */
export const LINK_ATTEMPTS_PER_MINUTE = 20;
/** Cookie-API requests per client address and minute; the pages poll every few seconds. @defaultValue 120 */
export const LINK_API_REQUESTS_PER_MINUTE = 120;

/** What makes one kind of personal link itself: its paths, built page, cookie, texts and limiters. */
export interface PersonalLinkKind<R extends string> extends Omit<LinkPageOptions, 'distDir' | 'videoOrigins' | 'notBuiltPage'> {
  /** The built page's folder under the tabs' build, e.g. `join`. */
  readonly dist: string;
  readonly cookie: string;
  readonly pages: PersonalLinkPages<R | BaseRefusal>;
  /** The limiters' names: their counters' keys, `${link}` for link attempts and `${api}` for the cookie API. */
  readonly limiters: { readonly link: string; readonly api: string };
}

/** What the wiring gives every kind of personal link. */
export interface PersonalLinkDeps {
  /** `Secure` cookies (production, behind HTTPS). */
  readonly secureCookies: boolean;
  /** The LiveKit URL browsers connect to; the page's Content-Security-Policy allows it. */
  readonly videoServerUrl: string;
  /** @defaultValue `tabs/dist` */
  readonly distDir?: string;
  /** @defaultValue {@link LINK_ATTEMPTS_PER_MINUTE} */
  readonly linkAttemptsPerMinute?: number;
  /** @defaultValue {@link LINK_API_REQUESTS_PER_MINUTE} */
  readonly requestsPerMinute?: number;
  /** Where the limiters count (Redis, shared by every process). @defaultValue this process's memory */
  readonly rateLimits?: RateLimitBackend;
}

type Session = { readonly sessionToken: string; readonly expiresAt: Date };

/** The flow's use cases behind a link; each is given the link and the session cookie the browser may hold already. */
export interface LinkFlow {
  /** Looks without using the link up: the session this browser holds, null when the link waits for its button; throws the refusal. */
  view(req: Request, token: string, cookie: string | undefined): Promise<Session | null>;
  /** Swaps the link for a session (the button's `POST`). */
  exchange(req: Request, token: string, cookie: string | undefined): Promise<Session>;
  /** Sends a new link to the phone or e-mail on file and revokes this one (the `used` page's button). */
  newLink?(req: Request, token: string): Promise<void>;
}

/** «Send meg en ny lenke» per client address and hour: each one sends an SMS or e-mail. @defaultValue 3 */
export const NEW_LINKS_PER_HOUR = 3;

export interface PersonalLinkApi {
  /** The cookie API under `apiBase`: rate limited, never cached; the flow adds its routes. */
  readonly api: Router;
  /** The session cookie's value, for the flow's use cases. */
  session(req: Request): string | undefined;
}

/**
 * Whether a `POST` came from our own pages: one from another site must not sign this browser in
 * with someone else's link. Browsers say where a request came from in `Sec-Fetch-Site`; our
 * pages send no Referer, so their `Origin` is `null` and only counts in browsers too old for
 * `Sec-Fetch-Site` (it must then be ours). Clients that send neither (not a browser) cannot be
 * made to post by a page.
 */
function sameOrigin(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = req.get('origin');
  return origin === undefined || origin === `${req.protocol}://${req.get('host')}`;
}

/**
 * The page, `GET`/`HEAD`/`POST ${base}/:token` and the cookie API of one kind of personal link.
 * `GET` looks: the browser holding the link's session goes straight in, a usable link shows its
 * button, a refused one its page. The button's `POST` exchanges the link for an httpOnly cookie
 * and sends the browser on to `base`, so the token leaves the address bar.
 */
export function mountPersonalLink<R extends string>(r: Router, kind: PersonalLinkKind<R>, deps: PersonalLinkDeps, flow: LinkFlow): PersonalLinkApi {
  const distDir = path.join(deps.distDir ?? DEFAULT_TABS_DIST_DIR, kind.dist);
  mountLinkPage(r, { ...kind, distDir, videoOrigins: videoConnectSources(deps.videoServerUrl), notBuiltPage: kind.pages.notBuilt });
  const linkLimiter = linkAttemptLimiter(kind.limiters.link, deps.linkAttemptsPerMinute ?? LINK_ATTEMPTS_PER_MINUTE, kind.pages.rateLimited, deps.rateLimits);
  const pages = kind.pages;
  const render = (texts: PageTexts, extras: PageExtras = {}) => linkPage(pages.site, texts.nb, texts.en, { phone: pages.phone, ...extras });
  const link = `${kind.base}/:token`;

  /** Runs one link request: a malformed token is an unknown link (no database asked); a refusal gets its page. */
  const handle = (run: (req: Request, res: Response, token: string) => Promise<void>) => async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const token = String(req.params.token);
    try {
      if (!LINK_TOKEN.test(token)) throw new DomainError('not_found', 'malformed link token');
      await run(req, res, token);
    } catch (err) {
      const refusal = refusalOf(err, pages.refusals);
      if (!refusal) throw err;
      const phone = isDomainError(err) && typeof err.params.phone === 'string' ? err.params.phone : pages.phone;
      const newLink =
        refusal === 'used' && pages.newLink && flow.newLink ? { label: pages.newLink.button, action: `${kind.base}/${token}/new-link` } : undefined;
      res
        .status(refusal === 'not_found' ? 404 : 410)
        .type('html')
        .send(render(pages.refusals[refusal], { phone, button: newLink }));
    }
  };

  r.get(
    link,
    linkLimiter,
    handle(async (req, res, token) => {
      const held = await flow.view(req, token, readCookie(req, kind.cookie));
      if (held) res.redirect(303, kind.base);
      else res.type('html').send(render(pages.open, { phone: null, button: { label: pages.open.button } }));
    }),
  );
  r.post(
    link,
    linkLimiter,
    handle(async (req, res, token) => {
      if (!sameOrigin(req)) {
        res.status(403).type('html').send(render(pages.crossSite));
        return;
      }
      const session = await flow.exchange(req, token, readCookie(req, kind.cookie));
      res.cookie(kind.cookie, session.sessionToken, { httpOnly: true, secure: deps.secureCookies, sameSite: 'lax', path: '/', expires: session.expiresAt });
      res.redirect(303, kind.base);
    }),
  );
  mountNewLink(r, kind, deps, flow, handle, render);

  const api = Router();
  api.use(apiRequestLimiter(kind.limiters.api, deps.requestsPerMinute ?? LINK_API_REQUESTS_PER_MINUTE, deps.rateLimits), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  r.use(kind.apiBase, api);
  return { api, session: (req) => readCookie(req, kind.cookie) };
}

/** `POST ${base}/:token/new-link`: «Send meg en ny lenke» from the `used` page, same-origin only, a few per hour. */
function mountNewLink<R extends string>(
  r: Router,
  kind: PersonalLinkKind<R>,
  deps: PersonalLinkDeps,
  flow: LinkFlow,
  handle: (run: (req: Request, res: Response, token: string) => Promise<void>) => RequestHandler,
  render: (texts: PageTexts, extras?: PageExtras) => string,
): void {
  const texts = kind.pages.newLink;
  if (!texts || !flow.newLink) return;
  const limiter = rateLimit({
    ...limiterOptions(`${kind.limiters.link}-new`, NEW_LINKS_PER_HOUR, deps.rateLimits),
    windowMs: 60 * ONE_MINUTE_MS,
    handler: (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.status(429).setHeader('Retry-After', '3600').type('html').send(render(texts.limited));
    },
  });
  r.post(
    `${kind.base}/:token/new-link`,
    limiter,
    handle(async (req, res, token) => {
      if (!sameOrigin(req)) {
        res.status(403).type('html').send(render(kind.pages.crossSite));
        return;
      }
      await flow.newLink?.(req, token);
      res.type('html').send(render(texts.sent));
    }),
  );
}

/** The refusal page a use case's error asks for: `not_found`, or the `gone` reason's own page (`expired` when it has none). */
function refusalOf<R extends string>(err: unknown, pages: Readonly<Record<R | BaseRefusal, unknown>>): R | BaseRefusal | undefined {
  if (!isDomainError(err)) return undefined;
  if (err.code === 'not_found') return 'not_found';
  if (err.code !== 'gone') return undefined;
  const reason = err.params.reason;
  return typeof reason === 'string' && reason !== 'not_found' && Object.hasOwn(pages, reason) ? (reason as R) : 'expired';
}
