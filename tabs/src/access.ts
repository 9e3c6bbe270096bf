/**
 * What the signed-in person may read and change, as the server decides it
 * (server/src/core/rosters/policy.ts, server/src/core/advice/policy.ts), so a screen asks only for
 * what it will get and says why instead of showing a refusal: a specialty's roster, advice queue
 * and figures are for admins and that specialty's coordinators and specialists (its directory
 * specialty); only admins and the specialty's coordinators change its roster.
 */
import type { MeDto } from '../../server/src/contracts/api';

type Me = Pick<MeDto, 'roles' | 'specialty'>;

const has = (me: Me, role: string) => me.roles.includes(role);

/** Reads the specialty's roster, on-call chain, advice queue and figures. */
export function readsSpecialty(me: Me, specialty: string): boolean {
  return has(me, 'admin') || ((has(me, 'coordinator') || has(me, 'specialist')) && me.specialty === specialty);
}

/** Changes the specialty's roster. */
export function editsRoster(me: Me, specialty: string): boolean {
  return has(me, 'admin') || (has(me, 'coordinator') && me.specialty === specialty);
}
