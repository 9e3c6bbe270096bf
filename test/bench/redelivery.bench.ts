/**
 * DESIGN.md: "a crashed worker's job is picked up again within 10 seconds". The crash tests
 * (test/integration/worker-crash.test.ts) hold that budget; this measures how long it really
 * takes. A worker process takes a job and is SIGKILLed in the middle of it, then the time from
 * the kill to the job completing is taken, with another worker already running (another
 * replica of the worker role) and with one started after the kill. Each round runs on a fresh
 * queue prefix on the test Redis; the figure is the median round, beside the slowest.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { DEFAULT_JOB_OPTIONS } from '../../server/src/adapters/queue/queues';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';
import { type WorkerProcess, startWorkerProcess } from '../fixtures/worker-process';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';
import type { Bench, BenchContext, Row } from './bench';

const ROUNDS = 3;
const BUDGET_MS = 10_000;
const QUEUE_NAME = 'crash';

export const redelivery: Bench = {
  name: 'redelivery',
  description: 'a SIGKILLed worker process: kill → its job completed by another worker (already running; started after the kill)',
  run,
};

type Survivor = 'already running' | 'started after the kill';

async function run(ctx: BenchContext): Promise<readonly Row[]> {
  const rows: Row[] = [];
  for (const survivor of ['already running', 'started after the kill'] as const) {
    const times: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const ms = await killAndRedeliver(survivor);
      ctx.log(`${survivor}, round ${round}/${ROUNDS}: ${Math.round(ms)} ms`);
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    rows.push(
      { name: `kill → completed, worker ${survivor} (median)`, figure: times[Math.floor(times.length / 2)]!, unit: 'ms', target: { atMost: BUDGET_MS } },
      { name: `kill → completed, worker ${survivor} (slowest)`, figure: times.at(-1)!, unit: 'ms', target: { atMost: BUDGET_MS } },
    );
  }
  return rows;
}

/** One round: the milliseconds from the kill until the other worker reports the job completed. */
async function killAndRedeliver(survivor: Survivor): Promise<number> {
  const prefix = uniquePrefix('bench-redelivery');
  const connection = createRedisConnection(testRedisUrl(), { connectionName: 'bench-redelivery' });
  const queue = new Queue(QUEUE_NAME, { connection, prefix });
  const workers: WorkerProcess[] = [];
  const worker = (hold: 'forever' | 'none') => {
    const child = startWorkerProcess({ redisUrl: testRedisUrl(), prefix, queue: QUEUE_NAME, hold });
    workers.push(child);
    return child;
  };
  try {
    const doomed = worker('forever');
    const jobId = randomUUID();
    await queue.add('slow', { caseId: 'bench' }, { ...DEFAULT_JOB_OPTIONS, jobId });
    await doomed.line(`started ${jobId} ${doomed.pid}`);
    let other: WorkerProcess | undefined;
    if (survivor === 'already running') {
      other = worker('none');
      await other.line(`ready ${other.pid}`);
    }
    const killedAt = performance.now();
    await doomed.kill();
    other ??= worker('none');
    await other.line(`completed ${jobId} ${other.pid}`);
    return performance.now() - killedAt;
  } finally {
    await Promise.all(workers.map((w) => w.kill()));
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  }
}
