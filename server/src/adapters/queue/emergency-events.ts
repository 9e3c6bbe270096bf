/**
 * The akuttvideo event bus: "call X changed" goes to every Samrom process over Redis pub/sub,
 * and each web process fans it out in process to its open console streams. Only the call's
 * opaque id crosses Redis; each web process re-reads the call from PostgreSQL, so no name,
 * triage or NEWS2 ever sits in Redis.
 */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { EmergencyCallEvents } from '../../core/emergency/store';
import { withTimeout } from './outbox';
import { closeConnection } from './redis';

/** A publish waiting out a Redis outage must not hold up the request that changed the call. @defaultValue 1000 */
export const PUBLISH_TIMEOUT_MS = 1_000;
const EVENT = 'changed';

export interface EmergencyEventBusOptions {
  /** The process's shared connection, for PUBLISH. */
  readonly connection: Redis;
  /** Key prefix (QUEUE_PREFIX), so several Samroms or tests can share one Redis. */
  readonly prefix: string;
  readonly logger: { warn(obj: object, msg: string): void };
}

export class RedisEmergencyEventBus implements EmergencyCallEvents {
  private readonly local = new EventEmitter();
  private subscriber: Redis | undefined;
  readonly channel: string;

  constructor(private readonly o: EmergencyEventBusOptions) {
    this.channel = `${o.prefix}:emergency-calls`;
    // Every console stream listens; there may be hundreds.
    this.local.setMaxListeners(0);
  }

  async changed(callId: string): Promise<void> {
    try {
      await withTimeout(this.o.connection.publish(this.channel, callId), PUBLISH_TIMEOUT_MS);
    } catch (err) {
      // Redis is away: at least this process's consoles hear it; the others see the call on reconnect.
      this.o.logger.warn({ err, callId }, 'emergency event not published; delivered in this process only');
      this.local.emit(EVENT, callId);
    }
  }

  /** Starts listening to the other processes (web roles only). A subscribed connection is its own. */
  async listen(): Promise<void> {
    if (this.subscriber) return;
    const subscriber = this.o.connection.duplicate({ connectionName: 'samrom-emergency-events' });
    this.subscriber = subscriber;
    // Without a listener ioredis prints every reconnect failure; one warning per outage is enough.
    let down = false;
    subscriber.on('error', (err: Error) => {
      if (!down) this.o.logger.warn({ error: err.name, reason: err.message }, 'emergency event subscriber lost Redis; reconnecting');
      down = true;
    });
    subscriber.on('ready', () => {
      down = false;
    });
    subscriber.on('message', (channel: string, callId: string) => {
      if (channel === this.channel) this.local.emit(EVENT, callId);
    });
    // ioredis re-subscribes by itself after a reconnect.
    await subscriber.subscribe(this.channel);
  }

  /** Calls `listener` with each changed call id; returns the unsubscribe. */
  onChange(listener: (callId: string) => void): () => void {
    this.local.on(EVENT, listener);
    return () => this.local.off(EVENT, listener);
  }

  async close(): Promise<void> {
    this.local.removeAllListeners();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await closeConnection(subscriber);
  }
}
