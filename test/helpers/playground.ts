/**
 * Real-client test harness: the Microsoft 365 Agents Playground (a Teams-like web client shipped
 * in `@microsoft/m365agentsplayground`) pointed at a bot endpoint, driven through its web UI.
 *
 *   const pg = await startPlayground({ botEndpoint: `${bot.url}/api/messages` });
 *   const browser = await launchChromium();
 *   const page = await openPlayground(browser, pg.url);      // greeting flow already triggered
 *   await waitForBotText(page, /welcome/i);
 *   await sendMessage(page, 'help');
 *   const text = await waitForAdaptiveCard(page, 'Commands');
 *   ...
 *   await page.context().close(); await browser.close(); await pg.stop();
 *
 * Facts about the Playground (v0.2.28) this relies on:
 * - `agentsplayground --port 0` listens on a random free port; when stdout is not a TTY it prints
 *   exactly one line `Listening on <port>` (everything else goes to its log file).
 * - The backend routes (incl. `GET /_debug/ping` -> "pong") are mounted right after that line; on a
 *   bad config file they are never mounted and the process exits with code 1.
 * - `BOT_ENDPOINT` = where activities are POSTed; `TEAMSAPPTESTER_BROWSER=none` = don't open a browser;
 *   `M365_AGENTS_PLAYGROUND_LOGFILE` / `M365_AGENTS_PLAYGROUND_CONFIG_PATH` = log / identity config.
 * - The bot replies to `serviceUrl` = `http://localhost:<port>/_connector` (no auth unless configured).
 * - Each page load opens the personal chat and POSTs `/_debug/conversation/<id>/installation`; the
 *   server answers 200 at once and then fires (concurrently, order not guaranteed) an
 *   `installationUpdate` (action "add") and a `conversationUpdate` (membersAdded: user + bot) at the bot.
 *   Chat history lives in the page only: a new page starts empty, same conversation id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect, vi } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PLAYGROUND_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'agentsplayground');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'playground');

const DEFAULT_TIMEOUT_MS = 15_000;

/** DOM hooks of the Playground client. Kept in one place in case a Playground update moves them. */
export const SELECTORS = {
  /** Lexical rich-text composer. */
  input: '[role="textbox"][contenteditable="true"]',
  /** Composer send button (accessible name). */
  sendButtonName: 'Send Message',
  /** One bot message bubble (Fluent Copilot OutputCard); user messages are not OutputCards. */
  botMessage: '.fai-OutputCard',
  /** A rendered Adaptive Card (adaptivecards JS renderer). */
  adaptiveCard: '.ac-adaptiveCard',
  adaptiveCardTextBlock: '.ac-textBlock',
  /** Card actions: Action.Submit/Execute render role=button, Action.OpenUrl renders role=link. */
  adaptiveCardAction: '.ac-actionSet button',
} as const;

// ---------------------------------------------------------------------------------------------
// Identity (the Playground's mocked Teams context)
// ---------------------------------------------------------------------------------------------

export interface PlaygroundUser {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly userPrincipleName?: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly email?: string;
}

export interface PlaygroundIdentity {
  readonly tenantId: string;
  readonly bot: { readonly id: string; readonly name: string };
  /** The person "typing" in the Playground: `from` of every activity it sends. */
  readonly currentUser: PlaygroundUser;
  /** Conversation id of the personal chat; a random UUID when omitted. */
  readonly personalChatId?: string;
}

/**
 * What the Playground sends without a config file. NB: these are NOT valid GUIDs (one digit too
 * many), so a bot validating tenant/AAD ids as UUIDs must be given an `identity`.
 */
export const DEFAULT_PLAYGROUND_IDENTITY: PlaygroundIdentity = {
  tenantId: '00000000-0000-0000-0000-0000000000001',
  bot: { id: '00000000-0000-0000-0000-00000000000011', name: 'Test Bot' },
  currentUser: {
    id: 'user-id-0',
    name: 'Alex Wilber',
    aadObjectId: '00000000-0000-0000-0000-0000000000020',
    userPrincipleName: 'alexw@example.com',
    givenName: 'Alex',
    surname: 'Wilber',
    email: 'alexw@example.com',
  },
};

/** The schema demands exactly five other users (group chat / team members). */
const OTHER_USERS: readonly PlaygroundUser[] = [
  ['Megan', 'Bowen'],
  ['Adele', 'Vance'],
  ['Isaiah', 'Langer'],
  ['Patti', 'Fernandez'],
  ['Lynne', 'Robbins'],
].map(([given, sur], i) => ({
  id: `user-id-${i + 1}`,
  name: `${given} ${sur}`,
  aadObjectId: `00000000-0000-0000-0000-0000000000${21 + i}`,
  userPrincipleName: `${given!.toLowerCase()}@example.com`,
  givenName: given!,
  surname: sur!,
  email: `${given!.toLowerCase()}@example.com`,
}));

export interface PlaygroundIdentityOverrides {
  readonly tenantId?: string;
  readonly bot?: Partial<PlaygroundIdentity['bot']>;
  readonly currentUser?: Partial<PlaygroundUser>;
  readonly personalChatId?: string;
}

export function resolveIdentity(overrides: PlaygroundIdentityOverrides = {}): PlaygroundIdentity {
  const d = DEFAULT_PLAYGROUND_IDENTITY;
  return {
    tenantId: overrides.tenantId ?? d.tenantId,
    bot: { ...d.bot, ...overrides.bot },
    currentUser: { ...d.currentUser, ...overrides.currentUser },
    ...(overrides.personalChatId ? { personalChatId: overrides.personalChatId } : {}),
  };
}

/** The `.m365agentsplayground.yml` (schema 0.1.1) for an identity. JSON strings are valid YAML scalars. */
export function playgroundConfigYaml(identity: PlaygroundIdentity): string {
  const q = (s: string) => JSON.stringify(s);
  const user = (u: PlaygroundUser, indent: string) =>
    Object.entries(u)
      .filter(([, v]) => v !== undefined)
      .map(([k, v], i) => `${i === 0 ? indent.slice(0, -2) + '- ' : indent}${k}: ${q(String(v))}`)
      .join('\n');
  const current = Object.entries(identity.currentUser)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `  ${k}: ${q(String(v))}`)
    .join('\n');
  return [
    'version: "0.1.1"',
    `tenantId: ${q(identity.tenantId)}`,
    'bot:',
    `  id: ${q(identity.bot.id)}`,
    `  name: ${q(identity.bot.name)}`,
    'currentUser:',
    current,
    'users:',
    ...OTHER_USERS.map((u) => user(u, '    ')),
    // The __PERSONAL_CHAT_ID__ placeholders of the built-in config are only substituted there;
    // from a file they would be sent verbatim as conversation.id.
    'personalChat:',
    `  id: ${q(identity.personalChatId ?? randomUUID())}`,
    'groupChat:',
    `  id: ${q(randomUUID())}`,
    '  name: Group Chat',
    'team:',
    '  id: team-id',
    '  name: My Team',
    '  aadGroupId: 00000000-0000-0000-0000-000000000031',
    '  channels:',
    '    - id: channel-announcements-id',
    '      name: Announcements',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Process
// ---------------------------------------------------------------------------------------------

export interface StartPlaygroundOptions {
  /** Full messaging endpoint, e.g. `http://127.0.0.1:3978/api/messages`. */
  readonly botEndpoint: string;
  /** Mocked Teams identity; omitted = the Playground's built-in defaults (see DEFAULT_PLAYGROUND_IDENTITY). */
  readonly identity?: PlaygroundIdentityOverrides;
  /** Default `msteams`. */
  readonly channelId?: 'msteams' | 'directline' | 'webchat' | 'emulator' | 'agents';
  /** Extra environment for the Playground process. */
  readonly env?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
}

export interface Playground {
  /** Web client origin, e.g. `http://localhost:41234`. */
  readonly url: string;
  readonly port: number;
  /** What the bot sees as `activity.serviceUrl`. */
  readonly serviceUrl: string;
  /** Effective identity when `identity` was given, otherwise the built-in defaults. */
  readonly identity: PlaygroundIdentity;
  /** stdout+stderr and the Playground's own log file, for failure diagnostics. */
  logs(): Promise<string>;
  stop(): Promise<void>;
}

export async function startPlayground(options: StartPlaygroundOptions): Promise<Playground> {
  const dir = await mkdtemp(join(tmpdir(), 'agents-playground-'));
  const logFile = join(dir, 'playground.log');
  const identity = resolveIdentity(options.identity);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BOT_ENDPOINT: options.botEndpoint,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    ...options.env,
  };
  // The Playground routes its bot calls through HTTP(S)_PROXY when set; everything here is local.
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete env[k];
  if (options.identity) {
    const configPath = join(dir, 'm365agentsplayground.yml');
    await writeFile(configPath, playgroundConfigYaml(identity));
    env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = configPath;
  }

  const args = ['--port', '0', '--disable-telemetry'];
  if (options.channelId) args.push('--channel-id', options.channelId);

  // cwd = private temp dir, so no stray `.m365agentsplayground.yml`/`devTools/` is read or written
  // in the repo. detached = own process group, so stop() can take down the whole tree.
  const child = spawn(PLAYGROUND_BIN, args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  // A detached child outlives a crashed test process; take it down with us.
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => {
    hasExited = true;
    process.off('exit', killOnExit);
  });

  const logs = async () => {
    const file = await readFile(logFile, 'utf8').catch(() => '');
    return `--- playground stdout/stderr ---\n${output}\n--- ${logFile} ---\n${file}`;
  };

  const stop = async () => {
    if (!hasExited && child.pid) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    const port = await withTimeout(
      waitForListening(child, exited, () => output),
      timeoutMs,
      'Playground "Listening on" line',
    );
    const url = `http://localhost:${port}`;
    await withTimeout(
      waitForPing(`http://127.0.0.1:${port}`, () => hasExited),
      timeoutMs,
      'Playground /_debug/ping',
    );
    return { url, port, serviceUrl: `${url}/_connector`, identity, logs, stop };
  } catch (err) {
    const detail = await logs();
    await stop();
    throw new Error(`Agents Playground failed to start: ${(err as Error).message}\n${detail}`);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

function waitForListening(child: ChildProcess, exited: Promise<number | null>, output: () => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onData = () => {
      const m = /Listening on (\d+)/.exec(output());
      if (m) {
        child.stdout!.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    onData();
    void exited.then((code) => reject(new Error(`process exited with code ${code} before listening`)));
  });
}

/** Backend routes exist once mountBackend ran; a config error leaves only the static client (404) and exits. */
async function waitForPing(origin: string, hasExited: () => boolean): Promise<void> {
  let exited = false;
  await vi.waitFor(
    async () => {
      exited = hasExited();
      if (exited) return;
      const res = await fetch(`${origin}/_debug/ping`).catch(() => undefined);
      expect(res?.ok && (await res.text()), '/_debug/ping').toBe('pong');
    },
    { timeout: 10_000, interval: 50 },
  );
  if (exited) throw new Error('process exited during startup');
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// Page
// ---------------------------------------------------------------------------------------------

export interface OpenPlaygroundOptions {
  /**
   * Browser locale (navigator.language). NB: does not reach the bot — the Playground server
   * hard-codes `locale: "en-US"` (and clientInfo locale) in every activity it sends.
   */
  readonly locale?: string;
  readonly viewport?: { width: number; height: number };
  /**
   * Wait until the client has asked the server to send installationUpdate + conversationUpdate
   * to the bot (default true). Turn off for channels/chats where it never happens.
   */
  readonly waitForInstallation?: boolean;
  /** Default 30 s (also becomes the page's default action timeout). */
  readonly timeoutMs?: number;
}

/**
 * A fresh browser context + page on the Playground. Requests to any other origin (Office CDN
 * fonts, telemetry) are aborted at once instead of waiting on DNS in the closed network.
 * Close with `page.context().close()`. Use one page per Playground at a time: all pages share
 * the same personal-chat conversation.
 */
export async function openPlayground(browser: Browser, url: string, options: OpenPlaygroundOptions = {}): Promise<Page> {
  // Loading + parsing the 9 MB client bundle alone takes ~4 s in headless Chromium.
  const timeout = options.timeoutMs ?? 30_000;
  const origin = new URL(url).origin;
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 900 },
    ...(options.locale ? { locale: options.locale } : {}),
  });
  try {
    await context.route(
      (u) => u.origin !== origin,
      (route) => route.abort(),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    const installed =
      options.waitForInstallation === false
        ? undefined
        : page.waitForResponse((r) => r.request().method() === 'POST' && /^\/_debug\/conversation\/[^/]+\/installation$/.test(new URL(r.url()).pathname), {
            timeout,
          });
    await page.goto(url);
    if (installed) {
      const res = await installed.catch((err: Error) => {
        throw new Error(
          `${err.message}\nThe Playground client never triggered installation. Its GET /_internal/v1/config first ` +
            `waits (up to 15 s) until the bot endpoint answers HTTP at all — is the bot listening?`,
        );
      });
      if (!res.ok()) throw new Error(`Playground installation request failed: HTTP ${res.status()}`);
    }
    await page.locator(SELECTORS.input).waitFor({ state: 'visible', timeout });
    return page;
  } catch (err) {
    await context.close();
    throw err;
  }
}

/**
 * Type `text` into the composer and send it. Resolves once the Playground server accepted the
 * message (its POST /_conversation/v1/conversations/<id>/messages answered 2xx).
 */
export async function sendMessage(page: Page, text: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const input = page.locator(SELECTORS.input);
  await input.click({ timeout: timeoutMs });
  await input.fill(text, { timeout: timeoutMs });
  const posted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /^\/_conversation\/v1\/conversations\/[^/]+\/messages$/.test(new URL(r.url()).pathname),
    { timeout: timeoutMs },
  );
  await page.getByRole('button', { name: SELECTORS.sendButtonName, exact: true }).click({ timeout: timeoutMs });
  const res = await posted;
  if (!res.ok()) throw new Error(`Playground rejected the message: HTTP ${res.status()} ${await res.text()}`);
}

/** All bot message bubbles in the open chat, oldest first. */
export function botMessages(page: Page): Locator {
  return page.locator(SELECTORS.botMessage);
}

/**
 * Waits for a bot bubble (plain text or card) containing `match`; returns the newest matching
 * bubble's visible text. A string matches case-insensitively as a substring of the *rendered*
 * text (bot text is rendered as markdown); use a RegExp for exact matching.
 */
export async function waitForBotText(page: Page, match: string | RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  const bubble = botMessages(page).filter({ hasText: match }).last();
  await bubble.waitFor({ state: 'visible', timeout: timeoutMs });
  return bubble.innerText();
}

/** The newest rendered Adaptive Card containing `containsText`. */
export function adaptiveCard(page: Page, containsText: string | RegExp): Locator {
  return page.locator(`${SELECTORS.botMessage} ${SELECTORS.adaptiveCard}`).filter({ hasText: containsText }).last();
}

/** Waits for an Adaptive Card containing `containsText`; returns its visible text (text blocks, inputs, action titles). */
export async function waitForAdaptiveCard(page: Page, containsText: string | RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  const card = adaptiveCard(page, containsText);
  await card.waitFor({ state: 'visible', timeout: timeoutMs });
  return card.innerText();
}

/** Titles of the card's actions (buttons and links), in order. */
export async function cardActionTitles(page: Page, containsText: string | RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string[]> {
  const card = adaptiveCard(page, containsText);
  await card.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await card.locator(SELECTORS.adaptiveCardAction).allInnerTexts()).map((t) => t.trim());
}

/**
 * Clicks the Action.Submit/Action.Execute titled `title` on the newest card containing
 * `containsText`; resolves once the Playground server accepted it (POST /_conversation/...).
 * For Action.Submit the bot receives a `message` activity with no text, `value` = the action's
 * data and `replyToId` = the card's message id. (Action.OpenUrl posts nothing — don't use this.)
 */
export async function clickCardAction(page: Page, containsText: string | RegExp, title: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const button = adaptiveCard(page, containsText).locator(SELECTORS.adaptiveCardAction, { hasText: title }).first();
  await button.waitFor({ state: 'visible', timeout: timeoutMs });
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/_conversation/'), {
    timeout: timeoutMs,
  });
  await button.click({ timeout: timeoutMs });
  const res = await posted;
  if (!res.ok()) throw new Error(`Playground rejected the card action: HTTP ${res.status()} ${await res.text()}`);
}

/** Full-page PNG under test-output/playground/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
