/**
 * Joining a consultation over HTTP. Guests: a personal link (personal-links.ts): `GET /join/:token`
 * shows a one-button page whose `POST` exchanges it for an httpOnly session cookie and redirects to `/join`, the join page
 * (tabs/dist/join) and its cookie-authenticated API under `/api/guest`. Clinicians:
 * `/api/consultations/:id/lobby`, `…/admit` and `…/join` behind the bearer-token API.
 */
import { type Request, type Response, Router } from 'express';
import { type PersonalLinkDeps, mountPersonalLink } from '../personal-links';
import { z } from 'zod';
import {
  type AdmissionWindows,
  type JoinContext,
  type LobbyNotices,
  admitGuest,
  clinicianJoin,
  enterLobby,
  exchangeGuestLink,
  viewGuestLink,
  guestMe,
  guestStatusOf,
  guestVideoToken,
  lobby,
  requestNewGuestLink,
} from '../../core/consultations/joining';
import type { JoinStore } from '../../core/consultations/join-store';
import type { ConsultationStore } from '../../core/consultations/store';
import type { AuditLog, Clock, Directory, VideoRooms } from '../../core/ports';
import { actorOf } from '../auth';
import type { GuestMeDto, LobbyDto } from '../../contracts/joining';
import { toVideoTokenDto } from '../dto/video';
import { GUEST_LINK } from './join-pages';

/** The guest links' limit, as the tests and the advice wiring know it. */
export { LINK_ATTEMPTS_PER_MINUTE } from '../personal-links';

export interface JoinRoutesDeps extends PersonalLinkDeps {
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** For the clinicians' routes: the access policy compares organisations. */
  readonly directory: Pick<Directory, 'byId'>;
  readonly consultations: Pick<ConsultationStore, 'byId' | 'resendGuestLink'>;
  readonly join: JoinStore;
  readonly videoRooms: VideoRooms;
  /** How early guests may be let in and clinicians join. @defaultValue 30 and 60 minutes */
  readonly admission?: AdmissionWindows;
  /** Tells the clinicians when a guest starts waiting. */
  readonly lobbyNotices?: LobbyNotices;
}

const AudioOnlySchema = z.object({ audioOnly: z.boolean({ error: 'audioOnly må være true eller false / audioOnly must be true or false' }).optional() });
const AdmitSchema = z.object({ participantId: z.uuid({ error: 'Oppgi deltakerens id / Give the participant id' }) });

const joinContext = (deps: JoinRoutesDeps, req: Request): JoinContext => ({ ...deps, requestId: String(req.id) });

const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

/** `/join`, `/join/:token`, `/join/assets/*` and `/api/guest/*` (cookie-authenticated). Mount after `express.json()`. */
export function guestRoutes(deps: JoinRoutesDeps): Router {
  const r = Router();
  const { api: guest, session } = mountPersonalLink(r, GUEST_LINK, deps, {
    view: (req, token, cookie) => viewGuestLink(joinContext(deps, req), token, cookie),
    exchange: (req, token, cookie) => exchangeGuestLink(joinContext(deps, req), token, cookie),
    newLink: (req, token) => requestNewGuestLink({ ...joinContext(deps, req), consultations: deps.consultations }, token),
  });
  guest.get('/me', async (req, res) => {
    const me: GuestMeDto = await guestMe(joinContext(deps, req), session(req));
    res.json(me);
  });
  guest.get('/status', async (req, res) => {
    res.json({ status: await guestStatusOf(joinContext(deps, req), session(req)) });
  });
  guest.post('/lobby', async (req, res) => {
    res.json({ status: await enterLobby(joinContext(deps, req), session(req)) });
  });
  guest.post('/token', async (req, res) => {
    const { audioOnly } = AudioOnlySchema.parse(req.body ?? {});
    res.json(toVideoTokenDto(await guestVideoToken(joinContext(deps, req), session(req), { audioOnly })));
  });
  return r;
}

/** `/:id/lobby`, `/:id/admit`, `/:id/join`; mount under the authenticated `/api/consultations`. */
export function clinicianJoinRoutes(deps: JoinRoutesDeps): Router {
  const r = Router();
  const ctx = (req: Request) => ({ ...joinContext(deps, req), directory: deps.directory, actor: actorOf(req) });
  r.get('/:id/lobby', async (req, res) => {
    noStore(res);
    const answer: LobbyDto = await lobby(ctx(req), req.params.id);
    res.json(answer);
  });
  r.post('/:id/admit', async (req, res) => {
    const { participantId } = AdmitSchema.parse(req.body ?? {});
    const answer: LobbyDto = await admitGuest(ctx(req), req.params.id, participantId);
    res.json(answer);
  });
  r.post('/:id/join', async (req, res) => {
    noStore(res);
    const { audioOnly } = AudioOnlySchema.parse(req.body ?? {});
    res.json(toVideoTokenDto(await clinicianJoin(ctx(req), req.params.id, { audioOnly })));
  });
  return r;
}
