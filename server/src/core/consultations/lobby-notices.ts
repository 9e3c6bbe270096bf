/**
 * The lobby calls for attention: when a guest enters the lobby, each directory participant of
 * the meeting (the clinicians, who can let them in) gets a Teams notice «Kari Nordmann (pasient)
 * venter». Once per guest per lobby entry and clinician: the delivery ledger key carries the
 * instant the guest entered, so a repeated «I'm ready» or a retried call sends nothing twice.
 */
import { screenLink } from '../../shared/deep-links';
import { audited } from '../audit';
import type { AuditLog, Clock, ConversationStore, Notifier } from '../ports';
import type { DeliveryLedger } from './invitations';
import type { JoinStore } from './join-store';
import type { ConsultationStore } from './store';

export interface LobbyNoticeContext {
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly consultations: Pick<ConsultationStore, 'byId'>;
  readonly join: Pick<JoinStore, 'participants'>;
  readonly conversations: Pick<ConversationStore, 'personalFor'>;
  readonly notifier: Notifier;
  readonly ledger: DeliveryLedger;
  readonly publicBaseUrl: string;
  readonly teamsAppId?: string;
}

export const guestWaitingKey = (participantId: string, lobbySince: Date, personId: string) =>
  `consultations.guest-waiting:${participantId}:${lobbySince.toISOString()}:${personId}`;

/** Tells the meeting's clinicians that this guest waits; answers how many notices went out now. */
export async function notifyGuestWaiting(ctx: LobbyNoticeContext, consultationId: string, participantId: string): Promise<number> {
  const record = await ctx.consultations.byId(consultationId);
  const guest = record?.participants.find((p) => p.id === participantId && p.personId === null);
  if (!record || !guest || record.status === 'cancelled') return 0;
  const actor = { kind: 'system', name: 'lobby-notice' } as const;
  const target = { action: 'consultation.lobby_notice', patientId: record.patient.id, resourceType: 'participant', resourceId: participantId };
  return audited({ audit: ctx.audit, actor }, target, async () => {
    const state = (await ctx.join.participants(record.id)).find((s) => s.participantId === participantId);
    if (!state?.lobbySince || state.admittedAt) return 0;
    const notice = {
      kind: 'consultations.guest-waiting',
      consultationId: record.id,
      guestName: guest.name,
      guestRole: guest.role,
      startsAt: record.startsAt,
      tabUrl: screenLink(ctx, { kind: 'consultation', id: record.id }),
    } as const;
    let sent = 0;
    for (const clinician of record.participants) {
      if (clinician.personId === null) continue;
      const key = guestWaitingKey(participantId, state.lobbySince, clinician.personId);
      if (await ctx.ledger.wasSent(key)) continue;
      const conversation = await ctx.conversations.personalFor(clinician.personId);
      if (!conversation) continue;
      const outcome = await ctx.notifier.send(conversation.conversationId, { notice });
      if (!outcome.ok) continue;
      await ctx.ledger.markSent(key);
      sent += 1;
    }
    return sent;
  });
}
