/**
 * Who may see a specialty's side of the advice line: its waiting queue (requesters' names
 * and priorities) and its figures. The specialty's own specialists and coordinators (their
 * directory specialty is that specialty), and admins for every specialty; figures across all
 * specialties at once are for admins only. Which specialties exist is no secret, so a refusal is
 * 403. One request's own rules (requester, those rung, the answerer) stay in use-cases.ts. Pure.
 */
import { type Decision, allow, deny } from '../policy';
import { type Actor, hasAnyRole } from '../roles';

/** `specialty` null: the whole line, every specialty. */
export function decideAdviceOverview(actor: Actor, specialty: string | null): Decision {
  if (actor.kind !== 'person') return deny('forbidden', 'not_a_person');
  if (hasAnyRole(actor, ['admin'])) return allow('admin');
  if (!hasAnyRole(actor, ['specialist', 'coordinator'])) return deny('forbidden', 'role');
  if (specialty === null) return deny('forbidden', 'all_specialties');
  if (actor.specialty !== specialty) return deny('forbidden', 'other_specialty');
  return allow(hasAnyRole(actor, ['specialist']) ? 'specialty_specialist' : 'specialty_coordinator');
}
