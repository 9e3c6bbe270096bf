/**
 * Issue: "for an authenticated API read that writes an audit event, requests per second and
 * p50/p99 latency beside a bare express handler measured in the same run. Target: at least
 * 1,000 authenticated requests/s on this 2-core machine with PostgreSQL, p99 under 20 ms at
 * 200 requests/s."
 *
 * The request is `GET /api/admin/audit` with an RS256 Entra-style bearer token: jose verifies
 * it against a local JWKS, the directory resolves the admin, the patient's access log is read
 * and an `audit.read` event is written. Every request adds an event to the very log it reads,
 * so the query carries `to` = just after the seeded events: each response holds the same five
 * events however long the bench runs, and the index range scanned stays the same size.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq } from 'drizzle-orm';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import { type Database, openDatabase } from '../../server/src/adapters/postgres/db';
import { auditEvents } from '../../server/src/adapters/postgres/schema';
import { createPostgresDatabase } from '../helpers/db';
import { startLocalEntra } from '../helpers/jwks';
import type { Bench, BenchContext, Row } from './bench';
import { apiServerEnv, startFixture } from './child';
import { cpuSecondsDuring, postgresBackendPids } from './cpu';
import type { ApiServerReady } from './fixtures/api-server';
import { type LoadResult, type LoadTarget, closedLoop, openLoop } from './load';
import { testRedisUrl } from '../helpers/redis';

const PATIENT_ID = 'bench-patient-1';
/** The patient's access log before the bench; every response lists exactly these. */
const SEEDED_ACTIONS = ['consultation.create', 'consultation.read', 'video.join', 'video.join', 'consultation.read'];
const SEEDED_EVENTS = SEEDED_ACTIONS.length;
const MAX_THROUGHPUT_CONNECTIONS = 50;
const FIXED_RATE_PER_SECOND = 200;
const WARM_UP_SECONDS = 5;
const WARM_UP_CONNECTIONS = 20;
const SETTLE_POLL_MS = 250;
const TARGET_REQUESTS_PER_SECOND = 1_000;
const TARGET_P99_AT_FIXED_RATE_MS = 20;

export const apiAuditRead: Bench = {
  name: 'api-audit-read',
  description: `authenticated GET /api/admin/audit (RS256 token, writes audit.read) vs bare express GET /bare`,
  run,
};

interface Phases {
  readonly max: LoadResult;
  readonly fixedRate: LoadResult;
  /** CPU milliseconds per answered request during the max-throughput phase. */
  readonly serverCpuMsPerRequest: number | undefined;
  readonly postgresCpuMsPerRequest: number | undefined;
  /** `audit.read` events written per 2xx answer during the fixed-rate phase. */
  readonly auditEventsPerOk: number;
}

async function run(ctx: BenchContext): Promise<readonly Row[]> {
  const setup = await setUp(ctx);
  try {
    const { api, bare } = setup;
    ctx.log(`warm-up: ${WARM_UP_SECONDS} s each`);
    await closedLoop(api, { connections: WARM_UP_CONNECTIONS, durationSeconds: WARM_UP_SECONDS });
    await closedLoop(bare, { connections: WARM_UP_CONNECTIONS, durationSeconds: WARM_UP_SECONDS });

    const measure = async (target: LoadTarget, label: string): Promise<Phases> => {
      ctx.log(`${label}: max throughput, ${MAX_THROUGHPUT_CONNECTIONS} connections, ${ctx.phaseSeconds} s`);
      const load = () => closedLoop(target, { connections: MAX_THROUGHPUT_CONNECTIONS, durationSeconds: ctx.phaseSeconds });
      const server = await cpuSecondsDuring(
        () => [setup.serverPid],
        () => cpuSecondsDuring(() => postgresBackendPids(setup.databaseName), load),
      );
      const max = server.result.result;
      const perRequest = (cpuSeconds: number | undefined) => (cpuSeconds === undefined ? undefined : (cpuSeconds * 1000) / max.ok);
      ctx.log(`${label}: ${FIXED_RATE_PER_SECOND} req/s open loop, ${ctx.phaseSeconds} s`);
      // The open loop waits for every answer, so the events it caused can be counted exactly.
      const eventsBefore = await countAuditReads(setup.database);
      const fixedRate = await openLoop(target, { ratePerSecond: FIXED_RATE_PER_SECOND, durationSeconds: ctx.phaseSeconds });
      const eventsWritten = (await countAuditReads(setup.database)) - eventsBefore;
      return {
        max,
        fixedRate,
        serverCpuMsPerRequest: perRequest(server.cpuSeconds),
        postgresCpuMsPerRequest: perRequest(server.result.cpuSeconds),
        auditEventsPerOk: fixedRate.ok === 0 ? 0 : eventsWritten / fixedRate.ok,
      };
    };
    const baseline = await measure(bare, 'bare');
    const measured = await measure(api, 'api');
    return rows(measured, baseline);
  } finally {
    await setup.close();
  }
}

/** The patient's `audit.read` events, once requests the load generator gave up on have finished writing. */
async function countAuditReads(database: Database): Promise<number> {
  const count = () => database.db.$count(auditEvents, and(eq(auditEvents.patientId, PATIENT_ID), eq(auditEvents.action, 'audit.read')));
  let previous = await count();
  for (;;) {
    await sleep(SETTLE_POLL_MS);
    const current = await count();
    if (current === previous) return current;
    previous = current;
  }
}

function rows(api: Phases, bare: Phases): Row[] {
  const rate = `at ${FIXED_RATE_PER_SECOND} req/s`;
  const max = `at max (${MAX_THROUGHPUT_CONNECTIONS} conn)`;
  const cpu = (name: string, figure: number | undefined, baseline?: number): Row[] =>
    figure === undefined ? [] : [{ name, figure, unit: 'ms', ...(baseline === undefined ? {} : { baseline }) }];
  return [
    {
      name: 'max throughput',
      figure: api.max.requestsPerSecond,
      unit: 'req/s',
      baseline: bare.max.requestsPerSecond,
      target: { atLeast: TARGET_REQUESTS_PER_SECOND },
    },
    { name: `p50 latency ${max}`, figure: api.max.p50Ms, unit: 'ms', baseline: bare.max.p50Ms },
    { name: `p99 latency ${max}`, figure: api.max.p99Ms, unit: 'ms', baseline: bare.max.p99Ms },
    ...cpu('server CPU per request', api.serverCpuMsPerRequest, bare.serverCpuMsPerRequest),
    ...cpu('PostgreSQL CPU per request', api.postgresCpuMsPerRequest),
    { name: `achieved rate ${rate}`, figure: api.fixedRate.requestsPerSecond, unit: 'req/s', baseline: bare.fixedRate.requestsPerSecond },
    { name: `p50 latency ${rate}`, figure: api.fixedRate.p50Ms, unit: 'ms', baseline: bare.fixedRate.p50Ms },
    { name: `p99 latency ${rate}`, figure: api.fixedRate.p99Ms, unit: 'ms', baseline: bare.fixedRate.p99Ms, target: { atMost: TARGET_P99_AT_FIXED_RATE_MS } },
    {
      name: 'non-2xx / failed requests',
      figure: api.max.failed + api.fixedRate.failed,
      unit: 'count',
      baseline: bare.max.failed + bare.fixedRate.failed,
      target: { atMost: 0 },
    },
    { name: `audit.read events per 2xx ${rate}`, figure: api.auditEventsPerOk, unit: 'ratio', target: { atLeast: 1 } },
  ];
}

export interface ApiBenchSetup {
  /** The measured request: URL and bearer token. */
  readonly api: LoadTarget;
  readonly bare: LoadTarget;
  readonly serverPid: number;
  readonly databaseName: string;
  /** The bench's own connection to the server's database. */
  readonly database: Database;
  close(): Promise<void>;
}

/**
 * Local Entra, a fresh database, the server child, a directory admin with a known oid and a
 * seeded access log; checks the measured request answers with exactly the seeded events.
 */
export async function setUp(ctx: Pick<BenchContext, 'log' | 'cpuProfileDir'>): Promise<ApiBenchSetup> {
  const adminOid = randomUUID();
  const bootstrapOid = randomUUID();
  const cleanup: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const step of cleanup.splice(0).reverse()) {
      await step().catch((err: unknown) => ctx.log(`cleanup failed: ${String(err)}`));
    }
  };
  try {
    const entra = await startLocalEntra();
    cleanup.push(() => entra.close());
    const created = await createPostgresDatabase();
    cleanup.push(() => created.drop());

    ctx.log('starting the server child (migrate, seed the demo directory)');
    const server = await startFixture<ApiServerReady>('api-server.ts', {
      cpuProfileDir: ctx.cpuProfileDir,
      env: apiServerEnv({ role: 'web', databaseUrl: created.url, redisUrl: testRedisUrl(), prefix: `bench-${randomUUID()}`, entra, bootstrapOid }),
    });
    cleanup.push(() => server.stop());
    const { apiUrl, bareUrl } = server.ready;

    await addBenchAdmin(apiUrl, await entra.sign({ oid: bootstrapOid }), adminOid);
    const database = await openDatabase({ kind: 'postgres', url: created.url, poolSize: 2 });
    cleanup.push(() => database.close());
    const to = await seedAccessLog(new PostgresAuditLog(database.db));

    const api: LoadTarget = {
      url: `${apiUrl}/api/admin/audit?patientId=${PATIENT_ID}&to=${encodeURIComponent(to.toISOString())}`,
      headers: { authorization: `Bearer ${await entra.sign({ oid: adminOid, name: 'Berit Benk' })}` },
    };
    await expectSeededEvents(api);
    return {
      api,
      bare: { url: `${bareUrl}/bare` },
      serverPid: server.pid,
      databaseName: new URL(created.url).pathname.slice(1),
      database,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The bootstrap admin enters a directory admin with a known oid, as a real first admin would. */
async function addBenchAdmin(apiUrl: string, bootstrapToken: string, adminOid: string): Promise<void> {
  const res = await fetch(`${apiUrl}/api/admin/directory`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bootstrapToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      people: [{ id: 'bench-admin', name: 'Berit Benk', roles: ['admin'], organization: 'Vestre Viken HF', aadObjectId: adminOid }],
    }),
  });
  if (!res.ok) throw new Error(`adding the bench admin failed: ${res.status} ${await res.text()}`);
}

/** Writes the patient's access log and returns an instant after it and before any request. */
async function seedAccessLog(audit: PostgresAuditLog): Promise<Date> {
  for (const action of SEEDED_ACTIONS) {
    await audit.record({ actorId: 'bench-admin', action, patientId: PATIENT_ID, resourceType: 'patient', resourceId: PATIENT_ID, outcome: 'allowed' });
  }
  // Date has millisecond resolution, PostgreSQL microseconds: step clear of both sides.
  await sleep(5);
  const to = new Date();
  await sleep(5);
  return to;
}

async function expectSeededEvents(target: LoadTarget): Promise<void> {
  const res = await fetch(target.url, { headers: target.headers });
  const body = (await res.json()) as { events?: unknown[] };
  if (res.status !== 200 || body.events?.length !== SEEDED_EVENTS) {
    throw new Error(`expected 200 with ${SEEDED_EVENTS} events, got ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  }
}
