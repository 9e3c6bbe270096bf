/**
 * Rate-limit counters in Redis (`rate-limit-redis`), so every Samrom process behind the load
 * balancer counts the same attempts: a per-process memory store would let a client multiply
 * its budget by the number of web processes.
 *
 * The limiters fail open: while Redis cannot be reached a request passes uncounted (guest link
 * tokens are 256-bit, so the limit guards against noise, not guessing), nothing waits for Redis,
 * and the outage and the recovery are each logged once. The counters use their own connection
 * without an offline queue, because the shared one holds commands until Redis is back (BullMQ
 * needs that) and a request must not wait for an outage to end.
 */
import { once } from 'node:events';
import type { Logger as LimiterLogger, Options, Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { RedisLogger } from './redis';

/** A counter command that takes longer than this counts as failed (fail open). @defaultValue 1000 */
export const RATE_LIMIT_COMMAND_TIMEOUT_MS = 1_000;

/** Thrown by a store while Redis cannot be reached; the limiter lets the request pass. */
export class RateLimitStoreUnavailable extends Error {
  override readonly name = 'RateLimitStoreUnavailable';
}

export interface RedisRateLimitsOptions {
  /** The shared connection; the counters use a duplicate of it that fails fast instead of queueing. */
  readonly connection: Redis;
  /** Keys are `${prefix}:rl:${limiter name}:${client}`; processes sharing a prefix share counts. */
  readonly prefix: string;
  readonly logger: RedisLogger;
}

/** One store per named limiter (express-rate-limit refuses to share a store between limiters). */
export class RedisRateLimits {
  private readonly redis: Redis;
  private failing = false;
  /** Settles when the connection is first ready, or after the command timeout: only a new connection is waited for. */
  private readonly connected: Promise<void>;
  /** For express-rate-limit's own messages: store errors were reported once here, anything else is a warning. */
  readonly logger: LimiterLogger;

  constructor(private readonly o: RedisRateLimitsOptions) {
    this.redis = o.connection.duplicate({ enableOfflineQueue: false, commandTimeout: RATE_LIMIT_COMMAND_TIMEOUT_MS, connectionName: 'samrom-rate-limits' });
    // Reported through `down()`; without a listener ioredis would print every reconnect attempt.
    this.redis.on('error', () => {});
    this.connected = once(this.redis, 'ready', { signal: AbortSignal.timeout(RATE_LIMIT_COMMAND_TIMEOUT_MS) }).then(
      () => undefined,
      () => undefined,
    );
    const warn = (err: unknown, msg?: string) => o.logger.warn({ reason: reasonOf(err) }, msg ?? 'rate limiter');
    this.logger = { warn, error: (err, msg) => (err instanceof RateLimitStoreUnavailable ? undefined : warn(err, msg)) };
  }

  store(name: string): Store {
    const inner = new RedisStore({
      prefix: `${this.o.prefix}:rl:${name}:`,
      sendCommand: async (command: string, ...args: string[]) => {
        await this.connected;
        return this.redis.call(command, ...args) as Promise<RedisReply>;
      },
    });
    return new FailOpenStore(inner, this);
  }

  /** Logged once per outage. */
  down(err: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.o.logger.warn({ reason: reasonOf(err) }, 'rate limits are off while Redis cannot be reached (requests pass uncounted)');
  }

  up(): void {
    if (!this.failing) return;
    this.failing = false;
    this.o.logger.info({}, 'rate limits are counted in Redis again');
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/**
 * Wraps `RedisStore`: errors become {@link RateLimitStoreUnavailable}, and its scripts are loaded
 * again after a failure (a load that failed while Redis was down would otherwise stay failed).
 */
class FailOpenStore implements Store {
  private options: Options | undefined;
  private loaded: Promise<boolean> = Promise.resolve(false);

  constructor(
    private readonly inner: RedisStore,
    private readonly health: Pick<RedisRateLimits, 'up' | 'down'>,
  ) {}

  init(options: Options): void {
    this.options = options;
    this.loaded = this.load();
  }

  increment(key: string) {
    return this.guard(() => this.inner.increment(key));
  }

  get(key: string) {
    return this.guard(() => this.inner.get(key));
  }

  decrement(key: string) {
    return this.guard(() => this.inner.decrement(key));
  }

  resetKey(key: string) {
    return this.guard(() => this.inner.resetKey(key));
  }

  private load(): Promise<boolean> {
    const options = this.options;
    if (!options) return Promise.resolve(false);
    return this.inner.init(options).then(
      () => true,
      (err: unknown) => {
        this.health.down(err);
        return false;
      },
    );
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      if (!(await this.loaded)) {
        this.loaded = this.load();
        if (!(await this.loaded)) throw new RateLimitStoreUnavailable('rate-limit scripts not loaded');
      }
      const result = await work();
      this.health.up();
      return result;
    } catch (err) {
      if (!(err instanceof RateLimitStoreUnavailable)) this.loaded = Promise.resolve(false);
      this.health.down(err);
      throw err instanceof RateLimitStoreUnavailable ? err : new RateLimitStoreUnavailable('rate-limit store failed', { cause: err });
    }
  }
}

/** The error's message (a connection error, never request data); its cause's when it wraps one. */
function reasonOf(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}
