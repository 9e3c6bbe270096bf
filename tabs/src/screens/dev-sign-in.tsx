/**
 * Development sign-in: pick one of the seeded (invented) people. The server offers it only
 * outside production; the token lives in this browser tab's sessionStorage.
 */
import { Badge, Body1, Button, Caption1, MessageBar, MessageBarBody, SearchBox, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useDeferredValue, useMemo, useState } from 'react';
import type { DevPersonDto } from '../../../server/src/contracts/api';
import { type ApiClient, errorText } from '../api/http';
import { type DevSignInResponse, sessionApi } from '../api/session';
import { StandalonePage } from '../components/standalone';
import { ErrorState, Loading } from '../components/states';
import { type Messages, type Role, specialtyName, useI18n } from '../i18n';
import { useResource } from '../use-resource';

/** Group order: the people most often signed in as first. */
const ROLE_ORDER: readonly Role[] = ['coordinator', 'specialist', 'gp', 'legevakt', 'amk', 'municipality', 'admin'];

const useStyles = makeStyles({
  text: { margin: 0 },
  search: { width: '100%', maxWidth: '28rem' },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  groupTitle: { margin: `${tokens.spacingVerticalM} 0 0` },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(18rem, 1fr))',
    gap: tokens.spacingHorizontalS,
  },
  person: { width: '100%', justifyContent: 'flex-start', textAlign: 'start', padding: tokens.spacingHorizontalM, height: '100%' },
  personText: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
});

function describe(t: Messages, p: DevPersonDto): string {
  return [p.organization, p.specialty ? specialtyName(t, p.specialty) : undefined].filter(Boolean).join(' · ');
}

function searchText(t: Messages, p: DevPersonDto): string {
  const roles = p.roles.map((r) => (r in t.roles ? t.roles[r as Role] : r));
  return [p.name, describe(t, p), ...roles].join(' ').toLocaleLowerCase('nb');
}

export interface DevSignInProps {
  readonly api: ApiClient;
  /** Shown above the list, e.g. that the session expired. */
  readonly notice?: string;
  onSignedIn(result: DevSignInResponse): void;
}

export default function DevSignIn({ api, notice, onSignedIn }: DevSignInProps) {
  const styles = useStyles();
  const { t, locale } = useI18n();
  const [people, reload] = useResource(() => sessionApi(api).devPeople(), 'dev-people');
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [signingIn, setSigningIn] = useState<string>();
  const [failure, setFailure] = useState<string>();

  const groups = useMemo(() => {
    if (people.status !== 'ready') return [];
    const words = deferredQuery.toLocaleLowerCase('nb').split(/\s+/).filter(Boolean);
    const found = people.value.people.filter((p) => {
      const text = searchText(t, p);
      return words.every((w) => text.includes(w));
    });
    return ROLE_ORDER.map((role) => ({
      role,
      people: found.filter((p) => p.roles.includes(role)).sort((a, b) => a.name.localeCompare(b.name, 'nb')),
    })).filter((g) => g.people.length > 0);
  }, [people, deferredQuery, t]);

  const signIn = (person: DevPersonDto) => {
    setSigningIn(person.id);
    setFailure(undefined);
    sessionApi(api)
      .devSignIn(person.id)
      .then(onSignedIn, (err: unknown) => {
        setSigningIn(undefined);
        setFailure(errorText(err, locale));
      });
  };

  return (
    <StandalonePage
      title={t.signIn.title}
      badge={
        <Badge appearance="tint" color="warning" size="large">
          {t.signIn.devBadge}
        </Badge>
      }
    >
      <Body1 as="p" className={styles.text}>
        {t.signIn.intro}
      </Body1>
      {notice && (
        <MessageBar intent="warning">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {failure && <ErrorState title={t.signIn.failed} message={failure} />}
      {people.status === 'loading' ? (
        <Loading label={t.signIn.loadingPeople} />
      ) : people.status === 'error' ? (
        <ErrorState title={t.signIn.peopleFailed} message={errorText(people.error, locale)} onRetry={reload} />
      ) : (
        <>
          <SearchBox
            className={styles.search}
            aria-label={t.signIn.search}
            placeholder={t.signIn.search}
            value={query}
            onChange={(_e, data) => setQuery(data.value)}
          />
          {groups.length === 0 && (
            <Body1 as="p" className={styles.text} role="status">
              {t.signIn.noMatch(deferredQuery)}
            </Body1>
          )}
          {groups.map((group) => (
            <section key={group.role} className={styles.group} aria-labelledby={`group-${group.role}`}>
              <Subtitle2 as="h2" id={`group-${group.role}`} className={styles.groupTitle}>
                {t.roleGroups[group.role]}
              </Subtitle2>
              <ul className={styles.list}>
                {group.people.map((p) => (
                  <li key={p.id}>
                    <Button
                      className={styles.person}
                      appearance="secondary"
                      disabled={signingIn !== undefined}
                      aria-label={t.signIn.signInAs(p.name, p.organization)}
                      data-person-id={p.id}
                      onClick={() => signIn(p)}
                    >
                      <span className={styles.personText}>
                        <Body1>{signingIn === p.id ? t.signIn.signingIn : p.name}</Body1>
                        <Caption1>{describe(t, p)}</Caption1>
                      </span>
                    </Button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </StandalonePage>
  );
}
