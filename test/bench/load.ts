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

export async function closedLoop(target: LoadTarget, o: { readonly connections: number; readonly durationSeconds: number }): Promise<LoadResult> {
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
export async function openLoop(target: LoadTarget, o: { readonly ratePerSecond: number; readonly durationSeconds: number }): Promise<LoadResult> {
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

/** What a POST led to, as the bench observed it. */
export interface Effect {
  /** performance.now() when the effect was seen (e.g. the alert reached a console, the ring reached Teams). */
  readonly at: number;
  /** The same interval as the server recorded it, when it records one. */
  readonly recordedMs?: number;
}

export interface PostTiming {
  /** POST sent → its effect seen. */
  readonly effectMs: number[];
  /** POST sent → 201 received. */
  readonly answerMs: number[];
  /** The server's own record of each effect's interval, where it gave one. */
  readonly recordedMs: number[];
  /** Not 201, or the connection failed. */
  failed: number;
  /** Answered 201, but the effect was not seen within the drain timeout. */
  lost: number;
  /** The first refusal, for the log. */
  firstFailure?: string;
}

/**
 * Open loop for a POST that starts asynchronous work: `ratePerSecond` POSTs of `body`, evenly
 * spaced, each sent on time whatever the earlier ones do. Each is timed from the moment it was
 * sent to its 201 and to the moment `effect(id)` (the `id` of the 201's JSON) resolves.
 */
export async function openLoopPosts(o: {
  readonly url: string;
  readonly token: string;
  readonly body: string;
  readonly ratePerSecond: number;
  readonly seconds: number;
  readonly drainTimeoutMs: number;
  readonly effect: (id: string) => Promise<Effect>;
}): Promise<PostTiming> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(o.ratePerSecond * o.seconds);
  const intervalMs = 1000 / o.ratePerSecond;
  const timing: PostTiming = { effectMs: [], answerMs: [], recordedMs: [], failed: 0, lost: 0 };
  const done: Promise<void>[] = [];
  const url = new URL(o.url);
  const headers = { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(o.body) };
  const one = () =>
    new Promise<void>((resolve) => {
      const sentAt = performance.now();
      const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => {
          if (res.statusCode !== 201) {
            timing.failed++;
            timing.firstFailure ??= `${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`;
            return resolve();
          }
          timing.answerMs.push(performance.now() - sentAt);
          const { id } = JSON.parse(Buffer.concat(chunks).toString()) as { id: string };
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<'late'>((r) => {
            timer = setTimeout(() => r('late'), o.drainTimeoutMs);
          });
          void Promise.race([o.effect(id), late]).then((effect) => {
            clearTimeout(timer);
            if (effect === 'late') timing.lost++;
            else {
              timing.effectMs.push(effect.at - sentAt);
              if (effect.recordedMs !== undefined) timing.recordedMs.push(effect.recordedMs);
            }
            resolve();
          });
        });
      });
      req.once('error', () => {
        timing.failed++;
        resolve();
      });
      req.end(o.body);
    });
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let sent = 0;
    const tick = () => {
      while (sent < total && start + sent * intervalMs <= performance.now()) {
        done.push(one());
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
      else resolve();
    };
    tick();
  });
  await Promise.all(done);
  agent.destroy();
  return timing;
}
