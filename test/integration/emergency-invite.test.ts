/**
 * AMK pulls in a third party: the operator who answered invites a directory clinician or the
 * level-1 on-call of a specialty; the invited person gets a Teams card with a link and no
 * clinical text, reads the call (ISBAR included) in the tab and joins its room.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { PostgresRosterStore } from '../../server/src/adapters/postgres/roster-store';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import { type EmergencyHarness, startEmergencyHarness } from '../helpers/emergency';
import { testDbKind } from '../helpers/db';

const ISBAR_SECRET = 'Ola Nordmann, 67 år, akutt hjerneslag';

let h: EmergencyHarness;

beforeAll(async () => {
  h = await startEmergencyHarness({ ringTimeoutSeconds: 30 });
  await new PostgresDirectory(h.database.db).upsert([
    { id: 'nevro-1', name: 'Nina Nevrolog', roles: ['specialist'], organization: 'Vestre Viken HF', specialty: 'nevrologi' },
    { id: 'nevro-2', name: 'Nils Nevrolog', roles: ['specialist'], organization: 'Vestre Viken HF', specialty: 'nevrologi', phone: '+4790000202' },
  ]);
  const conversations = new PostgresConversationStore(h.database.db);
  for (const id of ['gp-1', 'nevro-1']) {
    await conversations.save({
      conversationId: `conv-${id}`,
      personId: id,
      aadObjectId: null,
      tenantId: null,
      serviceUrl: 'https://smba.test/',
      reference: {},
    });
  }
  const now = Date.now();
  await new PostgresRosterStore(h.database.db).replace(
    'nevrologi',
    { from: new Date(now - 3_600_000), to: new Date(now + 3_600_000) },
    [
      { specialty: 'nevrologi', personId: 'nevro-1', level: 1, startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 3_600_000) },
      { specialty: 'nevrologi', personId: 'nevro-2', level: 2, startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 3_600_000) },
    ],
    'admin',
  );
});
afterAll(async () => {
  await h?.stop();
});

/** A call from lv-1, answered by amk-1. */
async function answeredCall(): Promise<string> {
  const lv = await h.as('lv-1');
  const res = await lv.post('/api/emergency-calls', { triage: 'gul', isbar: { identification: ISBAR_SECRET } });
  expect(res.status).toBe(201);
  await h.completed(QUEUES.emergencyRing, res.body.id);
  expect((await (await h.as('amk-1')).post(`/api/emergency-calls/${res.body.id}/accept`)).status).toBe(200);
  return res.body.id as string;
}

const cardsTo = (conversationId: string) => h.notifier.sent.filter((s) => s.conversationId === conversationId);

describe(`pulling a third party into akuttvideo on ${testDbKind()}`, () => {
  it('the answering operator invites a directory clinician: a Teams card with the link and no clinical text; they read the call and join its room; a second invite sends nothing', async () => {
    const id = await answeredCall();
    const gp = await h.as('gp-1');
    expect((await gp.get(`/api/emergency-calls/${id}`)).status).toBe(403);
    expect((await gp.post(`/api/emergency-calls/${id}/join`)).status).toBe(403);

    const amk = await h.as('amk-1');
    const res = await amk.post(`/api/emergency-calls/${id}/invite`, { personId: 'gp-1' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      callId: id,
      person: { id: 'gp-1', name: 'Geir Fastlege', organization: 'Lier legesenter' },
      invited: true,
      delivery: 'pending',
    });
    await h.completed(QUEUES.emergencyRing, id, 'invite');
    expect((await amk.get(`/api/emergency-calls/${id}/invites`)).body.invites).toEqual([
      expect.objectContaining({ person: expect.objectContaining({ id: 'gp-1' }), delivery: 'delivered' }),
    ]);
    const [card] = cardsTo('conv-gp-1');
    expect(JSON.stringify(card!.message)).toContain(`${h.url}/app/akutt/${id}`);
    expect(JSON.stringify(card!.message)).not.toContain('Ola');

    const read = await gp.get(`/api/emergency-calls/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.isbar).toEqual({ identification: ISBAR_SECRET });
    const join = await gp.post(`/api/emergency-calls/${id}/join`);
    expect(join.status).toBe(200);
    expect(join.body.video.roomName).toBeTruthy();

    const again = await amk.post(`/api/emergency-calls/${id}/invite`, { personId: 'gp-1' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ invited: false, delivery: 'delivered' });
  });

  it('{specialty} picks the level-1 on-call now from the roster; no one on call is a clear 422', async () => {
    const id = await answeredCall();
    const amk = await h.as('amk-1');
    const res = await amk.post(`/api/emergency-calls/${id}/invite`, { specialty: 'nevrologi' });
    expect(res.status).toBe(201);
    expect(res.body.person.id).toBe('nevro-1');
    await h.completed(QUEUES.emergencyRing, id, 'invite');
    expect(cardsTo('conv-nevro-1')).toHaveLength(1);
    expect((await (await h.as('nevro-1')).get(`/api/emergency-calls/${id}`)).status).toBe(200);
    expect((await (await h.as('nevro-2')).get(`/api/emergency-calls/${id}`)).status).toBe(403);

    const none = await amk.post(`/api/emergency-calls/${id}/invite`, { specialty: 'ortopedi' });
    expect(none.status).toBe(422);
    expect(none.body.error.issues[0].message).toContain('Ingen vakthavende');
  });

  it('only the operator who answered may invite; bad bodies get 400, unknown people 422, unknown calls 404 — nothing is saved', async () => {
    const id = await answeredCall();
    expect((await (await h.as('amk-2')).post(`/api/emergency-calls/${id}/invite`, { personId: 'gp-1' })).status).toBe(403);
    expect((await (await h.as('lv-1')).post(`/api/emergency-calls/${id}/invite`, { personId: 'gp-1' })).status).toBe(403);
    const amk = await h.as('amk-1');
    expect((await amk.post(`/api/emergency-calls/${id}/invite`, {})).status).toBe(400);
    expect((await amk.post(`/api/emergency-calls/${id}/invite`, { personId: 'nobody' })).status).toBe(422);
    expect((await amk.post('/api/emergency-calls/not-a-call/invite', { personId: 'gp-1' })).status).toBe(404);
    expect((await (await h.as('gp-1')).get(`/api/emergency-calls/${id}`)).status).toBe(403);
  });

  it('the operator is told what Teams answered: no chat with the bot is failed (with the phone to ring), a passing failure is retrying — never «varslet» before Teams took the card', async () => {
    const id = await answeredCall();
    const amk = await h.as('amk-1');
    // nevro-2 has no chat with the bot.
    expect((await amk.post(`/api/emergency-calls/${id}/invite`, { personId: 'nevro-2' })).body.delivery).toBe('pending');
    await h.completed(QUEUES.emergencyRing, id, 'invite');
    const invites = async () =>
      (await amk.get(`/api/emergency-calls/${id}/invites`)).body.invites as { person: { id: string; phone: string | null }; delivery: string }[];
    expect(await invites()).toEqual([
      expect.objectContaining({ person: expect.objectContaining({ id: 'nevro-2', phone: '+4790000202' }), delivery: 'failed' }),
    ]);
    expect(cardsTo('conv-nevro-2')).toHaveLength(0);

    // Teams answers 502 for nevro-1: retried, and shown as such.
    h.notifier.failing.set('conv-nevro-1', { ok: false, final: false, status: 502, reason: 'gave_up_retrying' });
    try {
      await amk.post(`/api/emergency-calls/${id}/invite`, { personId: 'nevro-1' });
      await vi.waitFor(async () => expect((await invites()).find((i) => i.person.id === 'nevro-1')?.delivery).toBe('retrying'), { timeout: 10_000 });
    } finally {
      h.notifier.failing.delete('conv-nevro-1');
    }
    await vi.waitFor(async () => expect((await invites()).find((i) => i.person.id === 'nevro-1')?.delivery).toBe('delivered'), { timeout: 15_000 });
    // The requester may see them too; others may not.
    expect((await (await h.as('lv-1')).get(`/api/emergency-calls/${id}/invites`)).status).toBe(200);
    expect((await (await h.as('gp-1')).get(`/api/emergency-calls/${id}/invites`)).status).toBe(403);
  });
});
