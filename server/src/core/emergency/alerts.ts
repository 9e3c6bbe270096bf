/**
 * Ringing AMK. The `ring` job alerts every AMK operator at once: the consoles through the event
 * bus (recorded as the call's first alert), and each operator's Teams chat with a card. The
 * `escalate` job, run after the ring timeout, alerts the backup group if nobody has answered,
 * raises the alarm, leaves the call ringing, and sets the timer that closes it if nobody has
 * answered {@link DEFAULT_UNANSWERED_CLOSE_MINUTES} later (see `stale.ts`).
 *
 * The backup group is kept in the directory: people with the role `amk` whose specialty is
 * {@link AMK_BACKUP_SPECIALTY} (the AMK leader on duty, or a neighbouring centre's operators
 * entered with that marker).
 *
 * The Teams notices (`emergency.call_*`, rendered as cards by the Teams adapter) carry the triage
 * colour, the NEWS2 total and the requester's organization at most: never ISBAR or vitals. Idempotent: each card sent is recorded, so a redelivered job sends
 * nothing twice; a job for a call no longer ringing does nothing. When the call is answered or
 * ends, an `update` job replaces every card it sent (`updateEmergencyCards`).
 */
import { screenLink } from '../../shared/deep-links';
import { type AuditContext, audited } from '../audit';
import type { Clock, ConversationStore, Directory, OutgoingTeamsMessage, Notifier, Person } from '../ports';
import type { EmergencyCallNotice } from './teams-notices';
import type { AlertKind, EmergencyAlertStore, EmergencyCallEvents, EmergencyCallRecord, EmergencyCallStore, EmergencyMetrics } from './store';

/** The directory marker (a person's `specialty`) of the AMK backup group. */
export const AMK_BACKUP_SPECIALTY = 'amk-leder';
/** A call nobody answered is closed this long after escalation (`EMERGENCY_UNANSWERED_CLOSE_MINUTES`). @defaultValue 15 */
export const DEFAULT_UNANSWERED_CLOSE_MINUTES = 15;

export interface AlertContext extends AuditContext {
  readonly clock: Clock;
  readonly store: Pick<EmergencyCallStore, 'byId' | 'markFirstAlert' | 'markEscalated'>;
  readonly directory: Pick<Directory, 'byId' | 'list'>;
  readonly conversations: Pick<ConversationStore, 'personalFor'>;
  readonly notifier: Notifier;
  readonly alerts: EmergencyAlertStore;
  readonly events: EmergencyCallEvents;
  readonly metrics: EmergencyMetrics;
  readonly publicBaseUrl: string;
  readonly teamsAppId?: string;
  /** @defaultValue {@link DEFAULT_UNANSWERED_CLOSE_MINUTES} */
  readonly unansweredCloseMinutes?: number;
  /** Told about a send that threw (the job is retried); the worker logs it. */
  readonly onSendError?: (err: unknown, personId: string) => void;
}

export interface AlertReport {
  /** Set when nothing was done, and why. */
  readonly skipped?: 'not_found' | 'not_ringing';
  /** Escalation only: true the first time this call escalated. */
  readonly escalated?: boolean;
  /** People in the group alerted (AMK operators, or the backup group). */
  readonly group: number;
  readonly sent: number;
  readonly alreadySent: number;
  /** Operators without a Teams chat with the bot, or whose chat refused (403/404): they have the console. */
  readonly unreachable: number;
  /** A send worth retrying failed: the worker throws so the job runs again (recorded cards are skipped). */
  readonly retry: boolean;
}

type Kind = AlertKind;

export async function ringEmergencyCall(ctx: AlertContext, callId: string): Promise<AlertReport> {
  const record = await ctx.store.byId(callId);
  if (!record) return skipped('not_found');
  if (record.status !== 'ringing') return skipped('not_ringing');
  return audited(ctx, target(callId), async () => {
    // The consoles first: that push is the alert that matters most, and its instant is the first alert.
    const alertAt = ctx.clock.now();
    const marked = (await ctx.store.markFirstAlert(callId, alertAt)) ?? record;
    await ctx.events.changed(callId);
    if (marked.firstAlertAt?.getTime() === alertAt.getTime()) {
      ctx.metrics.firstAlert((alertAt.getTime() - marked.requestedAt.getTime()) / 1_000);
    }
    const operators = (await ctx.directory.list()).filter((p) => p.roles.includes('amk'));
    return alertAll(ctx, marked, operators, 'ring');
  });
}

export async function escalateEmergencyCall(ctx: AlertContext, callId: string): Promise<AlertReport> {
  const record = await ctx.store.byId(callId);
  if (!record) return skipped('not_found');
  if (record.status !== 'ringing') return skipped('not_ringing');
  return audited(ctx, target(callId), async () => {
    const now = ctx.clock.now();
    const closeAt = new Date(now.getTime() + (ctx.unansweredCloseMinutes ?? DEFAULT_UNANSWERED_CLOSE_MINUTES) * 60_000);
    const escalated = await ctx.store.markEscalated(callId, now, closeAt);
    if (escalated) {
      ctx.metrics.escalated();
      await ctx.events.changed(callId);
    }
    const backup = (await ctx.directory.list()).filter(isBackup);
    const report = await alertAll(ctx, escalated ?? record, backup, 'escalate');
    return { ...report, escalated: escalated !== null };
  });
}

/**
 * The call was answered or ended: every card it sent is replaced in place by «Besvart av …»
 * (or «Avsluttet»), so no other operator reaches for a call already taken.
 */
export async function updateEmergencyCards(ctx: AlertContext, callId: string): Promise<AlertReport> {
  const record = await ctx.store.byId(callId);
  if (!record) return skipped('not_found');
  if (record.status === 'ringing') return skipped('not_ringing');
  return audited(ctx, target(callId), async () => {
    const shown = (status: EmergencyCallRecord['status']) => (status === 'connected' ? 'answered' : status);
    const stale = (await ctx.alerts.forCall(callId)).filter((a) => shown(a.shownStatus) !== shown(record.status));
    const [requester, answerer] = await Promise.all([ctx.directory.byId(record.requestedBy), record.answeredBy ? ctx.directory.byId(record.answeredBy) : null]);
    const stage = record.status !== 'ended' ? 'answered' : record.outcome === 'unanswered' ? 'closed' : 'ended';
    const message = callNotice(ctx, record, stage, requester?.organization ?? '', answerer?.name ?? '');
    const results = await Promise.all(
      stale.map(async (alert) => {
        try {
          const outcome = await ctx.notifier.send(alert.conversationId, { ...message, replaceActivityId: alert.activityId });
          if (outcome.ok || outcome.final) await ctx.alerts.markShown(alert, record.status);
          return outcome.ok ? 'sent' : outcome.final ? 'unreachable' : 'retry';
        } catch (err) {
          // Database or network: the job runs again for the cards still showing the old state.
          ctx.onSendError?.(err, alert.personId);
          return 'retry';
        }
      }),
    );
    return {
      group: stale.length,
      sent: results.filter((r) => r === 'sent').length,
      alreadySent: 0,
      unreachable: results.filter((r) => r === 'unreachable').length,
      retry: results.includes('retry'),
    };
  });
}

export const isBackup = (p: Pick<Person, 'roles' | 'specialty'>): boolean => p.roles.includes('amk') && p.specialty === AMK_BACKUP_SPECIALTY;

const target = (callId: string) => ({ action: 'emergency_call.alert', patientId: null, resourceType: 'emergency_call', resourceId: callId }) as const;

const skipped = (reason: NonNullable<AlertReport['skipped']>): AlertReport => ({
  skipped: reason,
  group: 0,
  sent: 0,
  alreadySent: 0,
  unreachable: 0,
  retry: false,
});

async function alertAll(ctx: AlertContext, record: EmergencyCallRecord, people: readonly Person[], kind: Kind): Promise<AlertReport> {
  const requester = await ctx.directory.byId(record.requestedBy);
  const message = callNotice(ctx, record, kind, requester?.organization ?? '');
  // All at once: every operator should see it in the same moment.
  const results = await Promise.all(people.map((person) => alertOne(ctx, record.id, person.id, kind, message)));
  return {
    group: people.length,
    sent: results.filter((r) => r === 'sent').length,
    alreadySent: results.filter((r) => r === 'already').length,
    unreachable: results.filter((r) => r === 'unreachable').length,
    retry: results.includes('retry'),
  };
}

async function alertOne(
  ctx: AlertContext,
  callId: string,
  personId: string,
  kind: Kind,
  message: OutgoingTeamsMessage,
): Promise<'sent' | 'already' | 'unreachable' | 'retry'> {
  try {
    if (await ctx.alerts.wasSent(callId, personId, kind)) return 'already';
    const conversation = await ctx.conversations.personalFor(personId);
    if (!conversation) return 'unreachable';
    const outcome = await ctx.notifier.send(conversation.conversationId, message);
    if (outcome.ok) {
      await ctx.alerts.record({ callId, personId, kind, conversationId: conversation.conversationId, activityId: outcome.activityId });
      return 'sent';
    }
    return outcome.final ? 'unreachable' : 'retry';
  } catch (err) {
    // Database or network trouble: another run will try; recorded cards are not sent again.
    ctx.onSendError?.(err, personId);
    return 'retry';
  }
}

function callUrl(ctx: AlertContext, id: string): string {
  const call = { kind: 'emergency-call', id } as const;
  return screenLink(ctx, call);
}

// ── The notice ──────────────────────────────────────────────────────────────────────────────

/** What each operator's card shows now, by the alert's kind or the call's state. */
type CallStage = Kind | 'answered' | 'ended' | 'closed';

const CALL_NOTICE_KINDS = {
  ring: 'emergency.call_ringing',
  escalate: 'emergency.call_escalated',
  ended: 'emergency.call_ended',
  closed: 'emergency.call_closed',
} as const satisfies Record<Exclude<CallStage, 'answered'>, EmergencyCallNotice['kind']>;

/**
 * Triage colour, NEWS2 total and the requester's organization (rendered by the Teams adapter):
 * no ISBAR, no vitals, no patient. Once answered, the operator's name (a colleague, not the patient).
 */
function callNotice(ctx: AlertContext, record: EmergencyCallRecord, stage: CallStage, organization: string, answeredBy = ''): OutgoingTeamsMessage {
  const facts = { triage: record.triage, news2Total: record.news2Total, organization, tabUrl: callUrl(ctx, record.id) };
  const notice: EmergencyCallNotice =
    stage === 'answered' ? { kind: 'emergency.call_answered', answeredBy, ...facts } : { kind: CALL_NOTICE_KINDS[stage], ...facts };
  return { notice };
}
