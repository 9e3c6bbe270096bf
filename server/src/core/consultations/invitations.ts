/**
 * Telling participants about a consultation: the invitation, every update, the cancellation,
 * and each reminder. Workers call these with opaque ids; everything else is re-read here, so
 * a job that runs late acts on the consultation as it is now.
 *
 * Who gets what: directory people with a personal Teams chat get a Teams notice (a card); other
 * directory people an e-mail (else an SMS) from their directory entry with a link that needs
 * sign-in; guests (patient, relatives, interpreter, others) an SMS and/or e-mail with their own
 * join link, a fresh token per message. A link belongs to the meeting's version (`sequence`):
 * the first link of a new version supersedes the guest's links of older ones. E-mails carry the iCalendar invitation (REQUEST, or
 * CANCEL on cancellation). No title, no patient name, no national id, no clinical text.
 *
 * Idempotent: each side effect has a key; the ledger is checked before and written after each
 * send, and the same key goes to the SMS/e-mail port, so a redelivered job sends nothing twice.
 */
import type { ReminderChannel } from '../../shared/consultation-terms';
import { browserUrl, guestJoinUrl, screenLink } from '../../shared/deep-links';
import { type AuditContext, audited } from '../audit';
import { type E164, type EmailSender, MessagingError, type SmsSender } from '../messaging';
import type { Clock, ConversationStore, Directory, Notifier } from '../ports';
import { reminderTimes } from './booking';
import { buildInvitation, consultationUid } from './icalendar';
import { type NoticeFacts, type NoticeKind, ROLE_LABELS, emailContent, smsText } from './notices';
import type { ConsultationRecord, ConsultationStore, GuestLinks, InvitationJob, ParticipantRecord } from './store';

/** What became of one message: taken by the provider, delivered, or failed for good. */
export type DeliveryState = 'sent' | 'delivered' | 'failed';

/** One message's state, per participant and channel, for the meeting view. */
export interface DeliveryStateEntry {
  /** The message's idempotency key. */
  readonly key: string;
  readonly consultationId: string;
  readonly participantId: string;
  readonly channel: ReminderChannel;
  readonly kind: NoticeKind;
  readonly state: DeliveryState;
  /** The provider's message id, which its delivery report names. */
  readonly providerRef: string | null;
  /** Why it failed (a `MessagingFailureReason`, `no_contact`, a Teams reason). */
  readonly reason: string | null;
  readonly at: Date;
}

/** Remembers which side effects were done, by idempotency key. */
export interface DeliveryLedger {
  wasSent(key: string): Promise<boolean>;
  markSent(key: string): Promise<void>;
}

/** What became of each consultation message, for the meeting view. */
export interface DeliveryStates {
  /** Records (or updates) one message's state. */
  recordState(entry: DeliveryStateEntry): Promise<void>;
}

export interface NotifyContext extends AuditContext {
  readonly store: Pick<ConsultationStore, 'byId' | 'reminderById' | 'removedAt'>;
  readonly directory: Pick<Directory, 'byId'>;
  readonly conversations: Pick<ConversationStore, 'personalFor'>;
  readonly notifier: Notifier;
  readonly sms: SmsSender;
  readonly email: EmailSender;
  readonly guestLinks: GuestLinks;
  readonly ledger: DeliveryLedger & DeliveryStates;
  readonly clock: Clock;
  readonly publicBaseUrl: string;
  /** Cards link to the tab in Teams when known, else to the browser URL. */
  readonly teamsAppId?: string;
  /** The iCalendar ORGANIZER address (the sender). */
  readonly organizerEmail: string;
}

export type SkipReason = 'not_found' | 'stale' | 'cancelled' | 'moved' | 'past' | 'no_participant';

export interface DeliveryReport {
  /** Set when nothing was attempted, and why. */
  readonly skipped?: SkipReason;
  readonly sent: number;
  /** Already done by an earlier run of the same job. */
  readonly alreadySent: number;
  /** Final failures (bad number, no contact, Teams 403/404): retrying will not help. */
  readonly failed: readonly { readonly participantId: string; readonly channel: ReminderChannel; readonly reason: string }[];
  /** Some send failed in a way worth retrying: the worker throws so the job runs again. */
  readonly retry: boolean;
}

type Target =
  | { readonly channel: 'teams'; readonly conversationId: string }
  | { readonly channel: 'sms'; readonly to: E164 }
  | { readonly channel: 'email'; readonly to: string };

/** Sends the invitation, update or cancellation the job's sequence stands for. */
export async function sendInvitations(ctx: NotifyContext, job: InvitationJob): Promise<DeliveryReport> {
  const record = await ctx.store.byId(job.consultationId);
  if (!record) return skip('not_found');
  if (job.only) return sendTargeted(ctx, record, { ...job, only: job.only });
  // A later change wrote its own job; that one tells everyone the latest.
  if (record.sequence !== job.sequence) return skip('stale');
  const kind: NoticeKind = record.status === 'cancelled' ? 'cancellation' : record.sequence === 0 ? 'invitation' : 'update';
  if (job.participantId) return resendInvitation(ctx, record, job.participantId, job.resendId ?? '');
  return audited(ctx, notifyTarget(record), async () => {
    const report = newReport();
    for (const participant of record.participants) {
      const key = `invite:${record.id}:${participant.id}:${record.sequence}`;
      await deliver(ctx, record, participant, kind, key, undefined, report);
    }
    // Those this change removed: the meeting they knew is cancelled for them.
    for (const removed of kind === 'update' ? await ctx.store.removedAt(record.id, record.sequence) : []) {
      const key = `invite:${record.id}:${removed.id}:${record.sequence}`;
      await deliver(ctx, { ...record, startsAt: removed.startsAt, endsAt: removed.endsAt }, removed, 'cancellation', key, undefined, report);
    }
    return report;
  });
}

/**
 * A change that concerns only some people (one added, one removed, an invitation re-sent): the
 * named participants get the invitation as the meeting is now, with a fresh link; those the
 * change removed are told it is cancelled for them; nobody else hears anything. Not skipped when
 * a later change raised the sequence again, as that change may itself tell only others.
 */
async function sendTargeted(
  ctx: NotifyContext,
  record: ConsultationRecord,
  job: InvitationJob & { readonly only: readonly string[] },
): Promise<DeliveryReport> {
  if (record.status === 'cancelled') return skip('cancelled');
  return audited(ctx, notifyTarget(record), async () => {
    const report = newReport();
    for (const participant of record.participants.filter((p) => job.only.includes(p.id))) {
      await deliver(ctx, record, participant, 'invitation', `invite:${record.id}:${participant.id}:${job.sequence}`, undefined, report);
    }
    for (const removed of await ctx.store.removedAt(record.id, job.sequence)) {
      const key = `invite:${record.id}:${removed.id}:${job.sequence}`;
      await deliver(ctx, { ...record, startsAt: removed.startsAt, endsAt: removed.endsAt }, removed, 'cancellation', key, undefined, report);
    }
    return report;
  });
}

/** A guest's «Send meg en ny lenke»: this version's invitation again, with a fresh link, to them alone. */
async function resendInvitation(ctx: NotifyContext, record: ConsultationRecord, participantId: string, resendId: string): Promise<DeliveryReport> {
  if (record.status === 'cancelled') return skip('cancelled');
  const participant = record.participants.find((p) => p.id === participantId);
  if (!participant) return skip('no_participant');
  return audited(ctx, notifyTarget(record), async () => {
    const report = newReport();
    const kind: NoticeKind = record.sequence === 0 ? 'invitation' : 'update';
    await deliver(ctx, record, participant, kind, `resend:${record.id}:${participant.id}:${resendId}`, undefined, report);
    return report;
  });
}

/** Sends one reminder, unless it or its consultation was cancelled or moved since it was planned. */
export async function sendReminder(ctx: NotifyContext, reminderId: string): Promise<DeliveryReport> {
  const reminder = await ctx.store.reminderById(reminderId);
  if (!reminder) return skip('not_found');
  if (reminder.cancelledAt !== null) return skip('cancelled');
  const record = await ctx.store.byId(reminder.consultationId);
  if (!record) return skip('not_found');
  if (record.status === 'cancelled') return skip('cancelled');
  const due = reminderTimes(record.startsAt, new Date(0));
  if (!due.some((at) => at.getTime() === reminder.at.getTime())) return skip('moved');
  if (ctx.clock.now().getTime() >= record.endsAt.getTime()) return skip('past');
  const participant = record.participants.find((p) => p.id === reminder.participantId);
  if (!participant) return skip('no_participant');
  return audited(ctx, notifyTarget(record), async () => {
    const report = newReport();
    await deliver(ctx, record, participant, 'reminder', `reminder:${reminder.id}`, reminder.channel, report);
    return report;
  });
}

// ── Delivery ────────────────────────────────────────────────────────────────────────────────

interface MutableReport {
  sent: number;
  alreadySent: number;
  failed: { participantId: string; channel: ReminderChannel; reason: string }[];
  retry: boolean;
}

const newReport = (): MutableReport => ({ sent: 0, alreadySent: 0, failed: [], retry: false });
const skip = (skipped: SkipReason): DeliveryReport => ({ skipped, sent: 0, alreadySent: 0, failed: [], retry: false });

const notifyTarget = (record: ConsultationRecord) =>
  ({ action: 'consultation.notify', patientId: record.patient.id, resourceType: 'consultation', resourceId: record.id }) as const;

async function deliver(
  ctx: NotifyContext,
  record: ConsultationRecord,
  participant: ParticipantRecord,
  kind: NoticeKind,
  keyPrefix: string,
  only: ReminderChannel | undefined,
  report: MutableReport,
): Promise<void> {
  const state = (key: string, channel: ReminderChannel, outcome: Pick<DeliveryStateEntry, 'state' | 'providerRef' | 'reason'>) =>
    ctx.ledger.recordState({ key, consultationId: record.id, participantId: participant.id, channel, kind, ...outcome, at: ctx.clock.now() });
  const failed = async (key: string, channel: ReminderChannel, reason: string) => {
    report.failed.push({ participantId: participant.id, channel, reason });
    await state(key, channel, { state: 'failed', providerRef: null, reason });
  };
  const targets = await targetsFor(ctx, participant, only);
  if (targets.length === 0) await failed(`${keyPrefix}:none`, only ?? 'email', 'no_contact');
  for (const target of targets) {
    const key = `${keyPrefix}:${target.channel}`;
    try {
      if (await ctx.ledger.wasSent(key)) {
        report.alreadySent++;
        continue;
      }
      const outcome = await sendOne(ctx, record, participant, kind, target, key);
      if (outcome === 'retry') report.retry = true;
      else if ('final' in outcome) await failed(key, target.channel, outcome.final);
      else {
        await ctx.ledger.markSent(key);
        report.sent++;
        await state(key, target.channel, { state: outcome.state, providerRef: outcome.providerRef, reason: null });
      }
    } catch (err) {
      if (err instanceof MessagingError && !err.retryable) await failed(key, target.channel, err.reason);
      // Else worth another try (provider down, network, database): the ledger keeps the rest from repeating.
      else report.retry = true;
    }
  }
}

/** Teams for directory people with a personal chat; else their directory e-mail or phone; guests their own contact. */
async function targetsFor(ctx: NotifyContext, p: ParticipantRecord, only: ReminderChannel | undefined): Promise<Target[]> {
  if (p.personId !== null) {
    const conversation = await ctx.conversations.personalFor(p.personId);
    if (conversation) return [{ channel: 'teams', conversationId: conversation.conversationId }];
    const person = await ctx.directory.byId(p.personId);
    if (person?.email) return [{ channel: 'email', to: person.email }];
    if (person?.phone) return [{ channel: 'sms', to: person.phone as E164 }];
    return [];
  }
  const targets: Target[] = [];
  if (p.phone !== null && (only === undefined || only === 'sms')) targets.push({ channel: 'sms', to: p.phone as E164 });
  if (p.email !== null && (only === undefined || only === 'email')) targets.push({ channel: 'email', to: p.email });
  return targets;
}

type Sent = { readonly state: 'sent' | 'delivered'; readonly providerRef: string | null };

async function sendOne(
  ctx: NotifyContext,
  record: ConsultationRecord,
  participant: ParticipantRecord,
  kind: NoticeKind,
  target: Target,
  idempotencyKey: string,
): Promise<Sent | 'retry' | { final: string }> {
  const meeting = { kind: 'consultation', id: record.id } as const;
  const tabUrl = browserUrl(ctx.publicBaseUrl, meeting);
  const joinUrl =
    kind === 'cancellation'
      ? undefined
      : participant.personId !== null
        ? tabUrl
        : guestJoinUrl(ctx.publicBaseUrl, await ctx.guestLinks.issue(record.id, participant.id, record.sequence));
  const facts: NoticeFacts = {
    kind,
    startsAt: record.startsAt,
    endsAt: record.endsAt,
    role: participant.role,
    link: participant.personId !== null ? 'sign-in' : 'personal',
    ...(joinUrl ? { joinUrl } : {}),
  };

  switch (target.channel) {
    case 'teams': {
      const notice = {
        kind: `consultations.${kind}`,
        startsAt: record.startsAt,
        endsAt: record.endsAt,
        role: participant.role,
        tabUrl: screenLink(ctx, meeting),
        ...(joinUrl ? { joinUrl } : {}),
      } as const;
      const outcome = await ctx.notifier.send(target.conversationId, { notice });
      // The Bot Connector's answer means the card is in the person's chat.
      if (outcome.ok) return { state: 'delivered', providerRef: null };
      return outcome.final ? { final: outcome.reason } : 'retry';
    }
    case 'sms': {
      // Delivered once the provider's delivery report says so (the development outbox: at once).
      const sent = await ctx.sms.send({ to: target.to, text: smsText(facts), idempotencyKey });
      return { state: sent.delivered ? 'delivered' : 'sent', providerRef: sent.providerId };
    }
    case 'email': {
      const content = emailContent(facts);
      const method = kind === 'cancellation' ? 'CANCEL' : 'REQUEST';
      // A reminder is not a calendar change; invitations, updates and cancellations carry one.
      const calendar =
        kind === 'reminder'
          ? undefined
          : buildInvitation({
              method,
              uid: consultationUid(record.id),
              sequence: record.sequence,
              start: record.startsAt,
              end: record.endsAt,
              description: content.calendarDescription,
              url: joinUrl ?? ctx.publicBaseUrl,
              organizer: { name: 'Samrom', email: ctx.organizerEmail },
              // The role, never the name: the patient's name stays out of calendars.
              attendee: { name: ROLE_LABELS[participant.role].nb, email: target.to },
              now: ctx.clock.now(),
            });
      const sent = await ctx.email.send({
        to: target.to,
        subject: content.subject,
        text: content.text,
        ...(calendar ? { calendar: { method, content: calendar } } : {}),
        idempotencyKey,
      });
      // SMTP's 250: the receiving mail server has taken responsibility for it.
      return { state: 'delivered', providerRef: sent.messageId };
    }
    default:
      return target satisfies never;
  }
}
