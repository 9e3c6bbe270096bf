/**
 * Consultation records → the API's DTOs (contracts/consultations.ts), made at the edge: the
 * core's use cases return records, and the routes and the bot turn them into what a client may
 * see — names and roles, never a national id, phone number or e-mail address.
 */
import type { ConsultationDto, ConsultationSummaryDto, DeliveryDto } from '../../contracts/consultations';
import type { AttendanceExportDto, SummaryResponseDto } from '../../contracts/summary';
import type { AttendanceExport, SummaryAnswer } from '../../core/consultations/after-meeting';
import type { ConsultationRecord, ConsultationSummaryRecord, ParticipantRecord } from '../../core/consultations/store';
import { PARTICIPANT_ROLES } from '../../shared/consultation-terms';

const MS_PER_MINUTE = 60_000;

const roleRank = (role: ParticipantRecord['role']) => PARTICIPANT_ROLES.indexOf(role);
const byRoleThenName = (a: ParticipantRecord, b: ParticipantRecord) => roleRank(a.role) - roleRank(b.role) || a.name.localeCompare(b.name, 'nb');

/** Names and roles only, participants ordered by role, then name: what lists show. */
export function toListItemDto(record: ConsultationSummaryRecord): ConsultationSummaryDto {
  return {
    id: record.id,
    title: record.title,
    status: record.status,
    start: record.startsAt.toISOString(),
    end: record.endsAt.toISOString(),
    durationMinutes: Math.round((record.endsAt.getTime() - record.startsAt.getTime()) / MS_PER_MINUTE),
    patient: { name: record.patient.name },
    participants: [...record.participants].sort(byRoleThenName).map((p) => ({
      id: p.id,
      role: p.role,
      personId: p.personId,
      name: p.name,
      consentedByPatient: p.role === 'relative' ? p.consentedByPatient : null,
    })),
  };
}

/** The summary plus attendance and reminders: never the national id, a phone number or an e-mail address. */
export function toDto(record: ConsultationRecord): ConsultationDto {
  const summary = toListItemDto(record);
  const position = new Map(summary.participants.map((p, i) => [p.id, i]));
  const reminders = [...record.reminders].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (position.get(a.participantId) ?? 0) - (position.get(b.participantId) ?? 0),
  );
  return {
    ...summary,
    participants: summary.participants.map((p) => ({
      ...p,
      attendance: (record.attendance ?? [])
        .filter((a) => a.participantId === p.id)
        .map((a) => ({ joinedAt: a.joinedAt.toISOString(), leftAt: a.leftAt?.toISOString() ?? null })),
      deliveries: latestDeliveries(record.deliveries ?? [], p.id),
    })),
    reminders: reminders.map((r) => ({ participantId: r.participantId, channel: r.channel, at: r.at.toISOString() })),
  };
}

/** Per channel, the newest invitation, update or cancellation state of one participant (records come oldest first). */
function latestDeliveries(deliveries: NonNullable<ConsultationRecord['deliveries']>, participantId: string): DeliveryDto[] {
  const latest = new Map<string, DeliveryDto>();
  for (const d of deliveries) {
    if (d.participantId !== participantId || d.kind === 'reminder') continue;
    latest.set(d.channel, { channel: d.channel, kind: d.kind, state: d.state, reason: d.reason, at: d.at.toISOString() });
  }
  return [...latest.values()];
}

/** The summary answer: the instants as ISO strings. */
export function toSummaryResponseDto(answer: SummaryAnswer): SummaryResponseDto {
  const s = answer.summary;
  return {
    summary: s
      ? {
          isbar: s.isbar,
          actions: s.actions,
          nextMeeting: s.nextMeeting,
          writtenBy: s.writtenBy,
          createdAt: s.createdAt.toISOString(),
          updatedAt: s.updatedAt.toISOString(),
        }
      : null,
    canWrite: answer.canWrite,
  };
}

/** The attendance export as the API sends it (the rows already carry ISO instants). */
export function toAttendanceExportDto(data: AttendanceExport): AttendanceExportDto {
  return { consultationId: data.consultationId, start: data.start, end: data.end, rows: data.rows };
}
