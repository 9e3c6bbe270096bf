/**
 * Who may change and read a specialty's on-call roster. The roster decides who is rung for
 * urgent advice, so only admins and the specialty's own coordinators (their directory specialty
 * is the roster's) change it. The specialty's coordinators and specialists read it; nobody else
 * does through the roster routes: the advice line and the AMK's invite find the chain inside the
 * core. Which specialties exist is no secret, so a refusal is 403, not 404. Pure.
 */
import { type Decision, allow, deny } from '../policy';
import { type Actor, hasAnyRole } from '../roles';

export type RosterAction = 'write' | 'read';

export function decideRoster(actor: Actor, action: RosterAction, specialty: string): Decision {
  if (actor.kind !== 'person') return deny('forbidden', 'not_a_person');
  if (hasAnyRole(actor, ['admin'])) return allow('admin');
  const own = actor.specialty === specialty;
  if (own && hasAnyRole(actor, ['coordinator'])) return allow('specialty_coordinator');
  if (own && action === 'read' && hasAnyRole(actor, ['specialist'])) return allow('specialty_specialist');
  if (!own && hasAnyRole(actor, ['coordinator', 'specialist'])) return deny('forbidden', 'other_specialty');
  return deny('forbidden', 'role');
}
