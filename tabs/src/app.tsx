/**
 * Start-up and sign-in. Inside Teams the user is signed in by SSO and the Teams theme and
 * locale apply; in a browser the development sign-in (or, in production, a page that says to
 * open Samrom in Teams). Then the shell.
 */
import { FluentProvider, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import type { MeDto } from '../../server/src/contracts/api';
import { type ApiClient, createApiClient, errorText } from './api/http';
import { type DevSignInResponse, sessionApi } from './api/session';
import { StandalonePage } from './components/standalone';
import { ErrorState, Loading } from './components/states';
import { CATALOGUES, I18nContext, type Locale, chooseLocale, useI18n } from './i18n';
import { navigate, useRoute } from './router';
import { type Route, startRedirect } from './routes';
import { type ClientConfig, clearDevToken, loadClientConfig, readDevToken, storeDevToken } from './session';
import { Shell } from './shell';
import { type TeamsHost, connectTeams } from './teams';
import { THEMES, type ThemeName, browserTheme, onSystemThemeChange, themeFromTeams } from './theme';
import { useResource } from './use-resource';

const DevSignIn = lazy(() => import('./screens/dev-sign-in'));
const OpenInTeams = lazy(() => import('./screens/open-in-teams'));
const TabConfig = lazy(() => import('./screens/tab-config'));

type Boot =
  | { readonly phase: 'starting' }
  | { readonly phase: 'failed'; readonly error: unknown }
  | { readonly phase: 'ready'; readonly config: ClientConfig; readonly host: TeamsHost | undefined };

const LANG_KEY = 'samrom.lang';

/** `?lang=` lasts for the browser tab's session, like `?theme=`. */
function langParam(): string | null {
  const param = new URLSearchParams(window.location.search).get('lang');
  if (param === 'nb' || param === 'en') sessionStorage.setItem(LANG_KEY, param);
  return param ?? sessionStorage.getItem(LANG_KEY);
}

// The page is a shade darker than the cards and bars on it (Teams' own layering).
const useStyles = makeStyles({ provider: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 } });

export function App() {
  const styles = useStyles();
  const [boot, setBoot] = useState<Boot>({ phase: 'starting' });
  const [themeName, setThemeName] = useState<ThemeName>(() => browserTheme());
  const [locale, setLocale] = useState<Locale>(() => chooseLocale({ param: langParam(), browserLanguages: navigator.languages }));

  useEffect(() => {
    let stopWatchingSystem: (() => void) | undefined;
    Promise.all([loadClientConfig(), connectTeams()]).then(
      ([config, host]) => {
        if (host) {
          setThemeName(themeFromTeams(host.context.theme));
          host.onThemeChange((theme) => setThemeName(themeFromTeams(theme)));
          setLocale(chooseLocale({ param: langParam(), hostLocale: host.context.locale }));
        } else {
          stopWatchingSystem = onSystemThemeChange(() => setThemeName(browserTheme()));
        }
        const redirect = startRedirect(window.location, host?.context.subPageId);
        if (redirect) navigate(redirect, { replace: true });
        setBoot({ phase: 'ready', config, host });
      },
      (error: unknown) => {
        console.error('Samrom: could not start', error);
        setBoot({ phase: 'failed', error });
      },
    );
    return () => stopWatchingSystem?.();
  }, []);

  const theme = THEMES[themeName];
  useEffect(() => {
    document.body.style.backgroundColor = theme.colorNeutralBackground2;
    document.body.style.color = theme.colorNeutralForeground1;
    document.documentElement.style.colorScheme = themeName === 'dark' ? 'dark' : 'light';
  }, [theme, themeName]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const i18n = useMemo(() => ({ locale, t: CATALOGUES[locale] }), [locale]);
  return (
    <FluentProvider theme={theme} className={styles.provider} data-theme={themeName}>
      <I18nContext.Provider value={i18n}>
        <Suspense fallback={<Loading />}>
          <Content boot={boot} />
        </Suspense>
      </I18nContext.Provider>
    </FluentProvider>
  );
}

function Content({ boot }: { readonly boot: Boot }) {
  const { t, locale } = useI18n();
  const route = useRoute();
  switch (boot.phase) {
    case 'starting':
      return <Loading />;
    case 'failed':
      return (
        <StandalonePage title={t.appName}>
          <ErrorState title={t.errors.title} message={errorText(boot.error, locale)} retryLabel={t.errors.reload} onRetry={() => window.location.reload()} />
        </StandalonePage>
      );
    case 'ready':
      if (route.name === 'config') return <TabConfig host={boot.host} />;
      return <Session config={boot.config} host={boot.host} route={route} />;
    default:
      return boot satisfies never;
  }
}

function Session({ config, host, route }: { readonly config: ClientConfig; readonly host: TeamsHost | undefined; readonly route: Route }) {
  const { t, locale } = useI18n();
  const [devToken, setDevToken] = useState(() => (host ? undefined : readDevToken()));
  const [notice, setNotice] = useState<string>();

  const signOut = useCallback(
    (expired: boolean) => {
      clearDevToken();
      setDevToken(undefined);
      setNotice(expired ? t.signIn.sessionExpired : undefined);
    },
    [t],
  );
  const api = useMemo(
    () =>
      createApiClient({
        locale,
        getToken: host ? () => host.getAuthToken() : async () => readDevToken(),
        // Teams re-issues SSO tokens itself; a 401 there is shown as an error instead.
        onUnauthenticated: host ? undefined : () => signOut(true),
      }),
    [host, locale, signOut],
  );
  const onSignedIn = useCallback((result: DevSignInResponse) => {
    storeDevToken({ token: result.token, expiresAt: result.expiresAt });
    setNotice(undefined);
    setDevToken(result.token);
  }, []);

  if (!host && !config.devSignIn) return <OpenInTeams appId={config.appId} route={route} />;
  if (!host && !devToken) return <DevSignIn api={api} notice={notice} onSignedIn={onSignedIn} />;
  return <SignedIn key={devToken ?? 'teams'} api={api} host={host} route={route} onSignOut={host ? undefined : () => signOut(false)} />;
}

function SignedIn(props: { readonly api: ApiClient; readonly host: TeamsHost | undefined; readonly route: Route; readonly onSignOut?: () => void }) {
  const { t, locale } = useI18n();
  const [me, reload] = useResource<MeDto>(() => sessionApi(props.api).me(), 'me');
  useEffect(() => {
    if (me.status !== 'loading') props.host?.notifyLoaded();
  }, [me.status, props.host]);

  if (me.status === 'loading') return <Loading />;
  if (me.status === 'error') {
    return (
      <StandalonePage title={props.host ? t.teams.signInFailedTitle : t.appName}>
        <ErrorState
          title={t.errors.title}
          message={props.host ? `${errorText(me.error, locale)} ${t.teams.signInFailedBody}` : errorText(me.error, locale)}
          onRetry={reload}
        />
      </StandalonePage>
    );
  }
  return <Shell me={me.value} api={props.api} route={props.route} onSignOut={props.onSignOut} />;
}
