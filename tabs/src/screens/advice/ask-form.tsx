/**
 * «Be om råd»: specialty, priority, ISBAR, how to talk and an optional number to call back.
 * Sent, it opens the request's own view (position and estimate).
 */
import {
  Body1,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  Subtitle1,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useId, useState } from 'react';
import { ADVICE_MODES, ADVICE_PRIORITIES, type AdviceMode, type AdvicePriority } from '../../../../server/src/contracts/advice';
import { ISBAR_FIELDS, type IsbarField, MAX_ISBAR_FIELD_LENGTH } from '../../../../server/src/contracts/summary';
import type { AdviceApi } from '../../api/advice';
import { ApiError, errorText } from '../../api/http';
import { specialtyName, useI18n } from '../../i18n';
import { useAdviceTexts } from '../../i18n-advice';
import { localPart } from '../../i18n-after-meeting';
import { hrefOf } from '../../routes';
import { navigate } from '../../router';
import { useResource } from '../../use-resource';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '44rem' },
  heading: { margin: 0 },
  text: { margin: 0 },
});

const emptyIsbar = (): Record<IsbarField, string> => ({ identification: '', situation: '', background: '', assessment: '', recommendation: '' });

export function AskForm({ advice, initialSpecialty }: { readonly advice: AdviceApi; readonly initialSpecialty: string | undefined }) {
  const { t, locale } = useI18n();
  const a = useAdviceTexts();
  const styles = useStyles();
  const headingId = useId();
  const [specialties] = useResource(() => advice.specialties(), 'specialties');
  const [specialty, setSpecialty] = useState(initialSpecialty ?? '');
  const [priority, setPriority] = useState<AdvicePriority>('vanlig');
  const [mode, setMode] = useState<AdviceMode>('video');
  const [callbackPhone, setCallbackPhone] = useState('');
  const [isbar, setIsbar] = useState(emptyIsbar);
  const [issues, setIssues] = useState<ReadonlyMap<string, string>>(new Map());
  const [state, setState] = useState<{ kind: 'idle' | 'sending' } | { kind: 'failed'; message: string }>({ kind: 'idle' });

  const field = (path: string) => {
    const message = issues.get(path);
    return message ? { validationMessage: message, validationState: 'error' as const } : {};
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setState({ kind: 'sending' });
    setIssues(new Map());
    try {
      const phone = callbackPhone.trim();
      const created = await advice.ask({ specialty, priority, isbar, mode, ...(phone ? { callbackPhone: phone } : {}) });
      navigate(hrefOf({ name: 'advice-request', id: created.id }));
    } catch (err) {
      const found = new Map<string, string>();
      for (const issue of err instanceof ApiError ? err.issues : []) {
        // "Fill in at least one ISBAR field" belongs to the first one.
        const key = issue.path === 'isbar' ? 'isbar.identification' : issue.path;
        if (!found.has(key)) found.set(key, localPart(issue.message, locale));
      }
      setIssues(found);
      setState({ kind: 'failed', message: errorText(err, locale) });
    }
  }

  const options = specialties.status === 'ready' ? specialties.value.specialties : initialSpecialty ? [initialSpecialty] : [];
  return (
    <form className={styles.form} aria-labelledby={headingId} onSubmit={(e) => void submit(e)} noValidate>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {a.askTitle}
      </Subtitle1>
      <Body1 as="p" className={styles.text}>
        {a.askIntro}
      </Body1>
      <Field label={a.specialty} required {...field('specialty')}>
        <Select value={specialty} onChange={(_, d) => setSpecialty(d.value)}>
          <option value="">{a.chooseSpecialty}</option>
          {options.map((s) => (
            <option key={s} value={s}>
              {specialtyName(t, s)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={a.priority} required {...field('priority')}>
        <RadioGroup layout="horizontal" value={priority} onChange={(_, d) => setPriority(d.value as AdvicePriority)}>
          {ADVICE_PRIORITIES.map((p) => (
            <Radio key={p} value={p} label={a.priorities[p]} />
          ))}
        </RadioGroup>
      </Field>
      {ISBAR_FIELDS.map((name) => (
        <Field key={name} label={a.isbar[name]} {...field(`isbar.${name}`)}>
          <Textarea
            value={isbar[name]}
            onChange={(_, d) => setIsbar((v) => ({ ...v, [name]: d.value }))}
            maxLength={MAX_ISBAR_FIELD_LENGTH}
            resize="vertical"
            rows={2}
          />
        </Field>
      ))}
      <Field label={a.mode} {...field('mode')}>
        <RadioGroup layout="horizontal" value={mode} onChange={(_, d) => setMode(d.value as AdviceMode)}>
          {ADVICE_MODES.map((m) => (
            <Radio key={m} value={m} label={a.modes[m]} />
          ))}
        </RadioGroup>
      </Field>
      <Field label={a.callbackPhone} hint={a.callbackHint} {...field('callbackPhone')}>
        <Input type="tel" autoComplete="tel" value={callbackPhone} onChange={(_, d) => setCallbackPhone(d.value)} />
      </Field>
      {state.kind === 'failed' && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{a.notSent}</MessageBarTitle> {state.message}
          </MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Button type="submit" appearance="primary" disabled={state.kind === 'sending'}>
          {state.kind === 'sending' ? a.sending : a.send}
        </Button>
      </div>
    </form>
  );
}
