/**
 * Request ids and the request log, in one middleware. Replaces pino-http, which built two
 * child loggers per request (serializing and redacting the request each time, even with
 * logging off): here the request's child logger is made only when something logs through
 * `req.log`, and the one "request completed" line is written only when its level is on.
 * The lines go through the one logger (adapters/logger.ts), so its redaction applies.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type {} from 'pino-http';
import type { Logger } from '../adapters/logger';

const REQUEST_ID = /^[\w-]{8,64}$/;

export interface RequestLogOptions {
  readonly logger: Logger;
  /** Requests not worth a line of their own (probes, scrapes); their errors are still logged. */
  readonly ignore?: (req: { url: string }) => boolean;
}

export function requestLog(o: RequestLogOptions): RequestHandler {
  const { logger } = o;
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: false,
      get: () => (child ??= logger.child({ req })),
    });

    if (o.ignore?.(req) !== true && logger.isLevelEnabled('info')) {
      const start = performance.now();
      res.once('close', () => {
        const responseTime = Math.round(performance.now() - start);
        const line = { req, res, responseTime };
        if (!res.writableFinished) logger.info(line, 'request aborted');
        else if (res.statusCode >= 500) logger.error(line, 'request errored');
        else logger.info(line, 'request completed');
      });
    }
    next();
  };
}
