/**
 * Citizen video over HTTP. AMK: `/api/citizen-video` behind the bearer-token API. The caller:
 * `GET /video/:token` exchanges the SMS link for an httpOnly cookie and redirects to `/video`
 * (the token leaves the address bar), the citizen page (tabs/dist/video) and its
 * cookie-authenticated API under `/api/citizen`.
 */
import path from 'node:path';
import express, { type Request, type Response, Router } from 'express';
import { type RateLimitBackend, apiRequestLimiter, linkAttemptLimiter, mountLinkPage, mountSmsLinkExchange, readCookie } from '../link-pages';
import { MAX_PHOTO_BYTES } from '../../contracts/citizen-video';
import { type CallerContext, callerConsent, callerLocation, callerMe, callerPhoto, callerVideoToken, exchangeCitizenLink } from '../../core/emergency/citizen-caller';
import {
  type CitizenVideoContext,
  createCitizenVideo,
  endCitizenVideo,
  getCitizenPhoto,
  getCitizenVideo,
  invitableDoctors,
  inviteToCitizenVideo,
  joinCitizenVideo,
  listCitizenVideos,
  resendCitizenLink,
} from '../../core/emergency/citizen-video';
import { actorOf } from '../auth';
import { sendError } from '../errors';
import { CITIZEN_LINK_PAGES, CITIZEN_NOT_BUILT_PAGE, CITIZEN_RATE_LIMITED_PAGE } from './citizen-video-pages';
import { DEFAULT_TABS_DIST_DIR } from './tabs';
import { videoConnectSources } from '../csp';

export const CITIZEN_COOKIE = 'samrom_citizen';
/** Link attempts per IP address and minute. @defaultValue 20 */
export const CITIZEN_LINK_ATTEMPTS_PER_MINUTE = 20;
/** Citizen API requests per IP address and minute. @defaultValue 120 */
export const CITIZEN_REQUESTS_PER_MINUTE = 120;

export type CitizenVideoRoutesDeps = Omit<CitizenVideoContext, 'actor' | 'requestId'> & Pick<CallerContext, 'newToken'>;

/** `GET /` (the list), `POST /`, `/:id`, `/:id/resend`, `/:id/end`, `/:id/join`, `/:id/invite`, `/:id/photos/:n`; mount under the authenticated `/api/citizen-video`. */
export function citizenVideoRoutes(deps: CitizenVideoRoutesDeps): Router {
  const r = Router();
  const ctx = (req: Request): CitizenVideoContext => ({ ...deps, actor: actorOf(req), requestId: String(req.id) });
  r.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  r.get('/', async (req, res) => {
    res.json(await listCitizenVideos(ctx(req)));
  });
  r.post('/', async (req, res) => {
    res.status(201).json(await createCitizenVideo(ctx(req), req.body));
  });
  r.get('/doctors', async (req, res) => {
    res.json({ people: await invitableDoctors(ctx(req)) });
  });
  r.get('/:id', async (req, res) => {
    res.json(await getCitizenVideo(ctx(req), req.params.id));
  });
  r.get('/:id/photos/:n', async (req, res) => {
    const photo = await getCitizenPhoto(ctx(req), req.params.id, Number(req.params.n));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type(photo.contentType).send(Buffer.from(photo.bytes));
  });
  r.post('/:id/resend', async (req, res) => {
    res.status(201).json(await resendCitizenLink(ctx(req), req.params.id));
  });
  r.post('/:id/end', async (req, res) => {
    res.json(await endCitizenVideo(ctx(req), req.params.id));
  });
  r.post('/:id/join', async (req, res) => {
    res.json(await joinCitizenVideo(ctx(req), req.params.id));
  });
  r.post('/:id/invite', async (req, res) => {
    res.json(await inviteToCitizenVideo(ctx(req), req.params.id, req.body));
  });
  return r;
}

export interface CitizenPublicRoutesDeps extends Omit<CallerContext, 'requestId'> {
  readonly secureCookies: boolean;
  readonly videoServerUrl: string;
  /** @defaultValue `tabs/dist` */
  readonly distDir?: string;
  /** @defaultValue {@link CITIZEN_LINK_ATTEMPTS_PER_MINUTE} */
  readonly linkAttemptsPerMinute?: number;
  /** @defaultValue {@link CITIZEN_REQUESTS_PER_MINUTE} */
  readonly requestsPerMinute?: number;
  /** Where the limiters count (Redis, shared by every process). @defaultValue this process's memory */
  readonly rateLimits?: RateLimitBackend;
}

/** `/video`, `/video/:token`, `/video/assets/*` and `/api/citizen/*` (cookie-authenticated). Mount after `express.json()`, before `/api`. */
export function citizenPublicRoutes(deps: CitizenPublicRoutesDeps): Router {
  const distDir = path.join(deps.distDir ?? DEFAULT_TABS_DIST_DIR, 'video');
  const videoOrigins = videoConnectSources(deps.videoServerUrl);
  const callerCtx = (req: Request): CallerContext => ({ ...deps, requestId: String(req.id) });

  const r = Router();
  mountLinkPage(r, { base: '/video', apiBase: '/api/citizen', distDir, htmlFile: 'video.html', videoOrigins, notBuiltPage: CITIZEN_NOT_BUILT_PAGE });
  mountSmsLinkExchange(r, {
    base: '/video',
    cookie: CITIZEN_COOKIE,
    secureCookies: deps.secureCookies,
    limiter: linkAttemptLimiter('citizen-link', deps.linkAttemptsPerMinute ?? CITIZEN_LINK_ATTEMPTS_PER_MINUTE, CITIZEN_RATE_LIMITED_PAGE, deps.rateLimits),
    pages: CITIZEN_LINK_PAGES,
    exchange: (req, token, cookie) => exchangeCitizenLink(callerCtx(req), token, cookie),
  });

  const limiter = apiRequestLimiter('citizen-api', deps.requestsPerMinute ?? CITIZEN_REQUESTS_PER_MINUTE, deps.rateLimits);
  const api = Router();
  api.use(limiter, (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const session = (req: Request) => readCookie(req, CITIZEN_COOKIE);
  api.get('/me', async (req, res) => {
    res.json(await callerMe(callerCtx(req), session(req)));
  });
  api.post('/consent', async (req, res) => {
    res.json(await callerConsent(callerCtx(req), session(req)));
  });
  api.post('/location', async (req, res) => {
    res.json(await callerLocation(callerCtx(req), session(req), req.body));
  });
  api.post('/token', async (req, res) => {
    res.json(await callerVideoToken(callerCtx(req), session(req)));
  });
  // The photo is the raw body (`Content-Type: image/…`), read up to the limit; anything else is refused by the use case.
  api.post('/photo', express.raw({ type: () => true, limit: MAX_PHOTO_BYTES }), async (req, res) => {
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array();
    res.status(201).json(await callerPhoto(callerCtx(req), session(req), req.get('content-type'), bytes));
  });
  r.use('/api/citizen', api);
  return r;
}

