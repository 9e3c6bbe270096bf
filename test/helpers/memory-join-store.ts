/**
 * An in-memory JoinStore for unit tests of joining: tokens are kept as given (the real adapter
 * hashes them). The conformance suite (conformance/join-store.ts) runs against it and the
 * PostgreSQL store, so it cannot drift from the real thing unnoticed. Links and participants are
 * put in by the test (`links`, `addParticipants`, `issueLink`), as the store's callers never write them.
 */
import { randomBytes } from 'node:crypto';
import type { GuestLinkState, GuestSessionState, JoinStore, ParticipantJoinState } from '../../server/src/core/consultations/join-store';

interface MemoryLink {
  consultationId: string;
  participantId: string;
  exchangedAt: Date | null;
  supersededAt: Date | null;
  readonly sequence: number;
}

const opaque = (prefix: string) => `${prefix}_${randomBytes(16).toString('base64url')}`;

export class MemoryJoinStore implements JoinStore {
  readonly links = new Map<string, MemoryLink>();
  readonly sessions = new Map<string, GuestSessionState>();
  readonly states = new Map<string, ParticipantJoinState>();
  /** Each participant's consultation (`addParticipants`): what `participants()` lists. */
  private readonly consultationOf = new Map<string, string>();
  private readonly rooms = new Map<string, Promise<string>>();

  /** Makes the participants of a consultation known, as booking it would. */
  addParticipants(consultationId: string, participantIds: readonly string[]): void {
    for (const id of participantIds) this.consultationOf.set(id, consultationId);
  }

  /** A guest link for a version of the consultation, superseding the participant's links of older versions (as `GuestLinks.issue` does). */
  issueLink(consultationId: string, participantId: string, sequence: number): string {
    const token = opaque('l');
    const mine = [...this.links.values()].filter((l) => l.consultationId === consultationId && l.participantId === participantId);
    const now = new Date();
    for (const l of mine) if (l.sequence < sequence && !l.supersededAt) l.supersededAt = now;
    const newer = mine.some((l) => l.sequence > sequence);
    this.links.set(token, { consultationId, participantId, exchangedAt: null, supersededAt: newer ? now : null, sequence });
    return token;
  }

  async link(token: string): Promise<GuestLinkState | null> {
    const link = this.links.get(token);
    return link
      ? { consultationId: link.consultationId, participantId: link.participantId, exchangedAt: link.exchangedAt, supersededAt: link.supersededAt }
      : null;
  }

  async exchange(token: string, now: Date, expiresAt: Date) {
    const link = this.links.get(token);
    if (!link || link.exchangedAt || link.supersededAt) return null;
    link.exchangedAt = now;
    const sessionToken = opaque('s');
    this.sessions.set(sessionToken, { consultationId: link.consultationId, participantId: link.participantId, expiresAt });
    return { sessionToken };
  }

  async session(token: string, now: Date) {
    const s = this.sessions.get(token);
    return s && s.expiresAt > now ? s : null;
  }

  async participants(consultationId: string) {
    return [...this.consultationOf].filter(([, c]) => c === consultationId).map(([id]) => this.state(id));
  }

  private state(id: string): ParticipantJoinState {
    return this.states.get(id) ?? { participantId: id, videoIdentity: null, lobbySince: null, admittedAt: null, admittedBy: null };
  }

  async enterLobby(id: string, now: Date) {
    const s = this.state(id);
    if (!s.lobbySince && !s.admittedAt) this.states.set(id, { ...s, lobbySince: now });
  }

  async admit(id: string, by: string, now: Date) {
    const s = this.state(id);
    if (s.admittedAt) return true;
    if (!s.lobbySince) return false;
    this.states.set(id, { ...s, admittedAt: now, admittedBy: by });
    return true;
  }

  /** One room per consultation; a second first join waits for the first one's room, as the row lock makes it in PostgreSQL. */
  ensureRoom(consultationId: string, create: () => Promise<string>): Promise<string> {
    let room = this.rooms.get(consultationId);
    if (!room) {
      room = create();
      this.rooms.set(consultationId, room);
      // A failed creation is not stored: the next join tries again.
      room.catch(() => this.rooms.delete(consultationId));
    }
    return room;
  }

  async videoIdentity(id: string) {
    const s = this.state(id);
    if (s.videoIdentity) return s.videoIdentity;
    const videoIdentity = opaque('p');
    this.states.set(id, { ...s, videoIdentity });
    return videoIdentity;
  }
}
