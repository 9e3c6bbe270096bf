/**
 * Development sign-in: pick a seeded person and get a token. Mounted only when DEV_AUTH is on,
 * which config.ts refuses in production.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { DevPersonDto } from '../../contracts/api';
import type { DevSignIn } from '../../adapters/auth/tokens';
import { DomainError } from '../../core/errors';
import type { Directory } from '../../core/ports';

const SignInSchema = z.object({ personId: z.string().trim().min(1).max(64) });

export function devRoutes(deps: { directory: Directory; devSignIn: DevSignIn }): Router {
  const r = Router();
  r.get('/people', async (_req, res) => {
    const people: DevPersonDto[] = (await deps.directory.list()).map((p) => ({
      id: p.id,
      name: p.name,
      roles: p.roles,
      organization: p.organization,
      specialty: p.specialty,
    }));
    res.json({ people });
  });
  r.post('/sign-in', async (req, res) => {
    const { personId } = SignInSchema.parse(req.body);
    const person = await deps.directory.byId(personId);
    if (!person) throw new DomainError('not_found', 'no such person');
    const { token, expiresAt } = await deps.devSignIn.issue(person.id);
    res.json({ token, expiresAt: expiresAt.toISOString(), person: { id: person.id, name: person.name, roles: person.roles } });
  });
  return r;
}
