/**
 * The AMK console's citizen video panel: enter the caller's mobile number → «Send videolenke»;
 * then the session's status (link sent, consent, video, ended), the caller's location and
 * photos, and «Se video», «Send lenken på nytt», «Legg til lege», «Avslutt». A doctor AMK added
 * opens it from the Teams card (`?citizenVideo=<id>`) and can watch. The call view is loaded only
 * when someone watches, so the tab shell stays small.
 */
import {
  Body1,
  Button,
  Card,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Subtitle1,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Suspense, lazy, useCallback, useEffect, useId, useState } from 'react';
import type { CitizenVideoDto, CitizenVideoTokenDto, InvitableDoctorDto } from '../../../server/src/contracts/citizen-video';
import { citizenVideoApi } from '../api/emergency';
import { type ApiClient, errorText } from '../api/http';
import { CALL_TEXTS } from '../call/call-texts';
import { useI18n } from '../i18n';
import { clockTime } from '../i18n-emergency';
import { CitizenVideoList } from './citizen-video-list';
import { CITIZEN_VIDEO_TEXTS } from './i18n-citizen-video';

const VideoCall = lazy(() => import('../call/video-call').then((m) => ({ default: m.VideoCall })));

/** How often an open session is refreshed. @defaultValue 3000 */
export const CITIZEN_REFRESH_MS = 3_000;

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginBlock: tokens.spacingVerticalL, maxWidth: '64rem' },
  heading: { margin: 0 },
  row: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  photos: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', listStyle: 'none', margin: 0, padding: 0 },
  photo: { maxWidth: '14rem', maxHeight: '14rem', borderRadius: tokens.borderRadiusMedium },
});

export function CitizenVideoPanel({ api, isAmk, meId }: { readonly api: ApiClient; readonly isAmk: boolean; readonly meId: string }) {
  const { locale } = useI18n();
  const t = CITIZEN_VIDEO_TEXTS[locale];
  const styles = useStyles();
  const headingId = useId();
  const [sessionId, setSessionId] = useState<string | undefined>(() => new URLSearchParams(window.location.search).get('citizenVideo') ?? undefined);
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();

  const send = () => {
    setBusy(true);
    setProblem(undefined);
    citizenVideoApi(api)
      .send(phone)
      .then(
        (created) => {
          setSessionId(created.id);
          setPhone('');
        },
        (err: unknown) => setProblem(errorText(err, locale)),
      )
      .finally(() => setBusy(false));
  };

  if (!isAmk && !sessionId) return null;
  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {t.heading}
      </Subtitle1>
      {sessionId ? (
        <Session key={sessionId} id={sessionId} api={api} isAmk={isAmk} onNew={() => setSessionId(undefined)} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <Body1>{t.intro}</Body1>
          <div className={styles.row}>
            <Field label={t.phone} hint={t.phoneHint} validationMessage={problem} validationState={problem ? 'error' : 'none'}>
              <Input type="tel" inputMode="tel" autoComplete="off" value={phone} onChange={(_e, d) => setPhone(d.value)} />
            </Field>
            <Button appearance="primary" type="submit" disabled={busy || phone.trim() === ''}>
              {busy ? t.sending : t.send}
            </Button>
          </div>
        </form>
      )}
      {isAmk && <CitizenVideoList api={api} meId={meId} openId={sessionId} onOpen={setSessionId} />}
    </section>
  );
}

function Session({ id, api, isAmk, onNew }: { readonly id: string; readonly api: ApiClient; readonly isAmk: boolean; readonly onNew: () => void }) {
  const { locale } = useI18n();
  const t = CITIZEN_VIDEO_TEXTS[locale];
  const styles = useStyles();
  const [session, setSession] = useState<CitizenVideoDto | undefined>();
  const [message, setMessage] = useState<{ intent: 'success' | 'warning'; text: string } | undefined>();
  const [video, setVideo] = useState<CitizenVideoTokenDto | undefined>();

  const refresh = useCallback(() => {
    citizenVideoApi(api)
      .get(id)
      .then(setSession, (err: unknown) => setMessage({ intent: 'warning', text: errorText(err, locale) }));
  }, [api, id, locale]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, CITIZEN_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = (action: Promise<unknown>, done?: string) =>
    action.then(
      () => {
        setMessage(done ? { intent: 'success', text: done } : undefined);
        refresh();
      },
      (err: unknown) => setMessage({ intent: 'warning', text: errorText(err, locale) }),
    );

  const watch = () => {
    citizenVideoApi(api)
      .join(id)
      .then(setVideo, (err: unknown) => setMessage({ intent: 'warning', text: errorText(err, locale) }));
  };

  if (!session) return <Spinner size="small" />;
  const ended = session.status === 'ended';
  return (
    <Card>
      <dl className={styles.facts}>
        <dt>{t.status}</dt>
        <dd data-testid="citizen-status">{t.statuses[session.status]}</dd>
        {!ended && session.status !== 'video' && (
          <>
            <dt />
            <dd>{t.linkValidUntil(clockTime(session.expiresAt, locale))}</dd>
          </>
        )}
      </dl>
      <Subtitle2 as="h3">{t.location}</Subtitle2>
      {session.location ? (
        <dl className={styles.facts}>
          <dt>{t.latitude}</dt>
          <dd>{session.location.latitude.toFixed(5)}</dd>
          <dt>{t.longitude}</dt>
          <dd>{session.location.longitude.toFixed(5)}</dd>
          <dt>{t.accuracy}</dt>
          <dd>{t.meters(session.location.accuracy)}</dd>
          <dt />
          <dd>
            <Link
              href={`https://www.openstreetmap.org/?mlat=${session.location.latitude}&mlon=${session.location.longitude}#map=17/${session.location.latitude}/${session.location.longitude}`}
              target="_blank"
              rel="noreferrer noopener"
            >
              {t.map}
            </Link>
          </dd>
        </dl>
      ) : (
        <Body1>{t.noLocation}</Body1>
      )}
      {session.photos.length > 0 && (
        <>
          <Subtitle2 as="h3">{t.photos}</Subtitle2>
          <ul className={styles.photos}>
            {session.photos.map((p) => (
              <li key={p.n}>
                <Photo api={api} id={id} n={p.n} alt={t.photoAlt(p.n)} className={styles.photo} />
              </li>
            ))}
          </ul>
        </>
      )}
      {session.invited.length > 0 && (
        <Body1>
          {t.invited}: {session.invited.map((p) => p.name).join(', ')}
        </Body1>
      )}
      <div role="status">
        {message && (
          <MessageBar intent={message.intent}>
            <MessageBarBody>{message.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {video && (
        <Suspense fallback={<Spinner size="small" />}>
          <VideoCall
            canShareScreen
            serverUrl={video.serverUrl}
            token={video.token}
            audioOnly={false}
            texts={CALL_TEXTS[locale]}
            onLeave={() => setVideo(undefined)}
            onFailure={(failure) => {
              setVideo(undefined);
              setMessage({ intent: 'warning', text: CALL_TEXTS[locale][failure] });
            }}
          />
        </Suspense>
      )}
      <div className={styles.row}>
        {!ended && !video && (
          <Button appearance="primary" onClick={watch}>
            {t.watch}
          </Button>
        )}
        {isAmk && !ended && <Button onClick={() => void act(citizenVideoApi(api).resend(id), t.resent)}>{t.resend}</Button>}
        {isAmk && !ended && (
          <Button appearance="secondary" onClick={() => void act(citizenVideoApi(api).end(id)).then(() => setVideo(undefined))}>
            {t.end}
          </Button>
        )}
        {isAmk && ended && <Button onClick={onNew}>{t.newSession}</Button>}
      </div>
      {isAmk && !ended && <AddDoctor api={api} onAdd={(personId) => act(citizenVideoApi(api).invite(id, personId))} />}
    </Card>
  );
}

function AddDoctor({ api, onAdd }: { readonly api: ApiClient; readonly onAdd: (personId: string) => Promise<unknown> }) {
  const { locale } = useI18n();
  const t = CITIZEN_VIDEO_TEXTS[locale];
  const styles = useStyles();
  const [people, setPeople] = useState<InvitableDoctorDto[]>([]);
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    citizenVideoApi(api)
      .doctors()
      .then(
        ({ people: all }) => setPeople(all),
        () => setPeople([]),
      );
  }, [api]);
  return (
    <div className={styles.row}>
      <Field label={t.addDoctor}>
        <Select value={chosen} onChange={(_e, d) => setChosen(d.value)}>
          <option value="">{t.choose}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} – {p.organization}
            </option>
          ))}
        </Select>
      </Field>
      <Button disabled={chosen === ''} onClick={() => void onAdd(chosen).then(() => setChosen(''))}>
        {t.add}
      </Button>
    </div>
  );
}

/** Photos need the bearer token: fetched as a blob and shown as a data URL (the page's CSP allows `data:` images). */
function Photo({
  api,
  id,
  n,
  alt,
  className,
}: {
  readonly api: ApiClient;
  readonly id: string;
  readonly n: number;
  readonly alt: string;
  readonly className: string;
}) {
  const [src, setSrc] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    void (async () => {
      const { blob } = await citizenVideoApi(api).photo(id, n);
      const reader = new FileReader();
      reader.onload = () => live && setSrc(String(reader.result));
      reader.readAsDataURL(blob);
    })().catch(() => undefined); // the next refresh shows the photo again
    return () => {
      live = false;
    };
  }, [api, id, n]);
  return src ? <img src={src} alt={alt} className={className} /> : <Spinner size="tiny" />;
}
