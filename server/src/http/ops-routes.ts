/**
 * What operations (a load balancer, Kubernetes probes, Prometheus) ask every process, whatever
 * its role: `/healthz` (alive), `/readyz` (every dependency answers and the process is not
 * shutting down) and `/metrics` (behind `METRICS_TOKEN`). The web role mounts these routes in
 * its app; a worker serves them alone on `METRICS_PORT` (see {@link createOpsApp}), so a counter a
 * worker increments is served by that worker.
 */
import express, { type Express, type Router } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../adapters/logger';
import { errorHandler, sendError } from './errors';
import { requireMetricsToken } from './metrics-auth';
import { requestLog } from './request-log';

/** A readiness check: resolves when the dependency answers. */
export type Probe = () => Promise<void>;

/** One named line of `/readyz`. */
export interface ReadinessCheck {
  readonly name: string;
  readonly probe: Probe;
  /** A failing check that is not critical is reported but leaves the process ready. @defaultValue true */
  readonly critical?: boolean;
}

export interface OpsRoutesDeps {
  readonly metrics: Registry;
  /** The bearer token `/metrics` requires (config `METRICS_TOKEN`). @defaultValue none: open */
  readonly metricsToken?: string;
  readonly readiness: readonly ReadinessCheck[];
  /** True once shutdown has begun: `/readyz` answers 503 `draining` so the load balancer stops sending. @defaultValue never */
  readonly draining?: () => boolean;
}

/** How long one readiness check may take before it counts as `timeout`. @defaultValue 2000 */
export const READINESS_TIMEOUT_MS = 2_000;

export function opsRoutes(deps: OpsRoutesDeps): Router {
  const r = express.Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const results = await runChecks(deps.readiness);
    const checks = Object.fromEntries(results.map((c) => [c.name, c.outcome]));
    if (deps.draining?.()) return void res.status(503).json({ status: 'draining', checks });
    const ready = results.every((c) => c.outcome === 'ok' || c.critical === false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  r.get('/metrics', requireMetricsToken(deps.metricsToken), async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.contentType);
    res.send(await deps.metrics.metrics());
  });
  return r;
}

/** The ops routes alone, for a process without the web app (the worker role on `METRICS_PORT`). */
export function createOpsApp(deps: OpsRoutesDeps & { readonly logger: Logger }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLog({ logger: deps.logger, ignore: (req) => req.url === '/healthz' || req.url === '/metrics' || req.url === '/readyz' }));
  app.use(opsRoutes(deps));
  app.use((req, res) => sendError(req, res, 404, 'not_found'));
  app.use(errorHandler);
  return app;
}

async function runChecks(checks: readonly ReadinessCheck[]): Promise<{ name: string; outcome: string; critical?: boolean }[]> {
  return Promise.all(
    checks.map(async ({ name, probe, critical }) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), READINESS_TIMEOUT_MS);
      });
      try {
        await Promise.race([probe(), timeout]);
        return { name, outcome: 'ok', critical };
      } catch (err) {
        return { name, outcome: err instanceof Error && err.message === 'timeout' ? 'timeout' : 'failed', critical };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
