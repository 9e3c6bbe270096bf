/**
 * After (and during) one consultation: who attended and for how long, the attendance export,
 * and the summary form (ISBAR notes, agreed actions, the next meeting).
 *
 * The detail screen passes its `api` (ScreenProps): without it only the attendance table shows.
 */
import {
  Body1,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useId, useState } from 'react';
import type { ConsultationDto } from '../../../server/src/contracts/consultations';
import { errorText } from '../api/http';
import { useAfterMeetingText, osloDateTime } from '../i18n-after-meeting';
import { type AfterMeetingApi, SummaryPanel } from './summary-form';

export type { AfterMeetingApi } from './summary-form';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL, maxWidth: '56rem' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  text: { margin: 0 },
  table: { minWidth: '32rem' },
  scroll: { overflowX: 'auto' },
  download: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  number: { textAlign: 'right' },
});

const MS_PER_MINUTE = 60_000;

interface AttendanceRow {
  readonly key: string;
  readonly name: string;
  readonly role: ConsultationDto['participants'][number]['role'];
  readonly joinedAt: string | null;
  readonly leftAt: string | null;
  readonly minutes: number;
}

/** One row per stay, then those who never joined; an open stay counts until now. */
export function attendanceRows(consultation: ConsultationDto, nowMs: number): AttendanceRow[] {
  const rows: AttendanceRow[] = [];
  for (const p of consultation.participants) {
    if (p.attendance.length === 0) rows.push({ key: p.id, name: p.name, role: p.role, joinedAt: null, leftAt: null, minutes: 0 });
    p.attendance.forEach((a, i) => {
      const endMs = a.leftAt ? Date.parse(a.leftAt) : nowMs;
      const minutes = Math.max(0, Math.round((endMs - Date.parse(a.joinedAt)) / MS_PER_MINUTE));
      rows.push({ key: `${p.id}-${i}`, name: p.name, role: p.role, joinedAt: a.joinedAt, leftAt: a.leftAt, minutes });
    });
  }
  const joined = (r: AttendanceRow) => r.joinedAt ?? '9999';
  return rows.sort((a, b) => (joined(a) < joined(b) ? -1 : joined(a) > joined(b) ? 1 : a.name.localeCompare(b.name, 'nb')));
}

export function AfterMeeting({ consultation, api }: { readonly consultation: ConsultationDto; readonly api?: AfterMeetingApi }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <AttendanceSection consultation={consultation} api={api} />
      {api && <SummaryPanel consultationId={consultation.id} api={api} />}
    </div>
  );
}

function AttendanceSection({ consultation, api }: { readonly consultation: ConsultationDto; readonly api: AfterMeetingApi | undefined }) {
  const styles = useStyles();
  const { m, locale } = useAfterMeetingText();
  const headingId = useId();
  const rows = attendanceRows(consultation, Date.now());
  const anyone = rows.some((r) => r.joinedAt !== null);
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {m.attendanceTitle}
      </Subtitle1>
      <Body1 as="p" className={styles.text}>
        {anyone ? m.attendanceCaption : m.noAttendance}
      </Body1>
      <div className={styles.scroll}>
        <Table className={styles.table} aria-labelledby={headingId} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{m.columns.name}</TableHeaderCell>
              <TableHeaderCell scope="col">{m.columns.role}</TableHeaderCell>
              <TableHeaderCell scope="col">{m.columns.joined}</TableHeaderCell>
              <TableHeaderCell scope="col">{m.columns.left}</TableHeaderCell>
              <TableHeaderCell scope="col" className={styles.number}>
                {m.columns.minutes}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.key}>
                <TableCell>{r.name}</TableCell>
                <TableCell>{m.roles[r.role]}</TableCell>
                <TableCell>{r.joinedAt ? osloDateTime(r.joinedAt, locale) : m.notPresent}</TableCell>
                <TableCell>{r.joinedAt === null ? '' : r.leftAt ? osloDateTime(r.leftAt, locale) : m.stillInCall}</TableCell>
                <TableCell className={styles.number}>{r.minutes}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {api && <DownloadCsv consultationId={consultation.id} api={api} />}
    </section>
  );
}

function DownloadCsv({ consultationId, api }: { readonly consultationId: string; readonly api: AfterMeetingApi }) {
  const styles = useStyles();
  const { m, locale } = useAfterMeetingText();
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const hintId = useId();

  async function download() {
    setState({ busy: true });
    try {
      const { blob, fileName } = await api.attendanceCsv(consultationId);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      // Revoked later: some browsers read the URL only after click() returns.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ busy: false });
    } catch (err) {
      setState({ busy: false, error: errorText(err, locale) });
    }
  }

  return (
    <>
      <div className={styles.download}>
        <Button onClick={() => void download()} disabled={state.busy} aria-describedby={hintId}>
          {state.busy ? m.downloading : m.downloadCsv}
        </Button>
        <Caption1 id={hintId}>{m.downloadHint}</Caption1>
      </div>
      {state.error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{state.error}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
