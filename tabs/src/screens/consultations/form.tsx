/**
 * Booking (POST) and changing (PATCH) one consultation. The server validates with the shared
 * contracts schema and the core's rules; its messages are shown next to the fields they name
 * (`participants.2.consentedByPatient` → that relative's consent box). The parts live beside
 * it: the people picker (form-people), the time with common free times and clash help
 * (form-times), and the guests (form-guests).
 */
import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { type FormEvent, useId, useState } from 'react';
import type { ClinicianDto, ConsultationDto, CreateConsultationRequest } from '../../../../server/src/contracts/consultations';
import { consultationsApi } from '../../api/consultations';
import { ApiError, type ApiClient, errorText } from '../../api/http';
import { useConsultationTexts } from '../../i18n-consultations';
import { useI18n } from '../../i18n';
import { useResource } from '../../use-resource';
import { OthersFieldset, type OtherRow, PatientFieldset, RelativesFieldset, type RelativeRow } from './form-guests';
import { PeoplePicker, primaryRole } from './form-people';
import { ClashHelp, CommonTimes, type PickableSlot, WhenFields } from './form-times';
import { dateAndTimeInputs, localized, startFromInputs } from './time';

export { primaryRole } from './form-people';
export { DURATIONS_MINUTES } from './form-times';

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
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

export type FormMode = { readonly kind: 'book' } | { readonly kind: 'edit'; readonly consultation: ConsultationDto };

export interface ConsultationFormProps {
  readonly api: ApiClient;
  readonly mode: FormMode;
  /** Preselected among the clinicians (the booker usually takes part), as in the bot's form. */
  readonly bookerId?: string;
  readonly onDone: (consultation: ConsultationDto) => void;
  readonly onCancel: () => void;
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

interface BookingInputs {
  readonly patientJoins: boolean;
  readonly relatives: readonly RelativeRow[];
  readonly others: readonly OtherRow[];
  readonly chosen: readonly string[];
  readonly people: ReadonlyMap<string, ClinicianDto>;
  readonly bookerId: string | undefined;
}

/** The participants of a booking and, per index, the form field the server's messages about it belong to. */
export function bookingParticipants(f: BookingInputs): { participants: CreateConsultationRequest['participants']; fieldOf: string[] } {
  const participants: CreateConsultationRequest['participants'] = [];
  const fieldOf: string[] = [];
  if (f.patientJoins) {
    participants.push({ role: 'patient' });
    fieldOf.push('patient');
  }
  for (const r of f.relatives) {
    participants.push({ role: 'relative', name: r.name, phone: optional(r.phone), email: optional(r.email), consentedByPatient: r.consent });
    fieldOf.push(`relative.${r.key}`);
  }
  for (const o of f.others) {
    participants.push({ role: o.role, name: o.name, phone: optional(o.phone), email: optional(o.email) });
    fieldOf.push(`other.${o.key}`);
  }
  for (const id of f.chosen) {
    const person = f.people.get(id);
    // The booker is preselected; someone not in the clinicians list (e.g. an admin) is left out.
    if (!person && id === f.bookerId) continue;
    participants.push({ role: person ? primaryRole(person) : 'specialist', personId: id });
    fieldOf.push('clinicians');
  }
  return { participants, fieldOf };
}

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
  const [chosen, setChosen] = useState<readonly string[]>(bookerId ? [bookerId] : []);
  const [relatives, setRelatives] = useState<readonly RelativeRow[]>([]);
  const [others, setOthers] = useState<readonly OtherRow[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [issues, setIssues] = useState<ReadonlyMap<string, string>>(new Map());
  const [failure, setFailure] = useState<string>();
  const [clash, setClash] = useState<ApiError['clash']>();
  const [saving, setSaving] = useState(false);
  const [clinicians] = useResource(editing ? undefined : () => consultationsApi(api).clinicians(), `clinicians:${editing ? 'edit' : 'book'}`);
  const titleId = useId();
  const people = clinicians.status === 'ready' ? new Map(clinicians.value.people.map((p) => [p.id, p])) : new Map<string, ClinicianDto>();
  const formStart = startFromInputs(date, time);

  const err = (key: string) => {
    const message = issues.get(key);
    return message ? { validationMessage: message, validationState: 'error' as const } : {};
  };

  const pick = (slot: PickableSlot) => {
    const local = dateAndTimeInputs(new Date(slot.startsAt));
    setDate(local.date);
    setTime(local.time);
    setClash(undefined);
    setFailure(undefined);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    setClash(undefined);
    const start = startFromInputs(date, time);
    if (!start.ok) {
      setIssues(new Map([['start', localized(start.message, locale)]]));
      return;
    }
    setSaving(true);
    // Which form field each participant index stands for, to place the server's messages.
    let fieldOf: string[] = [];
    try {
      let saved: ConsultationDto;
      if (editing) {
        saved = await consultationsApi(api).update(editing.id, { title, start: start.start, durationMinutes: Number(duration) });
      } else {
        const built = bookingParticipants({ patientJoins, relatives, others, chosen, people, bookerId });
        fieldOf = built.fieldOf;
        saved = await consultationsApi(api).book({
          title,
          patient: { name: patient.name, phone: optional(patient.phone), email: optional(patient.email), nationalId: optional(patient.nationalId) },
          start: start.start,
          durationMinutes: Number(duration),
          participants: built.participants,
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
      if (e instanceof ApiError && e.clash) setClash(e.clash);
    } finally {
      setSaving(false);
    }
  }

  const add = <T,>(set: (f: (rows: readonly T[]) => readonly T[]) => void, row: (key: number) => T) => {
    set((rows) => [...rows, row(nextKey)]);
    setNextKey((k) => k + 1);
  };
  const directoryIds = chosen.filter((id) => people.has(id));

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

      <PatientFieldset
        texts={t}
        fixedName={editing?.patient.name}
        patient={patient}
        setPatient={setPatient}
        joins={patientJoins}
        setJoins={setPatientJoins}
        issueFor={(key) => issues.get(key)}
      />
      {!editing && <PeoplePicker texts={t} state={clinicians} chosen={chosen} onChange={setChosen} error={issues.get('clinicians')} />}

      <fieldset className={styles.group}>
        <legend className={styles.legend}>
          <Subtitle2>{t.form.when}</Subtitle2>
        </legend>
        <WhenFields
          texts={t}
          date={date}
          time={time}
          duration={duration}
          onDate={setDate}
          onTime={setTime}
          onDuration={setDuration}
          startError={issues.get('start')}
          durationError={issues.get('durationMinutes')}
        />
        {clash && <ClashHelp texts={t} clash={clash} onPick={pick} />}
        {!editing && (
          <CommonTimes
            api={api}
            texts={t}
            personIds={directoryIds}
            durationMinutes={Number(duration)}
            chosenStart={formStart.ok ? formStart.start : undefined}
            onPick={pick}
          />
        )}
      </fieldset>

      {!editing && (
        <>
          <RelativesFieldset
            texts={t}
            rows={relatives}
            setRows={setRelatives}
            onAdd={() => add(setRelatives, (key) => ({ key, name: '', phone: '', email: '', consent: false }))}
            issueFor={(key) => issues.get(key)}
          />
          <OthersFieldset
            texts={t}
            rows={others}
            setRows={setOthers}
            onAdd={() => add(setOthers, (key) => ({ key, role: 'interpreter' as const, name: '', phone: '', email: '' }))}
            issueFor={(key) => issues.get(key)}
          />
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
