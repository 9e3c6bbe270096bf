/**
 * Issue #4: "booking throughput against PostgreSQL (target ≥ 300 bookings/s with invitations
 * and reminders enqueued) … beside a baseline measured in the same run; the join page's
 * JavaScript at most 350 KB gzip."
 *
 * The request is `POST /api/consultations` from a directory coordinator with an RS256 Entra
 * token, served by a `--role=web` process as in production (the invitation and reminder jobs
 * are enqueued to real Redis at commit; sending them is the worker processes' work, measured
 * apart from the web path) on PostgreSQL. Each booking has the patient (SMS), a consenting
 * relative (e-mail), a GP and a specialist from the directory, so it writes 8 reminders as
 * outbox rows and delayed BullMQ jobs. Every booking gets its own hour, far enough ahead for
 * both reminders, and the clinicians rotate through a pool: the double-booking
 * check runs for real and finds nobody busy. The baseline is the same body parsed by the same
 * zod schema in a bare express handler in the same child process.
 */
import { buildTabsIfStale } from '../../tabs/build-if-stale';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { count, isNotNull } from 'drizzle-orm';
import { type Database, openDatabase } from '../../server/src/adapters/postgres/db';
import { consultationReminders, consultations, outbox } from '../../server/src/adapters/postgres/schema';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { createQueueRegistry } from '../../server/src/adapters/queue/workers';
import type { CreateConsultationRequest } from '../../server/src/contracts/consultations';
import { createPostgresDatabase } from '../helpers/db';
import { startLocalEntra } from '../helpers/jwks';
import type { Bench, BenchContext, Row } from './bench';
import { apiServerEnv, startFixture } from './child';
import { cpuSecondsDuring, postgresBackendPids } from './cpu';
import type { ApiServerReady } from './fixtures/api-server';
import { type LoadResult, type LoadTarget, closedLoop } from './load';
import { testRedisUrl } from '../helpers/redis';

const REDIS_URL = testRedisUrl();
const CONNECTIONS = 16;
const WARM_UP_SECONDS = 3;
const CLINICIANS_PER_ROLE = 100;
const REMINDERS_PER_BOOKING = 8;
const SETTLE_POLL_MS = 250;
const TARGET_BOOKINGS_PER_SECOND = 300;
const TARGET_JOIN_JS_GZIP_KB = 350;
const TABS_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../tabs/dist');

export const booking: Bench = {
  name: 'booking',
  description:
    'POST /api/consultations (coordinator token, 4 participants, 8 reminders via outbox to Redis) vs the same body through the zod schema in bare express',
  run,
};

interface Setup {
  readonly api: LoadTarget;
  readonly bare: LoadTarget;
  readonly serverPid: number;
  readonly databaseName: string;
  readonly database: Database;
  /** Delayed jobs in the server's `reminders` queue. */
  delayedReminderJobs(): Promise<number>;
  close(): Promise<void>;
}

async function run(ctx: BenchContext): Promise<readonly Row[]> {
  const setup = await setUp(ctx);
  try {
    ctx.log(`warm-up: ${WARM_UP_SECONDS} s each`);
    await closedLoop(setup.api, { connections: CONNECTIONS, durationSeconds: WARM_UP_SECONDS });
    await closedLoop(setup.bare, { connections: CONNECTIONS, durationSeconds: WARM_UP_SECONDS });

    const measure = async (target: LoadTarget, label: string) => {
      ctx.log(`${label}: max throughput, ${CONNECTIONS} connections, ${ctx.phaseSeconds} s`);
      const load = () => closedLoop(target, { connections: CONNECTIONS, durationSeconds: ctx.phaseSeconds });
      const server = await cpuSecondsDuring(
        () => [setup.serverPid],
        () => cpuSecondsDuring(() => postgresBackendPids(setup.databaseName), load),
      );
      const result: LoadResult = server.result.result;
      const perRequest = (cpuSeconds: number | undefined) => (cpuSeconds === undefined || result.ok === 0 ? undefined : (cpuSeconds * 1000) / result.ok);
      return { result, serverCpuMs: perRequest(server.cpuSeconds), postgresCpuMs: perRequest(server.result.cpuSeconds) };
    };
    const baseline = await measure(setup.bare, 'bare');
    const measured = await measure(setup.api, 'api');

    ctx.log('checking every booking reached PostgreSQL and its reminders Redis');
    const stored = await settledCounts(setup);
    // The same build `npm start` serves; rebuilt only when the tab sources changed.
    await buildTabsIfStale({ log: (line) => ctx.log(line) });
    const joinJs = joinPageGzipBytes();
    if (joinJs === undefined) ctx.log(`no join page in ${TABS_DIST}; join JS size left out`);

    const cpu = (name: string, figure: number | undefined, base?: number): Row[] =>
      figure === undefined ? [] : [{ name, figure, unit: 'ms', ...(base === undefined ? {} : { baseline: base }) }];
    const { result: api } = measured;
    return [
      {
        name: 'max throughput',
        figure: api.requestsPerSecond,
        unit: 'bookings/s',
        baseline: baseline.result.requestsPerSecond,
        target: { atLeast: TARGET_BOOKINGS_PER_SECOND },
      },
      { name: `p50 latency (${CONNECTIONS} conn)`, figure: api.p50Ms, unit: 'ms', baseline: baseline.result.p50Ms },
      { name: `p99 latency (${CONNECTIONS} conn)`, figure: api.p99Ms, unit: 'ms', baseline: baseline.result.p99Ms },
      ...cpu('server CPU per booking', measured.serverCpuMs, baseline.serverCpuMs),
      ...cpu('PostgreSQL CPU per booking', measured.postgresCpuMs),
      { name: 'non-201 / failed requests', figure: api.failed, unit: 'count', baseline: baseline.result.failed, target: { atMost: 0 } },
      {
        name: 'reminder rows per booking',
        figure: stored.consultations === 0 ? 0 : stored.reminders / stored.consultations,
        unit: 'ratio',
        target: { atLeast: REMINDERS_PER_BOOKING },
      },
      {
        name: 'reminder jobs delayed in Redis per row',
        figure: stored.reminders === 0 ? 0 : stored.delayedJobs / stored.reminders,
        unit: 'ratio',
        target: { atLeast: 1 },
      },
      { name: 'outbox rows enqueued per row', figure: stored.outbox === 0 ? 0 : stored.enqueued / stored.outbox, unit: 'ratio', target: { atLeast: 1 } },
      ...(joinJs === undefined
        ? []
        : [{ name: 'join page JS, first visit (gzip)', figure: joinJs / 1024, unit: 'KB', target: { atMost: TARGET_JOIN_JS_GZIP_KB } } satisfies Row]),
    ];
  } finally {
    await setup.close();
  }
}

/** Row and job counts once the relay has published everything the bookings wrote. */
async function settledCounts(setup: Setup) {
  const n = async (table: typeof consultations | typeof consultationReminders | typeof outbox, where?: ReturnType<typeof isNotNull>) =>
    (await setup.database.db.select({ n: count() }).from(table).where(where))[0]!.n;
  const read = async () => ({
    consultations: await n(consultations),
    reminders: await n(consultationReminders),
    outbox: await n(outbox),
    enqueued: await n(outbox, isNotNull(outbox.enqueuedAt)),
    delayedJobs: await setup.delayedReminderJobs(),
  });
  let previous = await read();
  for (;;) {
    await sleep(SETTLE_POLL_MS);
    const current = await read();
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
}

/**
 * What a first visit to the guest join page downloads: the scripts its HTML loads and
 * preloads, gzipped. Undefined when the tabs have no join page built.
 */
export function joinPageGzipBytes(dist = TABS_DIST): number | undefined {
  const html = ['join/join.html', 'join.html', 'join/index.html'].map((f) => path.join(dist, f)).find((f) => existsSync(f));
  if (!html) return undefined;
  const srcs = [...readFileSync(html, 'utf8').matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.m?js)"/g)].map((m) => m[1]!);
  const files = new Set(srcs.map((src) => path.join(dist, src.replace(/^\/app\//, '').replace(/^\//, ''))));
  let total = 0;
  for (const file of files) if (existsSync(file)) total += gzipSync(readFileSync(file), { level: 9 }).length;
  return total;
}

/** One booking per call: its own hour, the next GP and specialist in the pool. */
function bookings(): () => CreateConsultationRequest {
  // Two days ahead on the hour, so the day-before reminder is in the future too.
  const first = Math.ceil((Date.now() + 2 * 24 * 3600_000) / 3600_000) * 3600_000;
  let k = 0;
  return () => {
    const i = k++;
    return {
      title: 'Samarbeidsmøte om oppfølging',
      patient: { name: 'Per Pasient', phone: '912 34 567', nationalId: '15037500019' },
      start: new Date(first + i * 3600_000).toISOString(),
      durationMinutes: 45,
      participants: [
        { role: 'patient' },
        { role: 'relative', name: 'Randi Pårørende', email: 'randi@example.no', consentedByPatient: true },
        { role: 'gp', personId: `bench-gp-${i % CLINICIANS_PER_ROLE}` },
        { role: 'specialist', personId: `bench-sp-${i % CLINICIANS_PER_ROLE}` },
      ],
    };
  };
}

async function setUp(ctx: BenchContext): Promise<Setup> {
  const coordinatorOid = randomUUID();
  const bootstrapOid = randomUUID();
  const prefix = `bench-${randomUUID()}`;
  const cleanup: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch((err: unknown) => ctx.log(`cleanup failed: ${String(err)}`));
  };
  try {
    const entra = await startLocalEntra();
    cleanup.push(() => entra.close());
    const created = await createPostgresDatabase();
    cleanup.push(() => created.drop());
    const redis = createRedisConnection(REDIS_URL, { connectionName: 'bench-booking' });
    cleanup.push(async () => redis.disconnect());
    const queues = createQueueRegistry({ connection: redis, prefix });
    cleanup.push(() => queues.closeAll());
    cleanup.push(() => queues.queue(QUEUES.reminders).obliterate({ force: true }));
    cleanup.push(() => queues.queue(QUEUES.invitations).obliterate({ force: true }));

    ctx.log('starting the server child (--role=web: jobs are enqueued at commit, sent by workers elsewhere)');
    const server = await startFixture<ApiServerReady>('api-server.ts', {
      cpuProfileDir: ctx.cpuProfileDir,
      env: apiServerEnv({ role: 'web', databaseUrl: created.url, redisUrl: REDIS_URL, prefix, entra, bootstrapOid }),
    });
    cleanup.push(() => server.stop());
    const { apiUrl, bareUrl } = server.ready;
    await addPeople(apiUrl, await entra.sign({ oid: bootstrapOid }), coordinatorOid);

    const database = await openDatabase({ kind: 'postgres', url: created.url, poolSize: 2 });
    cleanup.push(() => database.close());
    const next = bookings();
    const api: LoadTarget = {
      url: `${apiUrl}/api/consultations`,
      headers: { authorization: `Bearer ${await entra.sign({ oid: coordinatorOid, name: 'Kari Koordinator' })}` },
      body: next,
    };
    await expectBooked(api);
    return {
      api,
      bare: { url: `${bareUrl}/bare/consultations`, body: bookings() },
      serverPid: server.pid,
      databaseName: new URL(created.url).pathname.slice(1),
      database,
      delayedReminderJobs: () => queues.queue(QUEUES.reminders).getDelayedCount(),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The bootstrap admin enters the coordinator and the clinician pool, as a real first admin would. */
async function addPeople(apiUrl: string, bootstrapToken: string, coordinatorOid: string): Promise<void> {
  const clinicians = (role: 'gp' | 'specialist', short: string, organization: string) =>
    Array.from({ length: CLINICIANS_PER_ROLE }, (_, i) => ({
      id: `bench-${short}-${i}`,
      name: `Benk ${short.toUpperCase()} ${i}`,
      roles: [role],
      organization,
    }));
  const res = await fetch(`${apiUrl}/api/admin/directory`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bootstrapToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      people: [
        { id: 'bench-coordinator', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune', aadObjectId: coordinatorOid },
        ...clinicians('gp', 'gp', 'Lier legesenter'),
        ...clinicians('specialist', 'sp', 'Vestre Viken HF'),
      ],
    }),
  });
  if (!res.ok) throw new Error(`adding the bench people failed: ${res.status} ${await res.text()}`);
}

async function expectBooked(target: LoadTarget): Promise<void> {
  const res = await fetch(target.url, {
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: JSON.stringify(target.body!()),
  });
  const body = (await res.json()) as { reminders?: unknown[] };
  if (res.status !== 201 || body.reminders?.length !== REMINDERS_PER_BOOKING) {
    throw new Error(`expected 201 with ${REMINDERS_PER_BOOKING} reminders, got ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  }
}
