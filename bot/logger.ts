/**
 * The slice of a pino logger the bot needs. pino's `Logger` satisfies it, so the composition
 * root passes its logger straight in; tests pass a recorder. Errors go under `err`, where the
 * one logger's serializer (server/src/adapters/logger.ts) keeps only its allow-list: never the
 * whole object (SDK errors carry request headers, database errors the query's values).
 */
export interface BotLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
