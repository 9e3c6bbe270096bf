/**
 * Hostile input stops at the edge, once, for every route (issue #12): before any route reads
 * a request, its JSON body and query are walked for what no field may hold, and its path
 * parameters are held to their format. Routes and schemas keep their own rules; this is the
 * floor under all of them, so a field someone forgets cannot reach PostgreSQL with a NUL.
 *
 * - Text with a control character (tab, LF and CR allowed) or a lone surrogate, an object key
 *   `__proto__`, `constructor` or `prototype`, a number JSON cannot hold (`1e309` parses to
 *   Infinity) or nesting deeper than {@link MAX_JSON_DEPTH} → 400 `validation_failed`, each
 *   issue with the field's path (`isbar.situation`, `query.from`).
 * - A date or date-time outside 2000–2099 → 422 `unprocessable`: well-formed, but not a time
 *   Samrom can act on (like the core's other semantic refusals).
 * - A path id that is not a uuid, a specialty that is not a slug, a photo number that is not a
 *   number → 404 `not_found`, before anything is looked up.
 */
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { GUEST_TOKEN_BYTES } from '../adapters/postgres/guest-links';
import { DomainError, type ErrorIssue } from '../core/errors';
import { INSTANT_WINDOW_MESSAGE, isDateOutsideWindow, textProblem, textProblemMessage } from '../core/input-rules';
import { SPECIALTY_PATTERN } from '../core/rosters/shifts';

/** Deeper JSON is refused (Samrom's deepest request, a Teams card submit, is about 10). @defaultValue 32 */
export const MAX_JSON_DEPTH = 32;
/** Issues reported per request; the rest are left out. @defaultValue 20 */
const MAX_ISSUES = 20;
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface Found {
  /** 400: text, keys, numbers, nesting. */
  readonly invalid: ErrorIssue[];
  /** 422: dates outside 2000–2099. */
  readonly outOfWindow: ErrorIssue[];
}

/** A path segment as the issue shows it: control characters spelled out, overlong keys cut. */
function segment(key: string | number): string {
  const text = String(key).replace(/[\u0000-\u001F\u007F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

/** Walks a parsed JSON value (iteratively: depth is what is being checked) and collects what no field may hold. */
export function findHostileInput(value: unknown, prefix: readonly string[], found: Found = { invalid: [], outOfWindow: [] }): Found {
  const stack: { value: unknown; path: readonly string[]; depth: number }[] = [{ value, path: prefix, depth: 0 }];
  const full = () => found.invalid.length + found.outOfWindow.length >= MAX_ISSUES;
  while (stack.length > 0 && !full()) {
    const { value: v, path, depth } = stack.pop()!;
    const at = path.join('.');
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) found.invalid.push({ path: at, message: textProblemMessage(problem) });
      else if (isDateOutsideWindow(v)) found.outOfWindow.push({ path: at, message: INSTANT_WINDOW_MESSAGE });
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) found.invalid.push({ path: at, message: 'tallet er for stort / the number is too large' });
    } else if (typeof v === 'object' && v !== null) {
      if (depth >= MAX_JSON_DEPTH) {
        found.invalid.push({ path: at, message: `høyst ${MAX_JSON_DEPTH} nivåer i JSON / at most ${MAX_JSON_DEPTH} levels of JSON` });
        continue;
      }
      const entries: [string, unknown][] = Array.isArray(v) ? v.map((item, i) => [String(i), item]) : Object.entries(v);
      const children: typeof stack = [];
      for (const [key, item] of entries) {
        const keyPath = [...path, segment(key)];
        const keyProblem = textProblem(key);
        if (keyProblem) found.invalid.push({ path: keyPath.join('.'), message: `i feltnavnet / in the field name: ${textProblemMessage(keyProblem)}` });
        else if (FORBIDDEN_KEYS.has(key))
          found.invalid.push({ path: keyPath.join('.'), message: `feltnavnet ${key} er ikke tillatt / the field name ${key} is not allowed` });
        else children.push({ value: item, path: keyPath, depth: depth + 1 });
      }
      // Last pushed is walked first: reversed, the fields come out in their order.
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return found;
}

/** `express.json()`'s output and the query, checked before any route; mount right after the JSON parser. */
export function rejectHostileInput(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const found = findHostileInput(req.body, []);
    findHostileInput(req.query, ['query'], found);
    if (found.invalid.length > 0) return next(new DomainError('validation_failed', 'input no field may hold', found.invalid));
    if (found.outOfWindow.length > 0) return next(new DomainError('unprocessable', 'a time outside 2000–2099', found.outOfWindow));
    next();
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The format of each path parameter name any route uses; a value that does not match is a 404. */
export const PATH_PARAMETERS: Readonly<Record<string, RegExp>> = {
  /** Consultations, emergency calls, advice requests, citizen video sessions. */
  id: UUID,
  /** A consultation's participant. */
  participantId: UUID,
  /** Rosters: the directory's specialty slugs. */
  specialty: SPECIALTY_PATTERN,
  /** A citizen video photo's number. */
  n: /^\d{1,4}$/,
};

/** A personal link's token: {@link GUEST_TOKEN_BYTES} random bytes, base64url. The link pages check it themselves (their 404 is a page, not JSON). */
export const LINK_TOKEN = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((GUEST_TOKEN_BYTES * 8) / 6)}}$`);
const PAGE_CHECKED_PARAMETERS: ReadonlySet<string> = new Set(['token']);

interface StackLayer {
  readonly route?: { readonly path: unknown };
  readonly handle?: {
    readonly stack?: readonly StackLayer[];
    param?(name: string, fn: (req: Request, res: Response, next: NextFunction, value: string) => void): void;
  };
}

/**
 * Holds every router in the app to {@link PATH_PARAMETERS}: registers a param check on each
 * (mounted ones included) and refuses to start if a route names a parameter without a format.
 * Call once, after every route is mounted.
 */
export function guardPathParameters(app: Express): void {
  const routers: StackLayer['handle'][] = [(app as unknown as { router: StackLayer['handle'] }).router];
  for (let i = 0; i < routers.length; i++) {
    const router = routers[i]!;
    for (const [name, pattern] of Object.entries(PATH_PARAMETERS)) {
      router.param?.(name, (_req, _res, next, value) =>
        next(pattern.test(value) ? undefined : new DomainError('not_found', `malformed path parameter ${name}`)),
      );
    }
    for (const layer of router.stack ?? []) {
      if (layer.handle?.stack) routers.push(layer.handle);
      const path = layer.route?.path;
      for (const [, name] of typeof path === 'string' ? path.matchAll(/:(\w+)/g) : []) {
        if (!(name! in PATH_PARAMETERS) && !PAGE_CHECKED_PARAMETERS.has(name!))
          throw new Error(`route ${path}: path parameter :${name} has no format in PATH_PARAMETERS`);
      }
    }
  }
}
