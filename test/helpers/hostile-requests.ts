/**
 * Whole hostile requests for a route table: which route, who sends it, hostile path segments,
 * query, cookie, content type and body (a valid-looking body for the route, mutated; or raw
 * text, bytes, nothing). Generated symbolically (a "real id" is an index), so a fixed seed
 * gives the same run whatever ids the fixtures got; `pathOf` fills them in when sending.
 */
import fc from 'fast-check';
import { hostileQuery, hostileRawBody, hostileSegment, hostileString, mutate, mutation, toJsonText } from './hostile-values';
import type { RouteEntry } from './route-table';

export interface HostileCase<Who extends string> {
  readonly route: RouteEntry;
  /** Per path parameter: a real one (an index into what exists) or a raw hostile segment. */
  readonly params: Readonly<Record<string, { real: number } | { segment: string }>>;
  readonly who: Who;
  readonly query: string;
  readonly body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'bytes'; bytes: number[] };
  readonly contentType: string;
  readonly cookie: string | undefined;
}

export interface HostileCaseOptions<Who extends string> {
  /** A valid-looking body per `METHOD /path`, made fresh for each case. */
  readonly templates: Readonly<Record<string, () => unknown>>;
  /** Who is likely to pass the route's role check (most cases), and everyone (the rest). */
  readonly suited: (path: string) => readonly Who[];
  readonly everyone: readonly Who[];
  /** Cookie names the cookie-authenticated pages read. */
  readonly cookies: readonly string[];
}

export function hostileCase<Who extends string>(routes: readonly RouteEntry[], o: HostileCaseOptions<Who>): fc.Arbitrary<HostileCase<Who>> {
  const param = fc.oneof(
    { weight: 3, arbitrary: fc.nat().map((real) => ({ real })) },
    { weight: 5, arbitrary: hostileSegment.map((segment) => ({ segment })) },
  );
  return fc.constantFrom(...routes).chain((route) => {
    const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const template = o.templates[`${route.method} ${route.path}`];
    const jsonBody = template
      ? fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => ({ kind: 'json' as const, value: mutate(template(), ms) }))
      : fc.constant({ kind: 'json' as const, value: {} });
    return fc.record({
      route: fc.constant(route),
      params: fc.record(Object.fromEntries(names.map((n) => [n, param]))) as fc.Arbitrary<HostileCase<Who>['params']>,
      who: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...o.suited(route.path)) }, { weight: 1, arbitrary: fc.constantFrom(...o.everyone) }),
      query: fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: hostileQuery }),
      body: fc.oneof(
        { weight: 8, arbitrary: jsonBody },
        { weight: 2, arbitrary: hostileRawBody.map((text) => ({ kind: 'raw' as const, text })) },
        { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
        { weight: 1, arbitrary: hostileString.map((s) => ({ kind: 'json' as const, value: s })) },
        { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 16 }).map((bytes) => ({ kind: 'bytes' as const, bytes })) },
      ),
      contentType: fc.oneof(
        { weight: 12, arbitrary: fc.constant('application/json') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'text/plain',
            'text/csv',
            'application/x-www-form-urlencoded',
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'image/jpeg',
            '',
          ),
        },
      ),
      cookie: fc.option(
        fc.tuple(fc.constantFrom(...o.cookies), fc.oneof(hostileSegment, fc.constantFrom('%E0%A4%A', '%', 'a=b=c'))).map(([k, v]) => `${k}=${v}`),
        { freq: 4 },
      ),
    });
  });
}

/** The URL path: each parameter's raw segment, or the real value `real(name, index)` gives. */
export function pathOf<Who extends string>(c: HostileCase<Who>, real: (name: string, index: number) => string): string {
  return c.route.path.replace(/:(\w+)/g, (_m, name: string) => {
    const p = c.params[name]!;
    return 'segment' in p ? p.segment : real(name, p.real);
  });
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** Sends one case to `url` (path and query included); an event stream that opened is closed at its headers. */
export async function sendHostile<Who extends string>(url: string, c: HostileCase<Who>, authorization: string | undefined, timeoutMs: number): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (c.contentType) headers['content-type'] = c.contentType;
  if (c.cookie) headers.cookie = c.cookie;
  if (authorization) headers.authorization = authorization;
  const b = c.body;
  const body =
    c.route.method === 'GET' || b.kind === 'none' ? undefined : b.kind === 'json' ? toJsonText(b.value) : b.kind === 'raw' ? b.text : new Uint8Array(b.bytes);
  const res = await fetch(url, { method: c.route.method, headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, contentType, text: '' };
  }
  return { status: res.status, contentType, text: await res.text() };
}

/** Why an answer breaks the rules (no 5xx; a 4xx is `{error:{code,message}}` or, where allowed, an HTML page), or undefined. */
export function answerProblem(answer: Answer, htmlAllowed: boolean): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 200)}`;
  if (answer.status < 400 || (htmlAllowed && answer.contentType.startsWith('text/html'))) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `answered ${answer.status} without a JSON error body (${answer.contentType}): ${answer.text.slice(0, 120)}`;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const ok = typeof error?.code === 'string' && typeof error.message === 'string' && error.message !== '';
  return ok ? undefined : `answered ${answer.status} with ${answer.text.slice(0, 160)}`;
}

/** One line saying what was sent, cut to a readable length. */
export function describeCase<Who extends string>(c: HostileCase<Who>, path: string): string {
  const b = c.body;
  const body =
    b.kind === 'none'
      ? 'none'
      : b.kind === 'json'
        ? toJsonText(b.value).slice(0, 300)
        : b.kind === 'raw'
          ? JSON.stringify(b.text.slice(0, 120))
          : `bytes ${b.bytes.join(',')}`;
  const line = `${c.route.method} ${path}${c.query} as ${c.who}, ${c.contentType || 'no content-type'}${c.cookie ? `, cookie ${c.cookie.slice(0, 60)}` : ''}, body ${body}`;
  return line.length > 600 ? `${line.slice(0, 600)}…` : line;
}
