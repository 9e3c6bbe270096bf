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
  'token',
  'accessToken',
  'access_token',
  'id_token',
  'password',
  'secret',
  'authorization',
  'cookie',
  'phone',
  'callbackPhone',
  'nationalId',
  'fodselsnummer',
  'email',
  // Request bodies, the health data in them and what database errors carry, should a caller log one.
  'body',
  'patient',
  'isbar',
  'vitals',
  'params',
  'parameters',
  'detail',
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
  'code',
  'errno',
  'syscall',
  'status',
  'statusCode',
  'severity',
  'constraint',
  'table',
  'column',
  'schema',
  'dataType',
  'routine',
] as const;

/** How many `cause` / `errors` levels below the logged error are followed. */
export const MAX_ERROR_DEPTH = 3;
const MAX_AGGREGATED_ERRORS = 10;
const MAX_MESSAGE_LENGTH = 500;
const MAX_FIELD_LENGTH = 100;
const MAX_STACK_FRAMES = 20;
/** How deep the fields of a log line are copied; deeper objects are left out. */
const MAX_FIELD_DEPTH = 4;

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
  const frames = stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, MAX_STACK_FRAMES);
  return maskSensitiveText([head, ...frames].join('\n'));
}

function describe(value: unknown, depth: number, seen: WeakSet<object>): SerializedError {
  if (typeof value === 'function') return { type: 'function', message: 'function' };
  if (typeof value !== 'object' || value === null) return primitive(value);
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
  // JSON.parse quotes the text it could not parse (a request body, a job's data).
  else if (type === 'SyntaxError' && /JSON/.test(original)) message = 'invalid JSON';

  const out: Record<string, unknown> = { type, message };
  const name = read(value, 'name');
  // A class's own label (ioredis's ReplyError, a Twirp "Not Found"); drizzle and PostgreSQL's say nothing.
  if (isError(value) && typeof name === 'string' && name !== type && name !== 'Error' && type !== 'DatabaseError' && type !== 'DrizzleQueryError') {
    out.name = safeText(name, MAX_FIELD_LENGTH);
  }
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

/**
 * A logged field as plain data: Errors anywhere (not only under `err`) go through the
 * serializer, strings are masked, objects are copied to a bounded depth (so pino never touches
 * a getter or a proxy), and what cannot be read or lies deeper becomes a placeholder.
 */
function safeValue(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return maskSensitiveText(value);
    case 'symbol':
    case 'function':
      return `[${typeof value}]`;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (isError(value)) return serializeError(value);
  if (depth > MAX_FIELD_DEPTH) return '[object]';
  try {
    if (value instanceof Date) return value;
    if (Array.isArray(value)) return value.map((v) => safeValue(v, depth + 1));
    return safeFields(value, depth);
  } catch {
    return '[unreadable]';
  }
}

const CENSORED_KEYS = new Set(REDACTED_KEYS);

/** Fields of a log line that have serializers of their own (run by pino after the hook). */
const SERIALIZED_KEYS = new Set(['err', 'req', 'res']);

/** The object's own fields, censored by key at any depth (pino's `redact` paths stop at three). */
function safeFields(value: object, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (CENSORED_KEYS.has(key)) out[key] = '[redacted]';
    else if (depth === 0 && SERIALIZED_KEYS.has(key)) out[key] = read(value, key);
    else out[key] = safeValue(read(value, key), depth + 1);
  }
  return out;
}

/** A plain copy of the object a line merges in, so pino itself never touches a hostile one. */
function safeLogObject(obj: object): Record<string, unknown> {
  try {
    return safeFields(obj, 0);
  } catch {
    return { logObject: 'unreadable' };
  }
}

/** A printf argument: `%o`/`%j` would print whole objects, so only primitives pass. */
function safeArgument(value: unknown): unknown {
  if (typeof value === 'string') return maskSensitiveText(value);
  if (typeof value === 'symbol' || typeof value === 'function') return `[${typeof value}]`;
  if (typeof value !== 'object' || value === null) return value;
  return isError(value) ? serializeError(value).message : '[object]';
}

/** `log(err)` becomes `log({err}, safe message)`; the merged object is made safe; every string argument is masked. */
function safeArguments(args: unknown[]): unknown[] {
  const [first, ...rest] = args;
  if (typeof first !== 'object' || first === null) return args.map(safeArgument);
  const error = isError(first);
  const head = safeLogObject(error ? { err: first } : first);
  const [msg, ...values] = rest;
  if (typeof msg === 'string') return [head, maskSensitiveText(msg), ...values.map(safeArgument)];
  return error ? [head, serializeError(first).message] : [head, ...rest];
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
