/**
 * What every JoinStore does, as one suite run against the in-memory twin (unit tests of joining)
 * and the PostgreSQL store (PGlite and PostgreSQL): a guest link is exchanged once for a
 * session, a superseded link never, sessions expire, the lobby and admission keep the first
 * time and admitter, one room per consultation even when two first joins race, and one opaque
 * video identity per participant. Each test books its own consultation, so the tests run in any order.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { JoinStore } from '../../../server/src/core/consultations/join-store';
import type { NewConsultation, ParticipantRecord } from '../../../server/src/core/consultations/store';
import { type Closable, describeSubject } from './subject';

export interface JoinStoreSubject extends Closable {
  readonly store: JoinStore;
  /** A scheduled consultation with two guests (a relative and a municipal nurse), as booking makes it. */
  addConsultation(): Promise<{ readonly consultationId: string; readonly guestIds: readonly [string, string] }>;
  /** A guest link for a version (`sequence`) of the consultation, as invitations issue them; the raw token. */
  issueLink(consultationId: string, participantId: string, sequence: number): Promise<string>;
}

const MINUTE_MS = 60_000;
const NOW = new Date('2031-03-10T08:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE_MS);
const UNKNOWN_TOKEN = 'x'.repeat(43);

/** A booking with two guests (a relative and an interpreter, no directory people, so no clash), for the subjects to store. */
export function joinStoreBooking(createdBy: string): NewConsultation & { readonly participants: readonly [ParticipantRecord, ParticipantRecord] } {
  const guest = (role: ParticipantRecord['role'], name: string): ParticipantRecord => ({
    id: randomUUID(),
    role,
    personId: null,
    name,
    phone: null,
    email: `${role}@example.no`,
    consentedByPatient: role === 'relative',
  });
  return {
    id: randomUUID(),
    title: 'Samarbeidsmøte',
    patient: { id: randomUUID(), name: 'Per Pasient', phone: null, email: null, nationalId: '15037500019' },
    startsAt: later(120),
    endsAt: later(180),
    createdBy,
    participants: [guest('relative', 'Randi Pårørende'), guest('interpreter', 'Tolk Tolkesen')],
    reminders: [],
  };
}

export function describeJoinStore(kind: string, open: () => Promise<JoinStoreSubject>): void {
  describeSubject(`JoinStore conformance: ${kind}`, open, (current) => {
    const store = () => current().store;

    async function invited() {
      const { consultationId, guestIds } = await current().addConsultation();
      const token = await current().issueLink(consultationId, guestIds[0], 0);
      return { consultationId, guestId: guestIds[0], otherId: guestIds[1], token };
    }

    it('an unknown token is no link, cannot be exchanged and opens no session', async () => {
      expect(await store().link(UNKNOWN_TOKEN)).toBeNull();
      expect(await store().exchange(UNKNOWN_TOKEN, NOW, later(60))).toBeNull();
      expect(await store().session(UNKNOWN_TOKEN, NOW)).toBeNull();
    });

    it('a new link reads as its consultation and participant, neither exchanged nor superseded', async () => {
      const { consultationId, guestId, token } = await invited();
      expect(await store().link(token)).toEqual({ consultationId, participantId: guestId, exchangedAt: null, supersededAt: null });
    });

    it('a link is exchanged once for a session that lasts until it expires; a second exchange gets nothing', async () => {
      const { consultationId, guestId, token } = await invited();
      const exchanged = await store().exchange(token, NOW, later(60));
      expect(exchanged?.sessionToken).toEqual(expect.any(String));
      expect(exchanged?.sessionToken).not.toBe(token);
      expect(await store().link(token)).toMatchObject({ exchangedAt: NOW, supersededAt: null });
      expect(await store().session(exchanged!.sessionToken, later(59))).toEqual({ consultationId, participantId: guestId, expiresAt: later(60) });
      expect(await store().session(exchanged!.sessionToken, later(61))).toBeNull();
      expect(await store().exchange(token, later(1), later(60))).toBeNull();
    });

    it('two racing exchanges of one link: exactly one gets a session', async () => {
      const { token } = await invited();
      const results = await Promise.all([store().exchange(token, NOW, later(60)), store().exchange(token, NOW, later(60))]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('a link for a newer version supersedes the older one, which can no longer be exchanged; an older version’s link is superseded from the start', async () => {
      const { consultationId, guestId, token: first } = await invited();
      const second = await current().issueLink(consultationId, guestId, 1);
      expect((await store().link(first))?.supersededAt).toBeInstanceOf(Date);
      expect(await store().exchange(first, NOW, later(60))).toBeNull();
      const late = await current().issueLink(consultationId, guestId, 0);
      expect((await store().link(late))?.supersededAt).toBeInstanceOf(Date);
      expect(await store().exchange(late, NOW, later(60))).toBeNull();
      expect(await store().link(second)).toMatchObject({ supersededAt: null });
      expect(await store().exchange(second, NOW, later(60))).not.toBeNull();
    });

    it('participants lists the consultation’s own participants, nobody waiting or admitted at first; an unknown consultation has none', async () => {
      const { consultationId, guestIds } = await current().addConsultation();
      await current().addConsultation();
      const listed = await store().participants(consultationId);
      expect(listed.map((p) => p.participantId).sort()).toEqual([...guestIds].sort());
      for (const p of listed) expect(p).toMatchObject({ lobbySince: null, admittedAt: null, admittedBy: null });
      expect(await store().participants('00000000-0000-4000-8000-000000000000')).toEqual([]);
    });

    it('a guest not in the lobby is not admitted', async () => {
      const { consultationId, guestId } = await invited();
      expect(await store().admit(guestId, 'gp-1', NOW)).toBe(false);
      const [state] = (await store().participants(consultationId)).filter((p) => p.participantId === guestId);
      expect(state).toMatchObject({ admittedAt: null, admittedBy: null });
    });

    it('the lobby keeps the first arrival, admission the first admitter; after admission the lobby time stays', async () => {
      const { consultationId, guestId, otherId } = await invited();
      await store().enterLobby(guestId, later(1));
      await store().enterLobby(guestId, later(2));
      expect(await store().admit(guestId, 'gp-1', later(3))).toBe(true);
      expect(await store().admit(guestId, 'gp-2', later(4))).toBe(true);
      await store().enterLobby(guestId, later(5));
      const states = await store().participants(consultationId);
      expect(states.find((p) => p.participantId === guestId)).toMatchObject({ lobbySince: later(1), admittedAt: later(3), admittedBy: 'gp-1' });
      expect(states.find((p) => p.participantId === otherId)).toMatchObject({ lobbySince: null, admittedAt: null });
    });

    it('a consultation gets one room: created at the first join, read by later ones, one even when two first joins race', async () => {
      const { consultationId } = await current().addConsultation();
      let created = 0;
      const create = async () => `r_${consultationId}_${++created}`;
      const [a, b] = await Promise.all([store().ensureRoom(consultationId, create), store().ensureRoom(consultationId, create)]);
      expect(a).toBe(b);
      expect(await store().ensureRoom(consultationId, create)).toBe(a);
      expect(created).toBe(1);
      const other = await current().addConsultation();
      expect(await store().ensureRoom(other.consultationId, create)).not.toBe(a);
    });

    it('a room whose creation failed is not stored: the next join creates one', async () => {
      const { consultationId } = await current().addConsultation();
      await expect(store().ensureRoom(consultationId, () => Promise.reject(new Error('video server down')))).rejects.toThrow('video server down');
      expect(await store().ensureRoom(consultationId, async () => `r_${consultationId}`)).toBe(`r_${consultationId}`);
    });

    it('a participant’s video identity is made once, is theirs alone and names nobody', async () => {
      const { consultationId, guestId, otherId } = await invited();
      const identity = await store().videoIdentity(guestId);
      expect(await store().videoIdentity(guestId)).toBe(identity);
      expect(await store().videoIdentity(otherId)).not.toBe(identity);
      expect(identity).not.toContain(guestId);
      expect(identity.length).toBeGreaterThanOrEqual(22);
      expect((await store().participants(consultationId)).find((p) => p.participantId === guestId)?.videoIdentity).toBe(identity);
    });
  });
}
