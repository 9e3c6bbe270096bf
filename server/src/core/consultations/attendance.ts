/**
 * Attendance: who was in a consultation's call, and when. LiveKit webhooks open and close
 * stays as people join and leave; a periodic reconciliation asks LiveKit who is present and
 * repairs what a lost webhook missed. Identities and room names are opaque ids, so nothing
 * here (or in its logs) carries personal data.
 */
import { audited } from '../audit';
import { isDomainError } from '../errors';
import type { AuditLog, Clock, VideoEvent, VideoRooms } from '../ports';
import type { Actor } from '../roles';
import type { EventLogger, RoomEventHandler, RoomEventOutcome } from '../video-events';

/** Reconcile rooms from this long before a meeting starts … @defaultValue 30 */
export const RECONCILE_MINUTES_BEFORE_START = 30;
/** … until this long after it was due to end. @defaultValue 120 */
export const RECONCILE_MINUTES_AFTER_END = 120;

export interface RoomParticipant {
  readonly participantId: string;
  /** The opaque LiveKit identity given at the participant's first join. */
  readonly identity: string;
}

export interface RoomConsultation {
  readonly consultationId: string;
  readonly patientId: string;
  readonly roomName: string;
  /** Participants who have a video identity. */
  readonly participants: readonly RoomParticipant[];
}

export interface CurrentRoom extends RoomConsultation {
  /** Participants with a stay still open. */
  readonly openParticipantIds: readonly string[];
}

export interface AttendanceStore {
  /** The consultation whose LiveKit room this is, or null (another service's room, or none). */
  byRoom(roomName: string): Promise<RoomConsultation | null>;
  /**
   * Opens a stay at `at` unless the participant has one open already, or a closed one that
   * covers `at` (a join reported after its leave, or one already repaired). True if opened.
   */
  open(consultationId: string, participantId: string, at: Date): Promise<boolean>;
  /**
   * Closes the participant's open stay at `at` (never before it opened). With `openedBefore`,
   * only a stay opened before that instant: one opened later is newer than what was observed.
   */
  close(participantId: string, at: Date, openedBefore?: Date): Promise<boolean>;
  /** Closes every open stay of the consultation at `at`; returns how many. */
  closeAll(consultationId: string, at: Date): Promise<number>;
  /** Consultations with a room whose [start − before, end + after] contains `now`. */
  currentRooms(now: Date, window: { minutesBeforeStart: number; minutesAfterEnd: number }): Promise<CurrentRoom[]>;
}

export interface AttendanceDeps {
  readonly store: AttendanceStore;
  readonly audit: AuditLog;
  readonly logger: EventLogger;
}

const WEBHOOK_ACTOR: Actor = { kind: 'system', name: 'livekit-webhook' };
const RECONCILE_ACTOR: Actor = { kind: 'system', name: 'attendance-reconcile' };

const writeTarget = (room: RoomConsultation) =>
  ({ action: 'consultation.attendance.write', patientId: room.patientId, resourceType: 'consultation', resourceId: room.consultationId }) as const;

/** The consultations' share of LiveKit events: joins open stays, leaves close them, a finished room closes all. */
export function consultationAttendanceHandler(deps: AttendanceDeps): RoomEventHandler {
  return {
    async handle(event: VideoEvent): Promise<RoomEventOutcome> {
      const room = await deps.store.byRoom(event.roomName);
      if (!room) return 'not_mine';
      switch (event.kind) {
        case 'room_started':
          return 'handled';
        case 'room_finished':
          await audited({ audit: deps.audit, actor: WEBHOOK_ACTOR }, writeTarget(room), () => deps.store.closeAll(room.consultationId, event.at));
          return 'handled';
        case 'participant_joined':
        case 'participant_left': {
          const participant = room.participants.find((p) => p.identity === event.identity);
          if (!participant) {
            // A clinician's first token may be issued before their identity is stored; the reconciliation catches up.
            deps.logger.warn({ event: event.kind, eventId: event.eventId }, 'video identity not known in this consultation; ignored');
            return 'handled';
          }
          await audited({ audit: deps.audit, actor: WEBHOOK_ACTOR }, writeTarget(room), () =>
            event.kind === 'participant_joined'
              ? deps.store.open(room.consultationId, participant.participantId, event.at)
              : deps.store.close(participant.participantId, event.at),
          );
          return 'handled';
        }
        default:
          return event satisfies never;
      }
    },
  };
}

export interface ReconcileDeps extends AttendanceDeps {
  readonly rooms: Pick<VideoRooms, 'listParticipants'>;
  readonly clock: Clock;
}

export interface ReconcileResult {
  readonly rooms: number;
  readonly opened: number;
  readonly closed: number;
  /** Rooms LiveKit could not be asked about this time (tried again on the next run). */
  readonly failed: number;
}

/**
 * For every consultation whose meeting window is now: present in LiveKit but no open stay →
 * open one (from LiveKit's join time when it has one); an open stay but not present → close
 * it now. Stays opened after LiveKit was asked are left alone: they are newer than the answer.
 */
export async function reconcileAttendance(deps: ReconcileDeps): Promise<ReconcileResult> {
  const now = deps.clock.now();
  const rooms = await deps.store.currentRooms(now, {
    minutesBeforeStart: RECONCILE_MINUTES_BEFORE_START,
    minutesAfterEnd: RECONCILE_MINUTES_AFTER_END,
  });
  let opened = 0;
  let closed = 0;
  let failed = 0;
  for (const room of rooms) {
    const askedAt = deps.clock.now();
    let present: readonly { identity: string; joinedAt: Date | null }[];
    try {
      present = await deps.rooms.listParticipants(room.roomName);
    } catch (err) {
      // A room LiveKit no longer has is an empty room; anything else waits for the next run.
      if (isDomainError(err) && err.code === 'not_found') present = [];
      else {
        failed++;
        deps.logger.warn({ consultationId: room.consultationId, reason: isDomainError(err) ? err.code : 'internal' }, 'could not list LiveKit participants');
        continue;
      }
    }
    const repaired = await repairRoom(deps, room, present, askedAt);
    opened += repaired.opened;
    closed += repaired.closed;
  }
  return { rooms: rooms.length, opened, closed, failed };
}

async function repairRoom(
  deps: ReconcileDeps,
  room: CurrentRoom,
  present: readonly { identity: string; joinedAt: Date | null }[],
  askedAt: Date,
): Promise<{ opened: number; closed: number }> {
  const presentIds = new Set<string>();
  const toOpen: { participantId: string; at: Date }[] = [];
  for (const p of present) {
    const participant = room.participants.find((x) => x.identity === p.identity);
    if (!participant) continue;
    presentIds.add(participant.participantId);
    if (!room.openParticipantIds.includes(participant.participantId)) toOpen.push({ participantId: participant.participantId, at: p.joinedAt ?? askedAt });
  }
  const toClose = room.openParticipantIds.filter((id) => !presentIds.has(id));
  if (toOpen.length === 0 && toClose.length === 0) return { opened: 0, closed: 0 };

  return audited({ audit: deps.audit, actor: RECONCILE_ACTOR }, writeTarget(room), async () => {
    let opened = 0;
    let closed = 0;
    for (const { participantId, at } of toOpen) if (await deps.store.open(room.consultationId, participantId, at)) opened++;
    for (const participantId of toClose) if (await deps.store.close(participantId, askedAt, askedAt)) closed++;
    return { opened, closed };
  });
}
