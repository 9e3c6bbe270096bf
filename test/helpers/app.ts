/**
 * The real express app (`createApp`) on port 0 with the real PostgreSQL adapters, a fresh
 * metrics registry and a logger whose lines the test can read; plus a small fetch client.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { DevSignIn, type EntraOptions, createTokenVerifier } from '../../server/src/adapters/auth/tokens';
import { createLogger } from '../../server/src/adapters/logger';
import { PostgresAuditLog } from '../../server/src/adapters/postgres/audit-log';
import type { Database } from '../../server/src/adapters/postgres/db';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { type Clock, systemClock } from '../../server/src/core/ports';
import { type AppDeps, type ReadinessCheck, createApp } from '../../server/src/http/app';

export interface TestAppOptions {
  readonly database: Pick<Database, 'db' | 'ping'>;
  readonly entra?: EntraOptions;
  /** Mount the development sign-in. @defaultValue false */
  readonly devSignIn?: boolean;
  /** @defaultValue [] */
  readonly bootstrapAdminOids?: readonly string[];
  /** @defaultValue the one check `database` (a ping) */
  readonly readiness?: readonly ReadinessCheck[];
  /** @defaultValue the system clock */
  readonly clock?: Clock;
  /** Mounts `/api/consultations` with these adapters. */
  readonly consultations?: AppDeps['consultations'];
  /** `POST /webhooks/livekit`. */
  readonly livekitWebhook?: AppDeps['livekitWebhook'];
  /** Extra routers under /api. */
  readonly apiRoutes?: AppDeps['apiRoutes'];
  /** Mounts joining (guest links, /api/guest, lobby, admit, join) with these adapters. */
  readonly join?: AppDeps['join'];
  /** Cookie-authenticated routers mounted before the API (the citizen video page). */
  readonly publicRoutes?: AppDeps['publicRoutes'];
  /** The development outbox page and JSON. */
  readonly devOutbox?: AppDeps['devOutbox'];
  /** express's `trust proxy` (config TRUST_PROXY). @defaultValue false */
  readonly trustProxy?: AppDeps['trustProxy'];
  /** The bearer token `/metrics` requires. @defaultValue none: open */
  readonly metricsToken?: string;
}

export interface TestApp {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly directory: PostgresDirectory;
  readonly audit: PostgresAuditLog;
  readonly metrics: Registry;
  /** Present when `devSignIn` was on. */
  readonly devSignIn: DevSignIn | undefined;
  /** Every line the app logged so far (JSON, as written). */
  logs(): string[];
  stop(): Promise<void>;
}

export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const { database } = options;
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  const metrics = new Registry();
  const directory = new PostgresDirectory(database.db);
  const audit = new PostgresAuditLog(database.db);
  const devSignIn = options.devSignIn ? await DevSignIn.create() : undefined;

  const app = createApp({
    logger,
    metrics,
    clock: options.clock ?? systemClock,
    directory,
    audit,
    verifier: createTokenVerifier(options.entra, devSignIn),
    bootstrapAdminOids: options.bootstrapAdminOids ?? [],
    devSignIn,
    readiness: options.readiness ?? [{ name: 'database', probe: () => database.ping() }],
    consultations: options.consultations,
    livekitWebhook: options.livekitWebhook,
    apiRoutes: options.apiRoutes,
    join: options.join,
    publicRoutes: options.publicRoutes,
    devOutbox: options.devOutbox,
    trustProxy: options.trustProxy,
    metricsToken: options.metricsToken,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1');
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    directory,
    audit,
    metrics,
    devSignIn,
    logs: () => [...lines],
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// ── A small client ────────────────────────────────────────────────────────────────────────

export interface RequestOptions {
  /** Sent as `Authorization: Bearer <token>`; overrides the client's token. */
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as is (with `content-type: application/json` unless headers say otherwise), instead of a JSON body. */
  readonly rawBody?: string;
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body, or undefined when the body was empty or not JSON. */
  readonly body: T;
  readonly text: string;
}

// Tests read arbitrary JSON shapes; `any` by default keeps assertions short.
type Json = any;

export interface ApiClient {
  request<T = Json>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T = Json>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  post<T = Json>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** The same client, sending this bearer token. */
  as(token: string): ApiClient;
}

export function api(baseUrl: string, defaults: { token?: string; headers?: Readonly<Record<string, string>> } = {}): ApiClient {
  const request = async <T>(method: string, path: string, body?: unknown, o: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const token = o.token ?? defaults.token;
    const payload = o.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...defaults.headers,
        ...o.headers,
      },
      body: payload,
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined; // not JSON (e.g. /metrics); `text` has it
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
  return {
    request,
    get: (path, o) => request('GET', path, undefined, o),
    post: (path, body, o) => request('POST', path, body, o),
    as: (token) => api(baseUrl, { ...defaults, token }),
  };
}
