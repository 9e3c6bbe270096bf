/**
 * `/api/advice-requests` (konfereringstelefon), behind authentication. Thin: parse, call a
 * use case, shape the answer. ISBAR text appears only in these answers.
 */
import { type Request, Router } from 'express';
import {
  type AdviceAcceptedDto,
  type AdviceCreatedDto,
  type AdviceJoinDto,
  type AdviceRequestDto,
  AdviceQueueQuerySchema,
  AdviceStatsQuerySchema,
  CompleteAdviceSchema,
  CreateAdviceRequestSchema,
} from '../../contracts/advice';
import { adviceQueue, adviceSpecialties, ownAdviceRequests } from '../../core/advice/queue';
import type { SwitchboardNumbers } from '../../core/advice/on-call';
import type { AdviceQueueSource, AdviceStatsSource, AdviceStore } from '../../core/advice/store';
import { SIP_PERSON_ID } from '../../core/advice/phone';
import {
  type AdviceContext,
  type AdviceReadView,
  abandonAdviceRequest,
  acceptAdviceRequest,
  adviceStats,
  completeAdviceRequest,
  createAdviceRequest,
  declineAdviceRequest,
  joinAdviceCall,
  readAdviceRequest,
} from '../../core/advice/use-cases';
import { isDomainError } from '../../core/errors';
import type { AuditLog, Clock, Directory, VideoRooms } from '../../core/ports';
import type { RosterStore } from '../../core/rosters/store';
import type { AdviceMetrics } from '../advice-metrics';
import { actorOf } from '../auth';
import { toAdviceCreatedDto, toAdviceJoinDto, toAdviceQueueDto, toAdviceStatsDto, toOwnAdviceRequestsDto } from '../dto/advice';

export interface AdviceRoutesDeps {
  readonly store: AdviceStore & AdviceStatsSource & AdviceQueueSource;
  readonly directory: Directory;
  readonly rosters: Pick<RosterStore, 'list'>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly videoRooms: VideoRooms;
  readonly ringTimeoutSeconds: number;
  /** The switchboard a requester is given when nobody is on call. */
  readonly switchboards: SwitchboardNumbers;
  /** Time to answer and abandoned requests; none recorded when absent. */
  readonly metrics?: AdviceMetrics;
}

export function adviceRoutes(deps: AdviceRoutesDeps): Router {
  const r = Router();
  const ctx = (req: Request): AdviceContext & { videoRooms: VideoRooms } => ({ ...deps, actor: actorOf(req), requestId: String(req.id) });
  const full = async (req: Request, id: string): Promise<AdviceRequestDto> => toDto(deps, await readAdviceRequest(ctx(req), id));

  r.post('/', async (req, res) => {
    const body = CreateAdviceRequestSchema.parse(req.body);
    const created = await createAdviceRequest(ctx(req), body);
    const answer: AdviceCreatedDto = toAdviceCreatedDto(created);
    res.status(201).location(`/api/advice-requests/${created.request.id}`).json(answer);
  });

  r.get('/stats', async (req, res) => {
    const query = AdviceStatsQuerySchema.parse(req.query);
    res.json(toAdviceStatsDto(await adviceStats({ stats: deps.store, clock: deps.clock, actor: actorOf(req) }, query)));
  });

  r.get('/', async (req, res) => {
    const { specialty } = AdviceQueueQuerySchema.parse(req.query);
    res.json(toAdviceQueueDto(await adviceQueue({ ...deps, actor: actorOf(req), requestId: String(req.id) }, specialty)));
  });

  r.get('/mine', async (req, res) => {
    res.json(toOwnAdviceRequestsDto(await ownAdviceRequests({ ...deps, actor: actorOf(req), requestId: String(req.id) })));
  });

  r.get('/specialties', async (req, res) => {
    res.json(await adviceSpecialties({ directory: deps.directory, actor: actorOf(req) }));
  });

  r.get('/:id', async (req, res) => {
    res.json(await full(req, req.params.id));
  });

  r.post('/:id/accept', async (req, res) => {
    const accepted = await acceptAdviceRequest(ctx(req), req.params.id);
    if (accepted.acceptedAt) deps.metrics?.answered(accepted.specialty, (accepted.acceptedAt.getTime() - accepted.createdAt.getTime()) / 1000);
    let join: AdviceJoinDto | null = null;
    if (accepted.mode !== 'callback') {
      try {
        join = toAdviceJoinDto(await joinAdviceCall(ctx(req), accepted.id));
      } catch (err) {
        // Answered all the same (e.g. the video server is unreachable); the specialist joins later through POST …/join.
        req.log.warn({ error: isDomainError(err) ? err.code : 'internal' }, 'could not get a video token on accept');
      }
    }
    const body: AdviceAcceptedDto = { request: await full(req, accepted.id), join };
    res.json(body);
  });

  r.post('/:id/decline', async (req, res) => {
    await declineAdviceRequest(ctx(req), req.params.id);
    res.status(204).end();
  });

  r.post('/:id/complete', async (req, res) => {
    const { advice } = CompleteAdviceSchema.parse(req.body);
    await completeAdviceRequest(ctx(req), req.params.id, advice);
    res.json(await full(req, req.params.id));
  });

  r.post('/:id/join', async (req, res) => {
    res.json(toAdviceJoinDto(await joinAdviceCall(ctx(req), req.params.id)));
  });

  r.delete('/:id', async (req, res) => {
    const abandoned = await abandonAdviceRequest(ctx(req), req.params.id);
    deps.metrics?.abandoned(abandoned.specialty);
    res.status(204).end();
  });

  return r;
}

async function toDto(deps: AdviceRoutesDeps, view: AdviceReadView): Promise<AdviceRequestDto> {
  const { request, rings } = view;
  // Only the people the request names, each from the directory's cache: not the whole directory.
  const ids = new Set([request.requesterId, ...(request.acceptedBy ? [request.acceptedBy] : []), ...rings.map((r) => r.personId)]);
  const found = await Promise.all([...ids].map((id) => deps.directory.byId(id)));
  const people = new Map(found.flatMap((p) => (p ? [[p.id, p] as const] : [])));
  const name = (id: string) => people.get(id)?.name ?? id;
  return {
    ...toAdviceCreatedDto(view),
    specialty: request.specialty,
    priority: request.priority,
    mode: request.mode,
    // An unknown phone caller (`system:sip`) is named by their number.
    requester: {
      id: request.requesterId,
      name: request.requesterId === SIP_PERSON_ID && request.callbackPhone ? request.callbackPhone : name(request.requesterId),
      organization: people.get(request.requesterId)?.organization ?? '',
    },
    isbar: request.isbar,
    callbackPhone: request.callbackPhone,
    acceptedBy: request.acceptedBy ? { id: request.acceptedBy, name: name(request.acceptedBy) } : null,
    advice: request.adviceNote,
    createdAt: request.createdAt.toISOString(),
    acceptedAt: iso(request.acceptedAt),
    completedAt: iso(request.completedAt),
    attempts: rings.map((ring) => ({
      attempt: ring.attempt,
      personId: ring.personId,
      personName: name(ring.personId),
      level: ring.level,
      kind: ring.kind,
      sentAt: iso(ring.sentAt),
      declinedAt: iso(ring.declinedAt),
    })),
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
