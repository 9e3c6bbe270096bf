/**
 * Load generators. `closedLoop` drives as hard as it can with autocannon (N connections, each
 * sending its next request when the last answers). `openLoop` sends at a fixed rate whatever
 * the answers do, as real users would: autocannon's `overallRate` does not, because it lets
 * each connection send its whole per-second quota back to back and then idle, so "200 req/s"
 * becomes a burst at the start of every second.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface LoadTarget {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A POST: each request's JSON body, made when it is sent (closed loop only). */
  readonly body?: () => unknown;
}

export interface LoadResult {
  /** Successful (2xx) responses per second of the phase. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ok: number;
  /** Responses outside 2xx, plus connection errors and timeouts. */
  readonly failed: number;
}

export async function closedLoop(
  target: LoadTarget,
  o: { readonly connections: number; readonly durationSeconds: number },
): Promise<LoadResult> {
  const body = target.body;
  const result = await autocannon({
    url: target.url,
    headers: { ...target.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    connections: o.connections,
    duration: o.durationSeconds,
    ...(body ? { requests: [{ method: 'POST' as const, setupRequest: (req) => ({ ...req, body: JSON.stringify(body()) }) }] } : {}),
  });
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * Sends `ratePerSecond` requests a second, evenly spaced, for `durationSeconds`, and times
 * each from the moment it was sent to its last byte. A send that falls behind schedule is
 * sent at once rather than skipped, so a stalled server cannot hide its backlog.
 */
export async function openLoop(
  target: LoadTarget,
  o: { readonly ratePerSecond: number; readonly durationSeconds: number },
): Promise<LoadResult> {
  if (target.body) throw new Error('openLoop sends GET requests only');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(o.ratePerSecond * o.durationSeconds);
  const intervalMs = 1000 / o.ratePerSecond;
  const latenciesMs: number[] = [];
  let failed = 0;
  let settled = 0;
  const start = performance.now();

  try {
    await new Promise<void>((resolve) => {
      const settle = () => {
        if (++settled === total) resolve();
      };
      const send = () => {
        const sentAt = performance.now();
        const req = http.get(target.url, { agent, headers: target.headers }, (res) => {
          res.resume();
          res.once('end', () => {
            if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) {
              latenciesMs.push(performance.now() - sentAt);
            } else {
              failed++;
            }
            settle();
          });
        });
        req.once('error', () => {
          failed++;
          settle();
        });
      };
      let sent = 0;
      const tick = () => {
        const now = performance.now();
        while (sent < total && start + sent * intervalMs <= now) {
          send();
          sent++;
        }
        if (sent < total) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
      };
      tick();
    });
  } finally {
    agent.destroy();
  }
  const elapsedSeconds = (performance.now() - start) / 1000;
  latenciesMs.sort((a, b) => a - b);
  return {
    requestsPerSecond: latenciesMs.length / elapsedSeconds,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    ok: latenciesMs.length,
    failed,
  };
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1]!;
}
