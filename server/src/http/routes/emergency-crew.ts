/**
 * The ambulance crew's side over HTTP: `GET /crew/:token` exchanges the SMS link for an httpOnly
 * cookie and redirects to `/crew` (the token leaves the address bar); the crew page (built with
 * the citizen page into tabs/dist/video, sharing its assets) and its cookie-authenticated API
 * under `/api/crew`. Rate limited like the other personal links.
 */
import path from 'node:path';
import { type Request, Router } from 'express';
import { CREW_LINK_MINUTES } from '../../contracts/emergency-crew';
import { type CrewBrowserContext, crewMe, crewVideoToken, exchangeCrewLink } from '../../core/emergency/crew';
import { videoConnectSources } from '../csp';
import { type RateLimitBackend, type SmsLinkRefusal, apiRequestLimiter, linkAttemptLimiter, mountLinkPage, mountSmsLinkExchange, readCookie } from '../link-pages';
import { page } from './citizen-video-pages';
import { DEFAULT_TABS_DIST_DIR } from './tabs';

export const CREW_COOKIE = 'samrom_crew';
/** Link attempts per client address and minute. @defaultValue 20 */
export const CREW_LINK_ATTEMPTS_PER_MINUTE = 20;
/** Crew API requests per client address and minute. @defaultValue 120 */
export const CREW_REQUESTS_PER_MINUTE = 120;

const CALL_NB = 'Be AMK sende en ny lenke.';
const CALL_EN = 'Ask AMK to send a new link.';

export const CREW_LINK_PAGES: Readonly<Record<SmsLinkRefusal, string>> = {
  not_found: page(
    { title: 'Vi finner ikke denne lenken', body: `Sjekk at hele lenken fra SMS-en er med. ${CALL_NB}` },
    { title: 'We cannot find this link', body: `Check that the whole link from the text message was opened. ${CALL_EN}` },
  ),
  expired: page(
    { title: 'Lenken er utløpt', body: `Lenken virker bare i ${CREW_LINK_MINUTES} minutter etter at den ble sendt, eller til samtalen er avsluttet. ${CALL_NB}` },
    { title: 'This link has expired', body: `The link works only for ${CREW_LINK_MINUTES} minutes after it was sent, or until the call ends. ${CALL_EN}` },
  ),
  used: page(
    { title: 'Lenken er allerede brukt', body: `Lenken kan bare åpnes én gang, på enheten som åpnet den først. ${CALL_NB}` },
    { title: 'This link has already been used', body: `The link opens only once, on the device that opened it first. ${CALL_EN}` },
  ),
  superseded: page(
    { title: 'Det er sendt en nyere lenke', body: 'AMK har sendt en ny lenke til dette nummeret. Åpne den nyeste lenken; denne virker ikke lenger.' },
    { title: 'A newer link has been sent', body: 'AMK has sent a new link to this number. Open the newest link; this one no longer works.' },
  ),
};

const CREW_RATE_LIMITED_PAGE = page(
  { title: 'For mange forsøk', body: 'Vent ett minutt og prøv lenken igjen.' },
  { title: 'Too many attempts', body: 'Wait one minute and try the link again.' },
);

const CREW_NOT_BUILT_PAGE = page(
  { title: 'Siden er ikke klar', body: 'Videosiden er ikke bygget på serveren. Ring AMK.' },
  { title: 'The page is not ready', body: 'The video page has not been built on the server. Call AMK.' },
);

export interface CrewPublicRoutesDeps extends Omit<CrewBrowserContext, 'requestId'> {
  readonly secureCookies: boolean;
  readonly videoServerUrl: string;
  /** @defaultValue `tabs/dist` */
  readonly distDir?: string;
  /** @defaultValue {@link CREW_LINK_ATTEMPTS_PER_MINUTE} */
  readonly linkAttemptsPerMinute?: number;
  /** @defaultValue {@link CREW_REQUESTS_PER_MINUTE} */
  readonly requestsPerMinute?: number;
  /** Where the limiters count (Redis, shared by every process). @defaultValue this process's memory */
  readonly rateLimits?: RateLimitBackend;
}

/** `/crew`, `/crew/:token` and `/api/crew/*` (cookie-authenticated). Mount after `express.json()`, before `/api`. */
export function crewPublicRoutes(deps: CrewPublicRoutesDeps): Router {
  const distDir = path.join(deps.distDir ?? DEFAULT_TABS_DIST_DIR, 'video');
  const ctx = (req: Request): CrewBrowserContext => ({ ...deps, requestId: String(req.id) });

  const r = Router();
  mountLinkPage(r, { base: '/crew', apiBase: '/api/crew', distDir, htmlFile: 'crew.html', assetsBase: '/video/assets', videoOrigins: videoConnectSources(deps.videoServerUrl), notBuiltPage: CREW_NOT_BUILT_PAGE });
  mountSmsLinkExchange(r, {
    base: '/crew',
    cookie: CREW_COOKIE,
    secureCookies: deps.secureCookies,
    limiter: linkAttemptLimiter('crew-link', deps.linkAttemptsPerMinute ?? CREW_LINK_ATTEMPTS_PER_MINUTE, CREW_RATE_LIMITED_PAGE, deps.rateLimits),
    pages: CREW_LINK_PAGES,
    exchange: (req, token, cookie) => exchangeCrewLink(ctx(req), token, cookie),
  });

  const api = Router();
  api.use(apiRequestLimiter('crew-api', deps.requestsPerMinute ?? CREW_REQUESTS_PER_MINUTE, deps.rateLimits), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.get('/me', async (req, res) => {
    res.json(await crewMe(ctx(req), readCookie(req, CREW_COOKIE)));
  });
  api.post('/token', async (req, res) => {
    res.json(await crewVideoToken(ctx(req), readCookie(req, CREW_COOKIE)));
  });
  r.use('/api/crew', api);
  return r;
}
