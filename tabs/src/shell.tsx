/**
 * The signed-in frame around every screen: who is signed in, the navigation (only the screens
 * the user's roles are for), and the current screen, loaded on demand.
 */
import { Body1Strong, Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { type ComponentType, Suspense, lazy, useEffect, useRef } from 'react';
import type { MeDto } from '../../server/src/contracts/api';
import type { ApiClient } from './api/http';
import { ScreenErrorBoundary } from './components/error-boundary';
import { Loading, ScreenNoticeContext } from './components/states';
import { type Section, rolesText, useI18n } from './i18n';
import { routeClick } from './router';
import { type Route, SECTIONS, SECTION_ROUTES, hrefOf, isSectionFor, sectionOf } from './routes';
import { Home } from './screens/home';
import { NotFound } from './screens/not-found';
import type { ScreenProps } from './screens/props';
import { SECTION_ICONS } from './section-icons';

/** Marked when the signed-in shell first paints; the browser tests read it. */
export const SHELL_VISIBLE_MARK = 'samrom:shell-visible';

const screens: Readonly<Record<Exclude<Section, 'home'>, ComponentType<ScreenProps>>> = {
  consultations: lazy(() => import('./screens/consultations')),
  emergency: lazy(() => import('./screens/emergency')),
  amk: lazy(() => import('./screens/amk')),
  advice: lazy(() => import('./screens/advice')),
  roster: lazy(() => import('./screens/roster')),
  admin: lazy(() => import('./screens/admin')),
};

const useStyles = makeStyles({
  page: { minHeight: '100vh', display: 'flex', flexDirection: 'column' },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { left: tokens.spacingHorizontalM, top: tokens.spacingVerticalS, zIndex: 1, padding: tokens.spacingHorizontalS },
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForeground1,
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  brand: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
  user: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  who: { display: 'flex', flexDirection: 'column', textAlign: 'end' },
  nav: { backgroundColor: tokens.colorNeutralBackground1, padding: `0 ${tokens.spacingHorizontalL}` },
  navList: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  navLink: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalSNudge,
    padding: `${tokens.spacingVerticalMNudge} ${tokens.spacingHorizontalM}`,
    color: tokens.colorNeutralForeground2,
    textDecoration: 'none',
    fontSize: tokens.fontSizeBase300,
    borderBottom: `${tokens.strokeWidthThicker} solid transparent`,
    ':hover': { color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorSubtleBackgroundHover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  navLinkCurrent: {
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
    borderBottomColor: tokens.colorCompoundBrandStroke,
  },
  icon: { fontSize: '20px' },
  main: {
    flexGrow: 1,
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXL}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    ':focus': { outline: 'none' },
  },
});

export interface ShellProps {
  readonly me: MeDto;
  readonly api: ApiClient;
  readonly route: Route;
  /** Development sign-in only; Teams signs people in and out itself. */
  readonly onSignOut?: () => void;
}

export function Shell({ me, api, route, onSignOut }: ShellProps) {
  const styles = useStyles();
  const { t, locale } = useI18n();
  const mainRef = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);
  const section = sectionOf(route);
  // One meeting, call or request is open to whoever the server lets in (an AMK operator who
  // answered an akutt call, an invited specialist), whatever the section's usual audience.
  const oneItem = route.name === 'consultation' || route.name === 'emergency-call' || route.name === 'advice-request';
  const notForYou = section !== undefined && !oneItem && !isSectionFor(section, me.roles);

  useEffect(() => {
    performance.mark(SHELL_VISIBLE_MARK);
  }, []);
  const href = hrefOf(route);
  useEffect(() => {
    document.title = section ? `${t.sections[section].name} – ${t.appName}` : t.appName;
    // Moving focus tells screen-reader users the screen changed; not on the first load.
    if (firstRoute.current) firstRoute.current = false;
    else mainRef.current?.focus();
  }, [href, section, t]);

  const Screen = section && section !== 'home' ? screens[section] : undefined;
  return (
    <div className={styles.page} data-testid="shell">
      <a className={styles.skip} href="#main">
        {t.skipToContent}
      </a>
      <header className={styles.header}>
        <span className={styles.brand}>{t.appName}</span>
        <div className={styles.user}>
          <div className={styles.who}>
            <Body1Strong>{me.name}</Body1Strong>
            <Caption1>{[me.organization, rolesText(t, locale, me.roles)].filter(Boolean).join(' · ')}</Caption1>
          </div>
          {onSignOut && (
            <Button appearance="secondary" onClick={onSignOut}>
              {t.signOut}
            </Button>
          )}
        </div>
      </header>
      <nav className={styles.nav} aria-label={t.mainNav}>
        <ul className={styles.navList}>
          {SECTIONS.filter((s) => isSectionFor(s, me.roles) || s === section).map((s) => {
            const Icon = SECTION_ICONS[s];
            const to = hrefOf(SECTION_ROUTES[s]);
            return (
              <li key={s}>
                <a
                  href={to}
                  onClick={routeClick(to)}
                  aria-current={s === section ? 'page' : undefined}
                  className={mergeClasses(styles.navLink, s === section && styles.navLinkCurrent)}
                >
                  <Icon className={styles.icon} aria-hidden="true" />
                  {t.sections[s].name}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1} className={styles.main}>
        <ScreenNoticeContext.Provider
          value={
            notForYou && (
              <MessageBar intent="info" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t.notForYou.title}</MessageBarTitle> {t.notForYou.body(t.sections[section].audience, rolesText(t, locale, me.roles))}
                </MessageBarBody>
              </MessageBar>
            )
          }
        >
          <ScreenErrorBoundary key={href} title={t.errors.title} message={t.errors.screenFailed} reloadLabel={t.errors.reload}>
            <Suspense fallback={<Loading />}>
              {Screen ? <Screen me={me} api={api} route={route} /> : section === 'home' ? <Home me={me} /> : <NotFound path={href} />}
            </Suspense>
          </ScreenErrorBoundary>
        </ScreenNoticeContext.Provider>
      </main>
    </div>
  );
}
