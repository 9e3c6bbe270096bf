/**
 * The one logger. Errors are logged by allow-list: whatever a driver or SDK hangs on an error
 * (PostgreSQL's `detail`, `where` and `params`, drizzle's `query` and `params`, ioredis's
 * `command`, an HTTP client's `response`) may carry health data, so an error becomes its type,
 * a masked message and stack, and a few fields known to be safe, nothing else. Messages that
 * quote the data by design (drizzle's "Failed query: … params: …", PostgreSQL's own texts,
 * zod's issue list) are replaced by a fixed text. As a second line of defence, keys that hold
 * secrets or personal data are censored, and any string that looks like a token, a Norwegian
 * national id or a phone number is masked wherever it appears.
 */
import { DrizzleQueryError } from 'drizzle-orm';
import pino, { type Logger } from 'pino';

const REDACTED_KEYS = [
  'token', 'accessToken', 'access_token', 'id_token', 'password', 'secret', 'authorization', 'cookie',
  'phone', 'callbackPhone', 'nationalId', 'fodselsnummer', 'email',
];

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/** JWTs, 11-digit national ids and Norwegian/E.164 phone numbers. */
const SENSITIVE_TEXT = [
  /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g,
  /(?<!\d)\d{6}\s?\d{5}(?!\d)/g,
  /(?:\+|00)\d[\d ]{7,14}\d/g,
  // Norwegian mobiles as people write them: 91234567, 912 34 567, 91 23 45 67.
  /(?<![\d.-])[49](?:\d{7}|\d{2} \d{2} \d{3}|\d(?: \d{2}){3})(?![\d.-])/g,
  // The tokens of personal links: a guest's, a 113 caller's, an ambulance crew's.
  /(?<=\/(?:join|video|crew)\/)[\w-]{16,}/g,
];

export function maskSensitiveText(text: string): string {
  return SENSITIVE_TEXT.reduce((s, re) => s.replace(re, '[redacted]'), text);
}

// ── Errors, by allow-list ─────────────────────────────────────────────────────────────────

/**
 * Fields copied from an error when they hold a number, a boolean or a short string: SQLSTATE
 * and the schema names of PostgreSQL errors, node/ioredis system error codes, HTTP statuses,
 * LiveKit Twirp codes. Never `detail`, `where`, `hint`, `query`, `params`, `parameters`,
 * `command`, `data`, `body`, `response`, `issues` or `metadata`.
 */
const SAFE_ERROR_FIELDS = [
  'code', 'errno', 'syscall', 'status', 'statusCode',
  'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine',
] as const;

/** How many `cause` / `errors` levels below the logged error are followed. */
export const MAX_ERROR_DEPTH = 3;
const MAX_AGGREGATED_ERRORS = 10;
const MAX_MESSAGE_LENGTH = 500;
const MAX_FIELD_LENGTH = 100;
const MAX_STACK_FRAMES = 20;
/** How deep `formatters.log` looks for Error objects under keys other than `err`. */
const MAX_FIELD_DEPTH = 3;

export interface SerializedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string | number;
  readonly cause?: SerializedError;
  readonly errors?: readonly SerializedError[];
  readonly [safeField: string]: unknown;
}

/** A property read that cannot throw (getters and proxies may). */
function read(value: object, key: PropertyKey): unknown {
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

function isError(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

const cap = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);
const safeText = (text: string, max: number) => maskSensitiveText(cap(text, max));

function constructorName(value: object): string | undefined {
  const ctor = read(value, 'constructor');
  const name = typeof ctor === 'function' ? read(ctor, 'name') : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** node-postgres and PGlite errors: a SQLSTATE and a severity; their texts may quote values. */
function isDatabaseError(value: object): boolean {
  const code = read(value, 'code');
  return typeof read(value, 'severity') === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** drizzle's wrapper: its message is the SQL and every parameter. */
function isDrizzleQueryError(value: object, message: string): boolean {
  try {
    if (value instanceof DrizzleQueryError) return true;
  } catch {
    // a proxy whose prototype cannot be read: decide by name and text
  }
  return constructorName(value) === 'DrizzleQueryError' || message.startsWith('Failed query:');
}

function primitive(value: unknown): SerializedError {
  switch (typeof value) {
    case 'string':
      return { type: 'string', message: safeText(value, MAX_MESSAGE_LENGTH) };
    case 'number':
    case 'boolean':
    case 'bigint':
      return { type: typeof value, message: String(value) };
    default:
      return { type: value === null ? 'null' : typeof value, message: value === null ? 'null' : typeof value };
  }
}

/** The stack's frames under a safe first line: the original first lines repeat the message. */
function safeStack(value: object, head: string): string | undefined {
  const stack = read(value, 'stack');
  if (typeof stack !== 'string') return undefined;
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, MAX_STACK_FRAMES);
  return maskSensitiveText([head, ...frames].join('\n'));
}

function describe(value: unknown, depth: number, seen: WeakSet<object>): SerializedError {
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') return primitive(value);
  if (typeof value === 'function') return { type: 'function', message: 'function' };
  if (seen.has(value)) return { type: 'Circular', message: 'circular reference' };
  seen.add(value);

  const rawMessage = read(value, 'message');
  const original = typeof rawMessage === 'string' ? rawMessage : typeof rawMessage === 'number' || typeof rawMessage === 'boolean' ? String(rawMessage) : '';
  const database = isDatabaseError(value);
  const zod = read(value, 'name') === 'ZodError';
  const issues = zod ? read(value, 'issues') : undefined;
  let type = database ? 'DatabaseError' : (constructorName(value) ?? 'Object');
  let message = safeText(original, MAX_MESSAGE_LENGTH);
  if (database) message = 'database error';
  else if (isDrizzleQueryError(value, original)) {
    type = 'DrizzleQueryError';
    message = 'database query failed';
  } else if (zod) message = `validation failed (${Array.isArray(issues) ? issues.length : 0} issues)`;

  const out: Record<string, unknown> = { type, message };
  for (const key of SAFE_ERROR_FIELDS) {
    const field = read(value, key);
    if (typeof field === 'string') out[key] = safeText(field, MAX_FIELD_LENGTH);
    else if ((typeof field === 'number' && Number.isFinite(field)) || typeof field === 'boolean') out[key] = field;
  }
  const stack = safeStack(value, `${type}: ${message}`);
  if (stack !== undefined) out.stack = stack;
  if (depth < MAX_ERROR_DEPTH) {
    const cause = read(value, 'cause');
    if (cause !== undefined) out.cause = describe(cause, depth + 1, seen);
    const errors = zod ? undefined : read(value, 'errors');
    if (Array.isArray(errors) && errors.length > 0) {
      out.errors = errors.slice(0, MAX_AGGREGATED_ERRORS).map((e) => describe(e, depth + 1, seen));
    }
  }
  return out as SerializedError;
}

/**
 * What is logged of anything thrown: `{type, message, stack?, cause?, errors?}` plus the safe
 * fields. Never throws, whatever it is given.
 */
export function serializeError(value: unknown): SerializedError {
  try {
    return describe(value, 0, new WeakSet());
  } catch {
    return { type: 'unknown', message: 'the error could not be read' };
  }
}

// ── The rest of a log line ────────────────────────────────────────────────────────────────

function isPlain(value: object): boolean {
  try {
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null || Array.isArray(value);
  } catch {
    return false;
  }
}

/** Errors anywhere in a logged object (not only under `err`) go through the serializer; strings are masked. */
function safeValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskSensitiveText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (isError(value)) return serializeError(value);
  if (depth >= MAX_FIELD_DEPTH || !isPlain(value)) return value;
  if (Array.isArray(value)) return value.map((v) => safeValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = safeValue(read(value, key), depth + 1);
  return out;
}

function safeLogObject(obj: Record<string, unknown>): Record<string, unknown> {
  try {
    const out: Record<string, unknown> = {};
    // `err`, `req` and `res` have serializers of their own, which run after this.
    for (const key of Object.keys(obj)) out[key] = key === 'err' || key === 'req' || key === 'res' ? read(obj, key) : safeValue(read(obj, key), 1);
    return out;
  } catch {
    return { logObject: 'unreadable' };
  }
}

/** A printf argument: `%o`/`%j` would print whole objects, so only primitives pass. */
function safeArgument(value: unknown): unknown {
  if (typeof value === 'string') return maskSensitiveText(value);
  if (typeof value !== 'object' || value === null) return value;
  return isError(value) ? serializeError(value).message : '[object]';
}

/** `log(err)` becomes `log({err}, safe message)`; every string argument is masked. */
function safeArguments(args: unknown[]): unknown[] {
  const [first, ...rest] = args;
  if (typeof first === 'string') return [maskSensitiveText(first), ...rest.map(safeArgument)];
  const head = isError(first) ? { err: first } : first;
  const [msg, ...values] = rest;
  if (typeof msg === 'string') return [head, maskSensitiveText(msg), ...values.map(safeArgument)];
  if (isError(first)) return [head, serializeError(first).message];
  return args;
}

export function createLogger(options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'samrom',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, safeArguments(args) as Parameters<typeof method>);
        },
      },
      formatters: { log: safeLogObject },
      serializers: {
        err: serializeError,
        // Id, method and path only: never the body, the query string or the headers.
        req: (req: unknown) => {
          if (typeof req !== 'object' || req === null) return undefined;
          const url = read(req, 'url');
          return { id: read(req, 'id'), method: read(req, 'method'), url: typeof url === 'string' ? maskSensitiveText(url.split('?')[0]!) : undefined };
        },
        // The status only: response headers are noise on every line (and cookies are secrets).
        res: (res: unknown) => ({ statusCode: typeof res === 'object' && res !== null ? read(res, 'statusCode') : undefined }),
      },
    },
    options.destination,
  );
}

export type { Logger };
