/**
 * In one consultation, for a clinician participant: join the call from the tab (no lobby) and
 * see and admit the guests waiting in the lobby, before and during the call. The call view
 * (livekit-client) is loaded only when someone joins, so the tab shell stays small.
 */
import { Badge, Body1, Button, Caption1, Spinner, Subtitle1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useCallback, useEffect, useId, useRef, useState } from 'react';
import { ALARM_SOUND_URL } from '../amk-alarm';
import type { ConsultationDto } from '../../../server/src/contracts/consultations';
import type { LobbyDto, VideoTokenDto } from '../../../server/src/contracts/joining';
import { type ApiClient, errorText } from '../api/http';
import { CALL_TEXTS } from '../call/call-texts';
import { useI18n } from '../i18n';
import { ErrorState } from './states';
import { CALL_PANEL_TEXTS } from './i18n-call-panel';
import { consultationsApi } from '../api/consultations';

const VideoCall = lazy(() => import('../call/video-call').then((m) => ({ default: m.VideoCall })));

/** How often the lobby is refreshed while the panel is open. */
export const LOBBY_REFRESH_MS = 3_000;

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginBlock: tokens.spacingVerticalL },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  heading: { margin: 0 },
  lobby: { display: 'flex', flexDirection: 'column', alignItems: 'stretch', gap: tokens.spacingVerticalS },
});

type Call =
  | { readonly status: 'idle' }
  | { readonly status: 'joining' }
  | { readonly status: 'in_call'; readonly token: VideoTokenDto }
  | { readonly status: 'failed'; readonly message: string };

export function CallPanel({ consultation, api }: { readonly consultation: ConsultationDto; readonly api: ApiClient }) {
  const { locale } = useI18n();
  const t = CALL_PANEL_TEXTS[locale];
  const styles = useStyles();
  const headingId = useId();
  const [call, setCall] = useState<Call>({ status: 'idle' });

  const join = () => {
    setCall({ status: 'joining' });
    consultationsApi(api)
      .join(consultation.id)
      .then(
        (token) => setCall({ status: 'in_call', token }),
        (err: unknown) => setCall({ status: 'failed', message: errorText(err, locale) }),
      );
  };

  if (consultation.status !== 'scheduled') return null;
  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {t.heading}
      </Subtitle1>
      {call.status === 'idle' && (
        <div>
          <Button appearance="primary" size="large" onClick={join}>
            {t.join}
          </Button>
        </div>
      )}
      {call.status === 'joining' && <Spinner size="small" label={t.joining} labelPosition="after" />}
      {call.status === 'failed' && <ErrorState title={t.joinFailed} message={call.message} onRetry={join} />}
      {call.status === 'in_call' && (
        <Suspense fallback={<Spinner size="small" label={t.joining} labelPosition="after" />}>
          <VideoCall
            canShareScreen
            serverUrl={call.token.serverUrl}
            token={call.token.token}
            audioOnly={false}
            texts={CALL_TEXTS[locale]}
            onLeave={() => setCall({ status: 'idle' })}
            onFailure={(failure) => setCall({ status: 'failed', message: CALL_TEXTS[locale][failure] })}
          />
        </Suspense>
      )}
      <Lobby consultationId={consultation.id} api={api} />
    </section>
  );
}

function Lobby({ consultationId, api }: { readonly consultationId: string; readonly api: ApiClient }) {
  const { locale } = useI18n();
  const t = CALL_PANEL_TEXTS[locale];
  const styles = useStyles();
  const headingId = useId();
  const [lobby, setLobby] = useState<LobbyDto | undefined>();
  const [problem, setProblem] = useState<{ title: string; message: string } | undefined>();

  const refresh = useCallback(() => {
    consultationsApi(api)
      .lobby(consultationId)
      .then(
        (dto) => {
          setLobby(dto);
          setProblem(undefined);
        },
        (err: unknown) => setProblem({ title: t.lobbyFailed, message: errorText(err, locale) }),
      );
  }, [api, consultationId, locale, t.lobbyFailed]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, LOBBY_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  useArrivalChime(lobby);

  const admit = (participantId: string) =>
    consultationsApi(api)
      .admit(consultationId, participantId)
      .then(
        (dto) => setLobby(dto),
        (err: unknown) => setProblem({ title: t.admitFailed, message: errorText(err, locale) }),
      );

  const time = (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo' }).format(new Date(iso))
      : '';

  return (
    <section className={styles.lobby} aria-labelledby={headingId} aria-live="polite">
      <Subtitle2 as="h3" id={headingId} className={styles.heading}>
        {t.lobbyHeading}{' '}
        {lobby && lobby.waiting.length > 0 && (
          <Badge appearance="filled" color="danger" data-testid="lobby-badge">
            {t.waitingCount(lobby.waiting.length)}
          </Badge>
        )}
      </Subtitle2>
      {problem && <ErrorState title={problem.title} message={problem.message} onRetry={refresh} />}
      {lobby && lobby.waiting.length === 0 && <Body1 as="p">{t.lobbyEmpty}</Body1>}
      {lobby && lobby.waiting.length > 0 && (
        <ul className={styles.list} data-testid="lobby-waiting">
          {lobby.waiting.map((guest) => (
            <li key={guest.participantId} className={styles.row}>
              <span>
                <Body1>
                  {guest.name} ({t.role(guest.role)})
                </Body1>{' '}
                <Caption1>{t.waitingSince(time(guest.since))}</Caption1>
              </span>
              <Button appearance="primary" aria-label={t.admitName(guest.name)} onClick={() => void admit(guest.participantId)}>
                {t.admit}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {lobby && lobby.admitted.length > 0 && (
        <Caption1 as="p">
          {t.admitted}: {lobby.admitted.map((g) => `${g.name} (${t.role(g.role)})`).join(', ')}
        </Caption1>
      )}
    </section>
  );
}

/**
 * A short sound when someone new starts waiting. Browsers may block sound until the page has
 * been used (autoplay policy): then only the badge shows, which it always does.
 */
function useArrivalChime(lobby: LobbyDto | undefined): void {
  const seen = useRef<Set<string> | undefined>(undefined);
  useEffect(() => {
    if (!lobby) return;
    const ids = lobby.waiting.map((w) => w.participantId);
    const arrived = seen.current !== undefined && ids.some((id) => !seen.current!.has(id));
    seen.current = new Set(ids);
    if (arrived) {
      // Blocked autoplay rejects; the badge is the signal then.
      new Audio(ALARM_SOUND_URL).play().catch(() => undefined);
    }
  }, [lobby]);
}
