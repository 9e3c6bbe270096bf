/**
 * The Teams host, when there is one. `@microsoft/teams-js` is loaded only when the page could
 * be inside Teams (framed, opened as a pop-up, or in the mobile webview), so a plain browser
 * never downloads it. `app.initialize()` rejects at once outside any frame but never settles
 * inside a foreign iframe, hence the timeout.
 */
import type * as TeamsJs from '@microsoft/teams-js';

/** How long to wait for Teams before treating the page as a plain browser. */
export const TEAMS_INIT_TIMEOUT_MS = 4_000;
/** SSO normally answers in well under a second; past this, something is wrong. */
export const TEAMS_TOKEN_TIMEOUT_MS = 15_000;

export interface TeamsContext {
  readonly locale: string | undefined;
  readonly theme: string | undefined;
  /** A deep link's `subEntityId`. */
  readonly subPageId: string | undefined;
  readonly frameContext: string | undefined;
}

export interface TabConfigChoice {
  readonly entityId: string;
  readonly contentUrl: string;
  readonly suggestedDisplayName: string;
}

export interface TeamsHost {
  readonly context: TeamsContext;
  /** The Entra ID token for Samrom's API (Teams SSO). */
  getAuthToken(): Promise<string>;
  onThemeChange(handler: (theme: string) => void): void;
  /** Tells Teams the tab has rendered (hides its loading indicator). */
  notifyLoaded(): void;
  /** Configurable tabs: what Save stores. `undefined` disables Save. */
  setTabConfig(choice: TabConfigChoice | undefined): void;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** Cheap check before loading the SDK: Teams always frames the tab, opens a pop-up, or uses its webview. */
export function mightBeInTeams(win: Window = window): boolean {
  let framed: boolean;
  try {
    framed = win.self !== win.top;
  } catch {
    framed = true; // a cross-origin parent makes `top` throw in some browsers
  }
  return framed || win.opener != null || 'nativeInterface' in win;
}

/** Connects to Teams, or resolves `undefined` when the page is not inside Teams. */
export async function connectTeams(timeoutMs = TEAMS_INIT_TIMEOUT_MS): Promise<TeamsHost | undefined> {
  if (!mightBeInTeams()) return undefined;
  let sdk: typeof TeamsJs;
  try {
    sdk = await import('@microsoft/teams-js');
    await withTimeout(sdk.app.initialize(), timeoutMs, 'Teams initialize');
  } catch (err) {
    console.info('Samrom: not inside Teams, continuing as a web page:', err instanceof Error ? err.message : err);
    return undefined;
  }
  const ctx = await withTimeout(sdk.app.getContext(), timeoutMs, 'Teams getContext');
  return teamsHost(sdk, ctx);
}

function teamsHost(sdk: typeof TeamsJs, ctx: TeamsJs.app.Context): TeamsHost {
  let saveHandlerRegistered = false;
  let choice: TabConfigChoice | undefined;
  return {
    context: {
      locale: ctx.app.locale,
      theme: ctx.app.theme,
      subPageId: ctx.page.subPageId,
      frameContext: ctx.page.frameContext,
    },
    getAuthToken: () => withTimeout(sdk.authentication.getAuthToken(), TEAMS_TOKEN_TIMEOUT_MS, 'Teams SSO'),
    onThemeChange: (handler) => sdk.app.registerOnThemeChangeHandler(handler),
    notifyLoaded: () => {
      sdk.app.notifyAppLoaded();
      sdk.app.notifySuccess();
    },
    setTabConfig: (next) => {
      choice = next;
      if (!sdk.pages.config.isSupported()) return;
      if (!saveHandlerRegistered) {
        saveHandlerRegistered = true;
        sdk.pages.config.registerOnSaveHandler((saveEvent) => {
          if (!choice) return saveEvent.notifyFailure('no choice');
          const { entityId, contentUrl, suggestedDisplayName } = choice;
          sdk.pages.config
            .setConfig({ entityId, contentUrl, websiteUrl: contentUrl, suggestedDisplayName })
            .then(() => saveEvent.notifySuccess())
            .catch((err: unknown) => {
              console.error('Samrom: saving the tab configuration failed', err);
              saveEvent.notifyFailure(err instanceof Error ? err.message : String(err));
            });
        });
      }
      sdk.pages.config.setValidityState(next !== undefined);
    },
  };
}
