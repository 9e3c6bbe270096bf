/**
 * The composition: `startSamrom` (role `all`) runs the invitations worker, so a booking made
 * through the API reaches the development outbox through the outbox relay, BullMQ and the worker.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { testDbKind } from '../helpers/db';
import { type SamromInProcess, startSamromInProcess } from '../helpers/samrom-in-process';

const PUBLIC_BASE_URL = 'http://samrom.test';
let running: SamromInProcess;

beforeAll(async () => {
  running = await startSamromInProcess('all', { PUBLIC_BASE_URL });
});
afterAll(async () => {
  await running?.stop([QUEUES.system, QUEUES.reminders, QUEUES.invitations]);
});

describe(`Samrom's worker role on ${testDbKind()}`, () => {
  it('a booking through the API sends the patient an SMS with a join link, via the outbox, BullMQ and the invitations worker', async () => {
    const coordinator = await running.signIn('ke-drammen-1');

    // A week ahead, on the hour: always in the future.
    const start = new Date(Math.ceil((Date.now() + 7 * 86_400_000) / 3_600_000) * 3_600_000).toISOString();
    const res = await coordinator.post('/api/consultations', {
      title: 'Oppfølging etter innleggelse',
      patient: { name: 'Per Pasient', phone: '+47 912 34 567' },
      start,
      durationMinutes: 30,
      participants: [{ role: 'patient' }, { role: 'gp', personId: 'gp-asker-1' }],
    });
    expect(res.status).toBe(201);

    const messages: { channel: string; to: string; text: string }[] = await vi.waitFor(
      async () => {
        const listed = (await coordinator.get('/dev/outbox.json')).body.messages;
        expect(listed.length).toBeGreaterThanOrEqual(2);
        return listed;
      },
      { timeout: 15_000, interval: 100 },
    );
    const sms = messages.find((m) => m.channel === 'sms');
    expect(sms).toMatchObject({ to: '+4791234567' });
    expect(sms!.text).toMatch(new RegExp(`${PUBLIC_BASE_URL}/join/[A-Za-z0-9_-]{43}`));
    expect(sms!.text).not.toContain('innleggelse');
    // The GP has no Teams chat with the bot, so the directory e-mail, with a sign-in link.
    const email = messages.find((m) => m.channel === 'email');
    expect(email!.text).toContain(`${PUBLIC_BASE_URL}/app/samtaler/${res.body.id}`);
  });
});
