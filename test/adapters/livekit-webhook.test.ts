import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveKitWebhookHandler, type LiveKitWebhookHandler } from '../../server/src/adapters/livekit/webhook';
import type { VideoEvent, VideoEventSink } from '../../server/src/core/ports';
import { LiveKitDouble } from '../doubles/livekit-double';
import { MemoryWebhookLedger } from '../helpers/memory-ledgers';

class RecordingSink implements VideoEventSink {
  readonly events: VideoEvent[] = [];
  async handle(event: VideoEvent): Promise<void> {
    this.events.push(event);
  }
}

/** The smallest transport a route needs: the raw body as received, and the header. */
async function serve(handler: LiveKitWebhookHandler): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { status, body } = await handler({ rawBody: Buffer.concat(chunks).toString('utf8'), authorization: req.headers.authorization });
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/livekit` };
}

let livekit: LiveKitDouble;
let sink: RecordingSink;
let target: { server: Server; url: string };

beforeEach(async () => {
  livekit = new LiveKitDouble();
  sink = new RecordingSink();
  const handler = createLiveKitWebhookHandler({ apiKey: livekit.apiKey, apiSecret: livekit.apiSecret, ledger: new MemoryWebhookLedger(), sink });
  target = await serve(handler);
});

afterEach(async () => {
  target.server.closeAllConnections();
  await new Promise((resolve) => target.server.close(resolve));
});

const joined = {
  event: 'participant_joined',
  id: 'EV_joined_1',
  createdAt: 1_767_225_600n,
  room: { sid: 'RM_x', name: 'r_room' },
  participant: { sid: 'PA_x', identity: 'p_cd34', name: 'Ola (pasient)' },
};

describe('LiveKit webhook handler', () => {
  it('passes a signed participant_joined to the sink as a video event', async () => {
    const response = await livekit.sendWebhook(target.url, joined);

    expect(response.status).toBe(200);
    expect(sink.events).toEqual([
      { kind: 'participant_joined', eventId: 'EV_joined_1', roomName: 'r_room', identity: 'p_cd34', at: new Date('2026-01-01T00:00:00Z') },
    ]);
  });

  it('maps participant_left, room_started and room_finished', async () => {
    await livekit.sendWebhook(target.url, { ...joined, event: 'participant_left', id: 'EV_left' });
    await livekit.sendWebhook(target.url, { event: 'room_started', id: 'EV_start', createdAt: 1n, room: { name: 'r_room' } });
    await livekit.sendWebhook(target.url, { event: 'room_finished', id: 'EV_end', createdAt: 2n, room: { name: 'r_room' } });

    expect(sink.events.map((e) => [e.kind, e.eventId])).toEqual([
      ['participant_left', 'EV_left'],
      ['room_started', 'EV_start'],
      ['room_finished', 'EV_end'],
    ]);
    expect(sink.events[2]?.at).toEqual(new Date(2000));
  });

  it('ignores the same event id the second time', async () => {
    const first = await livekit.sendWebhook(target.url, joined);
    const replay = await livekit.sendWebhook(target.url, joined);

    expect(first.status).toBe(200);
    expect(replay).toEqual({ status: 200, body: { ignored: 'replay' } });
    expect(sink.events).toHaveLength(1);
  });

  it('acknowledges events Samrom does not use without passing them on', async () => {
    const response = await livekit.sendWebhook(target.url, { event: 'track_published', id: 'EV_track', room: { name: 'r_room' } });

    expect(response.status).toBe(200);
    expect(sink.events).toEqual([]);
  });

  it('refuses a webhook signed with another secret', async () => {
    const response = await livekit.sendWebhook(target.url, joined, { signWith: { apiSecret: 'a-forger-secret-a-forger-secret-xx' } });

    expect(response).toEqual({ status: 401, body: { error: { code: 'unauthenticated', message: expect.any(String) } } });
    expect(sink.events).toEqual([]);
  });

  it('refuses a webhook from another API key', async () => {
    const response = await livekit.sendWebhook(target.url, joined, { signWith: { apiKey: 'someone-else' } });

    expect(response.status).toBe(401);
    expect(sink.events).toEqual([]);
  });

  it('refuses a body changed after signing', async () => {
    const response = await livekit.sendWebhook(target.url, joined, {
      alterBodyAfterSigning: (body) => body.replace('p_cd34', 'p_evil'),
    });

    expect(response.status).toBe(401);
    expect(sink.events).toEqual([]);
  });

  it('refuses a webhook without an Authorization header', async () => {
    const response = await livekit.sendWebhook(target.url, joined, { omitAuthorization: true });

    expect(response.status).toBe(401);
    expect(sink.events).toEqual([]);
  });

  it('does not burn the event id of a refused webhook, so the genuine one still gets through', async () => {
    await livekit.sendWebhook(target.url, joined, { signWith: { apiSecret: 'a-forger-secret-a-forger-secret-xx' } });
    const genuine = await livekit.sendWebhook(target.url, joined);

    expect(genuine.status).toBe(200);
    expect(sink.events).toHaveLength(1);
  });
});

describe('LiveKit webhook handler, called directly', () => {
  it('answers 500 when the sink fails, and logs neither the token nor names', async () => {
    const logs: unknown[] = [];
    const record = (fields: Record<string, unknown>, message: string) => void logs.push({ fields, message });
    const handler = createLiveKitWebhookHandler({
      apiKey: livekit.apiKey,
      apiSecret: livekit.apiSecret,
      ledger: new MemoryWebhookLedger(),
      sink: { handle: async () => Promise.reject(new Error('Ola (pasient) could not be saved')) },
      logger: { info: record, warn: record },
    });
    const request = await livekit.signWebhook(joined);

    const response = await handler(request);
    const forged = await handler({ ...request, authorization: `${request.authorization}x` });

    expect(response).toMatchObject({ status: 500, body: { error: { code: 'internal' } } });
    expect(forged.status).toBe(401);
    const logged = JSON.stringify(logs);
    expect(logged).toContain('EV_joined_1');
    expect(logged).not.toContain(request.authorization);
    expect(logged).not.toContain('Ola');
  });
});
