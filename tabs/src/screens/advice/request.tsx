/**
 * One request for advice (`/app/konferer/<id>`), refreshed every few seconds: status, place
 * in the queue and estimated wait, who was rung. The requester may withdraw it and joins the
 * call once connected; a rung specialist answers or declines; the specialist who answered
 * joins (or rings the number back) and writes the advice note, which the requester then sees.
 */
import {
  Body1,
  Button,
  Caption1,
  Card,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Subtitle1,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Suspense, lazy, useCallback, useEffect, useId, useState } from 'react';
import type { AdviceJoinDto, AdviceRequestDto } from '../../../../server/src/contracts/advice';
import { type Isbar, ISBAR_FIELDS, type IsbarField, MAX_ISBAR_FIELD_LENGTH } from '../../../../server/src/contracts/summary';
import type { AdviceApi } from '../../api/advice';
import { ApiError, errorText } from '../../api/http';
import { CALL_TEXTS } from '../../call/call-texts';
import { ErrorState, Loading } from '../../components/states';
import { specialtyName, useI18n } from '../../i18n';
import { useAdviceTexts } from '../../i18n-advice';
import { localPart } from '../../i18n-after-meeting';

const VideoCall = lazy(() => import('../../call/video-call').then((m) => ({ default: m.VideoCall })));

/** How often the request is fetched again while it is open. */
export const ADVICE_REFRESH_MS = 3_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '48rem' },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  text: { margin: 0 },
  facts: { margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS },
  term: { fontWeight: tokens.fontWeightSemibold },
  detail: { margin: 0, whiteSpace: 'pre-wrap' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

const emptyIsbar = (): Record<IsbarField, string> => ({ identification: '', situation: '', background: '', assessment: '', recommendation: '' });

export function AdviceRequestView({ id, advice, meId }: { readonly id: string; readonly advice: AdviceApi; readonly meId: string }) {
  const { locale } = useI18n();
  const a = useAdviceTexts();
  const [request, setRequest] = useState<AdviceRequestDto | undefined>();
  const [loadError, setLoadError] = useState<unknown>();

  // Request ids are UUIDs: anything else cannot exist, so it is not asked for.
  const wellFormed = UUID.test(id);
  const refresh = useCallback(
    (stop?: () => void) => {
      advice.get(id).then(
        (dto) => {
          setRequest(dto);
          setLoadError(undefined);
        },
        (err: unknown) => {
          setLoadError(err);
          // Not found or not yours does not change by asking again.
          if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
            setRequest(undefined);
            stop?.();
          }
        },
      );
    },
    [advice, id],
  );

  useEffect(() => {
    setRequest(undefined);
    setLoadError(undefined);
    if (!wellFormed) return;
    const stop = () => clearInterval(timer);
    const timer = setInterval(() => refresh(stop), ADVICE_REFRESH_MS);
    refresh(stop);
    return stop;
  }, [refresh, wellFormed]);

  if (!wellFormed) return <ErrorState title={a.failed} message={a.notFound} />;

  if (!request) {
    if (loadError) return <ErrorState title={a.failed} message={errorText(loadError, locale)} onRetry={() => refresh()} retryLabel={a.retry} />;
    return <Loading label={a.loading} />;
  }
  return (
    <>
      {loadError !== undefined && <ErrorState title={a.failed} message={errorText(loadError, locale)} onRetry={() => refresh()} retryLabel={a.retry} />}
      <RequestDetails request={request} meId={meId} advice={advice} onChanged={(dto) => (dto ? setRequest(dto) : refresh())} />
    </>
  );
}

function RequestDetails(props: {
  readonly request: AdviceRequestDto;
  readonly meId: string;
  readonly advice: AdviceApi;
  readonly onChanged: (dto?: AdviceRequestDto) => void;
}) {
  const { request, meId, advice, onChanged } = props;
  const { t, locale } = useI18n();
  const a = useAdviceTexts();
  const styles = useStyles();
  const statusId = useId();
  const [problem, setProblem] = useState<string | undefined>();
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const isRequester = request.requester.id === meId;
  const isAnswerer = request.acceptedBy?.id === meId;
  const waiting = request.status === 'queued' || request.status === 'ringing';
  const rungNow = waiting && request.attempts.some((r) => r.personId === meId && r.kind === 'ring' && r.declinedAt === null);
  const time = (iso: string) =>
    new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
      new Date(iso),
    );

  const act = (work: () => Promise<unknown>) => {
    setProblem(undefined);
    work().then(
      () => onChanged(),
      (err: unknown) => setProblem(errorText(err, locale)),
    );
  };

  return (
    <div className={styles.column}>
      <Card className={styles.card} aria-labelledby={statusId}>
        <Subtitle1 as="h2" id={statusId} className={styles.heading}>
          {waiting && request.nobodyOnCall ? a.nobodyOnCallStatus : a.statuses[request.status]}
        </Subtitle1>
        <div aria-live="polite">
          {waiting && request.nobodyOnCall && (
            <MessageBar intent="warning">
              <MessageBarBody>{a.nobodyOnCall(specialtyName(t, request.specialty), request.switchboardPhone ?? '')}</MessageBarBody>
            </MessageBar>
          )}
          {request.position !== null && (
            <Body1 as="p" className={styles.text}>
              {isRequester ? a.position(request.position) : a.positionOther(request.position)}
            </Body1>
          )}
          {waiting && (
            <Body1 as="p" className={styles.text}>
              {a.waitedSince(Math.floor((Date.now() - Date.parse(request.createdAt)) / 60_000))}
            </Body1>
          )}
          {waiting && request.onCallNow.length > 0 && (
            <Body1 as="p" className={styles.text}>
              {a.onCallNow(request.onCallNow.map((p) => `${p.name}, ${a.levels[p.level]}`).join('; '))}
            </Body1>
          )}
          {request.estimatedWaitSeconds !== null && (
            <Body1 as="p" className={styles.text}>
              {a.estimate(Math.round(request.estimatedWaitSeconds / 60))}
            </Body1>
          )}
          {request.acceptedBy && (
            <Body1 as="p" className={styles.text}>
              {a.answeredBy(request.acceptedBy.name)}
            </Body1>
          )}
        </div>
        <Caption1 as="p" className={styles.text}>
          {a.autoRefresh}
        </Caption1>
        <dl className={styles.facts}>
          <dt className={styles.term}>{a.specialty}</dt>
          <dd className={styles.detail}>{specialtyName(t, request.specialty)}</dd>
          <dt className={styles.term}>{a.priority}</dt>
          <dd className={styles.detail}>{a.priorities[request.priority]}</dd>
          <dt className={styles.term}>{a.modeShort}</dt>
          <dd className={styles.detail}>{a.modes[request.mode]}</dd>
          <dt className={styles.term}>{a.requester}</dt>
          <dd className={styles.detail}>
            {request.requester.name}
            {request.requester.organization ? `, ${request.requester.organization}` : ''}
          </dd>
        </dl>
        {problem && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>
              {a.actionFailed}: {problem}
            </MessageBarBody>
          </MessageBar>
        )}
        {isRequester && waiting && !confirmWithdraw && (
          <div className={styles.actions}>
            <Button onClick={() => setConfirmWithdraw(true)}>{a.withdraw}</Button>
          </div>
        )}
        {isRequester && waiting && confirmWithdraw && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{a.withdrawConfirm}</MessageBarBody>
            <MessageBarActions>
              <Button appearance="primary" onClick={() => act(() => advice.withdraw(request.id).finally(() => setConfirmWithdraw(false)))}>
                {a.withdrawYes}
              </Button>
              <Button onClick={() => setConfirmWithdraw(false)}>{a.cancel}</Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {rungNow && (
          <div className={styles.actions}>
            <Button appearance="primary" onClick={() => act(() => advice.accept(request.id))}>
              {a.accept}
            </Button>
            <Button onClick={() => act(() => advice.decline(request.id))}>{a.decline}</Button>
          </div>
        )}
        {request.status === 'connected' && (isRequester || isAnswerer) && <Connected request={request} advice={advice} isAnswerer={isAnswerer} />}
      </Card>
      <IsbarCard title={a.yourIsbar} isbar={request.isbar} />
      {request.status === 'connected' && isAnswerer && <AdviceNoteForm request={request} advice={advice} onSaved={(dto) => onChanged(dto)} />}
      {request.status === 'completed' && (request.advice ? <IsbarCard title={a.adviceTitle} isbar={request.advice} /> : <Body1 as="p">{a.noAdvice}</Body1>)}
      <Card className={styles.card}>
        <Subtitle1 as="h2" className={styles.heading}>
          {a.attemptsTitle}
        </Subtitle1>
        {request.attempts.length === 0 ? (
          <Body1 as="p" className={styles.text}>
            {a.noAttempts}
          </Body1>
        ) : (
          <ul className={styles.list} data-testid="advice-attempts">
            {request.attempts.map((r) => (
              <li key={`${r.attempt}-${r.personId}`}>
                {a.attemptRow(r.personName, a.levels[r.level] ?? String(r.level), r.sentAt ? time(r.sentAt) : a.notSentYet)}
                {r.declinedAt ? ` (${a.declined})` : ''}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

type Call =
  | { readonly kind: 'idle' | 'joining' }
  | { readonly kind: 'in_call'; readonly join: AdviceJoinDto }
  | { readonly kind: 'failed'; readonly message: string };

function Connected({ request, advice, isAnswerer }: { readonly request: AdviceRequestDto; readonly advice: AdviceApi; readonly isAnswerer: boolean }) {
  const { locale } = useI18n();
  const a = useAdviceTexts();
  const styles = useStyles();
  const [call, setCall] = useState<Call>({ kind: 'idle' });
  if (request.mode === 'callback') {
    return (
      <Body1 as="p" className={styles.text}>
        {isAnswerer && request.callbackPhone ? a.callbackInfo(request.callbackPhone) : a.callbackWaiting}
      </Body1>
    );
  }
  const join = () => {
    setCall({ kind: 'joining' });
    advice.join(request.id).then(
      (dto) => setCall({ kind: 'in_call', join: dto }),
      (err: unknown) => setCall({ kind: 'failed', message: errorText(err, locale) }),
    );
  };
  return (
    <>
      {isAnswerer && request.callbackPhone && (
        <Body1 as="p" className={styles.text}>
          {a.callbackInfo(request.callbackPhone)}
        </Body1>
      )}
      {call.kind === 'idle' && (
        <div>
          <Button appearance="primary" size="large" onClick={join}>
            {a.join}
          </Button>
        </div>
      )}
      {call.kind === 'joining' && <Spinner size="small" label={a.joining} labelPosition="after" />}
      {call.kind === 'failed' && <ErrorState title={a.joinFailed} message={call.message} onRetry={join} retryLabel={a.retry} />}
      {call.kind === 'in_call' && (
        <Suspense fallback={<Spinner size="small" label={a.joining} labelPosition="after" />}>
          <VideoCall
            canShareScreen
            serverUrl={call.join.serverUrl}
            token={call.join.token}
            audioOnly={call.join.audioOnly}
            texts={CALL_TEXTS[locale]}
            onLeave={() => setCall({ kind: 'idle' })}
            onFailure={(failure) => setCall({ kind: 'failed', message: CALL_TEXTS[locale][failure] })}
          />
        </Suspense>
      )}
    </>
  );
}

function IsbarCard({ title, isbar }: { readonly title: string; readonly isbar: Isbar }) {
  const a = useAdviceTexts();
  const styles = useStyles();
  const headingId = useId();
  return (
    <Card className={styles.card} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {title}
      </Subtitle1>
      <dl className={styles.facts}>
        {ISBAR_FIELDS.filter((f) => isbar[f]).map((f) => (
          <div key={f} style={{ display: 'contents' }}>
            <dt className={styles.term}>{a.isbar[f]}</dt>
            <dd className={styles.detail}>{isbar[f]}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function AdviceNoteForm({
  request,
  advice,
  onSaved,
}: {
  readonly request: AdviceRequestDto;
  readonly advice: AdviceApi;
  readonly onSaved: (dto: AdviceRequestDto) => void;
}) {
  const { locale } = useI18n();
  const a = useAdviceTexts();
  const styles = useStyles();
  const headingId = useId();
  const [note, setNote] = useState(emptyIsbar);
  const [issues, setIssues] = useState<ReadonlyMap<string, string>>(new Map());
  const [state, setState] = useState<{ kind: 'idle' | 'saving' } | { kind: 'failed'; message: string }>({ kind: 'idle' });
  const field = (path: string) => {
    const message = issues.get(path);
    return message ? { validationMessage: message, validationState: 'error' as const } : {};
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setState({ kind: 'saving' });
    advice.complete(request.id, note).then(
      (dto) => onSaved(dto),
      (err: unknown) => {
        const found = new Map<string, string>();
        for (const issue of err instanceof ApiError ? err.issues : []) {
          const key = issue.path === 'advice' ? 'advice.identification' : issue.path;
          if (!found.has(key)) found.set(key, localPart(issue.message, locale));
        }
        setIssues(found);
        setState({ kind: 'failed', message: errorText(err, locale) });
      },
    );
  };
  return (
    <Card className={styles.card}>
      <form className={styles.column} aria-labelledby={headingId} onSubmit={submit} noValidate>
        <Subtitle1 as="h2" id={headingId} className={styles.heading}>
          {a.adviceFormTitle}
        </Subtitle1>
        {ISBAR_FIELDS.map((name) => (
          <Field key={name} label={a.isbar[name]} {...field(`advice.${name}`)}>
            <Textarea
              value={note[name]}
              onChange={(_, d) => setNote((v) => ({ ...v, [name]: d.value }))}
              maxLength={MAX_ISBAR_FIELD_LENGTH}
              resize="vertical"
              rows={2}
            />
          </Field>
        ))}
        {state.kind === 'failed' && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>
              {a.actionFailed}: {state.message}
            </MessageBarBody>
          </MessageBar>
        )}
        <div>
          <Button type="submit" appearance="primary" disabled={state.kind === 'saving'}>
            {a.complete}
          </Button>
        </div>
      </form>
    </Card>
  );
}
