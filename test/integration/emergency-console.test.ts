/**
 * The AMK console's view of akuttvideo through the API: open calls most urgent first, the same
 * on `GET /api/emergency-calls?open=true` and on the stream; the vital signs given and their
 * single-parameter NEWS2 scores; and «Svar» while the video server is down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../server/src/adapters/queue/registry';
import type { EmergencyCallListDto, EmergencyCallSnapshotDto, EmergencyOrderDto } from '../../server/src/contracts/emergency';
import { testDbKind } from '../helpers/db';
import { type EmergencyHarness, startEmergencyHarness } from '../helpers/emergency';
import { openSse } from '../helpers/sse';

const COMPLETE_VITALS = { respirationRate: 26, spo2: 91, spo2Scale: 1, onOxygen: true, systolicBp: 95, pulse: 125, consciousness: 'voice', temperature: 38.5 };

let h: EmergencyHarness;

beforeAll(async () => {
  h = await startEmergencyHarness({ ringTimeoutSeconds: 60 });
});
afterAll(async () => {
  await h?.stop();
});

async function ring(personId: string, body: object): Promise<string> {
  const res = await (await h.as(personId)).post('/api/emergency-calls', body);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** The listed ids among `ours`, in the order given (other tests' calls share the database). */
const only = (ids: readonly string[], ours: readonly string[]) => ids.filter((id) => ours.includes(id));

describe(`the AMK console's order on ${testDbKind()}`, () => {
  it('open calls come red first whatever their age, then by NEWS2 total and waiting time — the same on GET ?open=true and on the stream', async () => {
    const console = await openSse(`${h.url}/api/emergency-calls/stream`, await h.token('amk-2'));
    try {
      // Oldest first: the old order (newest first) would put the red calls last.
      const redOld = await ring('lv-1', { triage: 'rod', vitals: COMPLETE_VITALS });
      const yellowUnscored = await ring('lv-2', { triage: 'gul' });
      const green = await ring('lv-1', { triage: 'gronn' });
      const untriaged = await ring('lv-1', { isbar: { situation: 'Ukjent' } });
      const redUnscored = await ring('lv-2', { triage: 'rod' });
      const yellowScored = await ring('lv-1', {
        triage: 'gul',
        vitals: { ...COMPLETE_VITALS, respirationRate: 16, spo2: 97, onOxygen: false, systolicBp: 120, pulse: 80, consciousness: 'alert', temperature: 37 },
      });
      const ours = [redOld, yellowUnscored, green, untriaged, redUnscored, yellowScored];
      const expected = [redOld, redUnscored, yellowScored, yellowUnscored, green, untriaged];

      const amk = await h.as('amk-1');
      const listed = await amk.get('/api/emergency-calls?open=true');
      expect(listed.status).toBe(200);
      const body = listed.body as EmergencyCallListDto;
      expect(
        only(
          body.calls.map((c) => c.id),
          ours,
        ),
      ).toEqual(expected);
      expect(Date.parse(body.at)).not.toBeNaN();

      const order = await console.next((e) => e.event === 'order' && ours.every((id) => (JSON.parse(e.data) as EmergencyOrderDto).ids.includes(id)));
      expect(only((JSON.parse(order.data) as EmergencyOrderDto).ids, ours)).toEqual(expected);

      // A call that ends leaves the list and the order.
      expect((await (await h.as('lv-1')).post(`/api/emergency-calls/${redOld}/end`)).status).toBe(200);
      const after = await console.next((e) => {
        const ids = e.event === 'order' ? (JSON.parse(e.data) as EmergencyOrderDto).ids : [];
        return ids.includes(redUnscored) && !ids.includes(redOld);
      });
      expect(only((JSON.parse(after.data) as EmergencyOrderDto).ids, ours)).toEqual(expected.slice(1));
      expect(
        only(
          (await amk.get('/api/emergency-calls?open=true')).body.calls.map((c: EmergencyCallSnapshotDto) => c.id),
          ours,
        ),
      ).toEqual(expected.slice(1));

      // Legevakt sees its own open calls only, in the same order.
      const own = (await (await h.as('lv-2')).get('/api/emergency-calls?open=true')).body as EmergencyCallListDto;
      expect(
        only(
          own.calls.map((c) => c.id),
          ours,
        ),
      ).toEqual([redUnscored, yellowUnscored]);
      expect(own.calls.every((c) => c.requestedBy.id === 'lv-2')).toBe(true);
      for (const id of ours.slice(1)) await (await h.as(id === yellowUnscored || id === redUnscored ? 'lv-2' : 'lv-1')).post(`/api/emergency-calls/${id}/end`);
    } finally {
      console.close();
    }
  });

  it('only open=true is served (400 otherwise), and only to AMK and legevakt (403)', async () => {
    const amk = await h.as('amk-1');
    const bad = await amk.get('/api/emergency-calls?open=false');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect((await amk.get('/api/emergency-calls')).status).toBe(400);
    expect((await (await h.as('gp-1')).get('/api/emergency-calls?open=true')).status).toBe(403);
  });

  it('an incomplete set of vital signs is shown with each parameter scored: breathing 8 and SpO₂ 85 are red though there is no total', async () => {
    const id = await ring('lv-1', { triage: 'gul', vitals: { respirationRate: 8, spo2: 85, pulse: 80 } });
    const listed = (await (await h.as('amk-3')).get('/api/emergency-calls?open=true')).body as EmergencyCallListDto;
    const shown = listed.calls.find((c) => c.id === id)!;
    expect(shown.news2Total).toBeNull();
    expect(shown.vitals).toEqual({ respirationRate: 8, spo2: 85, pulse: 80 });
    expect(shown.vitalScores).toEqual({ respirationRate: 3, spo2: 3, pulse: 0 });
    expect(shown.requestedBy).toEqual({ id: 'lv-1', name: 'Magnus Legevakt', organization: 'Drammen interkommunale legevakt', phone: '+4790000101' });
    await (await h.as('lv-1')).post(`/api/emergency-calls/${id}/end`);
  });
});

describe(`«Svar» without video on ${testDbKind()}`, () => {
  it('with the video server down the answer is recorded and shows the phone; a second operator still gets 409; «Prøv video igjen» makes the room once it is back', async () => {
    const id = await ring('lv-1', { triage: 'rod' });
    await h.completed(QUEUES.emergencyRing, id);
    const console = await openSse(`${h.url}/api/emergency-calls/stream`, await h.token('amk-5'));
    const amk = await h.as('amk-1');
    const lv = await h.as('lv-1');
    await h.livekit.stop();
    try {
      const answered = await amk.post(`/api/emergency-calls/${id}/accept`);
      expect(answered.status).toBe(200);
      expect(answered.body.video).toBeNull();
      expect(answered.body.call).toMatchObject({ status: 'answered', answeredBy: { id: 'amk-1' }, videoReady: false, requestedBy: { phone: '+4790000101' } });
      const pushed = await console.next((e) => e.event === 'call' && JSON.parse(e.data).id === id && JSON.parse(e.data).status === 'answered');
      expect(JSON.parse(pushed.data)).toMatchObject({ answeredBy: { id: 'amk-1' }, videoReady: false });

      const late = await (await h.as('amk-2')).post(`/api/emergency-calls/${id}/accept`);
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('already_answered');

      // Still down: the operator's retry says so; the requester has no room to join yet.
      const retry = await amk.post(`/api/emergency-calls/${id}/join`);
      expect(retry.status).toBe(503);
      expect(retry.body.error.code).toBe('unavailable');
      expect((await lv.post(`/api/emergency-calls/${id}/join`)).status).toBe(409);
      expect((await lv.get(`/api/emergency-calls/${id}`)).body).toMatchObject({ status: 'answered', videoReady: false });
    } finally {
      await h.livekit.start();
    }
    try {
      const back = await amk.post(`/api/emergency-calls/${id}/join`);
      expect(back.status).toBe(200);
      expect(back.body.video.roomName).toMatch(/^r_/);
      await console.next((e) => e.event === 'call' && JSON.parse(e.data).id === id && JSON.parse(e.data).videoReady === true);
      const joined = await lv.post(`/api/emergency-calls/${id}/join`);
      expect(joined.status).toBe(200);
      expect(joined.body.video.roomName).toBe(back.body.video.roomName);
      expect(joined.body.call.status).toBe('connected');
      expect(h.livekit.rooms().filter((r) => r.name === back.body.video.roomName)).toHaveLength(1);

      const ended = await amk.post(`/api/emergency-calls/${id}/end`, { outcome: 'phone' });
      expect(ended.body).toMatchObject({ status: 'ended', outcome: 'phone', endedBy: { id: 'amk-1', name: 'Operatør 1' }, videoReady: false });
      expect((await amk.post(`/api/emergency-calls/${id}/end`, { outcome: 'unanswered' })).status).toBe(400);
    } finally {
      console.close();
    }
  });
});
