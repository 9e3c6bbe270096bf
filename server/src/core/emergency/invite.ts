/**
 * AMK pulls in a third party: the operator who answered invites a directory clinician, or the
 * level-1 on-call of a specialty from the roster as it stands now. The invited person gets a
 * Teams card with a link (sent by the `invite` job; no clinical text), may read the call in the
 * tab and join its room. What Teams answered for that card is recorded (pending, delivered,
 * retrying, failed) and shown to the operator as it is, with the person's phone when it failed:
 * «varslet i Teams» only once Teams took the card.
 */
import { screenLink } from '../../shared/deep-links';
import type { InviteDelivery } from '../../shared/emergency-terms';
import { audited, requireRole } from '../audit';
import { personActor } from '../directory';
import { DomainError, type ParsedInput } from '../errors';
import { CLINICIAN_ROLES, hasAnyRole } from '../roles';
import { onCallChain } from '../rosters/chain';
import type { RosterStore } from '../rosters/store';
import type { AlertContext } from './alerts';
import { ANSWERER_ROLES, type EmergencyContext, mayWatch } from './calls';
import type { EmergencyCallStore } from './store';

export interface InviteContext extends EmergencyContext {
  readonly rosters: Pick<RosterStore, 'list'>;
}

/** Whom to pull in (parsed at the edge): a directory clinician, or the level-1 on-call of a specialty now. */
export type InviteTarget = { readonly personId: string } | { readonly specialty: string };

export interface EmergencyInvite {
  readonly callId: string;
  readonly person: { readonly id: string; readonly name: string; readonly organization: string };
  /** False when they were invited already (no second card). */
  readonly invited: boolean;
  readonly delivery: InviteDelivery;
}

export interface EmergencyInvitee {
  readonly person: { readonly id: string; readonly name: string; readonly organization: string; readonly phone: string | null };
  readonly invitedAt: Date;
  readonly delivery: InviteDelivery;
}

export interface EmergencyInviteList {
  readonly callId: string;
  readonly invites: readonly EmergencyInvitee[];
}

export async function inviteToEmergencyCall(ctx: InviteContext, id: string, body: ParsedInput<InviteTarget>): Promise<EmergencyInvite> {
  return audited(ctx, { action: 'emergency_call.invite', patientId: null, resourceType: 'emergency_call', resourceId: id }, async () => {
    requireRole(ctx.actor, ANSWERER_ROLES);
    if (ctx.actor.kind !== 'person') throw new DomainError('forbidden', 'a person must act');
    if (!body.ok) throw new DomainError('validation_failed', 'invite request', body.issues);
    const target = body.value;
    const record = await ctx.store.byId(id);
    if (!record) throw new DomainError('not_found', 'no such emergency call');
    if (record.answeredBy !== ctx.actor.personId) throw new DomainError('forbidden', 'only the operator who answered may pull in others');
    if (record.status === 'ended') throw new DomainError('conflict', 'the call has ended');
    if (record.status === 'ringing') throw new DomainError('conflict', 'not answered yet');

    const now = ctx.clock.now();
    let personId: string;
    if ('specialty' in target) {
      const shifts = await ctx.rosters.list(target.specialty, { from: new Date(now.getTime() - 1), to: new Date(now.getTime() + 1) });
      const first = onCallChain(shifts, now)[0]?.shifts[0];
      if (!first) {
        throw new DomainError('unprocessable', 'nobody on call', [
          { path: 'specialty', message: 'Ingen vakthavende i denne spesialiteten nå / nobody is on call in this specialty now' },
        ]);
      }
      personId = first.personId;
    } else {
      personId = target.personId;
    }
    const person = await ctx.directory.byId(personId);
    if (!person || !hasAnyRole(personActor(person), CLINICIAN_ROLES)) {
      throw new DomainError('unprocessable', 'not a clinician', [
        { path: 'personId', message: 'Ikke en kliniker i katalogen / not a clinician in the directory' },
      ]);
    }
    if (person.id === record.requestedBy || person.id === record.answeredBy) {
      throw new DomainError('conflict', 'already in the call');
    }
    const invited = await ctx.store.invite(id, person.id, ctx.actor.personId, now);
    if (invited) await ctx.events.changed(id);
    const delivery = invited ? 'pending' : ((await ctx.store.invites(id)).find((i) => i.personId === person.id)?.delivery ?? 'pending');
    return { callId: id, person: { id: person.id, name: person.name, organization: person.organization }, invited, delivery };
  });
}

/** `GET /:id/invites`: AMK and the requester see who was pulled in and whether Teams took their card. */
export async function listEmergencyInvites(ctx: EmergencyContext, id: string): Promise<EmergencyInviteList> {
  return audited(ctx, { action: 'emergency_call.invite_read', patientId: null, resourceType: 'emergency_call', resourceId: id }, async () => {
    const record = await ctx.store.byId(id);
    if (!record) throw new DomainError('not_found', 'no such emergency call');
    if (!mayWatch(ctx.actor, record)) throw new DomainError('forbidden', 'not the requester or AMK');
    const invites = await ctx.store.invites(id);
    const people = await Promise.all(invites.map((i) => ctx.directory.byId(i.personId)));
    return {
      callId: id,
      invites: invites.map((i, n) => ({
        person: { id: i.personId, name: people[n]?.name ?? '', organization: people[n]?.organization ?? '', phone: people[n]?.phone ?? null },
        invitedAt: i.invitedAt,
        delivery: i.delivery,
      })),
    };
  });
}

export type InviteCardOutcome = 'sent' | 'unreachable' | 'retry' | 'ended';

export type InviteCardContext = Pick<AlertContext, 'conversations' | 'notifier' | 'publicBaseUrl' | 'teamsAppId'> & {
  readonly store: Pick<EmergencyCallStore, 'byId' | 'setInviteDelivery'>;
};

/**
 * The `invite` job: sends the card and records Teams' answer — `delivered`; `failed` when the
 * person has no chat with the bot, Teams refused for good, or this was the last attempt; else
 * `retrying` (the job runs again). The operator's view follows the record, never the request.
 */
export async function deliverInviteCard(ctx: InviteCardContext, callId: string, personId: string, lastAttempt: boolean): Promise<InviteCardOutcome> {
  let outcome: InviteCardOutcome;
  try {
    outcome = await sendInviteCard(ctx, callId, personId);
  } catch (err) {
    await recordDelivery(ctx, callId, personId, lastAttempt ? 'failed' : 'retrying');
    throw err;
  }
  const delivery: InviteDelivery | null =
    outcome === 'sent' ? 'delivered' : outcome === 'unreachable' || (outcome === 'retry' && lastAttempt) ? 'failed' : outcome === 'retry' ? 'retrying' : null;
  if (delivery) await recordDelivery(ctx, callId, personId, delivery);
  return outcome;
}

function recordDelivery(ctx: InviteCardContext, callId: string, personId: string, delivery: InviteDelivery): Promise<void> {
  return ctx.store.setInviteDelivery(callId, personId, delivery);
}

/** A Teams notice with the link to the call (rendered as a card), to the person pulled in. No ISBAR, no vitals. */
async function sendInviteCard(ctx: InviteCardContext, callId: string, personId: string): Promise<InviteCardOutcome> {
  const record = await ctx.store.byId(callId);
  if (!record || record.status === 'ended') return 'ended';
  const conversation = await ctx.conversations.personalFor(personId);
  if (!conversation) return 'unreachable';
  const url = screenLink(ctx, { kind: 'emergency-call', id: callId });
  const outcome = await ctx.notifier.send(conversation.conversationId, { notice: { kind: 'emergency.call_invite', url } });
  return outcome.ok ? 'sent' : outcome.final ? 'unreachable' : 'retry';
}
