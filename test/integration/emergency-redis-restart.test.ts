/**
 * Akuttvideo survives a Redis restart: a call made before the restart still escalates (its
 * delayed job is in Redis's append-only file), and a call made while Redis is down is answered
 * 201 at once and rings as soon as Redis is back (its jobs wait in the PostgreSQL outbox).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { OwnRedis } from '../helpers/own-redis';
import { type EmergencyHarness, startEmergencyHarness } from '../helpers/emergency';
import { testDbKind } from '../helpers/db';

const RING_TIMEOUT_SECONDS = 2;

let redis: OwnRedis;
let h: EmergencyHarness;

beforeAll(async () => {
  redis = await OwnRedis.create();
  await redis.start();
  h = await startEmergencyHarness({ ringTimeoutSeconds: RING_TIMEOUT_SECONDS, redisUrl: redis.url });
});
afterAll(async () => {
  await h?.stop();
  await redis?.destroy();
});

describe(`akuttvideo across a Redis restart on ${testDbKind()}`, () => {
  it('no call is lost: one made before the restart still escalates, one made during the outage rings and escalates once Redis is back', async () => {
    const lv = await h.as('lv-1');
    const before = await lv.post('/api/emergency-calls', { triage: 'rod' });
    expect(before.status).toBe(201);
    await h.completed(QUEUES.emergencyRing, before.body.id);

    await redis.stop();
    // Answered while Redis is still down (the outbox publish gives up; the row waits): a request
    // that waited for Redis would never be answered, as Redis only comes back after it.
    const during = await lv.post('/api/emergency-calls', { triage: 'gul' });
    expect(during.status).toBe(201);
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
