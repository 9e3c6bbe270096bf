/**
 * Personal links as a mail scanner or link preview fetches them before the person taps: no
 * cookies, a link checker's user agent, `HEAD` and `GET`. And the person's tap on the link page's
 * one button: a same-origin `POST`. Shared by the guest, caller and crew link tests.
 */
import type { Page } from 'playwright-core';

/** A link checker's user agent, as mail scanners (Safe Links) and chat previews send. */
export const LINK_SCANNER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 BingPreview/1.0b';

export interface LinkAnswer {
  readonly status: number;
  readonly location: string | null;
  readonly setCookie: string | null;
  readonly text: string;
}

async function answer(res: Response): Promise<LinkAnswer> {
  return { status: res.status, location: res.headers.get('location'), setCookie: res.headers.get('set-cookie'), text: await res.text() };
}

/** `HEAD` or `GET` of a link as a scanner (or, with a cookie, the browser holding it) makes it, without following a redirect. */
export async function scanLink(url: string, method: 'GET' | 'HEAD', cookie?: string): Promise<LinkAnswer> {
  const headers: Record<string, string> = { 'user-agent': LINK_SCANNER_AGENT, ...(cookie ? { cookie } : {}) };
  return answer(await fetch(url, { method, redirect: 'manual', headers }));
}

/** A `POST` from the link page's own button (same origin), e.g. to the link or its `/new-link`. */
export async function postFromLinkPage(url: string, cookie?: string): Promise<LinkAnswer> {
  const headers: Record<string, string> = { origin: new URL(url).origin, 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}) };
  return answer(await fetch(url, { method: 'POST', redirect: 'manual', headers }));
}

/** Opens a personal link in Chromium as the person does: the link's page, then its one button; resolves once the browser has left the link. */
export async function tapLink(page: Page, link: string): Promise<void> {
  const linkPath = new URL(link).pathname;
  await page.goto(link);
  await Promise.all([page.waitForURL((u) => u.pathname !== linkPath), page.locator('main form[method="post"] button').click()]);
}
