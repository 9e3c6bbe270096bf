/**
 * Authentication middleware: a Bearer token → a verified identity → a directory actor.
 * Routes then ask `actorOf(req)`; authorisation by role happens in the core use cases.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { TokenVerifier } from '../adapters/auth/tokens';
import { personActor, resolveActor } from '../core/directory';
import { DomainError } from '../core/errors';
import type { Directory } from '../core/ports';
import type { Actor } from '../core/roles';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

export function authenticate(deps: { verifier: TokenVerifier; directory: Directory; bootstrapAdminOids: readonly string[] }): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) return next(new DomainError('unauthenticated', 'missing bearer token'));
    deps.verifier
      .verify(match[1]!)
      .then(async (identity) => {
        if (identity.kind === 'entra') return resolveActor(deps.directory, identity, deps.bootstrapAdminOids);
        const person = await deps.directory.byId(identity.personId);
        if (!person) throw new DomainError('unknown_person', 'dev sign-in person no longer exists');
        return personActor(person);
      })
      .then((actor) => {
        req.actor = actor;
        next();
      })
      .catch(next);
  };
}

export function actorOf(req: Request): Actor {
  if (!req.actor) throw new DomainError('unauthenticated', 'route is not behind authenticate()');
  return req.actor;
}
