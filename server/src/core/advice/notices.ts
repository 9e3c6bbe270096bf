/**
 * After an advice request is answered or withdrawn (job `advice-settled`): the requester's
 * status card says who answered, with a link to join in the tab (updated in place; sent if
 * there was none yet), and every other ring's card is updated in place so nobody answers a
 * request that is gone. Each closing goes once (a delivery ledger key per side effect). No
 * clinical text: names, organisation, specialty, link.
 */
import { browserUrl } from '../../shared/deep-links';
import type { DeliveryLedger } from '../consultations/invitations';
import type { OutgoingTeamsMessage } from '../ports';
import type { AdviceStore } from './store';
import type { AdviceClosedNotice } from './teams-notices';
import { type StatusCardContext, refreshStatusCard } from './status-card';

export interface SettleContext extends StatusCardContext {
  readonly store: StatusCardContext['store'] & Pick<AdviceStore, 'rings'>;
  readonly ledger: DeliveryLedger;
}

export interface SettleReport {
  readonly told: number;
  readonly closed: number;
  readonly retry: boolean;
}

export async function settleAdvice(ctx: SettleContext, requestId: string): Promise<SettleReport> {
  const report = { told: 0, closed: 0, retry: false };
  const request = await ctx.store.byId(requestId);
  if (!request || request.status === 'queued' || request.status === 'ringing') return report;
  const link = browserUrl(ctx.publicBaseUrl, { kind: 'advice-request', id: request.id });
  const once = async (key: string, personId: string, message: OutgoingTeamsMessage): Promise<boolean> => {
    if (await ctx.ledger.wasSent(key)) return false;
    const conversation = await ctx.conversations.personalFor(personId);
    if (!conversation) return false;
    const outcome = await ctx.notifier.send(conversation.conversationId, message);
    if (outcome.ok || outcome.final) await ctx.ledger.markSent(key);
    if (!outcome.ok && !outcome.final) report.retry = true;
    return outcome.ok;
  };

  const told = await refreshStatusCard(ctx, request.id);
  if (told === 'sent' || told === 'updated') report.told++;
  if (told === 'retry') report.retry = true;
  const closed: AdviceClosedNotice = {
    kind: 'advice.closed',
    requestId: request.id,
    specialty: request.specialty,
    withdrawn: request.status === 'abandoned',
    link,
  };
  for (const ring of await ctx.store.rings(request.id)) {
    if (!ring.activityId || ring.personId === request.acceptedBy) continue;
    const key = `advice-closed:${request.id}:${ring.attempt}:${ring.personId}`;
    if (await once(key, ring.personId, { notice: closed, replaceActivityId: ring.activityId })) report.closed++;
  }
  return report;
}
