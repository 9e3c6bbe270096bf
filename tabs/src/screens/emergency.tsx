/**
 * Akutt (legevakt): ISBAR, vitals with the live NEWS2 score — and any single parameter scoring 3
 * flagged red as soon as it is typed, before the set is complete — a triage colour → «Ring AMK»;
 * then one call's live status (ringing → answered by whom → connected → ended, and why). AMK
 * operators who open a call from their Teams card see the same page with «Svar»; the operator who
 * answered sees the requester's phone and «Prøv video igjen» while the video server is away.
 * «Avslutt» always asks first.
 */
import {
  Badge,
  Body1,
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Subtitle1,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, Suspense, lazy, useEffect, useState } from 'react';
import { type News2ResponseDto, RED_PARAMETER_SCORE, redParameters, scoreNews2Parameters } from '../../../server/src/contracts/clinical';
import { type EmergencyCallSnapshotDto, type EmergencyJoinDto, type Isbar, TRIAGE_COLOURS, type Triage } from '../../../server/src/contracts/emergency';
import { emergencyApi } from '../api/emergency';
import { ApiError, errorText } from '../api/http';
import { CALL_TEXTS } from '../call/call-texts';
import { RequesterPhone } from '../components/amk-call-card';
import { EmergencyCrew } from '../components/emergency-crew';
import { EmergencyInvite } from '../components/emergency-invite';
import { EmergencyStatus } from '../components/emergency-status';
import { EndCallDialog } from '../components/end-call-dialog';
import { EmptyState, ErrorState, Loading, PageHeading } from '../components/states';
import { VitalsSummary } from '../components/vitals-summary';
import { useI18n } from '../i18n';
import { useEmergencyText } from '../i18n-emergency';
import { AppLink, navigate } from '../router';
import { hrefOf } from '../routes';
import { useEmergencyStream } from '../use-emergency-stream';
import { useResource } from '../use-resource';

// Loaded when a call is joined, so the form stays light.
const VideoCall = lazy(() => import('../call/video-call').then((m) => ({ default: m.VideoCall })));
import type { ScreenProps } from './props';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '48rem' },
  fieldset: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingHorizontalL,
    display: 'grid',
    gap: tokens.spacingVerticalM,
    gridTemplateColumns: 'repeat(auto-fit, minmax(14rem, 1fr))',
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  score: { gridColumn: '1 / -1', margin: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'center' },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '48rem' },
  text: { margin: 0, whiteSpace: 'pre-wrap' },
  isbar: { margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}` },
});

const STATUS_RANK = { ringing: 0, answered: 1, connected: 2, ended: 3 } as const;

function latest(candidates: readonly (EmergencyCallSnapshotDto | undefined)[]): EmergencyCallSnapshotDto | undefined {
  let best: EmergencyCallSnapshotDto | undefined;
  for (const c of candidates) if (c && (!best || STATUS_RANK[c.status] > STATUS_RANK[best.status])) best = c;
  return best;
}

const ISBAR_FIELDS = ['identification', 'situation', 'background', 'assessment', 'recommendation'] as const;
const NUMBER_FIELDS = ['respirationRate', 'spo2', 'systolicBp', 'pulse', 'temperature'] as const;
const LEVELS = ['alert', 'confusion', 'voice', 'pain', 'unresponsive'] as const;

interface VitalsForm {
  respirationRate: string;
  spo2: string;
  systolicBp: string;
  pulse: string;
  temperature: string;
  spo2Scale: '1' | '2';
  onOxygen: boolean;
  consciousness: '' | (typeof LEVELS)[number];
}

const EMPTY_VITALS: VitalsForm = {
  respirationRate: '',
  spo2: '',
  systolicBp: '',
  pulse: '',
  temperature: '',
  spo2Scale: '1',
  onOxygen: false,
  consciousness: '',
};

/** What the server gets: typed numbers, and only fields that were filled in. */
function vitalsBody(v: VitalsForm): Record<string, unknown> {
  const body: Record<string, unknown> = { spo2Scale: Number(v.spo2Scale), onOxygen: v.onOxygen };
  for (const key of NUMBER_FIELDS) if (v[key].trim() !== '') body[key] = Number(v[key].replace(',', '.'));
  if (v.consciousness) body.consciousness = v.consciousness;
  return body;
}

/** How long typing must pause before a value is judged. @defaultValue 300 */
const TYPING_PAUSE_MS = 300;

/** `value` once it has not changed for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const complete = (v: VitalsForm) => NUMBER_FIELDS.every((k) => v[k].trim() !== '') && v.consciousness !== '';

export default function Emergency({ me, api, route }: ScreenProps) {
  const e = useEmergencyText();
  const isRequester = me.roles.includes('legevakt');
  const mayWatch = isRequester || me.roles.includes('amk');
  if (route.name === 'emergency-call' && mayWatch) return <CallView me={me} api={api} id={route.id} />;
  if (route.name !== 'emergency-call' && isRequester) return <NewCall me={me} api={api} />;
  return (
    <>
      <PageHeading>{route.name === 'emergency-call' ? e.akutt.detailTitle : e.akutt.title}</PageHeading>
      <EmptyState title={e.akutt.notForRoleTitle} body={e.akutt.notForRoleBody} />
    </>
  );
}

function NewCall({ api }: Pick<ScreenProps, 'me' | 'api'>) {
  const styles = useStyles();
  const e = useEmergencyText();
  const { locale } = useI18n();
  const [isbar, setIsbar] = useState<Isbar>({});
  const [vitals, setVitals] = useState<VitalsForm>(EMPTY_VITALS);
  const [triage, setTriage] = useState<Triage | ''>('');
  const [news2, setNews2] = useState<News2ResponseDto | { error: string } | undefined>();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();

  // Live NEWS2: scored by the server (one table, one set of limits) once every vital sign is in.
  useEffect(() => {
    if (!complete(vitals)) {
      setNews2(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      emergencyApi(api)
        .news2(vitalsBody(vitals))
        .then(
          (score) => current && setNews2(score),
          (err: unknown) => current && setNews2({ error: errorText(err, locale) }),
        );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, vitals, locale]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setFailure(undefined);
    const filled = Object.fromEntries(Object.entries(isbar).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
    const hasVitals = NUMBER_FIELDS.some((k) => vitals[k].trim() !== '') || vitals.consciousness !== '';
    try {
      const call = await emergencyApi(api).start({
        ...(Object.keys(filled).length > 0 ? { isbar: filled } : {}),
        ...(hasVitals ? { vitals: vitalsBody(vitals) } : {}),
        ...(triage ? { triage } : {}),
      });
      navigate(hrefOf({ name: 'emergency-call', id: call.id }));
    } catch (err) {
      setFailure(errorText(err, locale));
      setSending(false);
    }
  };

  const setNumber = (key: (typeof NUMBER_FIELDS)[number]) => (_: unknown, data: { value: string }) => setVitals((v) => ({ ...v, [key]: data.value }));
  // Each parameter scored as it is typed (the one NEWS2 table, shared with the server): a 3 is red at
  // once — after a short pause, so typing «12» does not flash «1» as red to a screen reader.
  const settled = useSettled(vitals, TYPING_PAUSE_MS);
  const scores = scoreNews2Parameters(vitalsBody(settled));
  const red = redParameters(scores);
  const redHint = (key: keyof typeof scores) =>
    scores[key] === RED_PARAMETER_SCORE ? (
      <Badge appearance="filled" color="danger" shape="rounded" data-red-flag={key}>
        {e.akutt.redHint}
      </Badge>
    ) : undefined;

  return (
    <>
      <PageHeading>{e.akutt.title}</PageHeading>
      <Body1 as="p">{e.akutt.intro}</Body1>
      <form className={styles.form} onSubmit={(ev) => void submit(ev)} noValidate>
        <div className={styles.actions}>
          <Button appearance="primary" size="large" type="submit" disabled={sending}>
            {sending ? e.akutt.ringing : e.akutt.ring}
          </Button>
        </div>
        {failure && <ErrorState title={e.akutt.callFailed} message={failure} />}
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{e.akutt.triageLegend}</legend>
          <RadioGroup layout="horizontal" value={triage} onChange={(_, data) => setTriage(data.value as Triage | '')} aria-label={e.akutt.triageLegend}>
            {TRIAGE_COLOURS.map((colour) => (
              <Radio key={colour} value={colour} label={e.triage[colour]} />
            ))}
            <Radio value="" label={e.akutt.noTriage} />
          </RadioGroup>
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{e.akutt.vitalsLegend}</legend>
          {NUMBER_FIELDS.map((key) => (
            <Field key={key} label={e.akutt.vitals[key]} hint={redHint(key)}>
              <Input type="text" inputMode="decimal" value={vitals[key]} onChange={setNumber(key)} />
            </Field>
          ))}
          <Field label={e.akutt.vitals.consciousness} hint={redHint('consciousness')}>
            <Select value={vitals.consciousness} onChange={(_, data) => setVitals((v) => ({ ...v, consciousness: data.value as VitalsForm['consciousness'] }))}>
              <option value="">–</option>
              {LEVELS.map((level) => (
                <option key={level} value={level}>
                  {e.akutt.consciousness[level]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={e.akutt.vitals.spo2Scale}>
            <Select value={vitals.spo2Scale} onChange={(_, data) => setVitals((v) => ({ ...v, spo2Scale: data.value === '2' ? '2' : '1' }))}>
              <option value="1">{e.akutt.vitals.scale1}</option>
              <option value="2">{e.akutt.vitals.scale2}</option>
            </Select>
          </Field>
          <Checkbox
            label={e.akutt.vitals.onOxygen}
            checked={vitals.onOxygen}
            onChange={(_, data) => setVitals((v) => ({ ...v, onOxygen: data.checked === true }))}
          />
          <Body1 as="p" className={styles.score} aria-live="polite" role="status">
            {news2 === undefined ? e.akutt.news2Waiting : 'error' in news2 ? news2.error : e.akutt.news2Score(news2.total, e.akutt.risk[news2.risk])}
          </Body1>
          <div className={styles.score} role="alert">
            {red.length > 0 && (
              <MessageBar intent="error" data-testid="red-parameters">
                <MessageBarBody>{e.akutt.redSummary(red.map((p) => e.akutt.vitals[p]).join(', '))}</MessageBarBody>
              </MessageBar>
            )}
          </div>
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{e.akutt.isbarLegend}</legend>
          {ISBAR_FIELDS.map((key) => (
            <Field key={key} label={e.akutt.isbar[key]}>
              <Textarea value={isbar[key] ?? ''} maxLength={2000} resize="vertical" onChange={(_, data) => setIsbar((b) => ({ ...b, [key]: data.value }))} />
            </Field>
          ))}
        </fieldset>
      </form>
    </>
  );
}

function CallView({ me, api, id }: Pick<ScreenProps, 'me' | 'api'> & { readonly id: string }) {
  const styles = useStyles();
  const e = useEmergencyText();
  const { locale } = useI18n();
  const [loaded] = useResource(() => emergencyApi(api).get(id), `emergency:${id}`);
  const stream = useEmergencyStream(api, true);
  const [joined, setJoined] = useState<EmergencyJoinDto | undefined>();
  const [actionError, setActionError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const fromStream = stream.byId.get(id);
  const base = loaded.status === 'ready' ? loaded.value : undefined;
  const [answered, setAnswered] = useState<EmergencyCallSnapshotDto | undefined>();
  // Whichever source is furthest along: the stream, the join or accept answer, or the first load.
  const call = latest([fromStream, joined?.call, answered, base]);
  const isRequester = call?.requestedBy.id === me.id;
  const isAmk = me.roles.includes('amk');
  const isAnswerer = call?.answeredBy?.id === me.id;

  const act = async (path: 'accept' | 'join') => {
    setBusy(true);
    setActionError(undefined);
    try {
      const result = await emergencyApi(api)[path](id);
      setAnswered(result.call);
      if (result.video) setJoined({ call: result.call, video: result.video });
    } catch (err) {
      setActionError(path === 'join' && err instanceof ApiError && err.code === 'unavailable' ? e.amk.videoStillDown : errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  // The requester joins as soon as AMK has answered and a video room exists: that connects the call.
  useEffect(() => {
    if (isRequester && call?.status === 'answered' && call.videoReady && !joined && !busy) void act('join');
  }, [isRequester, call?.status, call?.videoReady]);

  if (loaded.status === 'loading') {
    return (
      <>
        <PageHeading>{e.akutt.detailTitle}</PageHeading>
        <Loading />
      </>
    );
  }
  if (loaded.status === 'error' || !call || !base) {
    return (
      <>
        <PageHeading>{e.akutt.detailTitle}</PageHeading>
        <ErrorState title={e.akutt.notFound} message={loaded.status === 'error' ? errorText(loaded.error, locale) : ''} />
        <AppLink to={{ name: 'emergency' }}>{e.akutt.backToList}</AppLink>
      </>
    );
  }
  return (
    <>
      <PageHeading>{e.akutt.detailTitle}</PageHeading>
      <section className={styles.panel} aria-labelledby="emergency-status-title">
        <Subtitle1 as="h2" id="emergency-status-title">
          {e.akutt.statusTitle}
        </Subtitle1>
        <div aria-live="polite" role="status">
          <EmergencyStatus call={call} viewer={isRequester ? 'requester' : 'amk'} meId={me.id} />
          {isRequester && call.status === 'answered' && !call.videoReady && <Body1 as="p">{e.akutt.noVideo}</Body1>}
        </div>
        {actionError && (
          <MessageBar intent="warning" role="alert">
            <MessageBarBody>{actionError}</MessageBarBody>
          </MessageBar>
        )}
        {joined && <Body1 as="p">{isAmk ? e.amk.youAnswered : e.akutt.joined}</Body1>}
        {isAnswerer && call.status !== 'ended' && !call.videoReady && <Body1 as="p">{e.amk.youAnsweredNoVideo}</Body1>}
        {isAnswerer && call.status !== 'ended' && <RequesterPhone call={call} />}
        {joined && call.status !== 'ended' && (
          <Suspense fallback={<Loading />}>
            <VideoCall
              canShareScreen
              serverUrl={joined.video.serverUrl}
              token={joined.video.token}
              audioOnly={false}
              texts={CALL_TEXTS[locale]}
              onLeave={() => setJoined(undefined)}
              onFailure={(failure) => {
                setJoined(undefined);
                setActionError(CALL_TEXTS[locale][failure]);
              }}
            />
          </Suspense>
        )}
        <div className={styles.actions}>
          {isAmk && call.status === 'ringing' && (
            <Button appearance="primary" size="large" disabled={busy} onClick={() => void act('accept')}>
              {busy ? e.amk.answering : e.amk.answer}
            </Button>
          )}
          {(isRequester ? call.videoReady : isAnswerer) && call.status !== 'ringing' && call.status !== 'ended' && !joined && (
            <Button appearance="primary" disabled={busy} onClick={() => void act('join')}>
              {call.videoReady ? e.akutt.joinVideo : e.amk.retryVideo}
            </Button>
          )}
          {(isRequester || isAnswerer) && call.status !== 'ended' && (
            <EndCallDialog
              api={api}
              call={call}
              asOperator={!isRequester}
              label={isRequester && call.status === 'ringing' ? e.akutt.cancel : e.akutt.end}
              onEnded={(ended) => {
                setAnswered(ended);
                setJoined(undefined);
              }}
            />
          )}
          {isRequester && <AppLink to={{ name: 'emergency' }}>{e.akutt.newCall}</AppLink>}
        </div>
        <Subtitle1 as="h2">{e.vitals.title}</Subtitle1>
        <VitalsSummary vitals={call.vitals} vitalScores={call.vitalScores} news2Total={call.news2Total} />
        {isAnswerer && call.status !== 'ended' && <EmergencyInvite api={api} callId={call.id} />}
        {isAnswerer && call.status !== 'ended' && <EmergencyCrew api={api} callId={call.id} />}
        {isRequester && call.status !== 'ringing' && <EmergencyCrew api={api} callId={call.id} canSend={false} />}
        {base.isbar && (
          <>
            <Subtitle1 as="h2">{e.akutt.isbarLegend}</Subtitle1>
            <dl className={styles.isbar}>
              {ISBAR_FIELDS.flatMap((k) =>
                base.isbar?.[k]
                  ? [
                      <dt key={`${k}-t`}>{e.akutt.isbar[k]}</dt>,
                      <dd key={`${k}-d`} className={styles.text}>
                        {base.isbar[k]}
                      </dd>,
                    ]
                  : [],
              )}
            </dl>
          </>
        )}
      </section>
    </>
  );
}
