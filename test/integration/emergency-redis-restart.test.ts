/**
 * Akuttvideo survives a Redis restart: a call made before the restart still escalates (its
 * delayed job is in Redis's append-only file), and a call made while Redis is down is answered
 * 201 at once and rings as soon as Redis is back (its jobs wait in the PostgreSQL outbox).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../server/src/adapters/queue/queues';
import { freePort } from '../helpers/samrom-process';
import { type EmergencyHarness, startEmergencyHarness } from '../helpers/emergency';
import { testDbKind } from '../helpers/db';

const RING_TIMEOUT_SECONDS = 2;

/** A redis-server of the test's own on a fixed port, with AOF, so it can be stopped and started again. */
class OwnRedis {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  constructor(readonly port: number, readonly dir: string) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/Ready to accept connections/.test(out)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
    });
  }

  /** SIGTERM: Redis fsyncs its append-only file and exits, as on a planned restart. */
  async stop(): Promise<void> {
    this.child?.kill('SIGTERM');
    await this.exited;
    this.child = undefined;
  }
}

let redis: OwnRedis;
let dir: string;
let h: EmergencyHarness;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'samrom-redis-restart-'));
  redis = new OwnRedis(await freePort(), dir);
  await redis.start();
  h = await startEmergencyHarness({ ringTimeoutSeconds: RING_TIMEOUT_SECONDS, redisUrl: redis.url });
});
afterAll(async () => {
  await h?.stop();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe(`akuttvideo across a Redis restart on ${testDbKind()}`, () => {
  it('no call is lost: one made before the restart still escalates, one made during the outage rings and escalates once Redis is back', async () => {
    const lv = await h.as('lv-1');
    const before = await lv.post('/api/emergency-calls', { triage: 'rod' });
    expect(before.status).toBe(201);
    await h.completed(QUEUES.emergencyRing, before.body.id);

    await redis.stop();
    const startedAt = performance.now();
    const during = await lv.post('/api/emergency-calls', { triage: 'gul' });
    // Answered at once all the same (the outbox publish gives up after a second; the row waits).
    expect(during.status).toBe(201);
    expect(performance.now() - startedAt).toBeLessThan(2_500);
    expect(during.body.status).toBe('ringing');
    await redis.start();

    const [ringDuring, escalateBefore, escalateDuring] = await Promise.all([
      h.completed(QUEUES.emergencyRing, during.body.id),
      h.completed(QUEUES.emergencyEscalate, before.body.id),
      h.completed(QUEUES.emergencyEscalate, during.body.id),
    ]);
    expect(ringDuring).toMatchObject({ sent: 6, retry: false });
    expect(escalateBefore).toMatchObject({ escalated: true, sent: 1 });
    expect(escalateDuring).toMatchObject({ escalated: true, sent: 1 });

    for (const id of [before.body.id, during.body.id]) {
      const call = (await lv.get(`/api/emergency-calls/${id}`)).body;
      expect(call).toMatchObject({ status: 'ringing' });
      expect(call.firstAlertAt).not.toBeNull();
      expect(call.escalatedAt).not.toBeNull();
    }
  }, 60_000);
});
