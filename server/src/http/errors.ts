/**
 * The one place where errors become HTTP responses: `{error:{code,message}}` with the right
 * status, in Norwegian unless the caller prefers English. Nothing else sends error bodies.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type {} from 'pino-http';
import { ZodError } from 'zod';
import { databaseUnavailableReason, isStatementCancelled } from '../adapters/postgres/pg-errors';
import type { ErrorBody } from '../contracts/api';
import { type MessageCode, errorMessage, pickLocale } from '../contracts/messages';
import { type ErrorCode, type ErrorDetails, isDomainError } from '../core/errors';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unauthenticated: 401,
  forbidden: 403,
  unknown_person: 403,
  not_found: 404,
  conflict: 409,
  already_answered: 409,
  gone: 410,
  admission_not_open: 409,
  join_not_open: 409,
  unprocessable: 422,
  emergency_call_empty: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export function sendError(
  req: Request,
  res: Response,
  status: number,
  code: MessageCode,
  issues?: ErrorBody['error']['issues'],
  params?: Readonly<Record<string, string | number>>,
  details: ErrorDetails = {},
): void {
  const body: ErrorBody = {
    error: {
      code,
      message: errorMessage(code, pickLocale(req.headers['accept-language']), params),
      ...(issues && issues.length > 0 ? { issues } : {}),
      ...detailsDto(details),
      requestId: String(req.id),
    },
  };
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  res.status(status).json(body);
}

/** A clash's busy people and next free times, instants as ISO 8601. */
function detailsDto(details: ErrorDetails): Pick<ErrorBody['error'], 'busy' | 'nextFree'> {
  return {
    ...(details.busy ? { busy: details.busy } : {}),
    ...(details.nextFree ? { nextFree: details.nextFree.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) } : {}),
  };
}

/**
 * What a 503 tells the client to wait before trying again. Short: the database pool and the
 * Redis connection retry on their own, so an outage ends for clients as soon as it ends for us.
 * @defaultValue 5
 */
export const RETRY_AFTER_SECONDS = 5;

/** body-parser marks its own errors with a `type`. */
interface ParserError {
  type?: string;
  status?: number;
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) {
    req.log.error({ err }, 'error after headers were sent');
    res.destroy();
    return;
  }
  if (isDomainError(err)) {
    if (err.code === 'internal' || err.code === 'unavailable') req.log.error({ err }, err.code);
    else req.log.info({ code: err.code, reason: err.message }, 'request refused');
    sendError(req, res, STATUS_BY_CODE[err.code], err.code, err.issues, err.params, err.details);
    return;
  }
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    sendError(req, res, 400, 'validation_failed', issues);
    return;
  }
  const parser = err as ParserError;
  if (parser.type === 'entity.parse.failed') return sendError(req, res, 400, 'malformed_json');
  if (parser.type === 'entity.too.large') return sendError(req, res, 413, 'payload_too_large');
  if (parser.type === 'encoding.unsupported' || parser.type === 'charset.unsupported') {
    return sendError(req, res, 415, 'unsupported_media_type');
  }
  if (typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500) {
    return sendError(req, res, parser.status, 'validation_failed');
  }
  const unavailable = databaseUnavailableReason(err);
  if (unavailable) {
    // An outage is a state, not a bug: the client may try again; /readyz says which dependency is down.
    // The reason only: a failed query's message holds its parameters.
    req.log.warn({ reason: unavailable }, 'database unavailable');
    return sendError(req, res, 503, 'unavailable');
  }
  if (isStatementCancelled(err)) {
    // DATABASE_STATEMENT_TIMEOUT_MS ran out: the database is too busy now; the client may try again.
    req.log.warn({ reason: 'statement_timeout' }, 'database statement cancelled');
    return sendError(req, res, 503, 'unavailable');
  }
  req.log.error({ err }, 'unhandled error');
  sendError(req, res, 500, 'internal');
};
