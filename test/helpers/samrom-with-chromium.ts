/**
 * What a browser test of the tabs starts with: the tabs built, Samrom as a real process on a
 * fresh data folder (embedded PGlite and the demo directory, as `npm start` runs it), and
 * Chromium — optionally with the LiveKit double and the test Redis behind Samrom, and a fake
 * camera in Chromium.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildTabsIfStale } from '../../tabs/build-if-stale';
import { LiveKitDouble } from '../doubles/livekit-double';
import { launchChromium } from './chromium';
import { testRedisUrl, uniquePrefix } from './redis';
import { type SamromProcess, freePort, spawnSamrom, waitUntilRunning } from './samrom-process';

export interface SamromWithChromium {
  readonly samrom: SamromProcess;
  readonly browser: Browser;
  /** The LiveKit double behind Samrom (with `livekit: true`): stop and start it to take the video server away. */
  readonly livekit?: LiveKitDouble;
  /** Closes Chromium, stops Samrom (SIGTERM) and the double, and removes the data folder. */
  stop(): Promise<void>;
}

export interface SamromWithChromiumOptions {
  /** Names the data folder and the queue prefix. */
  readonly name: string;
  /** Samrom on the LiveKit double and the test Redis (a fresh queue prefix). */
  readonly livekit?: boolean;
  /** Chromium with a fake camera and microphone. */
  readonly fakeMedia?: boolean;
  /** Extra Chromium switches, e.g. `--autoplay-policy=document-user-activation-required`. */
  readonly chromiumArgs?: readonly string[];
}

export async function startSamromWithChromium(o: SamromWithChromiumOptions): Promise<SamromWithChromium> {
  await buildTabsIfStale();
  const livekit = o.livekit ? new LiveKitDouble() : undefined;
  await livekit?.start();
  const dataDir = await mkdtemp(path.join(tmpdir(), `samrom-${o.name}-`));
  const port = String(await freePort());
  const samrom = spawnSamrom({
    PORT: port,
    PUBLIC_BASE_URL: `http://localhost:${port}`,
    DATA_DIR: dataDir,
    ...(livekit && {
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: uniquePrefix(`${o.name}-e2e`).replaceAll(':', '_'),
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
    }),
  });
  const stopAll = async (browser: Browser | undefined) => {
    await browser?.close();
    await samrom.stop('SIGTERM');
    await livekit?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  const [started, launched] = await Promise.allSettled([waitUntilRunning(samrom, 120_000), launchChromium({ fakeMedia: o.fakeMedia, args: o.chromiumArgs })]);
  if (started.status === 'rejected' || launched.status === 'rejected') {
    await stopAll(launched.status === 'fulfilled' ? launched.value : undefined);
    throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  const browser = launched.value;
  return { samrom, browser, ...(livekit && { livekit }), stop: () => stopAll(browser) };
}
