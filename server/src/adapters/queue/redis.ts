/**
 * The one place that builds ioredis connections. BullMQ gets an already-constructed client
 * (in native ESM it cannot load ioredis itself) and refuses one whose
 * `maxRetriesPerRequest` is not null, because its blocking commands must wait out a
 * reconnect instead of failing.
 */
import { Redis } from 'ioredis';
import { type WaitLogger, waitUntilReachable } from '../wait-until-reachable';

/** Reconnect backoff starts here and doubles per attempt. */
const FIRST_RECONNECT_DELAY_MS = 50;
const RECONNECT_JITTER_MS = 100;

/** Structural subset of pino's logger, so adapters need not import pino. */
export interface RedisLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RedisConnectionOptions {
  /** Shown in `CLIENT LIST`, to tell web, worker and test connections apart. @defaultValue 'samrom' */
  readonly connectionName?: string;
  /**
   * Longest wait between reconnect attempts. Kept short so a worker is back within the
   * 10-second redelivery budget after a Redis restart or failover. @defaultValue 2000
   */
  readonly maxReconnectDelayMs?: number;
  /** Connect on first command (or `connect()`) instead of at once. @defaultValue false */
  readonly lazyConnect?: boolean;
  /** Where connection errors and recoveries are reported (once per outage). Without one they go unreported. */
  readonly logger?: RedisLogger;
}

/**
 * A connection suitable for BullMQ queues, workers and plain commands.
 *
 * - `maxRetriesPerRequest: null`: commands wait for a reconnect instead of failing after
 *   N attempts (BullMQ requires this for workers).
 * - `enableReadyCheck`: commands are held until a restarted server has loaded its AOF.
 * - The retry strategy never gives up: a worker must come back on its own after an
 *   outage; `/readyz` (see {@link pingRedis}) reports the outage meanwhile.
 * - `READONLY` replies (a managed Redis failing over to a new primary) reconnect and
 *   resend the command.
 * - `protocol: 2`: BullMQ's Lua scripts and reply parsing are written for RESP2 (Lua
 *   `false` → nil); ioredis 6 would otherwise negotiate RESP3.
 * - Eager connect by default: start-up learns early that Redis is down, and the first
 *   job is not delayed by a handshake. The process still starts; readiness says why not.
 *
 * The URL may carry a password; it is never logged here.
 */
export function createRedisConnection(url: string, opts: RedisConnectionOptions = {}): Redis {
  const maxDelayMs = opts.maxReconnectDelayMs ?? 2_000;
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: opts.lazyConnect ?? false,
    connectionName: opts.connectionName ?? 'samrom',
    protocol: 2,
    retryStrategy: (times) => Math.min(FIRST_RECONNECT_DELAY_MS * 2 ** Math.min(times - 1, 16), maxDelayMs) + Math.floor(Math.random() * RECONNECT_JITTER_MS),
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  });
  // Without a listener ioredis prints every failed reconnect to stderr. Report each kind
  // of failure once per outage, not once per retry.
  let lastError: string | undefined;
  redis.on('error', (err: Error) => {
    if (err.message === lastError) return;
    lastError = err.message;
    // The one logger serializes the error by allow-list (code, errno, syscall, masked message).
    opts.logger?.warn({ err, connection: opts.connectionName }, 'redis connection error');
  });
  redis.on('ready', () => {
    if (lastError !== undefined) opts.logger?.info({ connection: opts.connectionName }, 'redis connection restored');
    lastError = undefined;
  });
  return redis;
}

/**
 * The server's `maxmemory-policy`. Managed Redis services often disable `CONFIG`
 * (or rename it); `INFO memory` reports the same value there.
 */
export async function readMaxmemoryPolicy(redis: Redis): Promise<string> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as unknown;
    if (Array.isArray(reply) && typeof reply[1] === 'string') return reply[1];
  } catch (err) {
    // The server refused CONFIG (disabled, renamed or denied by ACL, as on ElastiCache or
    // Azure Cache): INFO is the fallback. Anything else is not ours to swallow.
    if (!(err instanceof Error) || err.name !== 'ReplyError') throw err;
  }
  const info = await redis.info('memory');
  const match = /^maxmemory_policy:(\S+)/m.exec(info);
  if (!match?.[1]) throw new Error('Redis INFO memory has no maxmemory_policy field');
  return match[1];
}

export type RedisPing = { readonly ok: true; readonly latencyMs: number } | { readonly ok: false; readonly reason: string };

/**
 * For readiness probes: answers within `timeoutMs` whether Redis replies to PING. Never
 * throws, and never waits for a reconnect longer than asked (the command itself may still
 * be queued; its late reply is ignored).
 */
export async function pingRedis(redis: Redis, timeoutMs: number): Promise<RedisPing> {
  if (redis.status === 'end') return { ok: false, reason: 'connection closed' };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<RedisPing>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no PING reply within ${timeoutMs} ms (${redis.status})` }), timeoutMs);
  });
  const ping = redis.ping().then(
    (reply): RedisPing => (reply === 'PONG' ? { ok: true, latencyMs: performance.now() - started } : { ok: false, reason: `unexpected PING reply ${reply}` }),
    (err: unknown): RedisPing => ({ ok: false, reason: err instanceof Error ? err.message : String(err) }),
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes a connection at shutdown: QUIT when Redis answers (pending replies arrive first),
 * else drops it. A QUIT sent while Redis is away waits in the offline queue for a reconnect
 * that may never come, and shutdown with it.
 */
export async function closeConnection(redis: Redis, timeoutMs = 1_000): Promise<void> {
  if (redis.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([redis.quit().catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
  }
  redis.disconnect();
}

/** Replies that mean the credentials in `REDIS_URL` are wrong: configuration, not an outage. */
const LOGIN_REFUSED = /^(?:WRONGPASS|NOAUTH|NOPERM)\b/;
/** How long one start-up PING may wait before it counts as "not answering". @defaultValue 2000 */
const START_PING_TIMEOUT_MS = 2_000;

export class RedisLoginRefusedError extends Error {
  constructor(reason: string) {
    super(
      `Redis avviste innloggingen; sjekk brukernavn og passord i REDIS_URL / Redis refused the login; check the user and password in REDIS_URL (${reason})`,
    );
    this.name = 'RedisLoginRefusedError';
  }
}

/**
 * Start-up: resolves once Redis answers PING. While it is down or unreachable Samrom waits and
 * says so (see `waitUntilReachable`); a refused login is thrown as {@link RedisLoginRefusedError}.
 */
export async function waitForRedis(redis: Redis, logger: WaitLogger): Promise<void> {
  // A PING queued while the connection retries only says it timed out; the connection's own error says why.
  let lastError: Error | undefined;
  const onError = (err: Error) => (lastError = err);
  redis.on('error', onError);
  try {
    await waitUntilReachable({
      dependency: 'Redis',
      logger,
      attempt: async () => {
        const ping = await pingRedis(redis, START_PING_TIMEOUT_MS);
        if (ping.ok) return;
        if (LOGIN_REFUSED.test(ping.reason)) throw new RedisLoginRefusedError(ping.reason);
        throw new Error(lastError?.message ?? ping.reason);
      },
      isOutage: (err) => !(err instanceof RedisLoginRefusedError),
    });
  } finally {
    redis.off('error', onError);
  }
}
