import { describe, expect, it } from 'vitest';
import { PARTICIPANT_ROLES } from '../../server/src/contracts/consultations';
import { PARTICIPANT_ROLE_LABELS, videoDisplayName } from '../../server/src/contracts/joining';
import { admitGuest, clinicianJoin, exchangeGuestLink, guestVideoToken, type JoinContext } from '../../server/src/core/consultations/joining';
import type { ConsultationRecord } from '../../server/src/core/consultations/store';
import type { Person, VideoRooms, VideoTokenRequest } from '../../server/src/core/ports';
import { expectDomainError } from '../helpers/expect-domain-error';
import { MemoryAuditLog } from '../helpers/memory-audit-log';
import { MemoryJoinStore } from '../helpers/memory-join-store';

const START = new Date('2027-03-10T09:00:00Z');
const END = new Date('2027-03-10T10:00:00Z');
const HOUR_MS = 3_600_000;

const record: ConsultationRecord = {
  id: 'c-1',
  title: 'Hjertesvikt',
  patient: { id: 'pat-1', name: 'Per Pasient', phone: null, email: null, nationalId: '15037500019' },
  startsAt: START,
  endsAt: END,
  createdBy: 'ke-1',
  status: 'scheduled',
  sequence: 0,
  participants: [
    { id: 'p-rel', role: 'relative', personId: null, name: 'Randi Pårørende', phone: null, email: 'r@example.no', consentedByPatient: true },
    { id: 'p-gp', role: 'gp', personId: 'gp-1', name: 'Geir Fastlege', phone: null, email: null, consentedByPatient: false },
  ],
  reminders: [],
};

function setup(nowMs = START.getTime() - HOUR_MS) {
  let now = new Date(nowMs);
  const join = new MemoryJoinStore();
  join.addParticipants(record.id, ['p-rel', 'p-gp']);
  join.links.set('link-rel', { consultationId: 'c-1', participantId: 'p-rel', exchangedAt: null, supersededAt: null, sequence: 0 });
  const audit = new MemoryAuditLog({ now: () => now });
  const events = audit.events;
  const tokens: VideoTokenRequest[] = [];
  const videoRooms: VideoRooms = {
    createRoom: async () => ({ roomName: 'r_room' }),
    issueToken: async (request) => {
      tokens.push(request);
      return { token: 'jwt', serverUrl: 'ws://video', roomName: request.roomName, expiresAt: new Date(nowMs + 600_000) };
    },
    listParticipants: async () => [],
    removeParticipant: async () => undefined,
    deleteRoom: async () => undefined,
  };
  const ctx: JoinContext = {
    audit,
    clock: { now: () => now },
    consultations: { byId: async (id) => (id === record.id ? record : null) },
    join,
    videoRooms,
  };
  return { ctx, join, events, tokens, setNow: (ms: number) => (now = new Date(ms)) };
}

/** A GP acting on the meeting; the directory knows only the booker (a coordinator of Drammen kommune). */
const clinician = (ctx: JoinContext, personId: string, name: string) => ({
  ...ctx,
  actor: { kind: 'person', personId, roles: ['gp'], name, organizationId: 'org-lier', specialty: null } as const,
  directory: { byId: async (id: string) => (id === 'ke-1' ? ({ organizationId: 'org-drammen' } as Person) : null) },
});

describe('guest links', () => {
  it.each([
    ['exactly 24 h before the start', START.getTime() - 24 * HOUR_MS, 'ok'],
    ['a second earlier', START.getTime() - 24 * HOUR_MS - 1_000, 'gone:not_open'],
    ['exactly 2 h after the end', END.getTime() + 2 * HOUR_MS, 'ok'],
    ['a second later', END.getTime() + 2 * HOUR_MS + 1_000, 'gone:expired'],
  ])('a link opened %s: %s', async (_when, nowMs, expected) => {
    const { ctx } = setup(nowMs);
    const exchanged = exchangeGuestLink(ctx, 'link-rel');
    if (expected === 'ok') await exchanged;
    else expect((await expectDomainError(exchanged, 'gone')).params.reason).toBe(expected.replace('gone:', ''));
  });

  it('is exchanged once; the browser holding its session gets that session back, others 410', async () => {
    const { ctx } = setup();
    const first = await exchangeGuestLink(ctx, 'link-rel');
    expect(first.expiresAt).toEqual(new Date(END.getTime() + 2 * HOUR_MS));
    expect((await expectDomainError(exchangeGuestLink(ctx, 'link-rel'), 'gone')).params.reason).toBe('used');
    expect(await exchangeGuestLink(ctx, 'link-rel', first.sessionToken)).toEqual(first);
  });

  it.each([
    ['before the meeting opens (it moved later)', START.getTime() - 48 * HOUR_MS, 'gone:superseded'],
    ['while it is open', START.getTime() - HOUR_MS, 'gone:superseded'],
    ['after the meeting is over', END.getTime() + 3 * HOUR_MS, 'gone:expired'],
  ])('a link superseded by a newer one opened %s: %s', async (_when, nowMs, expected) => {
    const { ctx, join } = setup(nowMs);
    join.links.get('link-rel')!.supersededAt = new Date(nowMs - HOUR_MS);
    expect((await expectDomainError(exchangeGuestLink(ctx, 'link-rel'), 'gone')).params.reason).toBe(expected.replace('gone:', ''));
  });

  it('a superseded link already exchanged is refused as superseded, even from the browser that opened it', async () => {
    const { ctx, join } = setup();
    const first = await exchangeGuestLink(ctx, 'link-rel');
    join.links.get('link-rel')!.supersededAt = new Date();
    expect((await expectDomainError(exchangeGuestLink(ctx, 'link-rel', first.sessionToken), 'gone')).params.reason).toBe('superseded');
  });

  it('a link superseded between the look-up and the exchange is refused as superseded, not as used', async () => {
    const { ctx, join } = setup();
    const link = join.links.get('link-rel')!;
    const exchange = join.exchange.bind(join);
    join.exchange = async (...args) => {
      link.supersededAt = new Date();
      return exchange(...args);
    };
    expect((await expectDomainError(exchangeGuestLink(ctx, 'link-rel'), 'gone')).params.reason).toBe('superseded');
  });

  it('an unknown link is 404 and audited without a patient', async () => {
    const { ctx, events } = setup();
    expect((await expectDomainError(exchangeGuestLink(ctx, 'nope'), 'not_found')).params.reason).toBeUndefined();
    expect(events).toEqual([expect.objectContaining({ action: 'guest_link.exchange', patientId: null, outcome: 'failed', reason: 'not_found' })]);
  });
});

describe('admission and tokens', () => {
  it('a guest gets no video token before being admitted, then one for the meeting room as `Name (rolle)`', async () => {
    // Guests may be let in from 30 minutes before the start.
    const { ctx, join, events, tokens } = setup(START.getTime() - 10 * 60_000);
    const { sessionToken } = await exchangeGuestLink(ctx, 'link-rel');
    expect((await expectDomainError(guestVideoToken(ctx, sessionToken), 'forbidden')).params.reason).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ action: 'consultation.video_token', patientId: 'pat-1', outcome: 'denied', actorId: 'system:guest/p-rel' });

    await join.enterLobby('p-rel', new Date());
    const gp = clinician(ctx, 'gp-1', 'Geir Fastlege');
    // Not in the meeting, not its booker's organisation: told nothing, not even that it exists.
    const outsider = clinician(ctx, 'gp-2', 'Grete');
    expect((await expectDomainError(admitGuest(outsider, 'c-1', 'p-rel'), 'not_found')).params.reason).toBeUndefined();
    expect((await admitGuest(gp, 'c-1', 'p-rel')).admitted.map((a) => a.participantId)).toEqual(['p-rel']);

    const token = await guestVideoToken(ctx, sessionToken, { audioOnly: true });
    expect(token.roomName).toBe('r_room');
    expect(tokens).toEqual([
      { roomName: 'r_room', identity: await join.videoIdentity('p-rel'), displayName: 'Randi Pårørende (pårørende)', kind: 'guest', audioOnly: true },
    ]);
  });

  it('guests are let in from 30 minutes before the start and clinicians join from 60 (configurable); earlier is refused with the minutes and the Oslo time', async () => {
    const { ctx, join, setNow } = setup(START.getTime() - 61 * 60_000);
    const gp = clinician(ctx, 'gp-1', 'Geir Fastlege');
    await join.enterLobby('p-rel', START);
    const tooEarly = await expectDomainError(clinicianJoin(gp, 'c-1'), 'join_not_open');
    expect(tooEarly.params).toEqual({ minutes: 60, opensAtNb: 'onsdag 10. mars 2027 kl. 09:00', opensAtEn: 'Wednesday 10 March 2027 at 09:00' });
    setNow(START.getTime() - 60 * 60_000);
    await clinicianJoin(gp, 'c-1');
    expect((await expectDomainError(admitGuest(gp, 'c-1', 'p-rel'), 'admission_not_open')).params.minutes).toBe(30);
    setNow(START.getTime() - 30 * 60_000);
    expect((await admitGuest(gp, 'c-1', 'p-rel')).admitted).toHaveLength(1);
    // Configured wider: five minutes more for both.
    const wide = { ...gp, admission: { guestMinutesBeforeStart: 35, clinicianMinutesBeforeStart: 65 } };
    setNow(START.getTime() - 64 * 60_000);
    await clinicianJoin(wide, 'c-1');
  });

  it('a clinician participant joins without a lobby, as a clinician, in the same room', async () => {
    const { ctx, tokens } = setup();
    const gp = clinician(ctx, 'gp-1', 'Geir Fastlege');
    await clinicianJoin(gp, 'c-1');
    expect(tokens[0]).toMatchObject({ roomName: 'r_room', kind: 'clinician', displayName: 'Geir Fastlege (fastlege)' });
  });

  it('has a Norwegian and an English label for every participant role', () => {
    for (const role of PARTICIPANT_ROLES) {
      expect(PARTICIPANT_ROLE_LABELS[role].nb).toMatch(/^\p{Ll}/u);
      expect(PARTICIPANT_ROLE_LABELS[role].en.length).toBeGreaterThan(1);
    }
    expect(videoDisplayName('Tone Tolk', 'interpreter')).toBe('Tone Tolk (tolk)');
  });
});
