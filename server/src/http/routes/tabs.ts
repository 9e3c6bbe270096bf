/**
 * Serves the tab shell (`tabs/dist`, built by Vite) under `/app/`, and the public client
 * configuration the shell needs before anyone signs in.
 *
 * Hashed assets are cached for a year; `index.html` is never cached, so a deployment takes
 * effect on the next load. Every other `/app/*` path gets `index.html` (the shell routes by
 * URL, so deep links such as `/app/samtaler/<id>` work), except under `/app/assets/`, where
 * a missing file is a plain 404 rather than HTML a browser would try to run as script.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, Router } from 'express';
import type { Config } from '../../config';
import { allowConnections, videoConnectSources } from '../csp';

/** `tabs/dist` in this checkout. */
export const DEFAULT_TABS_DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../tabs/dist');

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
/** Build outputs that are not for browsers as they are. */
const NOT_PUBLIC = new Set(['/index.html', '/size-report.json']);
const CONFIG_META = '<meta name="samrom-client-config" content="" />';

/** What the browser may know before sign-in. Nothing here is secret. */
export interface ClientConfigDto {
  readonly devSignIn: boolean;
  readonly env: Config['env'];
  /** The Teams app id, for "open in Teams" links. */
  readonly appId?: string;
}

export interface TabRoutesOptions {
  readonly config: { readonly env: Config['env']; readonly bot: { readonly appId: string | undefined } };
  /** Whether `/api/dev` is mounted; the shell then offers the development sign-in. */
  readonly devSignInEnabled: boolean;
  /** @defaultValue DEFAULT_TABS_DIST_DIR */
  readonly distDir?: string;
  /** The LiveKit server the tabs' call views connect to (joining meetings, akuttvideo, advice calls). */
  readonly videoServerUrl?: string;
}

export function clientConfig(options: TabRoutesOptions): ClientConfigDto {
  const { appId } = options.config.bot;
  return { devSignIn: options.devSignInEnabled, env: options.config.env, ...(appId ? { appId } : {}) };
}

/** `"` `&` `<` `>` escaped, so JSON can sit in an attribute. */
function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NOT_BUILT_PAGE = `<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Samrom</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
<main><h1>Samrom-appen er ikke bygget</h1><p>Kjør <code>npm run build:tabs</code> (eller start med <code>npm start</code>, som bygger den), og last siden på nytt.</p>
<p lang="en">The Samrom app has not been built. Run <code>npm run build:tabs</code> (or start with <code>npm start</code>, which builds it) and reload.</p></main></body></html>`;

/**
 * `@microsoft/teams-js` fetches its list of valid host origins from Microsoft's CDN as soon as
 * it loads (falling back to a built-in list), so the shell's page may connect there too.
 */
const TEAMS_JS_ORIGIN = 'https://res.cdn.office.net';

export function tabRoutes(options: TabRoutesOptions): Router {
  const distDir = options.distDir ?? DEFAULT_TABS_DIST_DIR;
  const connectOrigins = [TEAMS_JS_ORIGIN, ...(options.videoServerUrl ? videoConnectSources(options.videoServerUrl) : [])];
  const configJson = JSON.stringify(clientConfig(options));
  const configMeta = `<meta name="samrom-client-config" content="${escapeAttribute(configJson)}" />`;
  // Re-read index.html only when a rebuild replaced it.
  let cached: { mtimeMs: number; html: string } | undefined;

  async function indexHtml(): Promise<string | undefined> {
    const file = path.join(distDir, 'index.html');
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: (await readFile(file, 'utf8')).replace(CONFIG_META, configMeta) };
    return cached.html;
  }

  async function sendShell(_req: Request, res: Response): Promise<void> {
    const html = await indexHtml();
    res.setHeader('Cache-Control', 'no-cache');
    allowConnections(res, connectOrigins);
    if (html === undefined) {
      res.status(503).type('html').send(NOT_BUILT_PAGE);
      return;
    }
    res.type('html').send(html);
  }

  const r = Router();
  r.get('/', (_req, res) => res.redirect('/app/'));
  // Express matches "/app" with or without the slash; only the bare form needs one added.
  r.get('/app', (req, res, next) => {
    if (req.path !== '/app') return next();
    const query = req.originalUrl.indexOf('?');
    res.redirect(`/app/${query === -1 ? '' : req.originalUrl.slice(query)}`);
  });
  r.get('/app/config.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('json').send(configJson);
  });
  r.use('/app/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: ONE_YEAR_SECONDS * 1000, index: false }));
  r.use('/app/assets', (_req, res) => {
    res.status(404).type('text').send('Not found');
  });
  // favicon.svg and other files copied from tabs/public: not hashed, so revalidated. index.html
  // only ever goes out with the client configuration in it (below).
  const publicFiles = express.static(distDir, { index: false, maxAge: 0, dotfiles: 'ignore' });
  r.use('/app', (req, res, next) => (NOT_PUBLIC.has(req.path) ? next() : publicFiles(req, res, next)));
  r.get('/app/{*rest}', sendShell);
  return r;
}
