/**
 * The composition: `startSamrom` (role `all`) serves /api/advice-requests and runs the advice
 * worker with `ADVICE_RING_TIMEOUT_SECONDS` from the configuration. The demo directory's
 * people have no Teams chat with the bot, so each ring is recorded as undeliverable and the
 * chain moves on; a new pass starts only when the (1-second) ring timeout runs out. The same
 * running Samrom shows that `METRICS_TOKEN` and `TRUST_PROXY` reach the app and that the link
 * limiter counts in Redis.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { LINK_ATTEMPTS_PER_MINUTE } from '../../server/src/http/routes/join';
import { api } from '../helpers/app';
import { testDbKind } from '../helpers/db';
import { testRedisUrl } from '../helpers/redis';
import { type SamromInProcess, startSamromInProcess } from '../helpers/samrom-in-process';
import { QUEUES } from '../../server/src/adapters/queue/registry';

const METRICS_TOKEN = 'a-random-scrape-token-of-at-least-32-characters';
const scrape = () => api(running.samrom.url!).get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
let running: SamromInProcess;

beforeAll(async () => {
  running = await startSamromInProcess('all', {
    PUBLIC_BASE_URL: 'http://samrom.test',
    ADVICE_RING_TIMEOUT_SECONDS: '1',
    METRICS_TOKEN,
    TRUST_PROXY: 'false',
  });
});
afterAll(async () => {
  await running?.stop([QUEUES.advice]);
});

describe(`the advice line in Samrom on ${testDbKind()}`, () => {
  it('a GP asks for advice in kardiologi; the on-call chain is rung and a new pass starts after the configured ring timeout', async () => {
    const gp = await running.signIn('gp-drammen-1');
    const created = await gp.post('/api/advice-requests', {
      specialty: 'kardiologi',
      priority: 'haster',
      isbar: { situation: 'Uklare brystsmerter' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'queued', position: 1 });

    // Ask the API as the requester (the request's own answer) until the fourth round is there.
    const seen = await vi.waitFor(
      async () => {
        const body = (await gp.get(`/api/advice-requests/${created.body.id}`)).body;
        expect(body.attempts.some((a: { attempt: number }) => a.attempt >= 4)).toBe(true);
        return body;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(seen.status).toBe('ringing');
    const levels = seen.attempts.filter((a: { kind: string }) => a.kind === 'ring').map((a: { attempt: number; level: number }) => `${a.attempt}:${a.level}`);
    // Level 1, then the bakvakt, then (after the timeout) level 1 again; the demo roster has no level 3.
    expect(levels.slice(0, 3)).toEqual(['1:1', '2:2', '4:1']);
    expect(seen.attempts.some((a: { kind: string; personId: string }) => a.kind === 'alarm')).toBe(true);

    // Prometheus: the waiting request and its escalations, read from the database at scrape time.
    const before = (await scrape()).text;
    expect(before).toContain('samrom_advice_waiting_requests{specialty="kardiologi"} 1');
    expect(before).toMatch(/samrom_advice_escalated_rounds\{specialty="kardiologi"\} [3-9]/);

    const gone = await gp.request('DELETE', `/api/advice-requests/${created.body.id}`);
    expect(gone.status).toBe(204);
    const after = (await scrape()).text;
    expect(after).toContain('samrom_advice_abandoned_total{specialty="kardiologi"} 1');
    expect(after).not.toContain('samrom_advice_waiting_requests{specialty="kardiologi"}');
  }, 30_000);

  it('the configuration reaches the app: /metrics needs METRICS_TOKEN; with TRUST_PROXY=false a client rotating X-Forwarded-For is limited, counted in Redis under QUEUE_PREFIX', async () => {
    expect((await api(running.samrom.url!).get('/metrics')).status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i <= LINK_ATTEMPTS_PER_MINUTE; i++) {
      const res = await fetch(`${running.samrom.url}/join/${'y'.repeat(43)}`, { redirect: 'manual', headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const connection = createRedisConnection(testRedisUrl(), { connectionName: 'test-rate-limit-keys' });
    try {
      expect(await connection.keys(`${running.prefix}:rl:join-link:*`)).toHaveLength(1);
    } finally {
      connection.disconnect();
    }
  });
});
