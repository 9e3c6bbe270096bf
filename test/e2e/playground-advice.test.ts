/**
 * The konfereringstelefon walkthrough (issue #6, "Done when"): a GP in the Microsoft 365 Agents
 * Playground asks for advice in kardiologi; the on-call specialist's card arrives; with a short
 * ring timeout (2 s) and no answer, the bakvakt's card arrives; the bakvakt accepts and both get
 * a join link; the GP's card shows each step, updated in place.
 *
 * What is real: Samrom as `npm start` runs it (its own process, PostgreSQL, Redis, the advice
 * worker, the TeamsNotifier); the Playground process and its Bot Connector; the GP typing
 * «konferer», filling the form and pressing «Send request» in the Playground's web UI in
 * Chromium; the GP's status card rendered by the Playground, updated in place through its
 * `PUT /v3/conversations/:id/activities/:id` (the same bubble, re-rendered).
 *
 * What stands in: the Playground shows one user per page. The two specialists are other users
 * of the same Playground tenant: their personal chats are made in the Playground's connector
 * (`POST /v3/conversations`, as a bot creates a chat), and the bot learns them from an
 * install activity posted to /api/messages as a Teams client would (bot auth is off in
 * development, as with the Playground). Their serviceUrl is the Playground's connector behind
 * a recording pass-through, so every ring card really reaches the Playground (which answers
 * with its own ids) and the test reads what was sent. The bakvakt's «Accept» is the real bot
 * protocol: a message activity carrying the ring card's own Action.Submit data, replying to
 * the card's activity id.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../server/src/seed/vestre-viken';
import { type ApiClient, api } from '../helpers/app';
import { launchChromium } from '../helpers/chromium';
import { type Playground, SELECTORS, adaptiveCard, clickCardAction, openPlayground, screenshot, sendMessage } from '../helpers/playground';
import type { SamromProcess } from '../helpers/samrom-process';
import { type SamromInPlayground, startSamromInPlayground } from '../helpers/samrom-in-playground';

const TENANT_ID = '6f1c2a9e-4b3d-4e8f-9a0b-1c2d3e4f5a6b';
const GP = DEMO_PEOPLE.find((p) => p.id === 'gp-drammen-1')!;
const SITUATION = 'Uklare brystsmerter siden i natt, normalt EKG';
const FORM = /Ask the doctor on call for advice/;
const STATUS = 'Forløp / Steps';
const WAIT_MS = 30_000;

let started: SamromInPlayground;
let samrom: SamromProcess;
let playground: Playground;
let relay: RecordingRelay;
let browser: Browser;
let page: Page;

interface Relayed {
  readonly method: string;
  readonly conversationId: string;
  /** Set for updates (PUT …/activities/:id) and replies. */
  readonly activityId: string | null;
  readonly body: Record<string, unknown>;
  /** The Playground's answer, e.g. `{id}` of a new message. */
  readonly answer: Record<string, unknown>;
}

interface RecordingRelay {
  readonly serviceUrl: string;
  readonly sent: Relayed[];
  close(): Promise<void>;
}

/** Passes every connector call on to the Playground unchanged, and records it. */
async function startRelay(target: string): Promise<RecordingRelay> {
  const sent: Relayed[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = (req.url ?? '').replace(/^\/_connector/, '');
      const answer = await fetch(`${target}${url}`, {
        method: req.method ?? 'GET',
        headers: { 'content-type': 'application/json' },
        ...(raw && req.method !== 'GET' ? { body: raw } : {}),
      });
      const text = await answer.text();
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(url);
      if (match) {
        sent.push({
          method: req.method ?? '',
          conversationId: decodeURIComponent(match[1]!),
          activityId: match[2] ? decodeURIComponent(match[2]) : null,
          body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
          answer: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/_connector`,
    sent,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

interface Specialist {
  readonly personId: string;
  readonly name: string;
  readonly playgroundUserId: string;
  readonly aadObjectId: string;
  conversationId: string;
}

async function signedIn(personId: string): Promise<ApiClient> {
  const client = api(samrom.baseUrl);
  const res = await client.post('/api/dev/sign-in', { personId });
  expect(res.status).toBe(200);
  return client.as(res.body.token);
}

/** What a Teams client posts to the bot for this user in their personal chat. */
function activity(s: Specialist, type: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    type,
    id: `spec-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: relay.serviceUrl,
    locale: 'en-US',
    from: { id: s.playgroundUserId, name: s.name, aadObjectId: s.aadObjectId },
    recipient: { id: playground.identity.bot.id, name: playground.identity.bot.name },
    conversation: { id: s.conversationId, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    ...extra,
  };
}

async function postToBot(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${samrom.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBeLessThan(300);
}

/** Gives the specialist a personal chat in the Playground and installs the bot in it. */
async function installFor(s: Specialist): Promise<void> {
  const created = await fetch(`${playground.serviceUrl}/v3/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      isGroup: false,
      bot: playground.identity.bot,
      members: [{ id: s.playgroundUserId }],
      tenantId: TENANT_ID,
      channelData: { tenant: { id: TENANT_ID } },
    }),
  });
  expect(created.status).toBe(201);
  s.conversationId = ((await created.json()) as { id: string }).id;
  await postToBot(activity(s, 'conversationUpdate', { membersAdded: [{ id: playground.identity.bot.id }] }));
  // The bot answers within the turn: its greeting has reached the Playground, so the chat is known on both sides.
  expect(relay.sent.filter((r) => r.conversationId === s.conversationId && r.method === 'POST' && typeof r.answer.id === 'string')).toHaveLength(1);
}

const ringsTo = (s: Specialist) =>
  relay.sent.filter((r) => r.conversationId === s.conversationId && r.method === 'POST' && JSON.stringify(r.body).includes('"samromAction":"advice.accept"'));

async function requestInDb(): Promise<{ id: string; status: string; accepted_by: string | null }> {
  const client = new pg.Client({ connectionString: started.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select id, status, accepted_by from advice_requests where requester_id = $1', [GP.id]);
    expect(rows).toHaveLength(1);
    return rows[0];
  } finally {
    await client.end();
  }
}

let onCall: Specialist;
let bakvakt: Specialist;

beforeAll(async () => {
  started = await startSamromInPlayground({
    name: 'playground-advice',
    env: { ADVICE_RING_TIMEOUT_SECONDS: '2' },
    identity: { tenantId: TENANT_ID, currentUser: { id: 'user-gp', name: GP.name, aadObjectId: GP.aadObjectId! }, personalChatId: 'a:samrom-e2e-advice-chat' },
  });
  ({ samrom, playground } = started);
  relay = await startRelay(playground.serviceUrl);

  // Who is on call in kardiologi now (the demo roster): level 1 and the bakvakt (level 2).
  const coordinator = await signedIn(DEMO_PEOPLE.find((p) => p.roles.includes('coordinator') && p.specialty === 'kardiologi')!.id);
  const chain = (await coordinator.get('/api/rosters/kardiologi/on-call')).body.chain as {
    level: number;
    people: { personId: string; personName: string }[];
  }[];
  const at = (level: number) => chain.find((l) => l.level === level)!.people[0]!;
  const [one, two] = [at(1), at(2)];
  // Their Teams identities (the demo gives only one of them an Entra object id).
  const admin = await signedIn('admin-1');
  const people = [one, two].map((p, i) => ({ ...DEMO_PEOPLE.find((d) => d.id === p.personId)!, aadObjectId: `0b6b5d3e-77c1-4f0a-9d7e-00000000000${i + 1}` }));
  expect((await admin.post('/api/admin/directory', { people })).status).toBe(200);
  onCall = { personId: one.personId, name: one.personName, playgroundUserId: 'user-id-1', aadObjectId: people[0]!.aadObjectId, conversationId: '' };
  bakvakt = { personId: two.personId, name: two.personName, playgroundUserId: 'user-id-2', aadObjectId: people[1]!.aadObjectId, conversationId: '' };
  await installFor(onCall);
  await installFor(bakvakt);

  browser = await launchChromium();
  page = await openPlayground(browser, playground.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await started?.stop();
});

/** Every status card in the GP's chat (there must only ever be one). */
const statusCards = (): Locator => page.locator(`${SELECTORS.botMessage} ${SELECTORS.adaptiveCard}`).filter({ hasText: STATUS });
const statusText = async () => ((await statusCards().count()) === 1 ? statusCards().first().innerText() : `(${await statusCards().count()} status cards)`);

describe('asking for advice in the Agents Playground (konfereringstelefon)', () => {
  it('the GP asks in kardiologi; level 1 is rung, then the bakvakt after the ring timeout; the bakvakt accepts; the GP’s one card shows each step and the join link', async () => {
    // The GP asks, in the Playground's UI.
    await sendMessage(page, 'konferer');
    const form = adaptiveCard(page, FORM);
    await form.waitFor({ state: 'visible', timeout: WAIT_MS });
    // The Playground renders a compact choice set as a Fluent combobox (its list opens in a popup);
    // the form is in English here, so the specialty reads by its English name.
    await form.getByRole('combobox').first().click();
    await page.getByRole('option', { name: 'Cardiology' }).click();
    await form.getByLabel('Situation').fill(SITUATION);
    await clickCardAction(page, FORM, 'Send request');

    // The reply is the status card; the worker rings level 1 and the same card says so.
    await expect.poll(statusText, { timeout: WAIT_MS }).toContain('Konferanse i Kardiologi');
    await expect.poll(() => ringsTo(onCall).length, { timeout: WAIT_MS }).toBe(1);
    await expect.poll(statusText, { timeout: WAIT_MS }).toMatch(/Ringer vakthavende \(nivå 1\)\s+Ringing the doctor on call \(level 1\)/);
    await screenshot(page, 'advice-ringing-level-1');

    // No answer within 2 s: the bakvakt's card arrives, and the GP's card follows.
    await expect.poll(() => ringsTo(bakvakt).length, { timeout: WAIT_MS }).toBe(1);
    await expect.poll(statusText, { timeout: WAIT_MS }).toMatch(/Ringer bakvakt \(nivå 2\)\s+Ringing the backup \(level 2\)/);
    await screenshot(page, 'advice-ringing-bakvakt');
    const ring = ringsTo(bakvakt)[0]!;
    const ringCard = (ring.body.attachments as { content: { body: { text: string }[]; actions: { title: string; data?: unknown }[] } }[])[0]!.content;
    expect(ringCard.body.map((b) => b.text).join(' ')).toContain(`fra ${GP.name}, ${GP.organization}`);

    // The bakvakt presses «Svar / Accept» on that card: the card's own data, replying to its message.
    const acceptAction = ringCard.actions.find((a) => a.title === 'Svar / Accept')!;
    await postToBot(activity(bakvakt, 'message', { replyToId: ring.answer.id, value: acceptAction.data }));
    const request = await requestInDb();
    expect(request).toMatchObject({ status: 'connected', accepted_by: bakvakt.personId });
    const link = `${samrom.baseUrl}/app/konferer/${request.id}`;

    // Both get the join link: the bakvakt in the bot's answer, the GP in the updated card.
    await expect
      .poll(() => relay.sent.some((r) => r.conversationId === bakvakt.conversationId && String(r.body.text ?? '').includes(link)), { timeout: WAIT_MS })
      .toBe(true);
    await expect.poll(statusText, { timeout: WAIT_MS }).toContain(`${bakvakt.name}`);
    const final = await statusText();
    expect(final).toContain('har svart på konferansen i Kardiologi');
    // The steps, in order (the card's numbered lines render as a list, so the numbers are not text).
    expect(final).toMatch(
      /Satt i kø \/ Queued\s+Ringer vakthavende \(nivå 1\) \/ Ringing the doctor on call \(level 1\)\s+Ringer bakvakt \(nivå 2\) \/ Ringing the backup \(level 2\)\s+(.+\s+)?Besvart av .+ \/ Answered by /,
    );
    // «Bli med / Join» opens the request (the call) in the tab: pressing it in the Playground opens that address.
    const opened = page.context().waitForEvent('request', { predicate: (r) => r.url() === link, timeout: WAIT_MS });
    await statusCards().first().getByRole('link', { name: 'Bli med / Join' }).click();
    expect((await opened).url()).toBe(link);
    await screenshot(page, 'advice-answered');

    // One card all along: updated in place, never posted again.
    expect(await statusCards().count()).toBe(1);
    // Level 1's ring card is closed in place too (the Playground's update call, on its message id).
    const firstRing = ringsTo(onCall)[0]!;
    await expect
      .poll(() => relay.sent.some((r) => r.method === 'PUT' && r.conversationId === onCall.conversationId && r.activityId === firstRing.answer.id), {
        timeout: WAIT_MS,
      })
      .toBe(true);
    // Nothing clinical left Samrom for Teams.
    expect(JSON.stringify(relay.sent)).not.toContain(SITUATION);
    expect(final).not.toContain(SITUATION);
  }, 120_000);
});
