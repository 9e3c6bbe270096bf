/**
 * Routing LiveKit events to the service that owns the room. Consultations own some rooms;
 * emergency calls and citizen video will own others. Each handler looks its room up and says
 * whether the room was its own, so no service assumes every room is one of its own.
 */
import type { VideoEvent, VideoEventSink } from './ports';

export type RoomEventOutcome = 'handled' | 'not_mine';

export interface RoomEventHandler {
  /** `not_mine` when the room belongs to no record of this handler's service. */
  handle(event: VideoEvent): Promise<RoomEventOutcome>;
}

/** Structural subset of pino; only opaque ids and event kinds are passed in. */
export interface EventLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Offers each event to the handlers in turn until one owns its room; an unowned room is logged by event id only. */
export function routeVideoEvents(handlers: readonly RoomEventHandler[], logger: EventLogger): VideoEventSink {
  return {
    async handle(event) {
      for (const handler of handlers) {
        if ((await handler.handle(event)) === 'handled') return;
      }
      logger.info({ event: event.kind, eventId: event.eventId }, 'video event for a room no service owns; ignored');
    },
  };
}
