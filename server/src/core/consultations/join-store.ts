/**
 * The port for joining consultations: guest links and sessions, the lobby, admission, the
 * LiveKit room name and participants' opaque video identities. Tokens are passed raw; only the
 * adapter hashes them, so the core never handles hashes and the database never sees tokens.
 */

export interface GuestLinkState {
  readonly consultationId: string;
  readonly participantId: string;
  readonly exchangedAt: Date | null;
  /** A newer link was sent to the same participant after a change; this one is refused. */
  readonly supersededAt: Date | null;
}

export interface GuestSessionState {
  readonly consultationId: string;
  readonly participantId: string;
  readonly expiresAt: Date;
}

export interface ParticipantJoinState {
  readonly participantId: string;
  readonly videoIdentity: string | null;
  readonly lobbySince: Date | null;
  readonly admittedAt: Date | null;
  readonly admittedBy: string | null;
}

export interface JoinStore {
  link(token: string): Promise<GuestLinkState | null>;
  /**
   * Marks the link exchanged and opens a guest session with a new random session token, in one
   * transaction. Null when the link is unknown, was exchanged already (also by a racing request)
   * or was superseded by a newer link.
   */
  exchange(token: string, now: Date, sessionExpiresAt: Date): Promise<{ readonly sessionToken: string } | null>;
  /** The unexpired session for this token, or null. */
  session(sessionToken: string, now: Date): Promise<GuestSessionState | null>;
  participants(consultationId: string): Promise<ParticipantJoinState[]>;
  /** Sets `lobby_since` unless already waiting or admitted. */
  enterLobby(participantId: string, now: Date): Promise<void>;
  /** Admits a waiting guest; true when admitted now or before, false when not waiting. */
  admit(participantId: string, byPersonId: string, now: Date): Promise<boolean>;
  /**
   * The consultation's room name; when none is stored yet, `create` is called and its name
   * stored, serialized per consultation so two first joins end in one room.
   */
  ensureRoom(consultationId: string, create: () => Promise<string>): Promise<string>;
  /** The participant's opaque video identity, created at the first call. */
  videoIdentity(participantId: string): Promise<string>;
}
