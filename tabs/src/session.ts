/**
 * What the page knows before anyone signs in: the client configuration the server rendered
 * into the page, and (development only) the sign-in token kept for this browser tab.
 */
export interface ClientConfig {
  /** The development sign-in is available (never in production). */
  readonly devSignIn: boolean;
  readonly env: 'development' | 'production' | 'test';
  /** The Teams app id, for links that open Samrom in Teams. */
  readonly appId?: string;
}

const CONFIG_META = 'samrom-client-config';
const CONFIG_URL = '/app/config.json';
/** Where the development sign-in keeps its token (sessionStorage). */
export const TOKEN_KEY = 'samrom.devToken';
/** Drop a token this long before it expires rather than send one that dies mid-request. */
const EXPIRY_MARGIN_MS = 30_000;

function parseConfig(value: unknown): ClientConfig | undefined {
  const c = value as Partial<ClientConfig> | null;
  if (typeof c !== 'object' || c === null || typeof c.devSignIn !== 'boolean') return undefined;
  const env = c.env === 'production' || c.env === 'test' ? c.env : 'development';
  return { devSignIn: c.devSignIn, env, ...(typeof c.appId === 'string' && c.appId ? { appId: c.appId } : {}) };
}

/** Reads the configuration the server put in the page; asks for it only when it is missing (the Vite dev server). */
export async function loadClientConfig(): Promise<ClientConfig> {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${CONFIG_META}"]`)?.content;
  if (meta) {
    try {
      const fromPage = parseConfig(JSON.parse(meta));
      if (fromPage) return fromPage;
    } catch (err) {
      console.warn('Samrom: ignoring an unreadable client configuration in the page', err);
    }
  }
  const res = await fetch(CONFIG_URL, { headers: { accept: 'application/json' } });
  const fetched = parseConfig(await res.json());
  if (!fetched) throw new Error(`${CONFIG_URL} returned no usable configuration`);
  return fetched;
}

export interface StoredToken {
  readonly token: string;
  readonly expiresAt: string;
}

export function readDevToken(now = Date.now()): string | undefined {
  const raw = sessionStorage.getItem(TOKEN_KEY);
  if (!raw) return undefined;
  try {
    const stored = JSON.parse(raw) as Partial<StoredToken>;
    if (typeof stored.token === 'string' && Date.parse(String(stored.expiresAt)) - EXPIRY_MARGIN_MS > now) return stored.token;
  } catch {
    // An unreadable entry is as good as none; it is removed below.
  }
  sessionStorage.removeItem(TOKEN_KEY);
  return undefined;
}

export function storeDevToken(token: StoredToken): void {
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(token));
}

export function clearDevToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
