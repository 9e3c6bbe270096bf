/**
 * The guest join page (`/join`): who you are and when, the device check, the lobby, then the
 * call once a clinician lets you in. Norwegian first with an English switch; each step moves
 * focus to its heading so screen readers announce it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GuestMeDto, VideoTokenDto } from '../../../server/src/contracts/joining';
import type { Locale } from '../../../server/src/contracts/messages';
import { phoneLocale } from '../phone-locale';
import { type CallFailure, VideoCall } from '../call/video-call';
import { type DeviceChoice, DeviceCheck } from './device-check';
import { guestApi } from '../api/consultations';
import { ApiError } from '../api/http';
import { JOIN_TEXTS } from './i18n-join';

/** Guests who take part as health personnel (a GP without Teams, say) may share their screen. */
const CLINICIAN_ROLES: ReadonlySet<GuestMeDto['role']> = new Set(['gp', 'specialist', 'municipality', 'coordinator']);

/** Within the hour: «Møtet starter om 12 min»; further off: the date and time. */
function startsText(me: GuestMeDto, locale: Locale, t: (typeof JOIN_TEXTS)[Locale]): string {
  const minutes = Math.ceil((Date.parse(me.start) - Date.now()) / 60_000);
  return minutes <= 60 ? t.lobby.startsIn(minutes) : t.meetingAt(me.startOslo[locale]);
}

/** How often the lobby asks whether the guest was let in. */
export const LOBBY_POLL_MS = 2_000;

type Phase =
  | { readonly kind: 'loading' }
  | { readonly kind: 'check' }
  | { readonly kind: 'lobby' }
  | { readonly kind: 'connecting' }
  | { readonly kind: 'call'; readonly token: VideoTokenDto }
  | { readonly kind: 'failed'; readonly failure: CallFailure | 'error' }
  | { readonly kind: 'left' }
  | { readonly kind: 'leftLobby' }
  | { readonly kind: 'noSession' | 'cancelled' | 'expired' };

export function JoinApp() {
  const [locale, setLocale] = useState<Locale>(phoneLocale);
  const [me, setMe] = useState<GuestMeDto | undefined>();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [choice, setChoice] = useState<DeviceChoice>({ audioOnly: false });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const t = JOIN_TEXTS[locale];

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${t.title} – Samrom`;
  }, [locale, t.title]);

  const fail = useCallback((err: unknown) => {
    if (err instanceof ApiError && err.status === 401) setPhase({ kind: 'noSession' });
    else if (err instanceof ApiError && err.status === 410) setPhase({ kind: 'expired' });
    else setPhase({ kind: 'failed', failure: 'error' });
  }, []);

  useEffect(() => {
    guestApi
      .me(locale)
      .then((dto) => {
        setMe(dto);
        if (dto.status === 'cancelled') setPhase({ kind: 'cancelled' });
        else if (dto.status === 'waiting') setPhase({ kind: 'lobby' });
        else setPhase({ kind: 'check' });
      })
      .catch(fail);
    // Once, on load; the locale only changes texts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (phase.kind !== 'loading') headingRef.current?.focus();
  }, [phase.kind]);

  const connect = useCallback(
    (audioOnly: boolean) => {
      setPhase({ kind: 'connecting' });
      guestApi
        .token(locale, audioOnly)
        .then((token) => setPhase({ kind: 'call', token }))
        .catch((err: unknown) =>
          // No answer at all, or the server could not reach LiveKit to open the room (503).
          err instanceof ApiError && (err.status === 0 || err.status === 503) ? setPhase({ kind: 'failed', failure: 'unreachable' }) : fail(err),
        );
    },
    [locale, fail],
  );

  // The lobby: ask every two seconds until let in.
  useEffect(() => {
    if (phase.kind !== 'lobby') return;
    let active = true;
    const timer = setInterval(() => {
      guestApi
        .status(locale)
        .then(({ status }) => {
          if (!active) return;
          if (status === 'admitted') connect(choice.audioOnly);
          else if (status === 'cancelled') setPhase({ kind: 'cancelled' });
        })
        .catch((err: unknown) => {
          // A dropped poll is retried on the next tick; only a lost session ends the wait.
          if (active && err instanceof ApiError && (err.status === 401 || err.status === 410)) fail(err);
        });
    }, LOBBY_POLL_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [phase.kind, locale, choice.audioOnly, connect, fail]);

  const ready = (next: DeviceChoice) => {
    setChoice(next);
    guestApi
      .enterLobby(locale)
      .then(({ status }) => (status === 'admitted' ? connect(next.audioOnly) : setPhase({ kind: 'lobby' })))
      .catch(fail);
  };

  const heading = (text: string) => (
    <h1 ref={headingRef} tabIndex={-1}>
      {text}
    </h1>
  );

  const who = me && (
    <p className="who">
      {t.youJoinAs(t.roles[me.role])} {t.meetingAt(me.startOslo[locale])}
    </p>
  );
  let body: React.ReactNode;
  switch (phase.kind) {
    case 'loading':
      body = <p role="status">{t.loading}</p>;
      break;
    case 'check':
      body = (
        <>
          {heading(me ? t.hello(me.firstName) : t.title)}
          {who}
          <DeviceCheck texts={t} onReady={ready} />
        </>
      );
      break;
    case 'lobby':
      body = (
        <>
          {heading(t.lobby.heading)}
          <div className="waiting" role="status" aria-live="polite">
            <span className="spinner" aria-hidden="true" />
            <p>{t.lobby.waitingSince}</p>
          </div>
          {me && <p className="who">{startsText(me, locale, t)}</p>}
          <p>{t.lobby.body}</p>
          <button type="button" className="secondary" onClick={() => setPhase({ kind: 'leftLobby' })}>
            {t.lobby.leave}
          </button>
        </>
      );
      break;
    case 'leftLobby':
      body = (
        <>
          {heading(t.lobby.leftHeading)}
          <button type="button" className="primary" onClick={() => ready(choice)}>
            {t.lobby.back}
          </button>
        </>
      );
      break;
    case 'connecting':
      body = (
        <>
          {heading(t.title)}
          <p role="status">{t.call.connecting}</p>
        </>
      );
      break;
    case 'call':
      body = (
        <>
          {heading(t.title)}
          <VideoCall
            serverUrl={phase.token.serverUrl}
            token={phase.token.token}
            audioOnly={choice.audioOnly}
            canShareScreen={me !== undefined && CLINICIAN_ROLES.has(me.role)}
            devices={choice}
            texts={t.call}
            onLeave={() => setPhase({ kind: 'left' })}
            onFailure={(failure) => setPhase({ kind: 'failed', failure })}
          />
        </>
      );
      break;
    case 'failed': {
      const text = phase.failure === 'error' ? t.errorGeneric : t.call[phase.failure];
      body = (
        <>
          {heading(t.title)}
          <div className="notice" role="alert">
            <p>{text}</p>
          </div>
          <button type="button" className="primary" onClick={() => connect(choice.audioOnly)}>
            {t.call.retry}
          </button>
          {!choice.audioOnly && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setChoice({ ...choice, audioOnly: true });
                connect(true);
              }}
            >
              {t.call.switchToAudio}
            </button>
          )}
        </>
      );
      break;
    }
    case 'left':
      body = (
        <>
          {heading(t.call.left)}
          <button type="button" className="primary" onClick={() => connect(choice.audioOnly)}>
            {t.call.rejoin}
          </button>
        </>
      );
      break;
    case 'noSession':
    case 'cancelled':
    case 'expired':
      body = (
        <>
          {heading(t[phase.kind].heading)}
          <p>{t[phase.kind].body}</p>
        </>
      );
      break;
    default:
      body = phase satisfies never;
  }

  return (
    <>
      <header className="top">
        <span className="brand">Samrom</span>
        <button type="button" className="link" lang={t.switchLanguageLang} onClick={() => setLocale(locale === 'nb' ? 'en' : 'nb')}>
          {t.switchLanguage}
        </button>
      </header>
      <main>
        {body}
        {phase.kind !== 'check' && phase.kind !== 'noSession' && who}
      </main>
    </>
  );
}
