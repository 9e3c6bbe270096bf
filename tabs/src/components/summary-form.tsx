/**
 * The summary of one consultation: an ISBAR form with agreed actions and the next meeting for
 * those who may write it (clinician participants, coordinators), a read-only view for the
 * rest. Validated with the server's own schema before it is sent.
 */
import {
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  Subtitle2,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useId, useRef, useState } from 'react';
import {
  ISBAR_FIELDS,
  type IsbarField,
  MAX_ACTIONS,
  MAX_ACTION_WHAT_LENGTH,
  MAX_ACTION_WHO_LENGTH,
  MAX_ISBAR_FIELD_LENGTH,
  MAX_NEXT_MEETING_LENGTH,
  SaveSummarySchema,
  type SummaryDto,
  type SummaryResponseDto,
} from '../../../server/src/contracts/summary';
import type { ConsultationsApi } from '../api/consultations';
import { errorText } from '../api/http';
import { useI18n } from '../i18n';
import { localPart, osloDateTime, useAfterMeetingText } from '../i18n-after-meeting';
import { useResource } from '../use-resource';
import { ErrorState, Loading } from './states';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  text: { margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  action: {
    display: 'grid',
    gridTemplateColumns: 'minmax(12rem, 2fr) minmax(8rem, 1fr) minmax(9rem, auto) auto',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
    border: 'none',
    margin: 0,
    padding: 0,
    '@media (max-width: 640px)': { gridTemplateColumns: '1fr' },
  },
  legend: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  readOnlyBlock: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  pre: { margin: 0, whiteSpace: 'pre-wrap' },
});

interface ActionRow {
  readonly key: number;
  readonly what: string;
  readonly who: string;
  readonly due: string;
}

interface FormValues {
  readonly isbar: Record<IsbarField, string>;
  readonly actions: readonly ActionRow[];
  readonly nextMeeting: string;
}

const emptyIsbar = (): Record<IsbarField, string> => ({ identification: '', situation: '', background: '', assessment: '', recommendation: '' });

/** The calls the after-meeting screen makes (a subset of the API client, so tests can pass a small double). */
export type AfterMeetingApi = Pick<ConsultationsApi, 'summary' | 'saveSummary' | 'attendanceCsv'>;

export function SummaryPanel({ consultationId, api }: { readonly consultationId: string; readonly api: AfterMeetingApi }) {
  const styles = useStyles();
  const { m, locale } = useAfterMeetingText();
  const { t } = useI18n();
  const headingId = useId();
  const [resource, reload] = useResource(() => api.summary(consultationId), consultationId);
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {m.summaryTitle}
      </Subtitle1>
      {resource.status === 'loading' && <Loading />}
      {resource.status === 'error' && <ErrorState title={t.errors.title} message={errorText(resource.error, locale)} onRetry={reload} />}
      {resource.status === 'ready' &&
        (resource.value.canWrite ? (
          <SummaryForm consultationId={consultationId} api={api} initial={resource.value} />
        ) : (
          <ReadOnlySummary summary={resource.value.summary} />
        ))}
    </section>
  );
}

function toValues(summary: SummaryDto | null, nextKey: () => number): FormValues {
  if (!summary) return { isbar: emptyIsbar(), actions: [], nextMeeting: '' };
  return {
    isbar: { ...emptyIsbar(), ...summary.isbar },
    actions: summary.actions.map((a) => ({ key: nextKey(), ...a })),
    nextMeeting: summary.nextMeeting ?? '',
  };
}

type SaveState = { readonly kind: 'idle' | 'saving' | 'saved' } | { readonly kind: 'failed'; readonly message: string };

function SummaryForm(props: { readonly consultationId: string; readonly api: AfterMeetingApi; readonly initial: SummaryResponseDto }) {
  const styles = useStyles();
  const { m, locale } = useAfterMeetingText();
  const keys = useRef(0);
  const nextKey = () => ++keys.current;
  const [values, setValues] = useState<FormValues>(() => toValues(props.initial.summary, nextKey));
  const [saved, setSaved] = useState<SummaryDto | null>(props.initial.summary);
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const introId = useId();

  const setIsbar = (field: IsbarField, value: string) => setValues((v) => ({ ...v, isbar: { ...v.isbar, [field]: value } }));
  const setAction = (key: number, change: Partial<ActionRow>) =>
    setValues((v) => ({ ...v, actions: v.actions.map((a) => (a.key === key ? { ...a, ...change } : a)) }));
  const addAction = () => setValues((v) => ({ ...v, actions: [...v.actions, { key: nextKey(), what: '', who: '', due: '' }] }));
  const removeAction = (key: number) => setValues((v) => ({ ...v, actions: v.actions.filter((a) => a.key !== key) }));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = { isbar: values.isbar, actions: values.actions.map(({ what, who, due }) => ({ what, who, due })), nextMeeting: values.nextMeeting };
    const parsed = SaveSummarySchema.safeParse(body);
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) found[issue.path.join('.')] ??= localPart(issue.message, locale);
      setErrors(found);
      setSave({ kind: 'failed', message: m.fixFields });
      return;
    }
    setErrors({});
    setSave({ kind: 'saving' });
    try {
      const result = await props.api.saveSummary(props.consultationId, body);
      setSaved(result.summary);
      setSave({ kind: 'saved' });
    } catch (err) {
      setSave({ kind: 'failed', message: errorText(err, locale) });
    }
  }

  const field = (path: string) => (errors[path] ? { validationMessage: errors[path], validationState: 'error' as const } : {});

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-describedby={introId} noValidate>
      <Body1 as="p" id={introId} className={styles.text}>
        {m.summaryIntro}
      </Body1>
      {ISBAR_FIELDS.map((name) => (
        <Field key={name} label={m.isbar[name]} hint={m.isbarHints[name]} {...field(`isbar.${name}`)} {...(name === 'identification' ? field('isbar') : {})}>
          <Textarea value={values.isbar[name]} onChange={(_, d) => setIsbar(name, d.value)} maxLength={MAX_ISBAR_FIELD_LENGTH} resize="vertical" rows={3} />
        </Field>
      ))}

      <Subtitle2 as="h3" className={styles.heading}>
        {m.actionsTitle}
      </Subtitle2>
      {values.actions.length === 0 && <Caption1>{m.noActions}</Caption1>}
      {values.actions.map((a, i) => (
        <fieldset key={a.key} className={styles.action}>
          <legend className={styles.legend}>{m.actionLegend(i + 1)}</legend>
          <Field label={m.actionWhat} {...field(`actions.${i}.what`)}>
            <Input value={a.what} onChange={(_, d) => setAction(a.key, { what: d.value })} maxLength={MAX_ACTION_WHAT_LENGTH} />
          </Field>
          <Field label={m.actionWho} {...field(`actions.${i}.who`)}>
            <Input value={a.who} onChange={(_, d) => setAction(a.key, { who: d.value })} maxLength={MAX_ACTION_WHO_LENGTH} />
          </Field>
          <Field label={m.actionDue} {...field(`actions.${i}.due`)}>
            <Input type="date" value={a.due} onChange={(_, d) => setAction(a.key, { due: d.value })} />
          </Field>
          <Button appearance="subtle" onClick={() => removeAction(a.key)} aria-label={m.removeAction(i + 1)}>
            {m.removeAction(i + 1)}
          </Button>
        </fieldset>
      ))}
      <div className={styles.row}>
        <Button onClick={addAction} disabled={values.actions.length >= MAX_ACTIONS}>
          {m.addAction}
        </Button>
        {values.actions.length >= MAX_ACTIONS && <Caption1>{m.maxActions(MAX_ACTIONS)}</Caption1>}
      </div>

      <Field label={m.nextMeeting} hint={m.nextMeetingHint} {...field('nextMeeting')}>
        <Input value={values.nextMeeting} onChange={(_, d) => setValues((v) => ({ ...v, nextMeeting: d.value }))} maxLength={MAX_NEXT_MEETING_LENGTH} />
      </Field>

      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={save.kind === 'saving'}>
          {save.kind === 'saving' ? m.saving : m.save}
        </Button>
        {saved && <Caption1>{m.lastSaved(osloDateTime(saved.updatedAt, locale), saved.writtenBy.name ?? m.unknownWriter)}</Caption1>}
      </div>
      {save.kind === 'saved' && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{m.saved}</MessageBarBody>
        </MessageBar>
      )}
      {save.kind === 'failed' && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{m.notSaved}</MessageBarTitle> {save.message}
          </MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}

function ReadOnlySummary({ summary }: { readonly summary: SummaryDto | null }) {
  const styles = useStyles();
  const { m, locale } = useAfterMeetingText();
  if (!summary) {
    return (
      <Body1 as="p" className={styles.text}>
        {m.noSummary} {m.summaryReadOnly}
      </Body1>
    );
  }
  return (
    <>
      <Caption1>{m.summaryReadOnly}</Caption1>
      {ISBAR_FIELDS.filter((name) => summary.isbar[name]).map((name) => (
        <div key={name} className={styles.readOnlyBlock}>
          <Subtitle2 as="h3" className={styles.heading}>
            {m.isbar[name]}
          </Subtitle2>
          <Body1 as="p" className={styles.pre}>
            {summary.isbar[name]}
          </Body1>
        </div>
      ))}
      <Subtitle2 as="h3" className={styles.heading}>
        {m.actionsTitle}
      </Subtitle2>
      {summary.actions.length === 0 ? (
        <Caption1>{m.noActions}</Caption1>
      ) : (
        <ul>
          {summary.actions.map((a) => (
            <li key={`${a.what}\u0000${a.who}\u0000${a.due}`}>
              {a.what} — {m.actionWho.toLowerCase()}: {a.who}, {m.actionDue.toLowerCase()}: {a.due}
            </li>
          ))}
        </ul>
      )}
      {summary.nextMeeting && (
        <Body1 as="p" className={styles.text}>
          {m.nextMeeting}: {summary.nextMeeting}
        </Body1>
      )}
      <Caption1>{m.lastSaved(osloDateTime(summary.updatedAt, locale), summary.writtenBy.name ?? m.unknownWriter)}</Caption1>
    </>
  );
}
