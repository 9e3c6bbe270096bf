/**
 * The express application's route table, read from its router stack, so a test over "every
 * route" covers the routes that exist rather than a list someone has to remember to extend.
 * Express 5's router keeps each layer's path as written (`rawPath`); mount paths and route
 * paths joined give the full pattern, e.g. `POST /api/emergency-calls/:id/accept`.
 */
import type { Express } from 'express';

export interface RouteEntry {
  readonly method: string;
  /** The full path pattern, e.g. `/api/consultations/:id/summary`. */
  readonly path: string;
}

interface StackLayer {
  readonly rawPath?: unknown;
  readonly route?: { readonly path: unknown; readonly methods: Readonly<Record<string, boolean>> };
  readonly handle?: { readonly stack?: readonly StackLayer[] };
}

const joinPath = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`.replace(/\/{2,}/g, '/'));

function walk(stack: readonly StackLayer[], prefix: string, out: RouteEntry[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) {
        if (typeof path !== 'string') continue;
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: joinPath(prefix, path) });
        }
      }
    } else if (layer.handle?.stack) {
      const mounts = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
      for (const mount of mounts) walk(layer.handle.stack, typeof mount === 'string' ? joinPath(prefix, mount) : prefix, out);
    }
  }
}

/** Every (method, path) the app routes, in mount order, without duplicates. */
export function routeTable(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  walk((app as unknown as { router: { stack: readonly StackLayer[] } }).router.stack, '', out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
