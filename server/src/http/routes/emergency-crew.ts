/**
 * The ambulance crew's side over HTTP: `GET /crew/:token` shows a one-button page whose `POST` exchanges the SMS link for an httpOnly
 * cookie and redirects to `/crew` (the token leaves the address bar); the crew page (built with
 * the citizen page into tabs/dist/video, sharing its assets) and its cookie-authenticated API
 * under `/api/crew`. A personal link like the others (personal-links.ts).
 */
import { type Request, Router } from 'express';
import type { CrewMeDto } from '../../contracts/emergency-crew';
import { type CrewBrowserContext, crewMe, crewVideoToken, exchangeCrewLink, requestNewCrewLink, viewCrewLink } from '../../core/emergency/crew';
import { toVideoTokenDto } from '../dto/video';
import { type PersonalLinkDeps, mountPersonalLink } from '../personal-links';
import { CREW_LINK } from './citizen-video-pages';

export interface CrewPublicRoutesDeps extends Omit<CrewBrowserContext, 'requestId'>, PersonalLinkDeps {}

/** `/crew`, `/crew/:token` and `/api/crew/*` (cookie-authenticated). Mount after `express.json()`, before `/api`. */
export function crewPublicRoutes(deps: CrewPublicRoutesDeps): Router {
  const ctx = (req: Request): CrewBrowserContext => ({ ...deps, requestId: String(req.id) });
  const r = Router();
  const { api, session } = mountPersonalLink(r, CREW_LINK, deps, {
    view: (req, token, cookie) => viewCrewLink(ctx(req), token, cookie),
    exchange: (req, token, cookie) => exchangeCrewLink(ctx(req), token, cookie),
    newLink: (req, token) => requestNewCrewLink(ctx(req), token),
  });
  api.get('/me', async (req, res) => {
    const me: CrewMeDto = await crewMe(ctx(req), session(req));
    res.json(me);
  });
  api.post('/token', async (req, res) => {
    res.json(toVideoTokenDto(await crewVideoToken(ctx(req), session(req))));
  });
  return r;
}
