/**
 * The slice of a pino logger the bot needs. pino's `Logger` satisfies it, so the composition
 * root passes its logger straight in; tests pass a recorder.
 */
export interface BotLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const MAX_LOGGED_MESSAGE_LENGTH = 300;

/**
 * What may be logged about an error. Only the name, a capped message and an HTTP status:
 * never the whole object, because SDK errors can carry request headers (bearer tokens).
 */
export function errorSummary(err: unknown): { errName: string; errMessage: string; status?: number } {
  if (!(err instanceof Error)) return { errName: typeof err, errMessage: 'non-Error thrown' };
  const withStatus = err as Error & { statusCode?: unknown };
  return {
    errName: err.name,
    errMessage: err.message.slice(0, MAX_LOGGED_MESSAGE_LENGTH),
    ...(typeof withStatus.statusCode === 'number' ? { status: withStatus.statusCode } : {}),
  };
}
