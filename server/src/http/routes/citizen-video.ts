/**
 * Citizen video over HTTP. AMK: `/api/citizen-video` behind the bearer-token API. The caller: a
 * personal link (personal-links.ts): `GET /video/:token` shows a one-button page whose `POST` exchanges the SMS link for an httpOnly
 * cookie and redirects to `/video`, the citizen page (tabs/dist/video) and its
 * cookie-authenticated API under `/api/citizen`.
 */
import express, { type Request, type Response, Router } from 'express';
import { type PersonalLinkDeps, mountPersonalLink } from '../personal-links';
import { CitizenLocationSchema, type CitizenMeDto, CreateCitizenVideoSchema, InviteToCitizenVideoSchema, MAX_PHOTO_BYTES } from '../../contracts/citizen-video';
import {
  type CallerContext,
  callerConsent,
  callerLocation,
  callerMe,
  callerPhoto,
  callerVideoToken,
  exchangeCitizenLink,
  requestNewCitizenLink,
  viewCitizenLink,
} from '../../core/emergency/citizen-caller';
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
import { toCitizenVideoCreatedDto, toCitizenVideoDto, toCitizenVideoListDto } from '../dto/citizen-video';
import { toVideoTokenDto } from '../dto/video';
import { parsedInput } from '../parsed-input';
import { sendError } from '../errors';
import { CITIZEN_LINK } from './citizen-video-pages';

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
    res.json(toCitizenVideoListDto(await listCitizenVideos(ctx(req))));
  });
  r.post('/', async (req, res) => {
    res.status(201).json(toCitizenVideoCreatedDto(await createCitizenVideo(ctx(req), parsedInput(CreateCitizenVideoSchema, req.body ?? {}))));
  });
  r.get('/doctors', async (req, res) => {
    res.json({ people: await invitableDoctors(ctx(req)) });
  });
  r.get('/:id', async (req, res) => {
    res.json(toCitizenVideoDto(await getCitizenVideo(ctx(req), req.params.id)));
  });
  r.get('/:id/photos/:n', async (req, res) => {
    const photo = await getCitizenPhoto(ctx(req), req.params.id, Number(req.params.n));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type(photo.contentType).send(Buffer.from(photo.bytes));
  });
  r.post('/:id/resend', async (req, res) => {
    res.status(201).json(toCitizenVideoCreatedDto(await resendCitizenLink(ctx(req), req.params.id)));
  });
  r.post('/:id/end', async (req, res) => {
    res.json(toCitizenVideoDto(await endCitizenVideo(ctx(req), req.params.id)));
  });
  r.post('/:id/join', async (req, res) => {
    res.json(toVideoTokenDto(await joinCitizenVideo(ctx(req), req.params.id)));
  });
  r.post('/:id/invite', async (req, res) => {
    res.json(toCitizenVideoDto(await inviteToCitizenVideo(ctx(req), req.params.id, parsedInput(InviteToCitizenVideoSchema, req.body ?? {}))));
  });
  return r;
}

export interface CitizenPublicRoutesDeps extends Omit<CallerContext, 'requestId'>, PersonalLinkDeps {}

/** `/video`, `/video/:token`, `/video/assets/*` and `/api/citizen/*` (cookie-authenticated). Mount after `express.json()`, before `/api`. */
export function citizenPublicRoutes(deps: CitizenPublicRoutesDeps): Router {
  const callerCtx = (req: Request): CallerContext => ({ ...deps, requestId: String(req.id) });
  const r = Router();
  const { api, session } = mountPersonalLink(r, CITIZEN_LINK, deps, {
    view: (req, token, cookie) => viewCitizenLink(callerCtx(req), token, cookie),
    exchange: (req, token, cookie) => exchangeCitizenLink(callerCtx(req), token, cookie),
    newLink: (req, token) => requestNewCitizenLink(callerCtx(req), token),
  });
  api.get('/me', async (req, res) => {
    const me: CitizenMeDto = await callerMe(callerCtx(req), session(req));
    res.json(me);
  });
  api.post('/consent', async (req, res) => {
    const me: CitizenMeDto = await callerConsent(callerCtx(req), session(req));
    res.json(me);
  });
  api.post('/location', async (req, res) => {
    const me: CitizenMeDto = await callerLocation(callerCtx(req), session(req), parsedInput(CitizenLocationSchema, req.body ?? {}));
    res.json(me);
  });
  api.post('/token', async (req, res) => {
    res.json(toVideoTokenDto(await callerVideoToken(callerCtx(req), session(req))));
  });
  // The photo is the raw body (`Content-Type: image/…`), read up to the limit; anything else is refused by the use case.
  api.post('/photo', express.raw({ type: () => true, limit: MAX_PHOTO_BYTES }), async (req, res) => {
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array();
    res.status(201).json(await callerPhoto(callerCtx(req), session(req), req.get('content-type'), bytes));
  });
  return r;
}
