/**
 * Issue #5: "from `POST /api/emergency-calls` to the first AMK alert leaving the process, p99 ≤
 * 100 ms at 20 calls/s (beside the raw BullMQ enqueue→process latency measured in the same run)".
 *
 * The server child runs `--role=all` on PostgreSQL and real Redis, as `npm start` does: the
 * call is committed with its ring job in the outbox, the relay publishes it at commit, the ring
 * worker in the same process marks the first alert and pushes it to the consoles over the
 * Redis event bus. A legevakt doctor with an RS256 Entra token sends calls open loop at a fixed
 * rate; an AMK operator's console is connected to `GET /api/emergency-calls/stream`. Each call
 * is timed from the moment its POST was sent to the moment the console receives the call's
 * first snapshot with `firstAlertAt` set — the alert as it reaches an operator. Beside it: the
 * same call's `first_alert_at − requested_at` as the server recorded it, and, as the baseline,
 * a bare BullMQ queue and worker on the same Redis fed at the same rate (enqueue → processor
 * start), the floor any job-driven alert sits on.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CreateEmergencyCall, EmergencyCallSnapshotDto } from '../../server/src/contracts/emergency';
import { createPostgresDatabase } from '../helpers/db';
import { startLocalEntra } from '../helpers/jwks';
import type { Bench, BenchContext, Row } from './bench';
import { bareBullmq } from './bare-bullmq';
import { apiServerEnv, startFixture } from './child';
import type { ApiServerReady } from './fixtures/api-server';
import { openLoopPosts, percentile } from './load';
import { testRedisUrl } from '../helpers/redis';

const REDIS_URL = testRedisUrl();
const CALLS_PER_SECOND = 20;
const WARM_UP_SECONDS = 2;
const TARGET_P99_MS = 100;
/** A call whose alert has not reached the console this long after the last send counts as lost. */
const DRAIN_TIMEOUT_MS = 10_000;

export const emergency: Bench = {
  name: 'emergency',
  description: `POST /api/emergency-calls → the ring alert at a connected AMK console (SSE), ${CALLS_PER_SECOND} calls/s open loop, --role=all on PostgreSQL + Redis, vs bare BullMQ enqueue→process`,
  run,
};

async function run(ctx: BenchContext): Promise<readonly Row[]> {
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const entra = await startLocalEntra();
    cleanup.push(() => entra.close());
    const created = await createPostgresDatabase();
    cleanup.push(() => created.drop());
    const bootstrapOid = randomUUID();
    const doctorOid = randomUUID();
    const operatorOid = randomUUID();
    const prefix = `bench-${randomUUID()}`;

    ctx.log('starting the server child (--role=all: relay and ring worker in the process)');
    const server = await startFixture<ApiServerReady>('api-server.ts', {
      cpuProfileDir: ctx.cpuProfileDir,
      env: apiServerEnv({ role: 'all', databaseUrl: created.url, redisUrl: REDIS_URL, prefix, entra, bootstrapOid }),
    });
    cleanup.push(() => server.stop());
    const { apiUrl } = server.ready;
    await addPeople(apiUrl, await entra.sign({ oid: bootstrapOid }), doctorOid, operatorOid);
    const doctorToken = await entra.sign({ oid: doctorOid, name: 'Magnus Legevakt' });
    const console_ = await openConsole(`${apiUrl}/api/emergency-calls/stream`, await entra.sign({ oid: operatorOid, name: 'Operatør Benk' }));
    cleanup.push(async () => console_.close());

    // The alert as it reaches an operator, and the interval the server recorded for it.
    const calls = (seconds: number) =>
      openLoopPosts({
        url: `${apiUrl}/api/emergency-calls`,
        token: doctorToken,
        body: JSON.stringify(CALL),
        ratePerSecond: CALLS_PER_SECOND,
        seconds,
        drainTimeoutMs: DRAIN_TIMEOUT_MS,
        effect: async (id) => {
          const { at, snapshot } = await console_.alerted(id);
          return { at, recordedMs: Date.parse(snapshot.firstAlertAt!) - Date.parse(snapshot.requestedAt) };
        },
      });
    ctx.log(`warm-up: ${WARM_UP_SECONDS} s`);
    await calls(WARM_UP_SECONDS);
    ctx.log(`measuring: ${CALLS_PER_SECOND} calls/s for ${ctx.phaseSeconds} s`);
    const api = await calls(ctx.phaseSeconds);
    if (api.firstFailure) ctx.log(`first refused call: ${api.firstFailure}`);
    ctx.log(`baseline: bare BullMQ queue + worker, ${CALLS_PER_SECOND} jobs/s for ${ctx.phaseSeconds} s`);
    const bare = await bareBullmq({
      redisUrl: REDIS_URL,
      prefix: `${prefix}-bare`,
      ratePerSecond: CALLS_PER_SECOND,
      seconds: ctx.phaseSeconds,
      priority: 1,
      drainTimeoutMs: DRAIN_TIMEOUT_MS,
    });

    const p = (xs: number[], n: number) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        n,
      );
    return [
      { name: 'POST → alert at AMK console p50', figure: p(api.effectMs, 50), unit: 'ms', baseline: p(bare, 50) },
      { name: 'POST → alert at AMK console p99', figure: p(api.effectMs, 99), unit: 'ms', baseline: p(bare, 99), target: { atMost: TARGET_P99_MS } },
      { name: 'requested_at → first_alert_at p50', figure: p(api.recordedMs, 50), unit: 'ms', baseline: p(bare, 50) },
      { name: 'requested_at → first_alert_at p99', figure: p(api.recordedMs, 99), unit: 'ms', baseline: p(bare, 99) },
      { name: 'POST → 201 p50', figure: p(api.answerMs, 50), unit: 'ms' },
      { name: 'POST → 201 p99', figure: p(api.answerMs, 99), unit: 'ms' },
      { name: 'calls alerted', figure: api.effectMs.length, unit: 'count', target: { atLeast: CALLS_PER_SECOND * ctx.phaseSeconds } },
      { name: 'non-201 / failed / never alerted', figure: api.failed + api.lost, unit: 'count', target: { atMost: 0 } },
    ];
  } finally {
    for (const step of cleanup.reverse()) await step().catch((err: unknown) => ctx.log(`cleanup failed: ${String(err)}`));
  }
}

async function addPeople(apiUrl: string, bootstrapToken: string, doctorOid: string, operatorOid: string): Promise<void> {
  const res = await fetch(`${apiUrl}/api/admin/directory`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bootstrapToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      people: [
        { id: 'bench-lv', name: 'Magnus Legevakt', roles: ['legevakt'], organization: 'Drammen interkommunale legevakt', aadObjectId: doctorOid },
        { id: 'bench-amk', name: 'Operatør Benk', roles: ['amk'], organization: 'AMK Vestre Viken', aadObjectId: operatorOid },
        // Four more operators, as a real centre has: each is looked for in Teams (no chat here).
        ...[1, 2, 3, 4].map((i) => ({ id: `bench-amk-${i}`, name: `Operatør ${i}`, roles: ['amk'], organization: 'AMK Vestre Viken' })),
      ],
    }),
  });
  if (!res.ok) throw new Error(`adding the bench people failed: ${res.status} ${await res.text()}`);
}

interface Console {
  /** Resolves with the instant (performance.now) the call's first alerted snapshot arrived, and the snapshot. */
  alerted(callId: string): Promise<{ at: number; snapshot: EmergencyCallSnapshotDto }>;
  close(): void;
}

/** An AMK console: the SSE stream, parsed as it arrives, each call's first alerted snapshot timed. */
async function openConsole(url: string, token: string): Promise<Console> {
  const seen = new Map<string, { at: number; snapshot: EmergencyCallSnapshotDto }>();
  const waiting = new Map<string, (v: { at: number; snapshot: EmergencyCallSnapshotDto }) => void>();
  const controller = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`console stream refused: ${res.status}`);
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const at = performance.now();
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data:'));
          if (!data) continue;
          const snapshot = JSON.parse(data.slice(5)) as EmergencyCallSnapshotDto;
          if (snapshot.firstAlertAt === null || seen.has(snapshot.id)) continue;
          seen.set(snapshot.id, { at, snapshot });
          waiting.get(snapshot.id)?.({ at, snapshot });
          waiting.delete(snapshot.id);
        }
      }
    } catch {
      // closed
    }
  })();
  return {
    alerted: (callId) => {
      const done = seen.get(callId);
      return done ? Promise.resolve(done) : new Promise((resolve) => waiting.set(callId, resolve));
    },
    close: () => controller.abort(),
  };
}

const CALL: CreateEmergencyCall = {
  isbar: { situation: 'Brystsmerter siste time', assessment: 'Mistenkt akutt koronarsyndrom' },
  vitals: { respirationRate: 22, spo2: 94, spo2Scale: 1, onOxygen: false, systolicBp: 105, pulse: 112, consciousness: 'alert', temperature: 37.2 },
  triage: 'rod',
};
