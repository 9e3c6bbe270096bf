/**
 * For tests that share one real Redis (CI provides it on 127.0.0.1:6379). Isolation comes
 * from a fresh key prefix per test, never from a separate server or a FLUSHALL.
 */
import { randomUUID } from 'node:crypto';

/** The shared test Redis: `TEST_REDIS_URL`, else the machine's default Redis. */
export function testRedisUrl(): string {
  const fromEnv = process.env.TEST_REDIS_URL?.trim();
  return fromEnv ? fromEnv : 'redis://127.0.0.1:6379';
}

/** A BullMQ `prefix` (or key prefix) no other test uses: `test:<uuid>`. */
export function uniquePrefix(label = 'test'): string {
  return `${label}:${randomUUID()}`;
}
