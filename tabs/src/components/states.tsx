/**
 * The building blocks every screen uses: a page heading, loading, error and empty states.
 * Each says what is happening and what the user can do about it.
 */
import {
  Body1,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle1,
  Subtitle2,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { type ReactNode, createContext, useContext, useId } from 'react';
import { useI18n } from '../i18n';

const useStyles = makeStyles({
  // The screen's container spaces its children; the heading adds nothing of its own.
  heading: { margin: 0 },
  loading: { padding: `${tokens.spacingVerticalXXL} 0`, display: 'flex', justifyContent: 'flex-start' },
  empty: {
    maxWidth: '44rem',
    padding: tokens.spacingHorizontalXL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  emptyTitle: { margin: 0 },
  text: { margin: 0 },
  now: {
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`,
    paddingLeft: tokens.spacingHorizontalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  nowTitle: { margin: 0 },
});

/** A notice the shell wants under the current screen's heading (e.g. "not for your role"). */
export const ScreenNoticeContext = createContext<ReactNode>(null);

export function PageHeading({ children }: { readonly children: ReactNode }) {
  const notice = useContext(ScreenNoticeContext);
  return (
    <>
      <Title2 as="h1" className={useStyles().heading}>
        {children}
      </Title2>
      {notice}
    </>
  );
}

export function Loading({ label }: { readonly label?: string }) {
  const { t } = useI18n();
  return (
    <div className={useStyles().loading}>
      <Spinner size="small" label={label ?? t.loading} labelPosition="after" />
    </div>
  );
}

export function ErrorState(props: { readonly title: string; readonly message: string; readonly onRetry?: () => void; readonly retryLabel?: string }) {
  const { t } = useI18n();
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{props.title}</MessageBarTitle> {props.message}
      </MessageBarBody>
      {props.onRetry && (
        <MessageBarActions>
          <Button appearance="primary" onClick={props.onRetry}>
            {props.retryLabel ?? t.retry}
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

export interface EmptyStateProps {
  readonly title: string;
  /** What will be here. */
  readonly body: string;
  /** What to do now, until it is. */
  readonly now?: string;
  readonly children?: ReactNode;
}

export function EmptyState({ title, body, now, children }: EmptyStateProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const titleId = useId();
  return (
    <section className={styles.empty} aria-labelledby={titleId}>
      <Subtitle1 as="h2" id={titleId} className={styles.emptyTitle}>
        {title}
      </Subtitle1>
      <Body1 as="p" className={styles.text}>
        {body}
      </Body1>
      {now && (
        <div className={styles.now}>
          <Subtitle2 as="h3" className={styles.nowTitle}>
            {t.whatYouCanDoNow}
          </Subtitle2>
          <Body1 as="p" className={styles.text}>
            {now}
          </Body1>
        </div>
      )}
      {children}
    </section>
  );
}
