/**
 * Vaktplan: per specialty, who is on call now (levels 1–3), the week's shifts in Oslo time,
 * the level-1 gaps in the next seven days, and — for coordinators and administrators —
 * adding and removing shifts and uploading a CSV file (a refused file shows its lines).
 */
import {
  Badge,
  Body1,
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useId, useState } from 'react';
import type { OnCallDto, RosterDto, RosterGapsDto, RosterPeopleDto, RosterShiftDto } from '../../../server/src/contracts/rosters';
import { ApiError, errorText } from '../api/http';
import { EmptyState, ErrorState, Loading, PageHeading } from '../components/states';
import { specialtyName, useI18n } from '../i18n';
import { useRosterTexts } from '../i18n-roster';
import { editsRoster, readsSpecialty } from '../access';
import { rostersApi } from '../api/rosters';
import { useResource } from '../use-resource';
import type { ScreenProps } from './props';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalL },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(16rem, 1fr))', gap: tokens.spacingHorizontalL },
  card: { padding: tokens.spacingHorizontalL },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  tableWrap: { overflowX: 'auto', backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusLarge },
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

const LEVELS = [1, 2, 3] as const;
const DAY_MS = 86_400_000;

/** Today's date in Oslo as `YYYY-MM-DD`, and the Monday of its week. */
function osloMonday(now: Date): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const ms = Date.parse(`${today}T00:00:00Z`);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0
  return new Date(ms - weekday * DAY_MS).toISOString().slice(0, 10);
}
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

function useOsloFormat() {
  const { locale } = useI18n();
  const f = new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', {
    timeZone: 'Europe/Oslo',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const offset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', timeZoneName: 'shortOffset' });
  const hhmm = (ms: number) =>
    f
      .formatToParts(new Date(ms))
      .filter((p) => p.type === 'hour' || p.type === 'minute')
      .map((p) => p.value)
      .join(':');
  // In the hour the clocks go back the same wall-clock time happens twice: show the offset then.
  const ambiguous = (ms: number) => hhmm(ms) === hhmm(ms - 3_600_000) || hhmm(ms) === hhmm(ms + 3_600_000);
  return (iso: string) => {
    const ms = Date.parse(iso);
    const text = f.format(new Date(ms));
    if (!ambiguous(ms)) return text;
    const zone = offset.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
    return `${text} (${zone.replace('GMT', 'UTC')})`;
  };
}

interface RosterView {
  readonly roster: RosterDto;
  readonly onCall: OnCallDto;
  readonly gaps: RosterGapsDto;
  readonly people: RosterPeopleDto;
}

export default function Roster({ me, api }: ScreenProps) {
  const { t, locale } = useI18n();
  const r = useRosterTexts();
  const styles = useStyles();
  const client = rostersApi(api);
  // The roster opens on the person's own specialty (or the one the link names).
  const own = me.specialty && me.specialty in t.specialties ? me.specialty : 'kardiologi';
  const initial = new URLSearchParams(window.location.search).get('fag') ?? own;
  const [specialty, setSpecialty] = useState(initial in t.specialties ? initial : own);
  const canRead = readsSpecialty(me, specialty);
  const canEdit = editsRoster(me, specialty);
  const readsAny = ['coordinator', 'specialist', 'admin'].some((role) => me.roles.includes(role));
  const [monday, setMonday] = useState(() => osloMonday(new Date()));
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; title: string; lines: readonly string[] } | undefined>();
  const from = `${monday}T00:00`;
  const to = `${addDays(monday, 7)}T00:00`;
  const [view, reload] = useResource<RosterView>(
    canRead
      ? async () => {
          const [roster, onCall, gaps, people] = await Promise.all([
            client.list(specialty, from, to),
            client.onCall(specialty),
            client.gaps(specialty),
            client.people(specialty),
          ]);
          return { roster, onCall, gaps, people };
        }
      : undefined,
    `${specialty}:${monday}`,
  );
  const specialtyId = useId();

  const save = async (work: () => Promise<unknown>, success: string, refusedTitle: string) => {
    try {
      await work();
      setNotice({ kind: 'success', title: success, lines: [] });
      reload();
    } catch (err) {
      const lines = err instanceof ApiError ? err.issues.map((i) => i.message) : [];
      setNotice({ kind: 'error', title: refusedTitle, lines: [errorText(err, locale), ...lines] });
    }
  };

  if (!readsAny) {
    return (
      <>
        <PageHeading>{t.roster.title}</PageHeading>
        <EmptyState title={r.forbiddenTitle} body={r.forbiddenBody} />
      </>
    );
  }

  return (
    <>
      <PageHeading>{t.roster.title}</PageHeading>
      <div className={styles.toolbar}>
        <Field label={r.specialty}>
          <Select
            id={specialtyId}
            value={specialty}
            onChange={(_e, d) => {
              setSpecialty(d.value);
              setNotice(undefined);
            }}
          >
            {Object.keys(t.specialties).map((id) => (
              <option key={id} value={id}>
                {specialtyName(t, id)}
              </option>
            ))}
          </Select>
        </Field>
        <Button onClick={() => setMonday(addDays(monday, -7))}>{r.previousWeek}</Button>
        <Button onClick={() => setMonday(osloMonday(new Date()))}>{r.thisWeek}</Button>
        <Button onClick={() => setMonday(addDays(monday, 7))}>{r.nextWeek}</Button>
        <Body1 aria-live="polite">{r.week(monday, addDays(monday, 6))}</Body1>
      </div>
      {notice && (
        <MessageBar intent={notice.kind} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>
            <MessageBarTitle>{notice.title}</MessageBarTitle>
            {notice.lines.length > 0 && (
              <ul className={styles.list}>
                {notice.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      {!canRead ? (
        <EmptyState
          title={r.otherSpecialtyTitle(specialtyName(t, specialty))}
          body={r.otherSpecialtyBody(me.specialty && me.specialty in t.specialties ? specialtyName(t, me.specialty) : undefined)}
        />
      ) : view.status === 'loading' ? (
        <Loading label={r.loading} />
      ) : view.status === 'error' ? (
        <ErrorState title={r.failed} message={errorText(view.error, locale)} onRetry={reload} />
      ) : (
        <>
          <div className={styles.grid}>
            <OnCallNow onCall={view.value.onCall} />
            <Gaps gaps={view.value.gaps} />
          </div>
          <Shifts
            roster={view.value.roster}
            canEdit={canEdit}
            onRemove={(shift) =>
              save(
                () =>
                  client.replace(specialty, {
                    from: view.value.roster.from,
                    to: view.value.roster.to,
                    shifts: ownShifts(view.value.roster)
                      .filter((s) => s.id !== shift.id)
                      .map(input),
                  }),
                r.saved,
                r.notSaved,
              )
            }
          />
          {canEdit ? (
            <>
              <AddShift
                people={view.value.people}
                defaultDay={monday}
                onAdd={(shift) =>
                  save(
                    () =>
                      client.replace(specialty, {
                        from: view.value.roster.from,
                        to: view.value.roster.to,
                        shifts: [...ownShifts(view.value.roster).map(input), shift],
                      }),
                    r.saved,
                    r.notSaved,
                  )
                }
              />
              <CsvUpload onUpload={(text) => save(() => client.importCsv(specialty, text), r.saved, r.csvRefused)} />
            </>
          ) : (
            <Body1 as="p">{r.readOnly}</Body1>
          )}
        </>
      )}
    </>
  );
}

/** The shifts a week's replace owns: those that start inside it. */
const ownShifts = (roster: RosterDto) =>
  roster.shifts.filter((s) => Date.parse(s.start) >= Date.parse(roster.from) && Date.parse(s.start) < Date.parse(roster.to));
const input = (s: RosterShiftDto) => ({ personId: s.personId, level: s.level, start: s.start, end: s.end });

function OnCallNow({ onCall }: { readonly onCall: OnCallDto }) {
  const r = useRosterTexts();
  const styles = useStyles();
  const fmt = useOsloFormat();
  return (
    <Card className={styles.card} aria-labelledby="roster-on-call-now">
      <Subtitle2 as="h2" id="roster-on-call-now">
        {r.onCallNow}
      </Subtitle2>
      <ul className={styles.list}>
        {onCall.chain.map((l) => (
          <li key={l.level}>
            <strong>{r.levels[l.level]}:</strong>{' '}
            {l.people.length === 0 ? r.nobody : l.people.map((p) => `${p.personName} (${fmt(p.start)} – ${fmt(p.end)})`).join(', ')}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Gaps({ gaps }: { readonly gaps: RosterGapsDto }) {
  const r = useRosterTexts();
  const styles = useStyles();
  const fmt = useOsloFormat();
  if (gaps.gaps.length === 0) {
    return (
      <MessageBar intent="success">
        <MessageBarBody>{r.noGaps}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{r.gapsTitle}</MessageBarTitle>
        <ul className={styles.list}>
          {gaps.gaps.map((g) => (
            <li key={g.start}>
              <Badge appearance="filled" color="warning">
                {r.gapBadge}
              </Badge>{' '}
              {r.gapRow(fmt(g.start), fmt(g.end))}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

function Shifts(props: { readonly roster: RosterDto; readonly canEdit: boolean; readonly onRemove: (shift: RosterShiftDto) => void }) {
  const r = useRosterTexts();
  const styles = useStyles();
  const fmt = useOsloFormat();
  const shifts = [...props.roster.shifts].sort((a, b) => a.level - b.level || a.start.localeCompare(b.start));
  return (
    <section className={styles.section} aria-labelledby="roster-shifts">
      <Subtitle2 as="h2" id="roster-shifts">
        {r.shiftsTitle}
      </Subtitle2>
      <Body1 as="p">{r.timesNote}</Body1>
      {shifts.length === 0 ? (
        <Body1 as="p">{r.noShifts}</Body1>
      ) : (
        <div className={styles.tableWrap}>
          <Table size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{r.level}</TableHeaderCell>
                <TableHeaderCell>{r.person}</TableHeaderCell>
                <TableHeaderCell>{r.start}</TableHeaderCell>
                <TableHeaderCell>{r.end}</TableHeaderCell>
                {props.canEdit && <TableHeaderCell>{r.actions}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {shifts.map((s) => (
                <TableRow key={s.id}>
                  <TableCell>{r.levels[s.level]}</TableCell>
                  <TableCell>{s.personName}</TableCell>
                  <TableCell>{fmt(s.start)}</TableCell>
                  <TableCell>{fmt(s.end)}</TableCell>
                  {props.canEdit && (
                    <TableCell>
                      <Button size="small" aria-label={r.remove(s.personName, fmt(s.start))} onClick={() => props.onRemove(s)}>
                        {r.removeShort}
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

function AddShift(props: {
  readonly people: RosterPeopleDto;
  readonly defaultDay: string;
  readonly onAdd: (shift: { personId: string; level: number; start: string; end: string }) => Promise<void>;
}) {
  const r = useRosterTexts();
  const styles = useStyles();
  const [personId, setPersonId] = useState('');
  const [level, setLevel] = useState('1');
  const [start, setStart] = useState(`${props.defaultDay}T08:00`);
  const [end, setEnd] = useState(`${props.defaultDay}T15:30`);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await props.onAdd({ personId, level: Number(level), start, end });
    setBusy(false);
  };
  return (
    <section className={styles.section} aria-labelledby="roster-add">
      <Subtitle2 as="h2" id="roster-add">
        {r.addTitle}
      </Subtitle2>
      <form className={styles.form} onSubmit={submit}>
        <Field label={r.person} required>
          <Select value={personId} onChange={(_e, d) => setPersonId(d.value)} required>
            <option value="">{r.choosePerson}</option>
            {props.people.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={r.level} required>
          <Select value={level} onChange={(_e, d) => setLevel(d.value)}>
            {LEVELS.map((l) => (
              <option key={l} value={String(l)}>
                {r.levels[l]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={r.start} required>
          <Input type="datetime-local" value={start} onChange={(_e, d) => setStart(d.value)} required />
        </Field>
        <Field label={r.end} required>
          <Input type="datetime-local" value={end} onChange={(_e, d) => setEnd(d.value)} required />
        </Field>
        <Button type="submit" appearance="primary" disabled={busy || personId === ''}>
          {r.add}
        </Button>
      </form>
    </section>
  );
}

function CsvUpload({ onUpload }: { readonly onUpload: (text: string) => Promise<void> }) {
  const r = useRosterTexts();
  const styles = useStyles();
  const inputId = useId();
  const helpId = useId();
  return (
    <section className={styles.section} aria-labelledby="roster-csv">
      <Subtitle2 as="h2" id="roster-csv">
        {r.csvTitle}
      </Subtitle2>
      <Body1 as="p" id={helpId}>
        {r.csvHelp}
      </Body1>
      <div>
        <label htmlFor={inputId}>{r.csvChoose}</label>{' '}
        <input
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={helpId}
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            const target = e.currentTarget;
            if (!file) return;
            await onUpload(await file.text());
            target.value = '';
          }}
        />
      </div>
    </section>
  );
}
