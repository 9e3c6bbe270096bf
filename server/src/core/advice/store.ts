/**
 * What the advice line needs from storage. Every method that changes the state of a
 * request also schedules its follow-up job in the same transaction (an outbox row), so a
 * request is never left without the job that moves it on.
 */
import type { AdviceMode, AdvicePriority } from '../../shared/advice-terms';
import type { Isbar } from '../../shared/isbar';
import type { AdviceRequestRecord, RingPlan, RingRecord } from './model';

export interface NewAdviceRequest {
  readonly id: string;
  readonly requesterId: string;
  readonly specialty: string;
  readonly priority: AdvicePriority;
  readonly isbar: Isbar;
  readonly callbackPhone: string | null;
  readonly mode: AdviceMode;
  readonly createdAt: Date;
  /** A phone caller's LiveKit room, known at once: the specialist joins it. Web requests get theirs on first join. */
  readonly roomName?: string | null;
  /** Asked from a Teams chat: the bot posts the status card there as its reply (see `attachStatusCard`). */
  readonly statusConversationId?: string | null;
}

/** The requester's status card as the worker holding it found it. */
export interface StatusCardState {
  /** Null until the first card is sent (then the requester's personal chat is used). */
  readonly conversationId: string | null;
  readonly activityId: string | null;
  /** The key of what the card shows. */
  readonly shown: string | null;
}

/**
 * `pending`: the bot has not posted its reply card yet (it asks for a refresh once it has);
 * `held`: another worker is updating the card now.
 */
export type StatusCardClaim = { readonly kind: 'claimed'; readonly card: StatusCardState } | { readonly kind: 'pending' | 'held' | 'not_found' };

export type RingClaim = 'claimed' | 'done' | 'held_by_another' | 'request_not_waiting';

export interface AdviceVideo {
  readonly roomName: string;
  readonly requesterIdentity: string;
  readonly specialistIdentity: string;
}

export interface RecentMedians {
  readonly handlingSeconds: number | null;
  readonly answerSeconds: number | null;
}

/** A request as read for one person: with its rings and, while it waits, its position and the specialty's recent medians. */
export interface AdviceRead {
  readonly request: AdviceRequestRecord;
  readonly rings: readonly RingRecord[];
  /** As `position`: null unless waiting. */
  readonly position: number | null;
  /** As `recentMedians`: null unless waiting. */
  readonly medians: RecentMedians | null;
}

export interface AdviceStore {
  /** Saves the request and schedules round 1. */
  create(request: NewAdviceRequest): Promise<AdviceRequestRecord>;
  byId(id: string): Promise<AdviceRequestRecord | null>;
  /** The request holding this LiveKit room (a phone caller's), or null. */
  byRoom(roomName: string): Promise<AdviceRequestRecord | null>;
  rings(id: string): Promise<RingRecord[]>;
  /** The person's requests still open (queued, ringing or connected), newest first, at most `limit`. */
  openByRequester(requesterId: string, limit: number): Promise<AdviceRequestRecord[]>;
  /** `byId`, `rings`, `position` and `recentMedians` at once (one round trip): what a read of the request shows. */
  read(id: string): Promise<AdviceRead | null>;
  /** 1 + the waiting requests of the specialty ahead by (priority, arrival); null unless waiting. */
  position(request: AdviceRequestRecord): Promise<number | null>;
  /** Median handling (accepted → completed) and answer (created → accepted) seconds of recent completed requests. */
  recentMedians(specialty: string): Promise<RecentMedians>;
  /** Specialists among `personIds` who are in a connected request now. */
  busy(personIds: readonly string[]): Promise<Set<string>>;

  /**
   * Writes round `plan.attempt`'s rings (each once: the key is request, round, person) and
   * schedules the round's escalation at `escalateAt` — only if the request is still waiting
   * with `expectedAttempt` planned and not yet rung. False when it was not (a redelivery).
   */
  startRound(id: string, expectedAttempt: number, plan: RingPlan, escalateAt: Date): Promise<boolean>;
  /**
   * Nobody is on call for round `attempt`: schedules its dispatch job again at `at`, only while
   * the request still waits with that round planned and not rung. False when it moved on.
   */
  recheck(id: string, attempt: number, at: Date): Promise<boolean>;
  /**
   * Takes the right to send one ring for `claimMs`, only while the request is still waiting
   * in that round. A crashed sender's claim runs out and the ring can be taken again.
   */
  claimRing(id: string, attempt: number, personId: string, now: Date, claimMs: number): Promise<RingClaim>;
  ringSent(id: string, attempt: number, personId: string, activityId: string, at: Date): Promise<void>;
  /** A final failure (no Teams chat, forbidden): not retried. */
  ringFailed(id: string, attempt: number, personId: string, failure: string): Promise<void>;
  /** Gives the claim back (a send worth retrying failed). */
  releaseRing(id: string, attempt: number, personId: string): Promise<void>;
  /**
   * Moves a waiting request from round `fromAttempt` to the next and schedules it; false if
   * it had moved on already, was answered or abandoned.
   */
  advance(id: string, fromAttempt: number): Promise<boolean>;

  /** First wins: a waiting request becomes connected to `personId`; false if it was not waiting. */
  accept(id: string, personId: string, at: Date): Promise<boolean>;
  /** Marks this person's rings declined; returns the current round when all its rings are declined. */
  decline(id: string, personId: string, at: Date): Promise<{ allDeclinedInRound: number | null }>;
  complete(id: string, personId: string, advice: Isbar, at: Date): Promise<boolean>;
  abandon(id: string, requesterId: string, at: Date): Promise<boolean>;
  /**
   * Takes the right to send or update the requester's status card for `claimMs`. Refused
   * while the bot's reply card is pending or another worker holds it.
   */
  claimStatusCard(id: string, now: Date, claimMs: number): Promise<StatusCardClaim>;
  /** The card went out (or was updated): remembers where, what it shows, and gives the claim back. */
  statusCardSent(id: string, conversationId: string, activityId: string, shown: string): Promise<void>;
  releaseStatusCard(id: string): Promise<void>;
  /**
   * The bot posted its reply card (`activityId`) for a request made from the chat: remembers
   * it and schedules a refresh, as the request may have moved on while the reply was on its
   * way. False if the request has no pending card.
   */
  attachStatusCard(id: string, activityId: string, shown: string): Promise<boolean>;
  /** The request's room, created by `create` the first time only (first wins). */
  ensureVideo(id: string, create: () => Promise<string>): Promise<AdviceVideo>;
}

/** Figures for monitoring: read by the metrics endpoint, never by the use cases. */
export interface AdviceFigures {
  /** Waiting (queued or ringing) requests per specialty. */
  waitingBySpecialty(): Promise<Map<string, number>>;
  /** Ring rounds after the first (escalations) per specialty, ever. */
  escalationsBySpecialty(): Promise<Map<string, number>>;
}

export interface AdviceStatsRow {
  readonly requests: number;
  readonly answered: number;
  readonly answeredWithinTarget: number;
  readonly escalated: number;
  readonly abandoned: number;
  readonly medianTimeToAnswerSeconds: number | null;
  readonly p90TimeToAnswerSeconds: number | null;
}

/** Requests made in `[from, to)`, one specialty or all. */
export interface AdviceStatsSource {
  stats(q: { specialty: string | null; from: Date; to: Date; targetSeconds: number }): Promise<AdviceStatsRow>;
}

/** The waiting requests of one specialty, in queue order (priority, then arrival). */
export interface AdviceQueueSource {
  waiting(specialty: string, limit: number): Promise<AdviceRequestRecord[]>;
  /** The person's own requests: the open ones and any made since `since`, newest first, at most `limit`. */
  byRequesterSince(requesterId: string, since: Date, limit: number): Promise<AdviceRequestRecord[]>;
}
