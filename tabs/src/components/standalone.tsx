/**
 * The frame for pages shown before anyone is signed in: sign-in, "open in Teams", the tab
 * configuration page and start-up errors.
 */
import { Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  main: {
    maxWidth: '48rem',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXL}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    ':focus': { outline: 'none' },
  },
  titleRow: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  heading: { margin: 0 },
});

export function StandalonePage({ title, badge, children }: { readonly title: string; readonly badge?: ReactNode; readonly children: ReactNode }) {
  const styles = useStyles();
  return (
    <main id="main" tabIndex={-1} className={styles.main} data-testid="standalone-page">
      <div className={styles.titleRow}>
        <Title2 as="h1" className={styles.heading}>
          {title}
        </Title2>
        {badge}
      </div>
      {children}
    </main>
  );
}
