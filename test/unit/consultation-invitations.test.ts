import { describe, expect, it } from 'vitest';
import { type NotifyContext, sendInvitations } from '../../server/src/core/consultations/invitations';
import { renderNotice } from '../../server/src/adapters/teams/render-notice';
import { emailContent, smsText } from '../../server/src/core/consultations/notices';
import type { ConsultationRecord, StoredReminder } from '../../server/src/core/consultations/store';
import { type EmailMessage, MessagingError, type SmsMessage } from '../../server/src/core/messaging';
import type { SendOutcome } from '../../server/src/core/ports';
import { MemoryAuditLog } from '../helpers/memory-audit-log';
import { MemoryDeliveryLedger } from '../helpers/memory-ledgers';
import { RecordingNotifier } from '../helpers/recording-notifier';

const START = new Date('2027-10-29T08:00:00Z');
const END = new Date('2027-10-29T09:00:00Z');

function record(overrides: Partial<ConsultationRecord> = {}): ConsultationRecord {
  return {
    id: '0b6f7c1e-1111-4a4a-8b8b-000000000001',
    title: 'Rus og psykiatri',
    status: 'scheduled',
    sequence: 0,
    startsAt: START,
    endsAt: END,
    createdBy: 'ke-1',
    patient: { id: 'p-1', name: 'Per Pasient', phone: '+4791234567', email: null, nationalId: '15037500019' },
    participants: [
      { id: 'pa-1', role: 'patient', personId: null, name: 'Per Pasient', phone: '+4791234567', email: null, consentedByPatient: false },
      { id: 'pa-2', role: 'relative', personId: null, name: 'Randi', phone: null, email: 'randi@example.no', consentedByPatient: true },
      { id: 'pa-3', role: 'gp', personId: 'gp-1', name: 'Geir', phone: null, email: null, consentedByPatient: false },
    ],
    reminders: [],
    ...overrides,
  };
}

function context(
  options: { sms?: (m: SmsMessage) => Promise<void>; email?: (m: EmailMessage) => Promise<void>; teams?: SendOutcome; consultation?: ConsultationRecord } = {},
) {
  const audit = new MemoryAuditLog();
  const notifier = new RecordingNotifier(options.teams ? { answer: () => options.teams! } : {});
  const sent = {
    sms: [] as SmsMessage[],
    email: [] as EmailMessage[],
    get teams() {
      return notifier.sent.map((s) => s.message);
    },
    audit: audit.events,
  };
  const ledger = new MemoryDeliveryLedger();
  const consultation = options.consultation ?? record();
  const ctx: NotifyContext = {
    actor: { kind: 'system', name: 'invitations' },
    audit,
    store: { byId: async () => consultation, reminderById: async (): Promise<StoredReminder | null> => null, removedAt: async () => [] },
    directory: { byId: async () => null },
    conversations: {
      personalFor: async (personId) => ({
        conversationId: `conv-${personId}`,
        personId,
        aadObjectId: null,
        tenantId: null,
        serviceUrl: 'https://smba.example/',
        reference: {},
      }),
    },
    notifier,
    sms: {
      send: async (m) => {
        await options.sms?.(m);
        sent.sms.push(m);
        return { providerId: 'p' };
      },
    },
    email: {
      send: async (m) => {
        await options.email?.(m);
        sent.email.push(m);
        return { messageId: 'm' };
      },
    },
    guestLinks: { issue: async () => 'A'.repeat(43) },
    ledger,
    clock: { now: () => new Date('2027-10-01T00:00:00Z') },
    publicBaseUrl: 'https://samrom.example.no',
    organizerEmail: 'ikke-svar@samrom.example.no',
  };
  return { ctx, sent, ledger };
}

describe('sending invitations', () => {
  it('a provider outage asks for a retry, and the retry sends only what was missing', async () => {
    let smsDown = true;
    const { ctx, sent } = context({
      sms: async () => {
        if (smsDown) throw new MessagingError('sms', 'unavailable', 'provider answered 503');
      },
    });
    const first = await sendInvitations(ctx, { consultationId: record().id, sequence: 0 });
    expect(first).toMatchObject({ sent: 2, retry: true, failed: [] });
    smsDown = false;
    const second = await sendInvitations(ctx, { consultationId: record().id, sequence: 0 });
    expect(second).toMatchObject({ sent: 1, alreadySent: 2, retry: false });
    expect(sent.sms).toHaveLength(1);
    expect(sent.email).toHaveLength(1);
    expect(sent.teams).toHaveLength(1);
    expect(sent.sms[0]!.idempotencyKey).toBe(`invite:${record().id}:pa-1:0:sms`);
  });

  it('a refused number and a Teams 403 are final: reported, not retried', async () => {
    const { ctx } = context({
      sms: async () => {
        throw new MessagingError('sms', 'invalid_recipient', 'bad number');
      },
      teams: { ok: false, final: true, status: 403, reason: 'forbidden' },
    });
    const report = await sendInvitations(ctx, { consultationId: record().id, sequence: 0 });
    expect(report.retry).toBe(false);
    expect(report.failed).toEqual(
      expect.arrayContaining([
        { participantId: 'pa-1', channel: 'sms', reason: 'invalid_recipient' },
        { participantId: 'pa-3', channel: 'teams', reason: 'forbidden' },
      ]),
    );
  });

  it('Teams giving up after its own retries asks for a job retry', async () => {
    const { ctx } = context({ teams: { ok: false, final: false, status: 502, reason: 'gave_up_retrying' } });
    expect(await sendInvitations(ctx, { consultationId: record().id, sequence: 0 })).toMatchObject({ retry: true, sent: 2 });
  });

  it('an outdated job sends nothing and reads nothing more; the current one is audited as the system', async () => {
    const { ctx, sent } = context({ consultation: record({ sequence: 2 }) });
    expect(await sendInvitations(ctx, { consultationId: record().id, sequence: 1 })).toMatchObject({ skipped: 'stale', sent: 0 });
    expect(sent.sms.length + sent.email.length + sent.teams.length).toBe(0);
    await sendInvitations(ctx, { consultationId: record().id, sequence: 2 });
    expect(sent.audit).toEqual([
      expect.objectContaining({ actorId: 'system:invitations', action: 'consultation.notify', patientId: 'p-1', outcome: 'allowed' }),
    ]);
  });

  it('nothing sent carries the title, the patient name or the national id', async () => {
    const { ctx, sent } = context();
    await sendInvitations(ctx, { consultationId: record().id, sequence: 0 });
    const all = JSON.stringify(sent.sms) + JSON.stringify(sent.email) + JSON.stringify(sent.teams);
    for (const secret of ['Rus og psykiatri', 'Per Pasient', '15037500019']) expect(all).not.toContain(secret);
  });
});

describe('notice texts', () => {
  const facts = {
    kind: 'invitation',
    startsAt: new Date('2027-03-29T08:00:00Z'),
    endsAt: new Date('2027-03-29T09:00:00Z'),
    role: 'relative',
    joinUrl: 'https://samrom.example.no/join/abc',
  } as const;

  it('say the Oslo time and the role in Norwegian first, then English, with the link', () => {
    const sms = smsText(facts);
    expect(sms).toMatch(/^Samrom: Du er invitert til et tverrfaglig videomøte mandag 29\. mars 2027 kl\. 10:00–11:00, som pårørende\./);
    expect(sms).toContain('Bli med / Join: https://samrom.example.no/join/abc');
    expect(sms).toContain('Monday, 29 March 2027 at 10:00 CEST');
    expect(emailContent(facts).subject).toBe('Invitasjon til videomøte / Invitation to a video meeting');
  });

  it('a cancellation has no link; a card has «Bli med» only when there is something to join', () => {
    const cancelled = { ...facts, kind: 'cancellation' as const, joinUrl: undefined };
    expect(smsText(cancelled)).not.toContain('http');
    expect(emailContent(cancelled).text).not.toContain('http');
    const teams = { startsAt: facts.startsAt, endsAt: facts.endsAt, role: facts.role, tabUrl: 'https://samrom.example.no/app/samtaler/x' };
    const card = renderNotice({ kind: 'consultations.cancellation', ...teams }).card as { actions: { title: string }[] };
    expect(card.actions.map((a) => a.title)).toEqual(['Åpne i Samrom / Open in Samrom']);
    const invite = renderNotice({ kind: 'consultations.invitation', ...teams, joinUrl: facts.joinUrl }).card as { actions: { title: string }[] };
    expect(invite.actions.map((a) => a.title)).toEqual(['Bli med / Join', 'Åpne i Samrom / Open in Samrom']);
  });

  it('a guest is told the link is personal; a clinician without Teams is told to sign in, not that the link is theirs alone', () => {
    expect(emailContent(facts).text).toContain('personlige lenken (ikke del den)');
    const clinician = emailContent({ ...facts, role: 'gp', link: 'sign-in', joinUrl: 'https://samrom.example.no/app/samtaler/x' }).text;
    expect(clinician).toContain('logg inn med jobbkontoen din: https://samrom.example.no/app/samtaler/x');
    expect(clinician).not.toMatch(/personlige lenken|ikke del den/);
  });
});
