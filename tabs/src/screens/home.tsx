/**
 * Hjem: who you are, your roles, and where each part of Samrom is, yours first.
 */
import { Badge, Body1, Caption1, Subtitle2, Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { MeDto } from '../../../server/src/contracts/api';
import { type Role, type Section, useI18n } from '../i18n';
import { AppLink } from '../router';
import { SECTIONS, SECTION_ROUTES, isSectionFor } from '../routes';
import { SECTION_ICONS } from '../section-icons';

const useStyles = makeStyles({
  intro: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  roles: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, listStyle: 'none', margin: 0, padding: 0, alignItems: 'center' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  sectionTitle: { margin: `${tokens.spacingVerticalS} 0 0` },
  grid: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(16rem, 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  card: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    height: '100%',
    boxSizing: 'border-box',
  },
  cardIcon: { fontSize: '28px', flexShrink: 0, color: tokens.colorBrandForeground1 },
  cardText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  cardLink: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  others: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
});

export function Home({ me }: { readonly me: MeDto }) {
  const styles = useStyles();
  const { t } = useI18n();
  const destinations = SECTIONS.filter((s) => s !== 'home');
  const mine = destinations.filter((s) => isSectionFor(s, me.roles));
  const others = destinations.filter((s) => !isSectionFor(s, me.roles));
  return (
    <>
      <div className={styles.intro}>
        <Title2 as="h1" className={styles.heading}>
          {t.home.greeting(me.name)}
        </Title2>
        {me.organization && (
          <Body1 as="p" className={styles.muted}>
            {me.organization}
          </Body1>
        )}
        <ul className={styles.roles} aria-label={t.home.yourRoles}>
          {me.roles.map((role) => (
            <li key={role}>
              <Badge appearance="tint" color="brand" size="large">
                {role in t.roles ? t.roles[role as Role] : role}
              </Badge>
            </li>
          ))}
        </ul>
      </div>

      {mine.length > 0 && (
        <section className={styles.section} aria-labelledby="home-mine">
          <Subtitle2 as="h2" id="home-mine" className={styles.sectionTitle}>
            {t.home.yourSections}
          </Subtitle2>
          <ul className={styles.grid}>
            {mine.map((s) => (
              <li key={s}>
                <SectionCard section={s} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {others.length > 0 && (
        <section className={styles.section} aria-labelledby="home-others">
          <Subtitle2 as="h2" id="home-others" className={styles.sectionTitle}>
            {t.home.otherSections}
          </Subtitle2>
          <Body1 as="p" className={styles.muted}>
            {t.home.otherSectionsIntro}
          </Body1>
          <ul className={styles.others}>
            {others.map((s) => (
              <li key={s}>
                <AppLink to={SECTION_ROUTES[s]}>{t.sections[s].name}</AppLink> <Caption1>({t.sections[s].audience})</Caption1>
              </li>
            ))}
          </ul>
        </section>
      )}

      <Body1 as="p" className={styles.muted}>
        {t.home.botHint}
      </Body1>
    </>
  );
}

function SectionCard({ section }: { readonly section: Section }) {
  const styles = useStyles();
  const { t } = useI18n();
  const Icon = SECTION_ICONS[section];
  return (
    <div className={styles.card}>
      <Icon className={styles.cardIcon} aria-hidden="true" />
      <div className={styles.cardText}>
        <AppLink to={SECTION_ROUTES[section]} className={styles.cardLink}>
          {t.sections[section].name}
        </AppLink>
        <Body1>{t.sections[section].description}</Body1>
      </div>
    </div>
  );
}
