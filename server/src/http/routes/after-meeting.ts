/**
 * After the meeting, under /api/consultations: the attendance export (JSON and CSV) and the
 * summary (GET and PUT). Thin: parse, call the use case, shape the answer.
 */
import { participantRoleLabels } from '../../shared/texts';
import { type Request, Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { ParticipantRole } from '../../contracts/consultations';
import { type Locale, pickLocale } from '../../contracts/messages';
import { type AttendanceExportDto, SaveSummarySchema } from '../../contracts/summary';
import { type SummaryStore, exportAttendance, getSummary, saveSummary } from '../../core/consultations/after-meeting';
import type { ConsultationStore } from '../../core/consultations/store';
import type { AuditLog, Clock, Directory } from '../../core/ports';
import { formatOffset, toOsloLocal } from '../../shared/oslo-time';
import { actorOf } from '../auth';
import { toAttendanceExportDto, toSummaryResponseDto } from '../dto/consultations';

export interface AfterMeetingRoutesDeps {
  readonly store: Pick<ConsultationStore, 'byId'>;
  readonly summaries: SummaryStore;
  readonly directory: Pick<Directory, 'byId'>;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** Mount at `/consultations` beside the booking routes (`apiRoutes` in `createApp`). */
export function afterMeetingRoutes(deps: AfterMeetingRoutesDeps): Router {
  const r = Router();
  const ctx = (req: Request) => ({ ...deps, actor: actorOf(req), requestId: String(req.id) });

  r.get('/:id/attendance', async (req, res) => {
    res.json(toAttendanceExportDto(await exportAttendance(ctx(req), req.params.id)));
  });

  r.get('/:id/attendance.csv', async (req, res) => {
    const data = toAttendanceExportDto(await exportAttendance(ctx(req), req.params.id));
    const locale = pickLocale(req.headers['accept-language']);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${attendanceFileName(data)}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(attendanceCsv(data, locale));
  });

  r.get('/:id/summary', async (req, res) => {
    res.json(toSummaryResponseDto(await getSummary(ctx(req), req.params.id)));
  });

  r.put('/:id/summary', async (req, res) => {
    const body = SaveSummarySchema.parse(req.body);
    res.json(toSummaryResponseDto(await saveSummary(ctx(req), req.params.id, body)));
  });

  return r;
}

const CSV_TEXT = {
  nb: {
    header: ['Navn', 'Rolle', 'Inn', 'Ut', 'Minutter'],
    roles: participantRoleLabels('nb', true),
  },
  en: {
    header: ['Name', 'Role', 'Joined', 'Left', 'Minutes'],
    roles: participantRoleLabels('en', true),
  },
} as const satisfies Record<Locale, { header: readonly string[]; roles: Record<ParticipantRole, string> }>;

const pad = (n: number) => String(n).padStart(2, '0');

/** `2027-03-29 10:00:00 +02:00`: Oslo wall-clock time with its offset, unambiguous in the fall-back hour. */
export function osloTimestamp(iso: string): string {
  const l = toOsloLocal(new Date(iso));
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)} ${formatOffset(l.offsetMinutes)}`;
}

/** Spreadsheets run cells starting with these as formulas; a name must never become one. */
const neutralize = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** Semicolon-separated with a BOM, as Excel in Norway opens it without an import dialog. */
export function attendanceCsv(data: AttendanceExportDto, locale: Locale): string {
  const text = CSV_TEXT[locale];
  const rows = data.rows.map((row) => [
    neutralize(row.name),
    text.roles[row.role],
    row.joinedAt ? osloTimestamp(row.joinedAt) : '',
    row.leftAt ? osloTimestamp(row.leftAt) : '',
    String(row.minutes),
  ]);
  return stringify([[...text.header], ...rows], { delimiter: ';', bom: true, record_delimiter: 'windows' });
}

/** `oppmote-2027-03-29-1a2b3c4d.csv`: the Oslo date and the id's start, never the title (it may be clinical). */
export function attendanceFileName(data: AttendanceExportDto): string {
  const l = toOsloLocal(new Date(data.start));
  return `oppmote-${l.year}-${pad(l.month)}-${pad(l.day)}-${data.consultationId.slice(0, 8)}.csv`;
}
