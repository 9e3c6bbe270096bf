/**
 * `POST /api/messages`. The transport is a pure `({body, headers}) → {status, body}` step;
 * `createBotRequestHandler` is the thin express-shaped wrapper the app mounts.
 *
 * We do not use `CloudAdapter.process`: it answers a forged signature with 500 (jsonwebtoken's
 * error is not an AuthenticationError) and echoes internal error messages to the caller.
 */
import type { Activity, ActivityHandler } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { SamromAdapter } from './adapter';
import type { BotLogger } from './logger';

export interface BotHttpRequest {
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface BotHttpResponse {
  readonly status: number;
  readonly body?: unknown;
}

/** What express's `req`/`res` offer that we need; keeps express itself out of the bot. */
export interface HttpRequestLike {
  readonly body?: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}
export interface HttpResponseLike {
  status(code: number): unknown;
  json(body: unknown): unknown;
  end(): unknown;
}

/** Errors jsonwebtoken throws for a bad signature, a malformed or an expired token. */
const JWT_ERROR_NAMES: ReadonlySet<string> = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/**
 * The fields every activity the Bot Connector sends carries, in their types: what the SDK reads
 * before our code runs. Without them it hangs on a missing `serviceUrl` or throws on an object
 * in its place (a 500); with bot authentication on, a forged activity never gets this far.
 */
function isActivityBody(body: unknown): body is Record<string, unknown> & { type: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const a = body as { type?: unknown; serviceUrl?: unknown; conversation?: { id?: unknown } | null; from?: { id?: unknown } | null; text?: unknown };
  return (
    typeof a.type === 'string' &&
    typeof a.serviceUrl === 'string' &&
    /^https?:\/\/[^/\s]+/i.test(a.serviceUrl) &&
    typeof a.conversation?.id === 'string' &&
    typeof a.from?.id === 'string' &&
    (a.text === undefined || typeof a.text === 'string')
  );
}

/** The SDK expects Date objects where the wire has ISO strings (as its own `process` does). */
function toActivity(body: Record<string, unknown>): Activity {
  const activity: Record<string, unknown> = { ...body };
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

function headerValue(headers: BotHttpRequest['headers'], name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A rejected credential, as opposed to our own failure (e.g. the key server being down). */
function isAuthenticationFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (JWT_ERROR_NAMES.has(err.name)) return true;
  // The SDK says 401 for a refused token and 500 when it could not fetch the signing keys.
  return err instanceof AuthenticationError && err.statusCode === 401;
}

export async function handleBotRequest(adapter: SamromAdapter, bot: ActivityHandler, request: BotHttpRequest, logger: BotLogger): Promise<BotHttpResponse> {
  if (!isActivityBody(request.body)) {
    return { status: 400, body: errorBody('bad_request', 'The body must be a Bot Framework activity (type, serviceUrl, conversation.id, from.id).') };
  }
  const activity = toActivity(request.body);
  // Distinguishes "credentials refused" from errors after the bot started (those go to onTurnError).
  let botRan = false;
  try {
    const invokeResponse = await adapter.authenticateAndProcess(headerValue(request.headers, 'authorization') ?? '', activity, async (context) => {
      botRan = true;
      await bot.run(context);
    });
    return invokeResponse ? { status: invokeResponse.status, body: invokeResponse.body } : { status: 200 };
  } catch (err) {
    if (!botRan && isAuthenticationFailure(err)) {
      logger.warn({ event: 'bot.unauthorized', activityType: activity.type, err }, 'bot request refused');
      return { status: 401, body: errorBody('unauthorized', 'Unauthorized.') };
    }
    logger.error({ event: 'bot.request_failed', activityType: activity.type, botRan, err }, 'bot request failed');
    return { status: 500, body: errorBody('internal', 'Internal error.') };
  }
}

export function createBotRequestHandler(
  adapter: SamromAdapter,
  bot: ActivityHandler,
  logger: BotLogger,
): (req: HttpRequestLike, res: HttpResponseLike) => Promise<void> {
  return async (req, res) => {
    const result = await handleBotRequest(adapter, bot, { body: req.body, headers: req.headers }, logger);
    res.status(result.status);
    if (result.body === undefined) res.end();
    else res.json(result.body);
  };
}
