/**
 * Headless Debian Chromium driven by playwright-core. `npx playwright install` cannot download
 * browsers here, so we always point at the system binary.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Without the background-networking/component-update/sync switches Chromium keeps trying to reach
 * Google services and floods the closed network with DNS lookups.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Auto-grant getUserMedia and feed it a synthetic camera/microphone (for video-call pages). */
export const FAKE_MEDIA_ARGS: readonly string[] = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

export interface LaunchChromiumOptions {
  /** Add the fake camera/microphone switches. */
  readonly fakeMedia?: boolean;
  /** Extra command-line switches. */
  readonly args?: readonly string[];
}

export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.fakeMedia ? FAKE_MEDIA_ARGS : []), ...(options.args ?? [])],
  });
}
