/**
 * Who may do what with a consultation, decided from the actor's relationship to it: its booker,
 * a coordinator of the booker's organisation, a participant (a clinician one for the summary),
 * or an admin. Anyone with no relationship gets 404, so a consultation's existence (and so a
 * patient's contact with the health service) is not revealed; someone who may see it but not do
 * this gets 403. Pure: the use cases load the parties and enforce the decision.
 */
import { isClinicianRole } from '../../shared/consultation-terms';
import { type Decision, allow, deny } from '../policy';
import type { Directory } from '../ports';
import { type Actor, hasAnyRole } from '../roles';
import type { ParticipantRecord } from './store';

/** What the policy needs to know about a consultation. */
export interface ConsultationParties {
  /** The directory person who booked it. */
  readonly createdBy: string;
  /** The booker's organisation in the directory (null when the booker is no longer there). */
  readonly bookerOrganizationId: string | null;
  readonly participants: readonly Pick<ParticipantRecord, 'personId' | 'role'>[];
}

export const CONSULTATION_ACTIONS = ['read', 'change', 'cancel', 'attendance', 'summary.read', 'summary.write', 'lobby', 'admit', 'join'] as const;
export type ConsultationAction = (typeof CONSULTATION_ACTIONS)[number];

/**
 * An actor's relationships to one consultation. `participant`: any directory person taking part;
 * `clinician_participant`: one taking part as a clinician (GP, specialist, municipality) or coordinator.
 */
export type Relationship = 'admin' | 'booker' | 'organization_coordinator' | 'clinician_participant' | 'participant';

const MANAGERS: readonly Relationship[] = ['admin', 'booker', 'organization_coordinator'];

/** The rules, one line per action: who may (any one relationship suffices). The README's table says the same. */
export const CONSULTATION_RULES: Readonly<Record<ConsultationAction, readonly Relationship[]>> = {
  read: [...MANAGERS, 'participant'],
  change: MANAGERS,
  cancel: MANAGERS,
  attendance: MANAGERS,
  'summary.read': [...MANAGERS, 'clinician_participant'],
  'summary.write': ['organization_coordinator', 'clinician_participant'],
  lobby: ['organization_coordinator', 'participant'],
  admit: ['organization_coordinator', 'participant'],
  join: ['participant'],
};

export function relationshipsTo(actor: Actor, parties: ConsultationParties): Relationship[] {
  if (actor.kind !== 'person') return [];
  const found: Relationship[] = [];
  if (hasAnyRole(actor, ['admin'])) found.push('admin');
  if (parties.createdBy === actor.personId) found.push('booker');
  if (hasAnyRole(actor, ['coordinator']) && actor.organizationId !== null && actor.organizationId === parties.bookerOrganizationId) {
    found.push('organization_coordinator');
  }
  const mine = parties.participants.filter((p) => p.personId === actor.personId);
  if (mine.some((p) => isClinicianRole(p.role) || p.role === 'coordinator')) found.push('clinician_participant');
  if (mine.length > 0) found.push('participant');
  return found;
}

/** Allowed with the first relationship that grants `action`; else 403 if the actor may see it, 404 if not. */
export function decideConsultation(actor: Actor, action: ConsultationAction, parties: ConsultationParties): Decision {
  const mine = relationshipsTo(actor, parties);
  const ground = CONSULTATION_RULES[action].find((r) => mine.includes(r));
  if (ground) return allow(ground);
  if (CONSULTATION_RULES.read.some((r) => mine.includes(r))) return deny('forbidden', `may_not_${action.replace('.', '_')}`);
  return deny('not_found', hasAnyRole(actor, ['coordinator']) ? 'other_organization' : 'not_a_party');
}

/** The parties of a stored consultation: its participants, and its booker's organisation from the directory. */
export async function partiesOf(
  directory: Pick<Directory, 'byId'>,
  record: Pick<ConsultationParties, 'createdBy' | 'participants'>,
): Promise<ConsultationParties> {
  const booker = await directory.byId(record.createdBy);
  return { createdBy: record.createdBy, bookerOrganizationId: booker?.organizationId ?? null, participants: record.participants };
}

// ── Lists ──────────────────────────────────────────────────────────────────────────────────

/** `scope=all` (the coordinators' calendar): everything for admins, the own organisation's bookings for coordinators. */
export type ListAllDecision =
  | { readonly allowed: true; readonly reason: 'admin'; readonly organizationId: null }
  | { readonly allowed: true; readonly reason: 'organization_coordinator'; readonly organizationId: string }
  | Extract<Decision, { allowed: false }>;

export function decideListAll(actor: Actor): ListAllDecision {
  if (actor.kind !== 'person') return { allowed: false, code: 'forbidden', reason: 'not_a_person' };
  if (hasAnyRole(actor, ['admin'])) return { allowed: true, reason: 'admin', organizationId: null };
  if (hasAnyRole(actor, ['coordinator']) && actor.organizationId !== null) {
    return { allowed: true, reason: 'organization_coordinator', organizationId: actor.organizationId };
  }
  return { allowed: false, code: 'forbidden', reason: 'not_a_coordinator' };
}

// ── Free/busy ──────────────────────────────────────────────────────────────────────────────

/**
 * `POST /api/consultations/availability` shows when people are busy. Coordinators plan for
 * others; a GP or specialist may search only a meeting they will be in themselves (their own
 * id among `personIds`), and then sees only the slots free for everyone, never one person's calendar.
 */
export function decideAvailability(actor: Actor, personIds: readonly string[]): Decision {
  if (actor.kind !== 'person') return deny('forbidden', 'not_a_person');
  if (hasAnyRole(actor, ['coordinator'])) return allow('coordinator');
  if (!hasAnyRole(actor, ['gp', 'specialist'])) return deny('forbidden', 'role');
  return personIds.includes(actor.personId) ? allow('in_the_meeting') : deny('forbidden', 'not_in_the_meeting');
}
