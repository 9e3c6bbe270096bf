/**
 * Attendance stays in PostgreSQL. The partial unique index `consultation_attendance_open_key`
 * allows one open stay per participant, so a duplicate or replayed join cannot open a second
 * one, whichever process (webhook or reconciliation) gets there first.
 */
import { and, eq, gte, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { AttendanceStore, CurrentRoom, RoomConsultation, RoomParticipant } from '../../core/consultations/attendance';
import type { Db, Executor } from './db';
import { consultationAttendance as stays, consultationParticipants, consultations } from './schema';

const MS_PER_MINUTE = 60_000;

/** `greatest(joined_at, at)`: a stay never ends before it began, even when events arrive out of order. */
const leftAtNoEarlierThanJoined = (at: Date) => sql`greatest(${stays.joinedAt}, ${at.toISOString()}::timestamptz)`;

export class PostgresAttendanceStore implements AttendanceStore {
  constructor(private readonly db: Db) {}

  async byRoom(roomName: string): Promise<RoomConsultation | null> {
    const [row] = await this.db
      .select({ consultationId: consultations.id, patientId: consultations.patientId, roomName: consultations.roomName })
      .from(consultations)
      .where(eq(consultations.roomName, roomName))
      .limit(1);
    if (!row?.roomName) return null;
    const participants = await identities(this.db, [row.consultationId]);
    return { consultationId: row.consultationId, patientId: row.patientId, roomName: row.roomName, participants: participants.get(row.consultationId) ?? [] };
  }

  async open(consultationId: string, participantId: string, at: Date): Promise<boolean> {
    const covered = await this.db
      .select({ id: stays.id })
      .from(stays)
      .where(and(eq(stays.participantId, participantId), lte(stays.joinedAt, at), gte(stays.leftAt, at)))
      .limit(1);
    if (covered.length > 0) return false;
    const inserted = await this.db.insert(stays).values({ consultationId, participantId, joinedAt: at }).onConflictDoNothing().returning({ id: stays.id });
    return inserted.length === 1;
  }

  async close(participantId: string, at: Date, openedBefore?: Date): Promise<boolean> {
    const closed = await this.db
      .update(stays)
      .set({ leftAt: leftAtNoEarlierThanJoined(at) })
      .where(and(eq(stays.participantId, participantId), isNull(stays.leftAt), openedBefore ? lt(stays.joinedAt, openedBefore) : undefined))
      .returning({ id: stays.id });
    return closed.length > 0;
  }

  async closeAll(consultationId: string, at: Date): Promise<number> {
    const closed = await this.db
      .update(stays)
      .set({ leftAt: leftAtNoEarlierThanJoined(at) })
      .where(and(eq(stays.consultationId, consultationId), isNull(stays.leftAt)))
      .returning({ id: stays.id });
    return closed.length;
  }

  async currentRooms(now: Date, window: { minutesBeforeStart: number; minutesAfterEnd: number }): Promise<CurrentRoom[]> {
    const startsBy = new Date(now.getTime() + window.minutesBeforeStart * MS_PER_MINUTE);
    const endsAfter = new Date(now.getTime() - window.minutesAfterEnd * MS_PER_MINUTE);
    const rows = await this.db
      .select({ consultationId: consultations.id, patientId: consultations.patientId, roomName: consultations.roomName })
      .from(consultations)
      .where(and(isNotNull(consultations.roomName), lte(consultations.startsAt, startsBy), gte(consultations.endsAt, endsAfter)));
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.consultationId);
    const participants = await identities(this.db, ids);
    const open = await this.db
      .select({ consultationId: stays.consultationId, participantId: stays.participantId })
      .from(stays)
      .where(and(inArray(stays.consultationId, ids), isNull(stays.leftAt)));
    return rows.map((r) => ({
      consultationId: r.consultationId,
      patientId: r.patientId,
      roomName: r.roomName ?? '',
      participants: participants.get(r.consultationId) ?? [],
      openParticipantIds: open.filter((o) => o.consultationId === r.consultationId).map((o) => o.participantId),
    }));
  }
}

/** Participants with a video identity, by consultation. */
async function identities(db: Executor, consultationIds: readonly string[]): Promise<Map<string, RoomParticipant[]>> {
  const rows = await db
    .select({
      consultationId: consultationParticipants.consultationId,
      participantId: consultationParticipants.id,
      identity: consultationParticipants.videoIdentity,
    })
    .from(consultationParticipants)
    .where(and(inArray(consultationParticipants.consultationId, [...consultationIds]), isNotNull(consultationParticipants.videoIdentity)));
  const byConsultation = new Map<string, RoomParticipant[]>();
  for (const r of rows) {
    if (r.identity === null) continue;
    const list = byConsultation.get(r.consultationId) ?? [];
    list.push({ participantId: r.participantId, identity: r.identity });
    byConsultation.set(r.consultationId, list);
  }
  return byConsultation;
}
