/**
 * After the meeting: the attendance export (evidence for GPs' tariff claims) and the summary
 * (ISBAR notes, agreed actions, the next meeting). Every read and write is audited with the
 * patient's id. Saving a summary also queues its Teams share (a link only, see summary-share.ts).
 */
import type { ParticipantRole } from '../../shared/consultation-terms';
import type { Isbar } from '../../shared/isbar';
import { type AuditContext, audited } from '../audit';
import { DomainError } from '../errors';
import { enforce } from '../policy';
import type { Clock, Directory } from '../ports';
import { decideConsultation, partiesOf } from './policy';
import type { ConsultationRecord, ConsultationStore } from './store';

const MS_PER_MINUTE = 60_000;

/** One agreed action; `due` is a calendar date (`YYYY-MM-DD`) in Norway. */
export interface SummaryAction {
  readonly what: string;
  readonly who: string;
  readonly due: string;
}

/** A summary as written (parsed and trimmed at the edge). */
export interface SummaryInput {
  readonly isbar: Isbar;
  readonly actions: readonly SummaryAction[];
  readonly nextMeeting: string | null;
}

/** A saved summary with its writer's name looked up (`null` when no longer in the directory). */
export interface SummaryView extends SummaryInput {
  readonly writtenBy: { readonly personId: string; readonly name: string | null };
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface SummaryAnswer {
  readonly summary: SummaryView | null;
  readonly canWrite: boolean;
}

/** One stay in the call, or a participant who never joined (no times, 0 minutes); instants as ISO strings. */
export interface AttendanceRow {
  readonly name: string;
  readonly role: ParticipantRole;
  readonly joinedAt: string | null;
  readonly leftAt: string | null;
  readonly minutes: number;
}

export interface AttendanceExport {
  readonly consultationId: string;
  readonly start: string;
  readonly end: string;
  readonly rows: readonly AttendanceRow[];
}

export interface SummaryRecord extends SummaryInput {
  readonly consultationId: string;
  readonly writtenBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Changes on every save (the `updatedAt` instant in ms): a share job names the version it announces. */
  readonly version: number;
}

export interface SummaryStore {
  byConsultation(consultationId: string): Promise<SummaryRecord | null>;
  /**
   * Inserts or replaces the summary and, in the same transaction, queues its share job
   * (queue `summary-shared`, payload `{consultationId, version}`).
   */
  save(consultationId: string, summary: SummaryInput, writtenBy: string, at: Date): Promise<SummaryRecord>;
}

export interface AfterMeetingContext extends AuditContext {
  readonly clock: Clock;
  readonly store: Pick<ConsultationStore, 'byId'>;
  readonly summaries: SummaryStore;
  readonly directory: Pick<Directory, 'byId'>;
}

const target = (action: string, record: ConsultationRecord) =>
  ({ action, patientId: record.patient.id, resourceType: 'consultation', resourceId: record.id }) as const;

async function loadAudited(ctx: AfterMeetingContext, action: string, id: string): Promise<ConsultationRecord> {
  const record = await ctx.store.byId(id);
  if (record) return record;
  return audited(ctx, { action, patientId: null, resourceType: 'consultation', resourceId: id }, async () => {
    throw new DomainError('not_found', 'no such consultation');
  });
}

const personOf = (ctx: AuditContext): string | null => (ctx.actor.kind === 'person' ? ctx.actor.personId : null);

// ── Attendance export ──────────────────────────────────────────────────────────────────────

/**
 * The booker, a coordinator of the booker's organisation or an admin exports who attended, per
 * stay, with minutes (an open stay counts until now).
 */
export async function exportAttendance(ctx: AfterMeetingContext, id: string): Promise<AttendanceExport> {
  const record = await loadAudited(ctx, 'consultation.attendance.export', id);
  return audited(ctx, target('consultation.attendance.export', record), async () => {
    enforce(decideConsultation(ctx.actor, 'attendance', await partiesOf(ctx.directory, record)));
    const now = ctx.clock.now();
    const rows: AttendanceRow[] = [];
    for (const p of record.participants) {
      const stays = (record.attendance ?? []).filter((a) => a.participantId === p.id);
      if (stays.length === 0) rows.push({ name: p.name, role: p.role, joinedAt: null, leftAt: null, minutes: 0 });
      for (const stay of stays) {
        const end = stay.leftAt ?? now;
        const minutes = Math.max(0, Math.round((end.getTime() - stay.joinedAt.getTime()) / MS_PER_MINUTE));
        rows.push({ name: p.name, role: p.role, joinedAt: stay.joinedAt.toISOString(), leftAt: stay.leftAt?.toISOString() ?? null, minutes });
      }
    }
    // By join time (ISO strings sort as instants), then those who never joined, by name.
    const joined = (row: AttendanceRow) => row.joinedAt ?? '9999';
    rows.sort((a, b) => (joined(a) < joined(b) ? -1 : joined(a) > joined(b) ? 1 : a.name.localeCompare(b.name, 'nb')));
    return { consultationId: record.id, start: record.startsAt.toISOString(), end: record.endsAt.toISOString(), rows };
  });
}

// ── Summary ────────────────────────────────────────────────────────────────────────────────

/** Clinician participants, the booker, coordinators of the booker's organisation and admins read it. */
export async function getSummary(ctx: AfterMeetingContext, id: string): Promise<SummaryAnswer> {
  const record = await loadAudited(ctx, 'consultation.summary.read', id);
  return audited(ctx, target('consultation.summary.read', record), async () => {
    const parties = await partiesOf(ctx.directory, record);
    enforce(decideConsultation(ctx.actor, 'summary.read', parties));
    const summary = await ctx.summaries.byConsultation(record.id);
    return { summary: summary ? await toSummaryView(ctx, summary) : null, canWrite: decideConsultation(ctx.actor, 'summary.write', parties).allowed };
  });
}

/**
 * Clinician participants and coordinators of the booker's organisation save (or replace) the
 * summary; a cancelled meeting gets none (422).
 */
export async function saveSummary(ctx: AfterMeetingContext, id: string, body: SummaryInput): Promise<SummaryAnswer> {
  const record = await loadAudited(ctx, 'consultation.summary.write', id);
  return audited(ctx, target('consultation.summary.write', record), async () => {
    enforce(decideConsultation(ctx.actor, 'summary.write', await partiesOf(ctx.directory, record)));
    const personId = personOf(ctx);
    if (personId === null) throw new DomainError('forbidden', 'only people write summaries');
    if (record.status === 'cancelled') {
      throw new DomainError('unprocessable', 'the consultation is cancelled', [{ path: 'id', message: AFTER_MEETING_MESSAGES.cancelled }]);
    }
    const saved = await ctx.summaries.save(record.id, body, personId, ctx.clock.now());
    return { summary: await toSummaryView(ctx, saved), canWrite: true };
  });
}

export const AFTER_MEETING_MESSAGES = {
  cancelled: 'Samtalen er avlyst og kan ikke få referat / The consultation is cancelled and cannot have a summary',
} as const;

async function toSummaryView(ctx: AfterMeetingContext, s: SummaryRecord): Promise<SummaryView> {
  const writer = await ctx.directory.byId(s.writtenBy);
  return {
    isbar: s.isbar,
    actions: s.actions,
    nextMeeting: s.nextMeeting,
    writtenBy: { personId: s.writtenBy, name: writer?.name ?? null },
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
