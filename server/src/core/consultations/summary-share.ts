/**
 * Sharing a saved summary in Teams: each clinician participant with a personal chat with the
 * bot gets a `consultations.summary_saved` notice with the meeting's time and a link to it in the Samrom tab — never the
 * title or any text of the summary. Each version is announced at most once per participant.
 */
import { isClinicianRole } from '../../shared/consultation-terms';
import { screenLink } from '../../shared/deep-links';
import { audited } from '../audit';
import type { AuditLog, ConversationStore, OutgoingTeamsMessage, Notifier, WebhookLedger } from '../ports';
import type { EventLogger } from '../video-events';
import type { SummaryStore } from './after-meeting';
import type { ConsultationStore } from './store';

/** The idempotency ledger's namespace: one key per (consultation, version, participant). */
export const SUMMARY_SHARE_SOURCE = 'teams-summary-share';

export interface SummaryShareJob {
  readonly consultationId: string;
  readonly version: number;
}

export interface SummaryShareDeps {
  readonly store: Pick<ConsultationStore, 'byId'>;
  readonly summaries: Pick<SummaryStore, 'byConsultation'>;
  readonly conversations: Pick<ConversationStore, 'personalFor'>;
  readonly notifier: Notifier;
  /** Remembers which shares were sent (a `WebhookLedger` under {@link SUMMARY_SHARE_SOURCE}). */
  readonly ledger: WebhookLedger;
  readonly audit: AuditLog;
  readonly logger: EventLogger;
  readonly publicBaseUrl: string;
  /** Links open the tab in Teams when the app id is known; else the browser URL. */
  readonly teamsAppId?: string | undefined;
}

export interface SummaryShareResult {
  readonly sent: number;
  readonly skipped: 'stale_version' | 'no_consultation' | null;
}

export async function shareSummary(deps: SummaryShareDeps, job: SummaryShareJob): Promise<SummaryShareResult> {
  const record = await deps.store.byId(job.consultationId);
  if (!record) return { sent: 0, skipped: 'no_consultation' };
  const summary = await deps.summaries.byConsultation(record.id);
  // A newer save queued its own share; announcing this one as well would only repeat it.
  if (!summary || summary.version !== job.version) return { sent: 0, skipped: 'stale_version' };

  const actor = { kind: 'system', name: 'summary-share' } as const;
  const target = { action: 'consultation.summary.share', patientId: record.patient.id, resourceType: 'consultation', resourceId: record.id };
  return audited({ audit: deps.audit, actor }, target, async () => {
    const message = summarySavedNotice(deps, record.id, record.startsAt);
    let sent = 0;
    for (const p of record.participants) {
      if (p.personId === null || p.personId === summary.writtenBy) continue;
      if (!isClinicianRole(p.role) && p.role !== 'coordinator') continue;
      const conversation = await deps.conversations.personalFor(p.personId);
      if (!conversation) continue;
      if (!(await deps.ledger.firstSeen(SUMMARY_SHARE_SOURCE, `${record.id}:${job.version}:${p.id}`))) continue;
      const outcome = await deps.notifier.send(conversation.conversationId, message);
      if (outcome.ok) sent++;
      else deps.logger.warn({ consultationId: record.id, participantId: p.id, status: outcome.status, reason: outcome.reason }, 'summary share not delivered');
    }
    return { sent, skipped: null };
  });
}

/** Time and a link only (rendered by the Teams adapter): the title and the summary are clinical and stay in Samrom. */
export function summarySavedNotice(deps: Pick<SummaryShareDeps, 'publicBaseUrl' | 'teamsAppId'>, consultationId: string, startsAt: Date): OutgoingTeamsMessage {
  return { notice: { kind: 'consultations.summary_saved', startsAt, url: screenLink(deps, { kind: 'consultation', id: consultationId }) } };
}
