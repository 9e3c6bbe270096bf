/**
 * The ambulance crew's page: what happens, one button to join the emergency call's room with
 * camera and microphone (the same call view as the guest page), and a plain page when the call
 * ends or the link was not opened. Polls for the call ending.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { VideoTokenDto } from '../../../server/src/contracts/emergency';
import type { Locale } from '../../../server/src/contracts/messages';
import { crewApi } from '../api/emergency';
import { ApiError } from '../api/http';
import { phoneLocale } from '../phone-locale';
import { CALL_TEXTS } from '../call/call-texts';
import { type CallFailure, VideoCall } from '../call/video-call';
import { CREW_TEXTS } from './i18n-crew';
import { Message, TopBar } from './page-parts';

/** How often the page asks whether the call ended. @defaultValue 5000 */
export const CREW_POLL_MS = 5_000;

type Phase = 'loading' | 'no_session' | 'intro' | 'joining' | 'call' | 'left' | 'failed' | 'ended' | 'offline';

export function CrewApp() {
  const [locale, setLocale] = useState<Locale>(phoneLocale);
  const [phase, setPhase] = useState<Phase>('loading');
  const [failure, setFailure] = useState<CallFailure>('unreachable');
  const [video, setVideo] = useState<VideoTokenDto | undefined>();
  const t = CREW_TEXTS[locale];
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t.title;
  }, [locale, t.title]);
  useEffect(() => {
    if (phase !== 'call') heading.current?.focus();
  }, [phase]);

  const onError = useCallback((err: unknown) => {
    if (err instanceof ApiError && err.status === 401) setPhase('no_session');
    else if (err instanceof ApiError && err.status === 410) setPhase('ended');
    else setPhase('offline');
  }, []);

  useEffect(() => {
    crewApi.me(locale).then((m) => setPhase(m.callStatus === 'ended' ? 'ended' : 'intro'), onError);
    // Once, on load; the locale only changes texts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (phase === 'loading' || phase === 'no_session' || phase === 'ended' || phase === 'offline') return;
    const timer = setInterval(() => {
      crewApi.me(locale).then(
        (m) => {
          if (m.callStatus === 'ended') setPhase('ended');
        },
        () => undefined,
      );
    }, CREW_POLL_MS);
    return () => clearInterval(timer);
  }, [phase, locale]);

  const join = () => {
    setPhase('joining');
    crewApi.token(locale).then((token) => {
      setVideo(token);
      setPhase('call');
    }, onError);
  };

  const onLeave = useCallback(() => setPhase('left'), []);
  const onFailure = useCallback((f: CallFailure) => {
    setFailure(f);
    setPhase('failed');
  }, []);

  return (
    <>
      <TopBar brand="AMK" locale={locale} onLocale={setLocale} t={t} />
      <main>
        {phase === 'loading' && <p role="status">{t.loading}</p>}
        {phase === 'no_session' && <Message t={t.noSession} headingRef={heading} />}
        {phase === 'ended' && <Message t={t.ended} headingRef={heading} />}
        {phase === 'offline' && (
          <>
            <h1 ref={heading} tabIndex={-1}>
              {t.title}
            </h1>
            <p role="alert">{t.offline}</p>
          </>
        )}
        {(phase === 'intro' || phase === 'joining') && (
          <>
            <h1 ref={heading} tabIndex={-1}>
              {t.intro.heading}
            </h1>
            <p>{t.intro.body}</p>
            <button type="button" className="primary" onClick={join} disabled={phase === 'joining'}>
              {t.intro.join}
            </button>
            <p role="status" className="status-line">
              {phase === 'joining' ? t.joining : ''}
            </p>
          </>
        )}
        {phase === 'call' && video && (
          <>
            <h1>{t.title}</h1>
            <VideoCall serverUrl={video.serverUrl} token={video.token} audioOnly={false} texts={CALL_TEXTS[locale]} onLeave={onLeave} onFailure={onFailure} />
          </>
        )}
        {phase === 'left' && (
          <>
            <h1 ref={heading} tabIndex={-1}>
              {t.left.heading}
            </h1>
            <p>{t.left.body}</p>
            <button type="button" className="primary" onClick={join}>
              {t.left.rejoin}
            </button>
          </>
        )}
        {phase === 'failed' && (
          <>
            <h1 ref={heading} tabIndex={-1}>
              {t.title}
            </h1>
            <p role="alert" className="alert">
              {failure === 'unreachable' ? t.failed.unreachable : t.failed.disconnected}
            </p>
            <button type="button" className="primary" onClick={join}>
              {t.failed.retry}
            </button>
          </>
        )}
      </main>
    </>
  );
}
