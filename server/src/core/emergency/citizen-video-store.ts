/**
 * The port for citizen video sessions. The phone number is held here and nowhere else; the
 * link's SMS job carries only `{sessionId, linkId}`.
 */

/** Where the caller's phone said it was, with the caller's consent; `at` is the server's time of receipt (ISO). */
export interface CitizenLocation {
  readonly latitude: number;
  readonly longitude: number;
  readonly accuracy: number;
  readonly at: string;
}

export interface CitizenVideoRecord {
  readonly id: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly exchangedAt: Date | null;
  readonly sessionExpiresAt: Date | null;
  readonly consentedAt: Date | null;
  readonly location: CitizenLocation | null;
  readonly videoConnectedAt: Date | null;
  readonly endedAt: Date | null;
  readonly roomName: string | null;
}

export interface CitizenPhotoInfo {
  readonly n: number;
  readonly contentType: string;
  readonly at: Date;
}

export type LinkLookup =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'expired' | 'used' | 'ended' | 'superseded'; readonly sessionId: string }
  | { readonly kind: 'ok'; readonly sessionId: string; readonly linkId: string };

export interface CitizenVideoStore {
  /** Saves the session and its first link, and the link's SMS job, in one transaction. */
  create(session: { id: string; createdBy: string; phone: string; createdAt: Date; expiresAt: Date }, linkId: string): Promise<void>;
  /** A new link (and its SMS job); in the same transaction the session's older links are superseded. */
  addLink(sessionId: string, linkId: string, createdAt: Date, expiresAt: Date): Promise<void>;
  byId(id: string): Promise<CitizenVideoRecord | null>;
  /** For the SMS worker: the phone number and whether this link still needs sending. */
  linkToSend(linkId: string): Promise<{ sessionId: string; phone: string; expiresAt: Date; sentAt: Date | null; ended: boolean; superseded: boolean } | null>;
  /** Stores (hashed) the token the worker made; overwrites an unsent earlier attempt. */
  setLinkToken(linkId: string, token: string): Promise<void>;
  markLinkSent(linkId: string, at: Date): Promise<void>;
  lookupLink(token: string, now: Date): Promise<LinkLookup>;
  /** Marks the link used and binds a browser session to the call (the newest browser wins). */
  exchange(linkId: string, sessionToken: string, now: Date, sessionExpiresAt: Date): Promise<boolean>;
  bySessionToken(sessionToken: string, now: Date): Promise<CitizenVideoRecord | null>;
  setConsent(id: string, at: Date): Promise<void>;
  setLocation(id: string, location: CitizenLocation): Promise<void>;
  ensureRoom(id: string, create: () => Promise<string>): Promise<string>;
  /** The session whose LiveKit room this is. */
  byRoom(roomName: string): Promise<CitizenVideoRecord | null>;
  markVideoConnected(id: string, at: Date): Promise<void>;
  end(id: string, at: Date): Promise<CitizenVideoRecord | null>;
  addPhoto(id: string, contentType: string, bytes: Uint8Array, at: Date, maxPhotos: number): Promise<number | null>;
  photos(id: string): Promise<CitizenPhotoInfo[]>;
  photo(id: string, n: number): Promise<{ contentType: string; bytes: Uint8Array } | null>;
  invite(id: string, personId: string, invitedBy: string, at: Date): Promise<void>;
  invited(id: string): Promise<string[]>;
  /** AMK's list: sessions created since `createdSince` not ended before `endedSince`, newest first, with the number's last three digits and the photo count. */
  recent(createdSince: Date, endedSince: Date): Promise<(CitizenVideoRecord & { readonly phoneLast3: string; readonly photoCount: number })[]>;
  /** For the quality figures: sessions created in `[from, to)` and how many of them reached video. */
  countsBetween(from: Date, to: Date): Promise<{ created: number; reachedVideo: number }>;
}
