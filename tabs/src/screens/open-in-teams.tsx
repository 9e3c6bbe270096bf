/**
 * Production outside Teams: there is no sign-in here, so say where Samrom is used, and tell
 * guests that their personal link is the way in.
 */
import { Body1, Button, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { type DeepLinkTarget, teamsAppLink, teamsDeepLink } from '../../../server/src/shared/deep-links';
import { StandalonePage } from '../components/standalone';
import { useI18n } from '../i18n';
import type { Route } from '../routes';

const useStyles = makeStyles({
  text: { margin: 0 },
  guests: {
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  heading: { margin: 0 },
});

function targetOf(route: Route): DeepLinkTarget | undefined {
  switch (route.name) {
    case 'consultation':
      return { kind: 'consultation', id: route.id };
    case 'emergency-call':
      return { kind: 'emergency-call', id: route.id };
    case 'advice-request':
      return { kind: 'advice-request', id: route.id };
    default:
      return undefined;
  }
}

export default function OpenInTeams({ appId, route }: { readonly appId: string | undefined; readonly route: Route }) {
  const styles = useStyles();
  const { t } = useI18n();
  const target = targetOf(route);
  const href = appId ? (target ? teamsDeepLink({ teamsAppId: appId, publicBaseUrl: window.location.origin, target }) : teamsAppLink(appId)) : undefined;
  return (
    <StandalonePage title={t.openInTeams.title}>
      <Body1 as="p" className={styles.text}>
        {t.openInTeams.body}
      </Body1>
      {href ? (
        <div>
          <Button as="a" appearance="primary" href={href} data-testid="open-in-teams-link">
            {t.openInTeams.link}
          </Button>
        </div>
      ) : (
        <Body1 as="p" className={styles.text}>
          {t.openInTeams.noLink}
        </Body1>
      )}
      <section className={styles.guests} aria-labelledby="guests-title">
        <Subtitle2 as="h2" id="guests-title" className={styles.heading}>
          {t.openInTeams.guestsTitle}
        </Subtitle2>
        <Body1 as="p" className={styles.text}>
          {t.openInTeams.guestsBody}
        </Body1>
      </section>
    </StandalonePage>
  );
}
