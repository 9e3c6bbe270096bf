/**
 * Helpers for driving the tab shell in Chromium: console-error capture, axe-core checks,
 * screenshots under test-output/tabs/, the development sign-in, and a production-like app
 * (real `createApp`, production client configuration, no development sign-in).
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { Registry } from 'prom-client';
import { createTokenVerifier } from '../../server/src/adapters/auth/tokens';
import { createLogger } from '../../server/src/adapters/logger';
import { openDatabase } from '../../server/src/adapters/postgres/db';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { systemClock } from '../../server/src/core/ports';
import { createApp } from '../../server/src/http/app';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-output', 'tabs');

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Collects console errors and uncaught exceptions from a page. */
export function watchConsole(page: Page): { errors(): string[]; clear(): void } {
  let errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return { errors: () => [...errors], clear: () => void (errors = []) };
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

/**
 * Runs axe-core on the page and returns the serious and critical violations. The script goes
 * in through the DevTools protocol, which the page's Content-Security-Policy does not block.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // Colours are judged as the user sees them once they have settled, not halfway through a
  // transition (a button just clicked fades from its disabled or hover colours back to its own).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        // A paused animation never finishes, nor does an endless one: only those running to an end.
        .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: object, opts: object): Promise<{ violations: unknown[] }> } }).axe;
    // Fluent UI's focus manager (tabster) adds `<i tabindex="0" aria-hidden="true" data-tabster-dummy>`
    // sentinels around pickers and popovers that hand focus straight on; axe's aria-hidden-focus
    // rule reads them as focusable hidden content. Everything else is checked.
    const result = await axe.run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] });
    return result.violations as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** On the development sign-in page: picks a person by directory id and waits for the shell. */
export async function signInAs(page: Page, personId: string): Promise<void> {
  await page.locator(`button[data-person-id="${personId}"]`).first().click();
  await page.getByTestId('shell').waitFor();
}

/** Milliseconds from navigation start until the signed-in shell first painted (the shell's own mark). */
export async function shellVisibleMs(page: Page): Promise<number> {
  await page.getByTestId('shell').waitFor();
  return page.evaluate(() => {
    const mark = performance.getEntriesByName('samrom:shell-visible')[0];
    if (!mark) throw new Error('the shell set no samrom:shell-visible mark');
    return mark.startTime;
  });
}

/** The relative luminance (0 black – 1 white) of a CSS `rgb()`/`rgba()` colour. */
export function luminance(cssColor: string): number {
  const [r = 0, g = 0, b = 0] = (cssColor.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export interface ProductionTabsApp {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The real app as production configures it for the tabs: no development sign-in, `env`
 * production and a Teams app id. Storage is in-memory PGlite; nothing here needs more.
 */
export async function startProductionTabsApp(teamsAppId: string): Promise<ProductionTabsApp> {
  const database = await openDatabase({ kind: 'pglite-memory' });
  await database.migrate();
  const app = createApp({
    logger: createLogger({ level: 'silent' }),
    metrics: new Registry(),
    clock: systemClock,
    directory: new PostgresDirectory(database.db),
    audit: new PostgresAuditLog(database.db),
    verifier: createTokenVerifier(undefined, undefined),
    bootstrapAdminOids: [],
    readiness: [{ name: 'database', probe: () => database.ping() }],
    tabs: { config: { env: 'production', bot: { appId: teamsAppId } } },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1');
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      await database.close();
    },
  };
}

/**
 * Holds the page's LiveKit signalling WebSocket (`/rtc`) until the returned function is
 * called, then lets it through to the server (the double, which cannot complete it). Lets a
 * test look at the call view while it is still connecting.
 */
export async function holdSignalling(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.routeWebSocket(/\/rtc/, async (ws) => {
    await held;
    ws.connectToServer();
  });
  return release;
}
