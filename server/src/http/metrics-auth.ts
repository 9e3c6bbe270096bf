/**
 * `/metrics` behind a bearer token: the figures (waiting advice requests per specialty, citizen
 * video counts) describe the health service's load and must not be open to the internet.
 * Production requires `METRICS_TOKEN` (see config.ts); without one `/metrics` is open, which
 * only development and tests allow.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendError } from './errors';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Passes requests whose `Authorization: Bearer` is the token (compared in constant time); others get 401. */
export function requireMetricsToken(token: string | undefined): RequestHandler {
  if (token === undefined) return (_req, _res, next) => next();
  // Comparing digests keeps the time independent of where, and whether, the lengths differ.
  const expected = digest(token);
  return (req, res, next) => {
    const given = /^Bearer +(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    sendError(req, res, 401, 'metrics_unauthenticated');
  };
}
