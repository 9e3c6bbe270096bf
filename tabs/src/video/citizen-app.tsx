/**
 * The citizen video page: what happens, in plain words; consent before the camera starts; the
 * call; sharing the location (its own consent); photos when video fails. Polls for AMK ending it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CitizenMeDto } from '../../../server/src/contracts/citizen-video';
import type { Locale } from '../../../server/src/contracts/messages';
import { phoneLocale } from '../phone-locale';
import { CameraCall } from './camera-call';
import { citizenApi } from '../api/emergency';
import { ApiError } from '../api/http';
import { VIDEO_TEXTS, type VideoTexts } from './i18n-video';
import { Message, TopBar } from './page-parts';

/** How often the page asks whether AMK ended the session. @defaultValue 5000 */
export const ENDED_POLL_MS = 5_000;

type Phase = 'loading' | 'no_session' | 'intro' | 'call' | 'ended' | 'offline';

export function CitizenApp() {
  const [locale, setLocale] = useState<Locale>(phoneLocale);
  const [phase, setPhase] = useState<Phase>('loading');
  const [trouble, setTrouble] = useState(false);
  const [me, setMe] = useState<CitizenMeDto | undefined>();
  const t = VIDEO_TEXTS[locale];
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t.title;
  }, [locale, t.title]);
  useEffect(() => heading.current?.focus(), [phase]);

  const onError = useCallback((err: unknown) => {
    if (err instanceof ApiError && err.status === 401) setPhase('no_session');
    else if (err instanceof ApiError && err.status === 410) setPhase('ended');
    else setPhase('offline');
  }, []);

  useEffect(() => {
    citizenApi
      .me(locale)
      .then((m) => {
        setMe(m);
        setPhase(m.status === 'ended' ? 'ended' : m.consentedAt ? 'call' : 'intro');
      })
      .catch(onError);
    // Once, on load; the locale only changes texts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (phase !== 'call' && phase !== 'intro') return;
    const timer = setInterval(() => {
      citizenApi.me(locale).then(
        (m) => (m.status === 'ended' ? setPhase('ended') : setMe(m)),
        () => undefined,
      );
    }, ENDED_POLL_MS);
    return () => clearInterval(timer);
  }, [phase, locale]);

  const consent = () => {
    citizenApi.consent(locale).then((m) => {
      setMe(m);
      setPhase('call');
    }, onError);
  };

  const ended = useCallback(() => setPhase('ended'), []);

  return (
    <>
      <TopBar brand="AMK 113" locale={locale} onLocale={setLocale} t={t} />
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
        {phase === 'intro' && (
          <>
            <h1 ref={heading} tabIndex={-1}>
              {t.intro.heading}
            </h1>
            <p>{t.intro.body}</p>
            <p>{t.intro.how}</p>
            <button type="button" className="primary" onClick={consent}>
              {t.intro.consent}
            </button>
          </>
        )}
        {phase === 'call' && (
          <>
            <h1 ref={heading} tabIndex={-1}>
              {t.title}
            </h1>
            <CameraCall t={t} locale={locale} onEnded={ended} onTrouble={setTrouble} />
            <PhotoSender t={t} locale={locale} highlighted={trouble} initialCount={me?.photoCount ?? 0} />
          </>
        )}
        {(phase === 'intro' || phase === 'call') && <LocationShare t={t} locale={locale} />}
      </main>
    </>
  );
}

function LocationShare({ t, locale }: { t: VideoTexts; locale: Locale }) {
  const [state, setState] = useState<{ kind: 'idle' | 'sharing' | 'denied' | 'failed' } | { kind: 'shared'; meters: number }>({ kind: 'idle' });
  const share = () => {
    if (!('geolocation' in navigator)) return setState({ kind: 'failed' });
    setState({ kind: 'sharing' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { latitude, longitude, accuracy } = position.coords;
        citizenApi.location(locale, { latitude, longitude, accuracy }).then(
          () => setState({ kind: 'shared', meters: Math.round(accuracy) }),
          () => setState({ kind: 'failed' }),
        );
      },
      (err) => setState({ kind: err.code === err.PERMISSION_DENIED ? 'denied' : 'failed' }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  };
  return (
    <section className="card" aria-labelledby="location-heading">
      <h2 id="location-heading">{t.location.heading}</h2>
      <p>{t.location.body}</p>
      <button type="button" className="secondary" onClick={share} disabled={state.kind === 'sharing'}>
        {t.location.share}
      </button>
      <p role="status" className="status-line">
        {state.kind === 'sharing' ? t.location.sharing : state.kind === 'shared' ? t.location.shared(state.meters) : ''}
      </p>
      {(state.kind === 'denied' || state.kind === 'failed') && (
        <p role="alert" className="alert">
          {state.kind === 'denied' ? t.location.denied : t.location.failed}
        </p>
      )}
    </section>
  );
}

function PhotoSender({ t, locale, highlighted, initialCount }: { t: VideoTexts; locale: Locale; highlighted: boolean; initialCount: number }) {
  const [state, setState] = useState<{ kind: 'idle' | 'sending' | 'failed' } | { kind: 'sent'; n: number }>(
    initialCount > 0 ? { kind: 'sent', n: initialCount } : { kind: 'idle' },
  );
  const send = (file: File | undefined) => {
    if (!file) return;
    setState({ kind: 'sending' });
    citizenApi.photo(locale, file).then(
      ({ n }) => setState({ kind: 'sent', n }),
      () => setState({ kind: 'failed' }),
    );
  };
  return (
    <section className="card" aria-labelledby="photo-heading">
      <h2 id="photo-heading">{t.photo.heading}</h2>
      <p>{t.photo.body}</p>
      <label className="photo-label" style={highlighted ? { background: '#0b5cad', color: '#ffffff' } : undefined}>
        {t.photo.take}
        <input
          className="visually-hidden"
          type="file"
          accept="image/*"
          capture="environment"
          onChange={(e) => {
            send(e.currentTarget.files?.[0]);
            e.currentTarget.value = '';
          }}
        />
      </label>
      <p role="status" className="status-line">
        {state.kind === 'sending' ? t.photo.sending : state.kind === 'sent' ? t.photo.sent(state.n) : ''}
      </p>
      {state.kind === 'failed' && (
        <p role="alert" className="alert">
          {t.photo.failed}
        </p>
      )}
    </section>
  );
}
