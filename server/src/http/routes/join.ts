/**
 * Joining a consultation over HTTP. Guests: `GET /join/:token` exchanges the personal link for
 * an httpOnly session cookie and redirects to `/join` (the token leaves the address bar), the
 * join page (tabs/dist/join) and its cookie-authenticated API under `/api/guest`. Clinicians:
 * `/api/consultations/:id/lobby`, `…/admit` and `…/join` behind the bearer-token API.
 */
import path from 'node:path';
import { type Request, type Response, Router } from 'express';
import { type RateLimitBackend, apiRequestLimiter, linkAttemptLimiter, mountLinkPage, readCookie } from '../link-pages';
import { z } from 'zod';
import type { LinkRefusal } from '../../contracts/joining';
import { type JoinContext, admitGuest, clinicianJoin, enterLobby, exchangeGuestLink, guestMe, guestStatusOf, guestVideoToken, lobby } from '../../core/consultations/joining';
import type { JoinStore } from '../../core/consultations/join-store';
import type { ConsultationStore } from '../../core/consultations/store';
import { DomainError, isDomainError } from '../../core/errors';
import type { AuditLog, Clock, Directory, VideoRooms } from '../../core/ports';
import { actorOf } from '../auth';
import { sendError } from '../errors';
import { LINK_TOKEN } from '../input-guard';
import { DEFAULT_TABS_DIST_DIR } from './tabs';
import { LINK_PAGES, NOT_BUILT_PAGE, RATE_LIMITED_PAGE } from './join-pages';
import { videoConnectSources } from '../csp';

export const GUEST_COOKIE = 'samrom_guest';
/** Link attempts per client address and minute. @defaultValue 20 */
export const LINK_ATTEMPTS_PER_MINUTE = 20;
/** Guest API requests per client address and minute; the join page polls every 2 s. @defaultValue 120 */
export const GUEST_REQUESTS_PER_MINUTE = 120;

export interface JoinRoutesDeps {
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** For the clinicians' routes: the access policy compares organisations. */
  readonly directory: Pick<Directory, 'byId'>;
  readonly consultations: Pick<ConsultationStore, 'byId'>;
  readonly join: JoinStore;
  readonly videoRooms: VideoRooms;
  /** `Secure` cookies (production, behind HTTPS). */
  readonly secureCookies: boolean;
  /** The LiveKit URL browsers connect to; the join page's Content-Security-Policy allows it. */
  readonly videoServerUrl: string;
  /** @defaultValue `tabs/dist` */
  readonly distDir?: string;
  /** @defaultValue {@link LINK_ATTEMPTS_PER_MINUTE} */
  readonly linkAttemptsPerMinute?: number;
  /** @defaultValue {@link GUEST_REQUESTS_PER_MINUTE} */
  readonly guestRequestsPerMinute?: number;
  /** Where the limiters count (Redis, shared by every process). @defaultValue this process's memory */
  readonly rateLimits?: RateLimitBackend;
}

const AudioOnlySchema = z.object({ audioOnly: z.boolean({ error: 'audioOnly må være true eller false / audioOnly must be true or false' }).optional() });
const AdmitSchema = z.object({ participantId: z.uuid({ error: 'Oppgi deltakerens id / Give the participant id' }) });

const joinContext = (deps: JoinRoutesDeps, req: Request): JoinContext => ({ ...deps, requestId: String(req.id) });

const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

/** `/join`, `/join/:token`, `/join/assets/*` and `/api/guest/*` (cookie-authenticated). Mount after `express.json()`. */
export function guestRoutes(deps: JoinRoutesDeps): Router {
  const distDir = path.join(deps.distDir ?? DEFAULT_TABS_DIST_DIR, 'join');
  const videoOrigins = videoConnectSources(deps.videoServerUrl);

  const r = Router();
  mountLinkPage(r, { base: '/join', apiBase: '/api/guest', distDir, htmlFile: 'join.html', videoOrigins, notBuiltPage: NOT_BUILT_PAGE });
  const linkLimiter = linkAttemptLimiter('join-link', deps.linkAttemptsPerMinute ?? LINK_ATTEMPTS_PER_MINUTE, RATE_LIMITED_PAGE, deps.rateLimits);
  r.get('/join/:token', linkLimiter, async (req, res) => {
    noStore(res);
    try {
      const token = String(req.params.token);
      // Not a link of ours: the same page as an unknown one, without asking the database.
      if (!LINK_TOKEN.test(token)) throw new DomainError('not_found', 'malformed link token');
      const session = await exchangeGuestLink(joinContext(deps, req), token, readCookie(req, GUEST_COOKIE));
      res.cookie(GUEST_COOKIE, session.sessionToken, {
        httpOnly: true,
        secure: deps.secureCookies,
        sameSite: 'lax',
        path: '/',
        expires: session.expiresAt,
      });
      res.redirect(303, '/join');
    } catch (err) {
      const refusal = linkRefusal(err);
      if (!refusal) throw err;
      res.status(refusal === 'not_found' ? 404 : 410).type('html').send(LINK_PAGES[refusal]);
    }
  });

  const guestLimiter = apiRequestLimiter('guest-api', deps.guestRequestsPerMinute ?? GUEST_REQUESTS_PER_MINUTE, deps.rateLimits);
  const guest = Router();
  guest.use(guestLimiter, (_req, res, next) => {
    noStore(res);
    next();
  });
  const session = (req: Request) => readCookie(req, GUEST_COOKIE);
  guest.get('/me', async (req, res) => {
    res.json(await guestMe(joinContext(deps, req), session(req)));
  });
  guest.get('/status', async (req, res) => {
    res.json({ status: await guestStatusOf(joinContext(deps, req), session(req)) });
  });
  guest.post('/lobby', async (req, res) => {
    res.json({ status: await enterLobby(joinContext(deps, req), session(req)) });
  });
  guest.post('/token', async (req, res) => {
    const { audioOnly } = AudioOnlySchema.parse(req.body ?? {});
    res.json(await guestVideoToken(joinContext(deps, req), session(req), { audioOnly }));
  });
  r.use('/api/guest', guest);
  return r;
}

/** `/:id/lobby`, `/:id/admit`, `/:id/join`; mount under the authenticated `/api/consultations`. */
export function clinicianJoinRoutes(deps: JoinRoutesDeps): Router {
  const r = Router();
  const ctx = (req: Request) => ({ ...joinContext(deps, req), directory: deps.directory, actor: actorOf(req) });
  r.get('/:id/lobby', async (req, res) => {
    noStore(res);
    res.json(await lobby(ctx(req), req.params.id));
  });
  r.post('/:id/admit', async (req, res) => {
    const { participantId } = AdmitSchema.parse(req.body ?? {});
    res.json(await admitGuest(ctx(req), req.params.id, participantId));
  });
  r.post('/:id/join', async (req, res) => {
    noStore(res);
    const { audioOnly } = AudioOnlySchema.parse(req.body ?? {});
    res.json(await clinicianJoin(ctx(req), req.params.id, { audioOnly }));
  });
  return r;
}

function linkRefusal(err: unknown): LinkRefusal | undefined {
  if (!isDomainError(err)) return undefined;
  if (err.code === 'not_found') return 'not_found';
  if (err.code !== 'gone') return undefined;
  const reason = err.params.reason;
  return reason === 'used' || reason === 'not_open' || reason === 'cancelled' || reason === 'expired' || reason === 'superseded' ? reason : 'expired';
}


