/**
 * Phone entry to the advice line, end to end against the LiveKit double: the trunk and
 * dispatch rule set up idempotently through the real `SipClient`, a signed
 * `participant_joined` webhook for a SIP caller turned into an advice request, and the
 * answering specialist given a token for the caller's own room.
 */
import { eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SipConfig } from '../../server/src/config';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import { adviceRequests, auditEvents } from '../../server/src/adapters/postgres/schema';
import { PostgresWebhookLedger } from '../../server/src/adapters/postgres/webhook-ledger';
import { createSipClient, ensureSipSetup, startSipSetup } from '../../server/src/adapters/livekit/sip-setup';
import { LiveKitVideoRooms } from '../../server/src/adapters/livekit/video-rooms';
import { createLiveKitWebhookHandler } from '../../server/src/adapters/livekit/webhook';
import { dispatchAdvice } from '../../server/src/core/advice/dispatch';
import { SIP_PERSON_ID, phoneAdviceHandler } from '../../server/src/core/advice/phone';
import { routeVideoEvents } from '../../server/src/core/video-events';
import { adviceRoutes } from '../../server/src/http/routes/advice';
import { LiveKitDouble } from '../doubles/livekit-double';
import { type AdviceWorld, SWITCHBOARDS, createAdviceWorld } from '../helpers/advice-world';
import { type ApiClient, type TestApp, api, startTestApp } from '../helpers/app';
import { type TestDatabase, createTestDatabase, testDbKind } from '../helpers/db';
import { type LocalEntra, startLocalEntra } from '../helpers/jwks';

const KARDIOLOGI_LINE = '+4722000001';
const INDREMEDISIN_LINE = '+4722000002';
const GP_PHONE = '+4790000001';
const SIP: SipConfig = {
  trunkName: 'samrom-konferer',
  inboundNumbers: [
    { specialty: 'kardiologi', number: KARDIOLOGI_LINE },
    { specialty: 'indremedisin', number: INDREMEDISIN_LINE },
  ],
  allowedAddresses: ['192.0.2.0/24'],
  allowedNumbers: [],
  roomPrefix: 'konf-',
  priority: 'vanlig',
};
const silent = { info: () => {}, warn: () => {} };
/** What the webhook path logs, to check that no phone number reaches the logs. */
const logged: unknown[] = [];
const capture = {
  info: (f: Record<string, unknown>, m: string) => void logged.push(f, m),
  warn: (f: Record<string, unknown>, m: string) => void logged.push(f, m),
};

let database: TestDatabase;
let entra: LocalEntra;
let app: TestApp;
let world: AdviceWorld;
let double: LiveKitDouble;
const clients = new Map<string, ApiClient>();
const as = (personId: string) => clients.get(personId)!;
const requestInRoom = async (roomName: string) => (await database.db.select().from(adviceRequests).where(eq(adviceRequests.roomName, roomName)))[0];
const webhookUrl = () => `${app.url}/webhooks/livekit`;

/** A call arriving: the caller joins their room (as LiveKit's individual rule names it) and LiveKit posts the webhook. */
async function call(caller: string, line: string) {
  const roomName = `konf-_${caller}_${Math.random().toString(36).slice(2, 10)}`;
  const participant = double.addSipCaller(roomName, caller, line);
  const init = { event: 'participant_joined', room: { name: roomName }, participant } as const;
  const { rawBody, authorization } = await double.signWebhook(init);
  const response = await fetch(webhookUrl(), {
    method: 'POST',
    headers: { 'Content-Type': 'application/webhook+json', Authorization: authorization! },
    body: rawBody,
  });
  return { roomName, status: response.status, rawBody, authorization: authorization! };
}

beforeAll(async () => {
  database = await createTestDatabase();
  entra = await startLocalEntra();
  double = new LiveKitDouble();
  await double.start();
  world = await createAdviceWorld(database.db);
  // gp-1 has a registered phone; an indremedisin specialist exists so that line has a specialty.
  await world.directory.upsert([
    { id: 'gp-1', name: 'Dr gp-1', roles: ['gp'], organization: 'Lier legesenter', aadObjectId: 'oid-gp-1', phone: '900 00 001' },
    { id: 'im-1', name: 'Dr im-1', roles: ['specialist'], specialty: 'indremedisin', organization: 'Bærum sykehus', aadObjectId: 'oid-im-1' },
  ]);
  const livekit = { url: double.url, apiKey: double.apiKey, apiSecret: double.apiSecret };
  const audit = new PostgresAuditLog(database.db);
  const common = {
    store: world.store,
    directory: world.directory,
    rosters: world.rosters,
    audit,
    clock: { now: () => new Date() },
    ringTimeoutSeconds: 60,
    switchboards: SWITCHBOARDS,
  };
  app = await startTestApp({
    database,
    entra: entra.verifierOptions,
    livekitWebhook: createLiveKitWebhookHandler({
      apiKey: double.apiKey,
      apiSecret: double.apiSecret,
      ledger: new PostgresWebhookLedger(database.db),
      sink: routeVideoEvents(
        [phoneAdviceHandler({ ...common, lines: SIP.inboundNumbers, roomPrefix: SIP.roomPrefix, priority: SIP.priority, logger: capture })],
        capture,
      ),
      logger: capture,
    }),
    apiRoutes: [{ path: '/advice-requests', router: adviceRoutes({ ...common, videoRooms: new LiveKitVideoRooms(livekit) }) }],
  });
  for (const id of ['gp-1', 'v1', 'b2']) clients.set(id, api(app.url, { token: await entra.sign({ oid: `oid-${id}` }) }));
});
afterAll(async () => {
  await app?.stop();
  await world?.close();
  await double?.stop();
  await entra?.close();
  await database?.destroy();
});

describe(`phone entry (SIP) on ${testDbKind()}`, () => {
  it('setup twice makes one trunk and one individual rule; a changed config updates them in place', async () => {
    const client = createSipClient({ url: double.url, apiKey: double.apiKey, apiSecret: double.apiSecret });
    const first = await ensureSipSetup(client, SIP);
    expect(first).toMatchObject({ trunk: 'created', rule: 'created' });
    const second = await ensureSipSetup(client, SIP);
    expect(second).toEqual({ ...first, trunk: 'unchanged', rule: 'unchanged' });
    expect(double.sip.trunks.size).toBe(1);
    expect(double.sip.rules.size).toBe(1);
    const [trunk] = double.sip.trunks.values();
    expect(trunk).toMatchObject({
      name: 'samrom-konferer',
      numbers: [KARDIOLOGI_LINE, INDREMEDISIN_LINE],
      allowedAddresses: ['192.0.2.0/24'],
      allowedNumbers: [],
    });
    const [rule] = double.sip.rules.values();
    expect(rule!.trunkIds).toEqual([trunk!.sipTrunkId]);
    expect(rule!.rule?.rule).toMatchObject({ case: 'dispatchRuleIndividual', value: { roomPrefix: 'konf-', pin: '' } });
    expect(rule!.hidePhoneNumber).toBe(false);

    const changed = await ensureSipSetup(client, { ...SIP, allowedNumbers: [GP_PHONE], roomPrefix: 'konf2-' });
    expect(changed).toEqual({ ...first, trunk: 'updated', rule: 'updated' });
    expect([...double.sip.trunks.values()]).toEqual([expect.objectContaining({ sipTrunkId: first.trunkId, allowedNumbers: [GP_PHONE] })]);
    expect([...double.sip.rules.values()].map((r) => (r.rule?.rule.case === 'dispatchRuleIndividual' ? r.rule.rule.value.roomPrefix : null))).toEqual([
      'konf2-',
    ]);
    // Back as configured, through the start-up runner.
    const runner = startSipSetup(client, SIP, silent);
    expect(await runner.done).toEqual({ ...first, trunk: 'updated', rule: 'updated' });
    runner.stop();
    // SipClient signs with the sip.admin grant; the double refuses tokens without it (as LiveKit does).
    expect(double.requests.filter((r) => r.method.includes('SIP')).every((r) => r.status === 200)).toBe(true);
  });

  it('the double refuses SIP calls without the sip.admin grant, as LiveKit does', async () => {
    const token = new AccessToken(double.apiKey, double.apiSecret, { ttl: 60 });
    token.addGrant({ roomCreate: true, roomList: true, roomAdmin: true });
    const response = await fetch(`${double.url.replace('ws:', 'http:')}/twirp/livekit.SIP/ListSIPInboundTrunk`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token.toJwt()}` },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthenticated', msg: 'permissions denied: sip.admin' });
  });

  it('a start-up setup that fails is retried, not fatal', async () => {
    const wrong = createSipClient({ url: double.url, apiKey: double.apiKey, apiSecret: 'not-the-secret-at-least-32-characters!!' });
    const warnings: Record<string, unknown>[] = [];
    const runner = startSipSetup(wrong, SIP, { info: () => {}, warn: (fields) => warnings.push(fields) }, 20);
    await vi.waitFor(() => expect(warnings.length).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 5 });
    runner.stop();
    expect(warnings[1]).toMatchObject({ retryInMs: 40 });
  });

  it('a GP calling the kardiologi line asks as themselves: audio, their number as callback, the caller room; the specialist joins that room', async () => {
    const { roomName, status, rawBody, authorization } = await call(GP_PHONE, KARDIOLOGI_LINE);
    expect(status).toBe(200);
    const row = await requestInRoom(roomName);
    expect(row).toMatchObject({ requesterId: 'gp-1', specialty: 'kardiologi', priorityRank: 3, mode: 'audio', callbackPhone: GP_PHONE, status: 'queued' });
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, row!.id));
    expect(audit).toEqual([expect.objectContaining({ actorId: 'gp-1', action: 'advice_request.create', outcome: 'allowed' })]);

    // LiveKit retries a webhook it thinks failed: the replay makes no second request.
    await fetch(webhookUrl(), { method: 'POST', headers: { Authorization: authorization }, body: rawBody });
    expect(await database.db.select().from(adviceRequests).where(eq(adviceRequests.roomName, roomName))).toHaveLength(1);

    await dispatchAdvice(world.dispatchContext(), row!.id, 1);
    const accepted = await as('v1').post(`/api/advice-requests/${row!.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.join).toMatchObject({ roomName, audioOnly: true });
    const join = await as('v1').post(`/api/advice-requests/${row!.id}/join`);
    expect(join.status).toBe(200);
    expect(join.body.roomName).toBe(roomName);
    expect(decodeJwt(join.body.token)).toMatchObject({ video: { room: roomName, roomJoin: true } });
    // No second room was made for it.
    expect(double.requests.filter((r) => r.method === 'CreateRoom')).toHaveLength(0);
    expect(accepted.body.request).toMatchObject({ requester: { id: 'gp-1', name: 'Dr gp-1' }, callbackPhone: GP_PHONE });

    // The call ends after the answer: the request stays connected for the specialist to complete.
    const participant = double.participants(roomName)[0]!;
    expect((await double.sendWebhook(webhookUrl(), { event: 'participant_left', room: { name: roomName }, participant })).status).toBe(200);
    expect(await requestInRoom(roomName)).toMatchObject({ status: 'connected', acceptedBy: 'v1' });
  });

  it('an unknown number asks as system:sip, named by its number; the line called chooses the specialty', async () => {
    const stranger = '+4791234567';
    const { roomName, status } = await call(stranger, INDREMEDISIN_LINE);
    expect(status).toBe(200);
    const row = await requestInRoom(roomName);
    expect(row).toMatchObject({ requesterId: SIP_PERSON_ID, specialty: 'indremedisin', mode: 'audio', callbackPhone: stranger });
    expect((row!.isbar as { identification: string }).identification).toContain(stranger);
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, row!.id));
    expect(audit).toEqual([expect.objectContaining({ actorId: 'system:sip', action: 'advice_request.create', outcome: 'allowed' })]);
  });

  it('a caller who hangs up before an answer withdraws the request (audited as system:sip); a repeated join makes no second request', async () => {
    const { roomName } = await call('+4798765432', KARDIOLOGI_LINE);
    const participant = double.participants(roomName)[0]!;
    // The same call reported joined again under a new event id.
    expect((await double.sendWebhook(webhookUrl(), { event: 'participant_joined', room: { name: roomName }, participant })).status).toBe(200);
    expect(await database.db.select().from(adviceRequests).where(eq(adviceRequests.roomName, roomName))).toHaveLength(1);
    const left = await double.sendWebhook(webhookUrl(), { event: 'participant_left', room: { name: roomName }, participant });
    expect(left.status).toBe(200);
    const row = await requestInRoom(roomName);
    expect(row).toMatchObject({ status: 'abandoned' });
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, row!.id));
    expect(audit.map((e) => `${e.actorId}:${e.action}:${e.outcome}`)).toEqual([
      'system:sip:advice_request.create:allowed',
      'system:sip:advice_request.abandon:allowed',
    ]);
  });

  it('web participants, other rooms and numbers the line does not serve make no request', async () => {
    const before = (await database.db.select().from(adviceRequests)).length;
    const web = await double.sendWebhook(webhookUrl(), { event: 'participant_joined', room: { name: 'konf-_x_y' }, participant: { identity: 'p_web' } });
    expect(web.status).toBe(200);
    const otherRoom = double.addSipCaller('r_someone-else', GP_PHONE, KARDIOLOGI_LINE);
    expect((await double.sendWebhook(webhookUrl(), { event: 'participant_joined', room: { name: 'r_someone-else' }, participant: otherRoom })).status).toBe(
      200,
    );
    expect((await call(GP_PHONE, '+4722999999')).status).toBe(200);
    expect(await database.db.select().from(adviceRequests)).toHaveLength(before);
  });

  it('no phone number (nor a caller room name, which holds one) reached the logs', () => {
    expect(logged.length).toBeGreaterThan(10);
    expect(JSON.stringify(logged)).toContain('phone caller asked for advice');
    expect(JSON.stringify(logged).match(/.{80}(\+47\d|konf-_).{20}/g)).toBeNull();
  });
});
