/**
 * The express application. `createApp(deps)` wires routes to the dependencies it is given and
 * holds no state of its own, so tests build it with real or test adapters and listen on port 0.
 */
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { Histogram, type Registry } from 'prom-client';
import type { DevSignIn, TokenVerifier } from '../adapters/auth/tokens';
import type { Logger } from '../adapters/logger';
import type { MeDto } from '../contracts/api';
import { DomainError } from '../core/errors';
import type { AuditLog, Clock, Directory } from '../core/ports';
import { actorOf, authenticate } from './auth';
import { errorHandler, sendError } from './errors';
import { type ReadinessCheck, opsRoutes } from './ops-routes';
import { guardPathParameters, rejectHostileInput } from './input-guard';
import { requestLog } from './request-log';
import { adminRoutes } from './routes/admin';
import { clinicalRoutes } from './routes/clinical';
import { type ConsultationRoutesDeps, consultationRoutes } from './routes/consultations';
import { devRoutes } from './routes/dev';
import { directoryRoutes } from './routes/directory';
import { legalRoutes } from './routes/legal';
import { devOutboxRoutes } from './routes/dev-outbox';
import type { DevOutbox } from '../adapters/messaging/dev-outbox';
import { type TabRoutesOptions, tabRoutes } from './routes/tabs';
import { type JoinRoutesDeps, clinicianJoinRoutes, guestRoutes } from './routes/join';

export type { Probe, ReadinessCheck } from './ops-routes';

/** A transport-agnostic webhook handler (raw body in, status and body out). */
export type RawWebhookHandler = (req: { rawBody: string; authorization: string | undefined }) => Promise<{
  status: number;
  body: unknown;
}>;

export interface AppDeps {
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly clock: Clock;
  readonly directory: Directory;
  readonly audit: AuditLog;
  readonly verifier: TokenVerifier;
  readonly bootstrapAdminOids: readonly string[];
  /** Present only when the development sign-in is on (never in production). */
  readonly devSignIn?: DevSignIn;
  /** The named checks of `/readyz`. */
  readonly readiness: readonly ReadinessCheck[];
  /** True once shutdown has begun (`/readyz` answers 503 `draining`). @defaultValue never */
  readonly draining?: () => boolean;
  /** `POST /api/messages` (botbuilder CloudAdapter). */
  readonly botHandler?: RequestHandler;
  readonly livekitWebhook?: RawWebhookHandler;
  /** The development outbox page (/dev/outbox); given only outside production. */
  readonly devOutbox?: DevOutbox;
  /** `/api/consultations` (booking); mounted only when given. */
  readonly consultations?: Pick<ConsultationRoutesDeps, 'store' | 'jobs'>;
  /** Extra routers mounted under /api by later services. */
  readonly apiRoutes?: readonly { path: string; router: express.Router }[];
  /** The tab shell under /app/ (`env` and the Teams app id for `/app/config.json`); development defaults when absent. */
  readonly tabs?: Omit<TabRoutesOptions, 'devSignInEnabled'>;
  /** Joining consultations: guest links, the join page, `/api/guest`, lobby, admit and join; mounted only when given. */
  readonly join?: Omit<JoinRoutesDeps, 'audit' | 'clock' | 'directory'>;
  /** Cookie- or link-authenticated routers (e.g. the citizen video page and `/api/citizen`), mounted before the bearer-token API. */
  readonly publicRoutes?: readonly express.Router[];
  /** express's `trust proxy` (config `TRUST_PROXY`): whose X-Forwarded-For sets `req.ip`. @defaultValue false (the peer is the client) */
  readonly trustProxy?: false | number | readonly string[];
  /** The bearer token `/metrics` requires (config `METRICS_TOKEN`). @defaultValue none: open */
  readonly metricsToken?: string;
}

/** Max JSON body; larger requests get 413. */
export const JSON_BODY_LIMIT = '100kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  applyFrontMiddleware(app, deps);
  mountOperationalRoutes(app, deps);

  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  // Hostile input (control characters, times outside 2000–2099, deep nesting) stops here, for every route below.
  app.use(rejectHostileInput());

  if (deps.botHandler) app.post('/api/messages', deps.botHandler);
  const join = deps.join ? { ...deps.join, audit: deps.audit, clock: deps.clock, directory: deps.directory } : undefined;
  if (join) app.use(guestRoutes(join));
  for (const router of deps.publicRoutes ?? []) app.use(router);

  if (deps.devSignIn) app.use('/api/dev', devRoutes({ directory: deps.directory, devSignIn: deps.devSignIn }));
  app.use('/api', apiRouter(deps, join));

  app.use('/api', (req, res) => sendError(req, res, 404, 'not_found'));
  app.use(errorHandler);
  guardPathParameters(app);
  return app;
}

/** Settings, request ids and the log line, security headers and request metrics: before any route. */
function applyFrontMiddleware(app: Express, deps: AppDeps): void {
  app.disable('x-powered-by');
  // API answers are per-user and never conditionally cached; hashing every body for an ETag is wasted work.
  app.set('etag', false);
  // Only configured proxies may say who the client is; anyone else's X-Forwarded-For is ignored.
  const trustProxy = deps.trustProxy ?? false;
  app.set('trust proxy', typeof trustProxy === 'object' ? [...trustProxy] : trustProxy);

  // Request ids (X-Request-Id) and one log line per request, redacted by the logger.
  app.use(requestLog({ logger: deps.logger, ignore: (req) => req.url === '/healthz' || req.url === '/metrics' }));
  app.use(
    helmet({
      referrerPolicy: { policy: 'no-referrer' },
      // Teams shows tabs inside its own frames; everything else may not frame us.
      frameguard: false,
      contentSecurityPolicy: {
        directives: {
          'frame-ancestors': ["'self'", 'https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.cloud.microsoft', 'https://*.office.com'],
        },
      },
    }),
  );
  app.use(httpMetrics(deps.metrics));
  // While draining, each answer closes its connection: a keep-alive client's next request opens a
  // new one, which the load balancer sends to a process that is not shutting down.
  const draining = deps.draining;
  if (draining) {
    app.use((_req, res, next) => {
      if (draining()) res.setHeader('Connection', 'close');
      next();
    });
  }
}

/** The tab shell, legal pages, the development outbox, health, readiness, metrics and the LiveKit webhook: before JSON parsing. */
function mountOperationalRoutes(app: Express, deps: AppDeps): void {
  app.use(tabRoutes({ config: { env: 'development', bot: { appId: undefined } }, ...deps.tabs, devSignInEnabled: deps.devSignIn !== undefined }));
  app.use(legalRoutes());
  if (deps.devOutbox) app.use(devOutboxRoutes({ outbox: deps.devOutbox }));
  app.use(opsRoutes(deps));

  // LiveKit signs the raw body, so this route must see it before any JSON parsing.
  const livekitWebhook = deps.livekitWebhook;
  if (livekitWebhook) {
    app.post('/webhooks/livekit', express.text({ type: () => true, limit: JSON_BODY_LIMIT }), async (req, res) => {
      const rawBody = typeof req.body === 'string' ? req.body : '';
      const result = await livekitWebhook({ rawBody, authorization: req.get('authorization') });
      res.status(result.status).json(result.body);
    });
  }
}

/** Everything under `/api` that needs a bearer token (or the development sign-in): who am I, admin, directory, the services. */
function apiRouter(deps: AppDeps, join: JoinRoutesDeps | undefined): express.Router {
  const api = express.Router();
  api.use(authenticate(deps));
  api.get('/me', async (req, res) => {
    const actor = actorOf(req);
    if (actor.kind !== 'person') throw new DomainError('forbidden');
    const person = await deps.directory.byId(actor.personId);
    const me: MeDto = {
      id: actor.personId,
      name: actor.name,
      roles: actor.roles,
      organization: person?.organization ?? '',
      specialty: person?.specialty ?? null,
    };
    res.json(me);
  });
  api.use('/admin', adminRoutes(deps));
  api.use('/clinical', clinicalRoutes());
  api.use('/directory', directoryRoutes(deps));
  if (deps.consultations) api.use('/consultations', consultationRoutes({ ...deps, ...deps.consultations }));
  if (join) api.use('/consultations', clinicianJoinRoutes(join));
  for (const { path, router } of deps.apiRoutes ?? []) api.use(path, router);
  return api;
}

function httpMetrics(registry: Registry): RequestHandler {
  const histogram = new Histogram({
    name: 'samrom_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return (req, res, next) => {
    const end = histogram.startTimer();
    res.on('finish', () => {
      // Route patterns, not raw URLs, so tokens in paths never become label values.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
