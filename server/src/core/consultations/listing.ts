/**
 * Lists of consultations (mine, or all of the organisation's for coordinators' calendars) and the directory people a
 * booker can add. A list touches many patients: besides the request's own event, every
 * consultation listed leaves an audit event with its patient, so each patient's access log
 * shows who saw their meeting in a list.
 */
import { DEFAULT_LIST_DAYS, LIST_SPAN_MESSAGE, MAX_LIST_DAYS } from '../../shared/scheduling-limits';
import { DIRECTORY_PARTICIPANT_ROLES, type DirectoryParticipantRole } from '../../shared/consultation-terms';
import { audited, requireRole } from '../audit';
import { DomainError } from '../errors';
import { enforce } from '../policy';
import type { Directory } from '../ports';
import { type Actor, actorId } from '../roles';
import { BOOKING_ROLES, type ConsultationContext } from './booking';
import { decideListAll } from './policy';
import type { ConsultationListQuery } from './requests';
import type { ConsultationSummaryRecord } from './store';

const MS_PER_DAY = 86_400_000;

/** From now (or `from`) for {@link DEFAULT_LIST_DAYS} days unless `to` is given; at most {@link MAX_LIST_DAYS}. */
export async function listConsultations(ctx: ConsultationContext, query: ConsultationListQuery): Promise<ConsultationSummaryRecord[]> {
  const scope = query.scope ?? 'mine';
  return audited(ctx, { action: `consultation.list.${scope}`, patientId: null, resourceType: 'consultation' }, async () => {
    if (ctx.actor.kind !== 'person') throw new DomainError('forbidden', 'only people list consultations');
    // `all`: every consultation for admins, those booked within their organisation for coordinators.
    const all = scope === 'all' ? decideListAll(ctx.actor) : null;
    if (all) enforce(all);
    const from = query.from ? new Date(query.from) : ctx.clock.now();
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + DEFAULT_LIST_DAYS * MS_PER_DAY);
    const span = to.getTime() - from.getTime();
    if (span <= 0 || span > MAX_LIST_DAYS * MS_PER_DAY) {
      throw new DomainError('validation_failed', 'bad span', [{ path: 'to', message: LIST_SPAN_MESSAGE }]);
    }
    const records = await ctx.store.list({
      from,
      to,
      personId: all ? null : ctx.actor.personId,
      bookedInOrganizationId: all?.allowed ? all.organizationId : null,
    });
    await recordListed(ctx, records);
    return [...records];
  });
}

async function recordListed(ctx: ConsultationContext, records: readonly ConsultationSummaryRecord[]): Promise<void> {
  const actor = actorId(ctx.actor);
  await Promise.all(
    records.map((r) =>
      ctx.audit.record({
        actorId: actor,
        action: 'consultation.list',
        patientId: r.patient.id,
        resourceType: 'consultation',
        resourceId: r.id,
        outcome: 'allowed',
        requestId: ctx.requestId ?? null,
      }),
    ),
  );
}

const isParticipantRole = (role: string): role is DirectoryParticipantRole => (DIRECTORY_PARTICIPANT_ROLES as readonly string[]).includes(role);

/**
 * The directory people a booker can add (clinicians and coordinators), sorted by name: names,
 * roles and organisations, no contact details. Bookers only; no patient data, so not audited.
 */
export interface BookableClinician {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly DirectoryParticipantRole[];
  readonly organization: string;
  readonly specialty: string | null;
}

export async function bookableClinicians(directory: Directory, actor: Actor): Promise<BookableClinician[]> {
  // AMK operators too: they pull a clinician into an emergency call from the same list.
  requireRole(actor, [...BOOKING_ROLES, 'amk']);
  const people = await directory.list();
  return people
    .map((p) => ({ id: p.id, name: p.name, roles: p.roles.filter(isParticipantRole), organization: p.organization, specialty: p.specialty }))
    .filter((p) => p.roles.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}
