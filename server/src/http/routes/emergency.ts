/**
 * `/api/emergency-calls`: akuttvideo between legevakt and AMK, and the live stream (SSE) the
 * AMK console and the requester's Akutt tab listen to: each changed call's snapshot, then the
 * open calls' order (decided in the core, `order.ts`). Routes translate; the core decides.
 */
import { type Request, type Response, Router } from 'express';
import {
  EMERGENCY_ORDER_EVENT,
  EMERGENCY_STREAM_EVENT,
  CreateEmergencyCallSchema,
  type EmergencyCallSnapshotDto,
  EmergencyListQuerySchema,
  type EmergencyOrderDto,
  EmergencyStatsQuerySchema,
  EndEmergencyCallSchema,
  InviteToEmergencyCallSchema,
} from '../../contracts/emergency';
import { InviteCrewSchema } from '../../contracts/emergency-crew';
import {
  type EmergencyContext,
  acceptEmergencyCall,
  activeSince,
  endEmergencyCall,
  getEmergencyCall,
  joinEmergencyCall,
  listOpenEmergencyCalls,
  mayWatch,
  openEmergencyStream,
  requestEmergencyCall,
  visibleInOrder,
} from '../../core/emergency/calls';
import type { CitizenVideoStore } from '../../core/emergency/citizen-video-store';
import { type EmergencyCrewStore, inviteCrew, listCrew } from '../../core/emergency/crew';
import { inviteToEmergencyCall, listEmergencyInvites } from '../../core/emergency/invite';
import type { RosterStore } from '../../core/rosters/store';
import { emergencyStats, requireStatsReader } from '../../core/emergency/stats';
import type { Actor } from '../../core/roles';
import { actorOf } from '../auth';
import {
  callDtoOf,
  snapshotOf,
  toEmergencyCallListDto,
  toEmergencyCrewDto,
  toEmergencyInviteDto,
  toEmergencyInviteListDto,
  toEmergencyStatsDto,
} from '../dto/emergency';
import { toVideoTokenDto } from '../dto/video';
import { parsedInput } from '../parsed-input';

/** A comment line this often keeps proxies and load balancers from closing an idle stream. @defaultValue 15000 */
export const STREAM_HEARTBEAT_MS = 15_000;
/** What EventSource-style clients wait before reconnecting. @defaultValue 2000 */
export const STREAM_RETRY_MS = 2_000;

export type EmergencyRoutesDeps = Omit<EmergencyContext, 'actor' | 'requestId'> & {
  /** In-process change notifications (fed by Redis pub/sub from every process). */
  readonly changes: { onChange(listener: (callId: string) => void): () => void };
  readonly logger: { warn(obj: object, msg: string): void };
  /** Citizen video sessions, for the stats' `citizenLinkVideoShare`. */
  readonly citizenVideo?: Pick<CitizenVideoStore, 'countsBetween'>;
  /** The on-call chain, for `POST /:id/invite {specialty}`. */
  readonly rosters: Pick<RosterStore, 'list'>;
  /** Ambulance crew links, for `POST|GET /:id/crew`. */
  readonly crew: EmergencyCrewStore;
};

export interface EmergencyRoutes {
  readonly router: Router;
  /** Ends every open stream (before the HTTP server closes, which waits for them). */
  close(): void;
}

export function emergencyRoutes(deps: EmergencyRoutesDeps): EmergencyRoutes {
  const r = Router();
  const streams = new StreamHub(deps);
  const ctx = (req: Request): EmergencyContext => ({ ...deps, actor: actorOf(req), requestId: String(req.id) });

  r.post('/', async (req, res) => {
    // No body at all is the same as `{}`: an empty call, refused by the core.
    res.status(201).json(await callDtoOf(deps.directory, await requestEmergencyCall(ctx(req), parsedInput(CreateEmergencyCallSchema, req.body ?? {}))));
  });

  r.get('/', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await toEmergencyCallListDto(deps.directory, await listOpenEmergencyCalls(ctx(req), parsedInput(EmergencyListQuerySchema, req.query))));
  });

  r.get('/stats', async (req, res) => {
    const c = ctx(req);
    requireStatsReader(c.actor);
    res.json(toEmergencyStatsDto(await emergencyStats(c, EmergencyStatsQuerySchema.parse(req.query))));
  });

  r.get('/stream', async (req, res) => {
    const initial = await Promise.all((await openEmergencyStream(ctx(req))).map((r) => snapshotOf(deps.directory, r)));
    streams.open(req, res, actorOf(req), initial);
  });

  r.get('/:id', async (req, res) => {
    res.json(await callDtoOf(deps.directory, await getEmergencyCall(ctx(req), req.params.id)));
  });

  r.post('/:id/accept', async (req, res) => {
    const { call, video } = await acceptEmergencyCall(ctx(req), req.params.id);
    res.json({ call: await snapshotOf(deps.directory, call), video: video ? toVideoTokenDto(video) : null });
  });

  r.post('/:id/invite', async (req, res) => {
    res
      .status(201)
      .json(
        toEmergencyInviteDto(
          await inviteToEmergencyCall({ ...ctx(req), rosters: deps.rosters }, req.params.id, parsedInput(InviteToEmergencyCallSchema, req.body)),
        ),
      );
  });

  r.get('/:id/invites', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(toEmergencyInviteListDto(await listEmergencyInvites(ctx(req), req.params.id)));
  });

  r.post('/:id/crew', async (req, res) => {
    res.status(201).json(toEmergencyCrewDto(await inviteCrew({ ...ctx(req), crew: deps.crew }, req.params.id, parsedInput(InviteCrewSchema, req.body ?? {}))));
  });

  r.get('/:id/crew', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(toEmergencyCrewDto(await listCrew({ ...ctx(req), crew: deps.crew }, req.params.id)));
  });

  r.post('/:id/join', async (req, res) => {
    const { call, video } = await joinEmergencyCall(ctx(req), req.params.id);
    res.json({ call: await snapshotOf(deps.directory, call), video: toVideoTokenDto(video) });
  });

  r.post('/:id/end', async (req, res) => {
    res.json(await snapshotOf(deps.directory, await endEmergencyCall(ctx(req), req.params.id, parsedInput(EndEmergencyCallSchema, req.body ?? undefined))));
  });

  return { router: r, close: () => streams.close() };
}

interface Client {
  readonly actor: Actor;
  readonly res: Response;
}

/** Open console streams in this process; a changed call is read once and sent to those who may see it. */
class StreamHub {
  private readonly clients = new Set<Client>();
  private unsubscribe: (() => void) | undefined;
  /** Broadcasts run one after another, so a console never gets an older snapshot after a newer one. */
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly deps: EmergencyRoutesDeps) {}

  open(req: Request, res: Response, actor: Actor, initial: readonly EmergencyCallSnapshotDto[]): void {
    this.unsubscribe ??= this.deps.changes.onChange((callId) => {
      this.pending = this.pending
        .then(() => this.broadcast(callId))
        .catch((err: unknown) => this.deps.logger.warn({ err, callId }, 'emergency stream update failed'));
    });
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: ${STREAM_RETRY_MS}\n\n`);
    for (const snapshot of initial) send(res, snapshot);
    sendOrder(
      res,
      initial.map((c) => c.id),
      this.deps.clock.now(),
    );
    const client: Client = { actor, res };
    this.clients.add(client);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), STREAM_HEARTBEAT_MS);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      this.clients.delete(client);
    });
  }

  private async broadcast(callId: string): Promise<void> {
    const watchers = [...this.clients];
    if (watchers.length === 0) return;
    const record = await this.deps.store.byId(callId);
    if (!record) return;
    const snapshot = await snapshotOf(this.deps.directory, record);
    const concerned = watchers.filter((client) => mayWatch(client.actor, record));
    for (const client of concerned) send(client.res, snapshot);
    // Then the order, which a new or ended call changes; one read of the open calls for everyone.
    if (concerned.length === 0) return;
    const now = this.deps.clock.now();
    const open = await this.deps.store.active(activeSince(this.deps.clock));
    for (const client of concerned)
      sendOrder(
        client.res,
        visibleInOrder(client.actor, open).map((r) => r.id),
        now,
      );
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const client of this.clients) client.res.end();
    this.clients.clear();
  }
}

function send(res: Response, snapshot: EmergencyCallSnapshotDto): void {
  res.write(`event: ${EMERGENCY_STREAM_EVENT}\nid: ${snapshot.id}\ndata: ${JSON.stringify(snapshot)}\n\n`);
}

function sendOrder(res: Response, ids: readonly string[], at: Date): void {
  const order: EmergencyOrderDto = { ids, at: at.toISOString() };
  res.write(`event: ${EMERGENCY_ORDER_EVENT}\ndata: ${JSON.stringify(order)}\n\n`);
}
