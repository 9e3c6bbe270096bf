/**
 * The floor under every job-driven figure: a bare BullMQ queue and worker on the same Redis,
 * fed open loop at a fixed rate, each job timed from `add` to the processor's start. The
 * emergency and advice benches print it beside their own figures, measured in the same run.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { createRedisConnection } from '../../server/src/adapters/queue/redis';

export interface BareBullmqOptions {
  readonly redisUrl: string;
  /** A prefix of its own, so nothing of Samrom's queues is touched. */
  readonly prefix: string;
  readonly ratePerSecond: number;
  readonly seconds: number;
  /** BullMQ priority of each job, as the job it stands beside has. */
  readonly priority: number;
  /** Jobs not started this long after the last add are left out. */
  readonly drainTimeoutMs: number;
}

/** Enqueue → processor start of each job, in ms; fewer entries than jobs when some never started. */
export async function bareBullmq(o: BareBullmqOptions): Promise<number[]> {
  const connection = createRedisConnection(o.redisUrl, { connectionName: 'bench-bare-bullmq' });
  // The worker's own connection: BullMQ leaves a connection it was given open, so it is closed here.
  const workerConnection = connection.duplicate();
  const queue = new Queue('bare', { connection, prefix: o.prefix });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const total = Math.round(o.ratePerSecond * o.seconds);
  let finish: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const worker = new Worker(
    'bare',
    async (job) => {
      const at = performance.now();
      const from = sentAt.get(job.id!);
      if (from !== undefined) latencies.push(at - from);
      if (latencies.length === total) finish();
    },
    { connection: workerConnection, prefix: o.prefix, concurrency: 8 },
  );
  await worker.waitUntilReady();
  let timer: NodeJS.Timeout | undefined;
  try {
    const intervalMs = 1000 / o.ratePerSecond;
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const wait = start + i * intervalMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const id = randomUUID();
      sentAt.set(id, performance.now());
      await queue.add('job', { id }, { jobId: id, priority: o.priority, removeOnComplete: true });
    }
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, o.drainTimeoutMs)))]);
  } finally {
    clearTimeout(timer);
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    workerConnection.disconnect();
    connection.disconnect();
  }
  return latencies;
}
