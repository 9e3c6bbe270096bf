/**
 * Booking (POST) and changing (PATCH) one consultation. The server validates with the shared
 * contracts schema and the core's rules; its messages are shown next to the fields they name
 * (`participants.2.consentedByPatient` → that relative's consent box).
 */
import {
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  SearchBox,
  Select,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useDeferredValue, useId, useMemo, useState } from 'react';
import {
  type ClinicianDto,
  type ConsultationDto,
  type CreateConsultationRequest,
  DIRECTORY_PARTICIPANT_ROLES,
  CLINICIAN_PARTICIPANT_ROLES,
  type DirectoryParticipantRole,
} from '../../../../server/src/contracts/consultations';
import { consultationsApi } from '../../api/consultations';
import { ApiError, type ApiClient, errorText } from '../../api/http';
import { Loading } from '../../components/states';
import { type ConsultationTexts, useConsultationTexts } from '../../i18n-consultations';
import { useI18n } from '../../i18n';
import { useResource } from '../../use-resource';
import { dateAndTimeInputs, localized, startFromInputs } from './time';

export const DURATIONS_MINUTES = [15, 30, 45, 60, 90, 120, 180] as const;
const DAY_MS = 86_400_000;

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '48rem',
    padding: tokens.spacingHorizontalXL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  group: { border: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, '& > *': { flex: '1 1 12rem' } },
  choices: {
    maxHeight: '16rem',
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalS,
  },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorNeutralStroke1}`,
  },
  error: { color: tokens.colorPaletteRedForeground1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

interface RelativeRow {
  readonly key: number;
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  readonly consent: boolean;
}
interface OtherRow {
  readonly key: number;
  readonly role: 'interpreter' | 'other';
  readonly name: string;
  readonly phone: string;
  readonly email: string;
}

export type FormMode = { readonly kind: 'book' } | { readonly kind: 'edit'; readonly consultation: ConsultationDto };

export interface ConsultationFormProps {
  readonly api: ApiClient;
  readonly mode: FormMode;
  /** Preselected among the clinicians (the booker usually takes part), as in the bot's form. */
  readonly bookerId?: string;
  readonly onDone: (consultation: ConsultationDto) => void;
  readonly onCancel: () => void;
}

/** The role a picked person takes: a clinician role first, else coordinator. */
export function primaryRole(person: Pick<ClinicianDto, 'roles'>): DirectoryParticipantRole {
  return CLINICIAN_PARTICIPANT_ROLES.find((r) => person.roles.includes(r)) ?? person.roles[0] ?? DIRECTORY_PARTICIPANT_ROLES[0];
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

export function ConsultationForm({ api, mode, bookerId, onDone, onCancel }: ConsultationFormProps) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = useConsultationTexts();
  const editing = mode.kind === 'edit' ? mode.consultation : undefined;
  const initial = dateAndTimeInputs(editing ? new Date(editing.start) : new Date(Date.now() + DAY_MS));
  const [title, setTitle] = useState(editing?.title ?? '');
  const [patient, setPatient] = useState({ name: editing?.patient.name ?? '', phone: '', email: '', nationalId: '' });
  const [patientJoins, setPatientJoins] = useState(true);
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(editing ? initial.time : '09:00');
  const [duration, setDuration] = useState(String(editing?.durationMinutes ?? 60));
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set(bookerId ? [bookerId] : []));
  const [relatives, setRelatives] = useState<readonly RelativeRow[]>([]);
  const [others, setOthers] = useState<readonly OtherRow[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [issues, setIssues] = useState<ReadonlyMap<string, string>>(new Map());
  const [failure, setFailure] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [clinicians] = useResource(editing ? undefined : () => consultationsApi(api).clinicians(), `clinicians:${editing ? 'edit' : 'book'}`);
  const titleId = useId();

  const err = (key: string) => {
    const message = issues.get(key);
    return message ? { validationMessage: message, validationState: 'error' as const } : {};
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    const start = startFromInputs(date, time);
    if (!start.ok) {
      setIssues(new Map([['start', localized(start.message, locale)]]));
      return;
    }
    setSaving(true);
    // Which form field each participant index stands for, to place the server's messages.
    const fieldOf: string[] = [];
    try {
      let saved: ConsultationDto;
      if (editing) {
        saved = await consultationsApi(api).update(editing.id, { title, start: start.start, durationMinutes: Number(duration) });
      } else {
        const people = clinicians.status === 'ready' ? new Map(clinicians.value.people.map((p) => [p.id, p])) : new Map<string, ClinicianDto>();
        const participants: CreateConsultationRequest['participants'] = [];
        if (patientJoins) {
          participants.push({ role: 'patient' });
          fieldOf.push('patient');
        }
        for (const r of relatives) {
          participants.push({ role: 'relative', name: r.name, phone: optional(r.phone), email: optional(r.email), consentedByPatient: r.consent });
          fieldOf.push(`relative.${r.key}`);
        }
        for (const o of others) {
          participants.push({ role: o.role, name: o.name, phone: optional(o.phone), email: optional(o.email) });
          fieldOf.push(`other.${o.key}`);
        }
        for (const id of chosen) {
          const person = people.get(id);
          // The booker is preselected; someone not in the clinicians list (e.g. an admin) is left out.
          if (!person && id === bookerId) continue;
          participants.push({ role: person ? primaryRole(person) : 'specialist', personId: id });
          fieldOf.push('clinicians');
        }
        saved = await consultationsApi(api).book({
          title,
          patient: { name: patient.name, phone: optional(patient.phone), email: optional(patient.email), nationalId: optional(patient.nationalId) },
          start: start.start,
          durationMinutes: Number(duration),
          participants,
        });
      }
      setIssues(new Map());
      onDone(saved);
    } catch (e) {
      const found = new Map<string, string>();
      const loose: string[] = [];
      for (const issue of e instanceof ApiError ? e.issues : []) {
        const key = fieldKey(issue.path, fieldOf);
        const message = localized(issue.message, locale);
        if (key && !found.has(key)) found.set(key, message);
        else if (!key) loose.push(message);
      }
      setIssues(found);
      setFailure([errorText(e, locale), ...loose].join(' '));
    } finally {
      setSaving(false);
    }
  }

  const add = <T,>(set: (f: (rows: readonly T[]) => readonly T[]) => void, row: (key: number) => T) => {
    set((rows) => [...rows, row(nextKey)]);
    setNextKey((k) => k + 1);
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby={titleId} noValidate>
      <Subtitle2 as="h2" id={titleId}>
        {editing ? t.form.editTitle : t.form.bookTitle}
      </Subtitle2>
      <Text>{editing ? t.form.editLimits : t.form.intro}</Text>
      {failure && (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{t.form.failed}</MessageBarTitle> {failure}
          </MessageBarBody>
        </MessageBar>
      )}
      <Field label={t.form.title} required {...err('title')}>
        <Input value={title} onChange={(_e, d) => setTitle(d.value)} maxLength={200} />
      </Field>

      <fieldset className={styles.group}>
        <legend className={styles.legend}>
          <Subtitle2>{t.form.patient}</Subtitle2>
        </legend>
        {editing ? (
          <Text>
            {editing.patient.name}. {t.form.patientFixed}
          </Text>
        ) : (
          <>
            <Field label={t.form.patientName} required {...err('patient.name')}>
              <Input value={patient.name} onChange={(_e, d) => setPatient({ ...patient, name: d.value })} autoComplete="off" />
            </Field>
            <div className={styles.row}>
              <Field label={t.form.patientPhone} {...err('patient.phone')}>
                <Input type="tel" value={patient.phone} onChange={(_e, d) => setPatient({ ...patient, phone: d.value })} autoComplete="off" />
              </Field>
              <Field label={t.form.patientEmail} {...err('patient.email')}>
                <Input type="email" value={patient.email} onChange={(_e, d) => setPatient({ ...patient, email: d.value })} autoComplete="off" />
              </Field>
            </div>
            <Field label={t.form.patientNationalId} {...err('patient.nationalId')}>
              <Input value={patient.nationalId} inputMode="numeric" onChange={(_e, d) => setPatient({ ...patient, nationalId: d.value })} autoComplete="off" />
            </Field>
            <Checkbox checked={patientJoins} onChange={(_e, d) => setPatientJoins(d.checked === true)} label={t.form.patientJoins} />
          </>
        )}
      </fieldset>

      <fieldset className={styles.group}>
        <legend className={styles.legend}>
          <Subtitle2>{t.form.when}</Subtitle2>
        </legend>
        <div className={styles.row}>
          <Field label={t.form.date} required {...err('start')}>
            <Input type="date" value={date} onChange={(_e, d) => setDate(d.value)} />
          </Field>
          <Field label={t.form.time} required>
            <Input type="time" value={time} onChange={(_e, d) => setTime(d.value)} />
          </Field>
          <Field label={t.form.duration} {...err('durationMinutes')}>
            <Select value={duration} onChange={(_e, d) => setDuration(d.value)}>
              {DURATIONS_MINUTES.map((n) => (
                <option key={n} value={String(n)}>
                  {t.form.minutes(n)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </fieldset>

      {!editing && (
        <>
          <ClinicianPicker
            texts={t}
            state={clinicians}
            chosen={chosen}
            onToggle={(id, on) => setChosen((prev) => toggled(prev, id, on))}
            error={issues.get('clinicians')}
          />
          <fieldset className={styles.group}>
            <legend className={styles.legend}>
              <Subtitle2>{t.form.relatives}</Subtitle2>
            </legend>
            {relatives.map((r, i) => {
              const update = (patch: Partial<RelativeRow>) => setRelatives((rows) => rows.map((x) => (x.key === r.key ? { ...x, ...patch } : x)));
              const k = `relative.${r.key}`;
              const consentError = issues.get(`${k}.consentedByPatient`);
              return (
                <div key={r.key} className={styles.card} role="group" aria-label={t.form.relative(i + 1)}>
                  <Text weight="semibold">{t.form.relative(i + 1)}</Text>
                  <Field label={t.form.name} required {...err(`${k}.name`)}>
                    <Input value={r.name} onChange={(_e, d) => update({ name: d.value })} autoComplete="off" />
                  </Field>
                  <div className={styles.row}>
                    <Field label={t.form.phone} {...err(`${k}.phone`)}>
                      <Input type="tel" value={r.phone} onChange={(_e, d) => update({ phone: d.value })} autoComplete="off" />
                    </Field>
                    <Field label={t.form.email} {...err(`${k}.email`)}>
                      <Input type="email" value={r.email} onChange={(_e, d) => update({ email: d.value })} autoComplete="off" />
                    </Field>
                  </div>
                  <Field {...(consentError ? { validationMessage: consentError, validationState: 'error' as const } : {})}>
                    <Checkbox checked={r.consent} onChange={(_e, d) => update({ consent: d.checked === true })} label={t.form.consent} />
                  </Field>
                  <div>
                    <Button appearance="subtle" onClick={() => setRelatives((rows) => rows.filter((x) => x.key !== r.key))}>
                      {t.form.remove}
                    </Button>
                  </div>
                </div>
              );
            })}
            <div>
              <Button onClick={() => add(setRelatives, (key) => ({ key, name: '', phone: '', email: '', consent: false }))}>{t.form.addRelative}</Button>
            </div>
          </fieldset>
          <fieldset className={styles.group}>
            <legend className={styles.legend}>
              <Subtitle2>{t.form.others}</Subtitle2>
            </legend>
            {others.map((o, i) => {
              const update = (patch: Partial<OtherRow>) => setOthers((rows) => rows.map((x) => (x.key === o.key ? { ...x, ...patch } : x)));
              const k = `other.${o.key}`;
              return (
                <div key={o.key} className={styles.card} role="group" aria-label={t.form.other(i + 1)}>
                  <Text weight="semibold">{t.form.other(i + 1)}</Text>
                  <div className={styles.row}>
                    <Field label={t.form.otherRole}>
                      <Select value={o.role} onChange={(_e, d) => update({ role: d.value === 'interpreter' ? 'interpreter' : 'other' })}>
                        <option value="interpreter">{t.roles.interpreter}</option>
                        <option value="other">{t.roles.other}</option>
                      </Select>
                    </Field>
                    <Field label={t.form.name} required {...err(`${k}.name`)}>
                      <Input value={o.name} onChange={(_e, d) => update({ name: d.value })} autoComplete="off" />
                    </Field>
                  </div>
                  <div className={styles.row}>
                    <Field label={t.form.phone} {...err(`${k}.phone`)}>
                      <Input type="tel" value={o.phone} onChange={(_e, d) => update({ phone: d.value })} autoComplete="off" />
                    </Field>
                    <Field label={t.form.email} {...err(`${k}.email`)}>
                      <Input type="email" value={o.email} onChange={(_e, d) => update({ email: d.value })} autoComplete="off" />
                    </Field>
                  </div>
                  <div>
                    <Button appearance="subtle" onClick={() => setOthers((rows) => rows.filter((x) => x.key !== o.key))}>
                      {t.form.remove}
                    </Button>
                  </div>
                </div>
              );
            })}
            <div>
              <Button onClick={() => add(setOthers, (key) => ({ key, role: 'interpreter' as const, name: '', phone: '', email: '' }))}>
                {t.form.addOther}
              </Button>
            </div>
          </fieldset>
        </>
      )}

      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={saving}>
          {saving ? t.form.saving : editing ? t.form.submitEdit : t.form.submitBook}
        </Button>
        <Button onClick={onCancel}>{t.form.cancelForm}</Button>
      </div>
    </form>
  );
}

function toggled(set: ReadonlySet<string>, id: string, on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

/** `participants.3.consentedByPatient` → `relative.7.consentedByPatient`; `patient.phone` stays; unknown → undefined. */
export function fieldKey(path: string, fieldOf: readonly string[]): string | undefined {
  const [head, index, field] = path.split('.');
  if (head === 'title' || head === 'start' || head === 'durationMinutes') return head;
  if (head === 'patient') return index ? `patient.${index}` : 'patient.name';
  if (head !== 'participants') return undefined;
  if (index === undefined) return 'clinicians';
  const target = fieldOf[Number(index)];
  if (target === undefined) return undefined;
  if (target === 'clinicians') return 'clinicians';
  if (target === 'patient') return 'patient.phone';
  return field ? `${target}.${field}` : `${target}.name`;
}

function ClinicianPicker(props: {
  readonly texts: ConsultationTexts;
  readonly state: ReturnType<typeof useResource<{ people: ClinicianDto[] }>>[0];
  readonly chosen: ReadonlySet<string>;
  readonly onToggle: (id: string, on: boolean) => void;
  readonly error: string | undefined;
}) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = props.texts;
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const helpId = useId();
  const errorId = useId();
  const people = props.state.status === 'ready' ? props.state.value.people : [];
  const label = (p: ClinicianDto) => `${p.name} (${t.roles[primaryRole(p)]}, ${p.organization})`;
  const shown = useMemo(() => {
    const words = deferred.toLocaleLowerCase('nb').split(/\s+/).filter(Boolean);
    return people.filter((p) => props.chosen.has(p.id) || words.every((w) => label(p).toLocaleLowerCase('nb').includes(w)));
    // `label` depends only on `t`, covered by `locale`.
  }, [people, deferred, props.chosen, locale]);
  return (
    <fieldset className={styles.group} aria-describedby={props.error ? `${helpId} ${errorId}` : helpId}>
      <legend className={styles.legend}>
        <Subtitle2>{t.form.clinicians}</Subtitle2>
      </legend>
      <Text id={helpId}>
        {t.form.cliniciansHelp} {t.form.chosen(props.chosen.size)}
      </Text>
      {props.error && (
        <Text id={errorId} className={styles.error} role="alert">
          {props.error}
        </Text>
      )}
      {props.state.status === 'loading' ? (
        <Loading label={t.form.cliniciansLoading} />
      ) : props.state.status === 'error' ? (
        <Text className={styles.error}>{errorText(props.state.error, locale)}</Text>
      ) : (
        <>
          <SearchBox aria-label={t.form.searchClinicians} placeholder={t.form.searchClinicians} value={query} onChange={(_e, d) => setQuery(d.value)} />
          <div className={styles.choices}>
            {shown.map((p) => (
              <Checkbox
                key={p.id}
                checked={props.chosen.has(p.id)}
                onChange={(_e, d) => props.onToggle(p.id, d.checked === true)}
                label={label(p)}
                data-person-id={p.id}
              />
            ))}
          </div>
        </>
      )}
    </fieldset>
  );
}
