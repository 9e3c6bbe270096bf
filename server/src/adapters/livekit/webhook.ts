/**
 * LiveKit webhooks, transport-agnostic: `(rawBody, Authorization) → {status, body}`. The route
 * must hand over the body exactly as received, because the signature covers its sha256.
 */
import { ParticipantInfo_Kind } from '@livekit/protocol';
import { WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import type { VideoEvent, VideoEventSink, WebhookLedger } from '../../core/ports';
import { ROOM_NAME_PREFIX } from './video-rooms';

/** The ledger namespace for LiveKit event ids. */
export const LIVEKIT_WEBHOOK_SOURCE = 'livekit';

/** pino-compatible; only opaque ids and event kinds are ever passed in. */
export interface WebhookLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error?(fields: Record<string, unknown>, message: string): void;
}

export interface LiveKitWebhookOptions {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly ledger: WebhookLedger;
  readonly sink: VideoEventSink;
  /** @defaultValue a logger that drops everything */
  readonly logger?: WebhookLogger;
}

export interface WebhookRequest {
  /** The request body, byte for byte as received (not re-serialized JSON). */
  readonly rawBody: string;
  /** LiveKit sends the signed JWT as-is, without `Bearer `. */
  readonly authorization: string | undefined;
}

export interface WebhookResponse {
  readonly status: number;
  readonly body: unknown;
}

export type LiveKitWebhookHandler = (request: WebhookRequest) => Promise<WebhookResponse>;

const silentLogger: WebhookLogger = { info: () => {}, warn: () => {} };

export function createLiveKitWebhookHandler(options: LiveKitWebhookOptions): LiveKitWebhookHandler {
  const receiver = new WebhookReceiver(options.apiKey, options.apiSecret);
  const logger = options.logger ?? silentLogger;

  return async ({ rawBody, authorization }) => {
    let received: WebhookEvent;
    try {
      // Checks the JWT (key, secret, expiry) and the body's sha256 before the body is parsed.
      received = await receiver.receive(rawBody, authorization ?? '');
    } catch (error) {
      // Only a body that passed the signature check reaches JSON.parse, so a SyntaxError means
      // LiveKit itself sent garbage; anything else is a missing, forged or stale signature.
      if (error instanceof SyntaxError) {
        logger.warn({ reason: 'malformed_json' }, 'signed LiveKit webhook is not JSON');
        return errorResponse(400, 'malformed_json', 'Webhook body is not valid JSON');
      }
      logger.warn({ reason: authFailureReason(error) }, 'LiveKit webhook refused: signature check failed');
      return errorResponse(401, 'unauthenticated', 'Webhook signature is missing or invalid');
    }

    const event = toVideoEvent(received);
    if (event === 'ignored') return { status: 200, body: { ignored: 'event', event: received.event } };
    if (event === 'incomplete') {
      logger.warn({ event: received.event, eventId: received.id }, 'LiveKit webhook lacks id, room or participant');
      return errorResponse(400, 'validation_failed', 'Webhook event lacks id, room or participant');
    }

    if (!(await options.ledger.firstSeen(LIVEKIT_WEBHOOK_SOURCE, event.eventId))) {
      logger.info({ event: event.kind, eventId: event.eventId }, 'LiveKit webhook replay ignored');
      return { status: 200, body: { ignored: 'replay' } };
    }

    // The id is already in the ledger, so a failure here is not retried: video events are
    // advisory and the lobby can always ask LiveKit who is present (listParticipants).
    try {
      await options.sink.handle(event);
    } catch (error) {
      (logger.error ?? logger.warn)({ event: event.kind, eventId: event.eventId, reason: errorReason(error) }, 'LiveKit webhook sink failed');
      return errorResponse(500, 'internal', 'Webhook event could not be handled');
    }
    // Only Samrom's own opaque room names are logged: a phone caller's room is named by LiveKit with their number.
    logger.info(
      { event: event.kind, eventId: event.eventId, ...(event.roomName.startsWith(ROOM_NAME_PREFIX) && { roomName: event.roomName }) },
      'LiveKit webhook handled',
    );
    return { status: 200, body: { ok: true } };
  };
}

export const SIP_CALLER_ATTRIBUTE = 'sip.phoneNumber';
export const SIP_CALLED_ATTRIBUTE = 'sip.trunkPhoneNumber';

/** Maps the four events Samrom cares about; identities are the opaque ids we issued. */
export function toVideoEvent(received: WebhookEvent): VideoEvent | 'ignored' | 'incomplete' {
  const eventId = received.id;
  const roomName = received.room?.name ?? '';
  const at = new Date(Number(received.createdAt) * 1000);
  switch (received.event) {
    case 'room_started':
    case 'room_finished':
      if (!eventId || !roomName) return 'incomplete';
      return { kind: received.event, eventId, roomName, at };
    case 'participant_joined':
    case 'participant_left': {
      const identity = received.participant?.identity ?? '';
      if (!eventId || !roomName || !identity) return 'incomplete';
      if (received.participant?.kind === ParticipantInfo_Kind.SIP) {
        // Attribute names as LiveKit SIP sets them (docs: "SIP participant attributes").
        const attributes = received.participant.attributes;
        const sip = { callerNumber: attributes[SIP_CALLER_ATTRIBUTE] || null, calledNumber: attributes[SIP_CALLED_ATTRIBUTE] || null };
        return { kind: received.event, eventId, roomName, identity, at, sip };
      }
      return { kind: received.event, eventId, roomName, identity, at };
    }
    default:
      return 'ignored';
  }
}

function errorResponse(status: number, code: string, message: string): WebhookResponse {
  return { status, body: { error: { code, message } } };
}

/** jose's error code, or the SDK's fixed message ("sha256 checksum of body does not match"); never the token. */
function authFailureReason(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.message.slice(0, 100);
}

/** Only the error's code or class: a sink's message could carry data that must not reach logs. */
function errorReason(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}
