/**
 * A LiveKit server double: the Twirp JSON `RoomService` endpoints Samrom calls, and signed
 * webhooks, built on the `@livekit/protocol` messages the real SDK speaks. It checks auth the
 * way livekit-server does (HS256 JWT from a known key, unexpired, with the right video grant),
 * so a test passes only if the adapter would be accepted by the real thing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateRoomRequest,
  DeleteRoomRequest,
  DeleteRoomResponse,
  ListParticipantsRequest,
  ListParticipantsResponse,
  ListRoomsRequest,
  ListRoomsResponse,
  ParticipantInfo,
  ParticipantInfo_Kind,
  ParticipantInfo_State,
  RemoveParticipantResponse,
  Room,
  RoomParticipantIdentity,
  WebhookEvent,
} from '@livekit/protocol';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { type SipClaims, SipFailure, SipState } from './livekit-sip-double';

/** Twirp error codes and their HTTP statuses, as livekit-server answers them. */
const TWIRP_STATUS = { unauthenticated: 401, not_found: 404, bad_route: 404, malformed: 400, invalid_argument: 400 } as const;
type TwirpCode = keyof typeof TWIRP_STATUS;

/** LiveKit signs webhooks with a token valid for five minutes. */
const WEBHOOK_TOKEN_TTL = '5m';
const READ_OPTIONS = { ignoreUnknownFields: true } as const;

export type WebhookEventInit = NonNullable<ConstructorParameters<typeof WebhookEvent>[0]>;

export interface WebhookForgery {
  /** Sign with other credentials than the double's own (a forger's). */
  readonly signWith?: { readonly apiKey?: string; readonly apiSecret?: string };
  /** Change the body after it was signed (a man in the middle). */
  readonly alterBodyAfterSigning?: (signedBody: string) => string;
  readonly omitAuthorization?: boolean;
}

export interface RecordedRequest {
  /** Twirp method, e.g. `CreateRoom`, or the raw path for unknown routes. */
  readonly method: string;
  readonly status: number;
  /** The request body as JSON; the Authorization header is deliberately not kept. */
  readonly body: unknown;
}

interface VideoClaims extends JWTPayload, SipClaims {
  video?: { roomCreate?: boolean; roomList?: boolean; roomAdmin?: boolean; room?: string };
}

class TwirpFailure extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
  }
}

export class LiveKitDouble {
  readonly requests: RecordedRequest[] = [];
  /** Inbound SIP trunks and dispatch rules made through the `livekit.SIP` service. */
  readonly sip = new SipState();
  private readonly store = new Map<string, { room: Room; participants: Map<string, ParticipantInfo> }>();
  private server: Server | undefined;
  private port: number | undefined;

  constructor(
    readonly apiKey = 'double-key',
    readonly apiSecret = 'double-secret-at-least-32-characters-long',
  ) {}

  /** Listens on a free port; started again after `stop()`, on the same port (the video server coming back). */
  async start(): Promise<void> {
    const server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port ?? 0, '127.0.0.1', resolve);
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // fetch keeps connections alive; without this `close` waits for them to time out.
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }

  /** What browsers and the adapter are configured with, like `LIVEKIT_URL`. */
  get url(): string {
    if (this.port === undefined) throw new Error('LiveKitDouble is not started');
    return `ws://127.0.0.1:${this.port}`;
  }

  rooms(): Room[] {
    return [...this.store.values()].map((entry) => entry.room.clone());
  }

  participants(roomName: string): ParticipantInfo[] {
    return [...(this.store.get(roomName)?.participants.values() ?? [])].map((p) => p.clone());
  }

  /** Simulates a client joining; like LiveKit, joining a room that does not exist creates it. */
  addParticipant(roomName: string, identity: string, name: string): ParticipantInfo {
    const entry = this.store.get(roomName) ?? this.putRoom(new CreateRoomRequest({ name: roomName }));
    const nowMs = BigInt(Date.now());
    const participant = new ParticipantInfo({
      sid: `PA_${randomId()}`,
      identity,
      name,
      state: ParticipantInfo_State.ACTIVE,
      kind: ParticipantInfo_Kind.STANDARD,
      joinedAt: nowMs / 1000n,
      joinedAtMs: nowMs,
      isPublisher: true,
    });
    entry.participants.set(identity, participant);
    entry.room.numParticipants = entry.participants.size;
    return participant.clone();
  }

  /**
   * Simulates a phone call arriving through the trunk: a SIP participant joins `roomName`
   * with the attributes LiveKit SIP sets (`sip.phoneNumber`, `sip.trunkPhoneNumber`, …).
   */
  addSipCaller(roomName: string, callerNumber: string, calledNumber: string, extra: Record<string, string> = {}): ParticipantInfo {
    const participant = this.addParticipant(roomName, `sip_${callerNumber}`, `Phone ${callerNumber}`);
    const stored = this.store.get(roomName)!.participants.get(participant.identity)!;
    stored.kind = ParticipantInfo_Kind.SIP;
    stored.attributes = { 'sip.phoneNumber': callerNumber, 'sip.trunkPhoneNumber': calledNumber, 'sip.callStatus': 'active', ...extra };
    return stored.clone();
  }

  /** The body and `Authorization` header LiveKit would POST for this event. */
  async signWebhook(init: WebhookEventInit, forgery: WebhookForgery = {}): Promise<{ rawBody: string; authorization: string | undefined }> {
    const event = new WebhookEvent({ id: `EV_${randomId()}`, createdAt: BigInt(Math.floor(Date.now() / 1000)), ...init });
    const signedBody = event.toJsonString();
    // Exactly what WebhookReceiver checks: the `sha256` claim is base64 (not base64url) of the body.
    const sha256 = createHash('sha256').update(signedBody, 'utf8').digest('base64');
    const authorization = await new SignJWT({ sha256 })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(forgery.signWith?.apiKey ?? this.apiKey)
      .setNotBefore(new Date())
      .setExpirationTime(WEBHOOK_TOKEN_TTL)
      .sign(new TextEncoder().encode(forgery.signWith?.apiSecret ?? this.apiSecret));
    return {
      rawBody: forgery.alterBodyAfterSigning ? forgery.alterBodyAfterSigning(signedBody) : signedBody,
      authorization: forgery.omitAuthorization ? undefined : authorization,
    };
  }

  /** POSTs a signed webhook the way LiveKit does; answers the receiver's status and body. */
  async sendWebhook(targetUrl: string, init: WebhookEventInit, forgery: WebhookForgery = {}): Promise<{ status: number; body: unknown }> {
    const { rawBody, authorization } = await this.signWebhook(init, forgery);
    const headers: Record<string, string> = { 'Content-Type': 'application/webhook+json' };
    if (authorization !== undefined) headers.Authorization = authorization;
    const response = await fetch(targetUrl, { method: 'POST', headers, body: rawBody });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: keep the text so the assertion shows what came back.
    }
    return { status: response.status, body };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const route = /^\/twirp\/livekit\.(RoomService|SIP)\/(\w+)$/.exec(req.url ?? '');
    const method = route?.[2];
    let body: unknown = null;
    try {
      if (req.method !== 'POST' || method === undefined) throw new TwirpFailure('bad_route', `no handler for ${req.method} ${req.url}`);
      try {
        body = JSON.parse(text);
      } catch {
        throw new TwirpFailure('malformed', 'the request body is not JSON');
      }
      const claims = await this.authenticate(req.headers.authorization);
      this.reply(res, method, body, 200, route?.[1] === 'SIP' ? this.sip.dispatch(method, claims, body) : this.dispatch(method, claims, body));
    } catch (error) {
      const failure =
        error instanceof TwirpFailure
          ? error
          : error instanceof SipFailure
            ? new TwirpFailure(error.code, error.message)
            : new TwirpFailure('malformed', String(error));
      this.reply(res, method ?? req.url ?? '', body, TWIRP_STATUS[failure.code], { code: failure.code, msg: failure.message });
    }
  }

  private reply(res: ServerResponse, method: string, body: unknown, status: number, payload: unknown): void {
    this.requests.push({ method, status, body });
    // Exactly `application/json`: the SDK only parses Twirp errors with that content type.
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(payload));
  }

  private async authenticate(header: string | undefined): Promise<VideoClaims> {
    if (!header?.startsWith('Bearer ')) throw new TwirpFailure('unauthenticated', 'missing authorization');
    try {
      const { payload } = await jwtVerify<VideoClaims>(header.slice('Bearer '.length), new TextEncoder().encode(this.apiSecret), {
        issuer: this.apiKey,
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
      });
      return payload;
    } catch {
      throw new TwirpFailure('unauthenticated', 'invalid authorization token');
    }
  }

  /** Grants as livekit-server's EnsureCreate/List/AdminPermission check them. */
  private dispatch(method: string, claims: VideoClaims, json: unknown): unknown {
    const grant = claims.video ?? {};
    const require = (ok: boolean | undefined, what: string): void => {
      if (!ok) throw new TwirpFailure('unauthenticated', `permissions denied: ${what}`);
    };
    switch (method) {
      case 'CreateRoom': {
        require(grant.roomCreate, 'roomCreate');
        const request = CreateRoomRequest.fromJson(json as never, READ_OPTIONS);
        if (!request.name) throw new TwirpFailure('invalid_argument', 'room name is required');
        return (this.store.get(request.name) ?? this.putRoom(request)).room.toJson();
      }
      case 'ListRooms': {
        require(grant.roomList, 'roomList');
        const { names } = ListRoomsRequest.fromJson(json as never, READ_OPTIONS);
        const rooms = this.rooms().filter((room) => names.length === 0 || names.includes(room.name));
        return new ListRoomsResponse({ rooms }).toJson();
      }
      case 'DeleteRoom': {
        require(grant.roomCreate, 'roomCreate');
        const { room } = DeleteRoomRequest.fromJson(json as never, READ_OPTIONS);
        if (!this.store.delete(room)) throw new TwirpFailure('not_found', 'requested room does not exist');
        return new DeleteRoomResponse().toJson();
      }
      case 'ListParticipants': {
        const { room } = ListParticipantsRequest.fromJson(json as never, READ_OPTIONS);
        require(grant.roomAdmin && grant.room === room, 'roomAdmin for this room');
        return new ListParticipantsResponse({ participants: this.participants(room) }).toJson();
      }
      case 'RemoveParticipant': {
        const { room, identity } = RoomParticipantIdentity.fromJson(json as never, READ_OPTIONS);
        require(grant.roomAdmin && grant.room === room, 'roomAdmin for this room');
        const entry = this.store.get(room);
        if (!entry?.participants.delete(identity)) throw new TwirpFailure('not_found', 'participant not found');
        entry.room.numParticipants = entry.participants.size;
        return new RemoveParticipantResponse().toJson();
      }
      default:
        throw new TwirpFailure('bad_route', `RoomService/${method} is not served by the double`);
    }
  }

  private putRoom(request: CreateRoomRequest): { room: Room; participants: Map<string, ParticipantInfo> } {
    const nowMs = BigInt(Date.now());
    const room = new Room({
      sid: `RM_${randomId()}`,
      name: request.name,
      emptyTimeout: request.emptyTimeout,
      departureTimeout: request.departureTimeout,
      maxParticipants: request.maxParticipants,
      creationTime: nowMs / 1000n,
      creationTimeMs: nowMs,
    });
    const entry = { room, participants: new Map<string, ParticipantInfo>() };
    this.store.set(request.name, entry);
    return entry;
  }
}

function randomId(): string {
  return randomBytes(9).toString('base64url');
}
