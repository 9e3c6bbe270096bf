/**
 * Admin: the directory (`GET /api/admin/directory`), searchable. Only administrators may read
 * it, so for anyone else the screen does not ask (the shell explains who it is for).
 */
import { Badge, Body1, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { useDeferredValue, useId, useMemo, useState } from 'react';
import type { PersonDto } from '../../../server/src/contracts/api';
import { errorText } from '../api/http';
import { sessionApi } from '../api/session';
import { EmptyState, ErrorState, Loading, PageHeading } from '../components/states';
import { type Messages, type Role, specialtyName, useI18n } from '../i18n';
import { useResource } from '../use-resource';
import type { ScreenProps } from './props';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalL },
  search: { width: '24rem', maxWidth: '100%' },
  tableWrap: { overflowX: 'auto', backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusLarge },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, padding: `${tokens.spacingVerticalXS} 0` },
});

const roleLabel = (t: Messages, role: string) => (role in t.roles ? t.roles[role as Role] : role);

function matches(t: Messages, person: PersonDto, query: string): boolean {
  const haystack = [person.name, person.organization, person.specialty ? specialtyName(t, person.specialty) : '', ...person.roles.map((r) => roleLabel(t, r))]
    .join(' ')
    .toLocaleLowerCase('nb');
  return query
    .toLocaleLowerCase('nb')
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

export default function Admin({ me, api }: ScreenProps) {
  const { t, locale } = useI18n();
  const isAdmin = me.roles.includes('admin');
  const [directory, reload] = useResource(isAdmin ? () => sessionApi(api).directory() : undefined, `directory:${isAdmin}`);
  return (
    <>
      <PageHeading>{t.admin.title}</PageHeading>
      {!isAdmin ? (
        <EmptyState title={t.admin.adminsOnlyTitle} body={t.admin.adminsOnlyBody} now={t.admin.adminsOnlyNow} />
      ) : directory.status === 'loading' ? (
        <Loading label={t.admin.loading} />
      ) : directory.status === 'error' ? (
        <ErrorState title={t.admin.failed} message={errorText(directory.error, locale)} onRetry={reload} />
      ) : directory.value.people.length === 0 ? (
        <EmptyState title={t.admin.emptyTitle} body={t.admin.emptyBody} />
      ) : (
        <PeopleTable people={directory.value.people} />
      )}
    </>
  );
}

function PeopleTable({ people }: { readonly people: readonly PersonDto[] }) {
  const styles = useStyles();
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const countId = useId();
  const shown = useMemo(
    () => people.filter((p) => matches(t, p, deferredQuery)).sort((a, b) => a.name.localeCompare(b.name, 'nb')),
    [people, deferredQuery, t],
  );
  return (
    <>
      <div className={styles.toolbar}>
        <SearchBox
          className={styles.search}
          aria-label={t.admin.search}
          placeholder={t.admin.search}
          value={query}
          onChange={(_e, data) => setQuery(data.value)}
        />
        <Body1 id={countId} aria-live="polite">
          {t.admin.count(shown.length, people.length)}
        </Body1>
      </div>
      {shown.length === 0 ? (
        <Body1 as="p">{t.admin.noMatch(deferredQuery)}</Body1>
      ) : (
        <div className={styles.tableWrap}>
          <Table size="small" aria-describedby={countId}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.admin.name}</TableHeaderCell>
                <TableHeaderCell>{t.admin.roles}</TableHeaderCell>
                <TableHeaderCell>{t.admin.organization}</TableHeaderCell>
                <TableHeaderCell>{t.admin.specialty}</TableHeaderCell>
                <TableHeaderCell>{t.admin.teams}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>{p.name}</TableCell>
                  <TableCell>
                    <div className={styles.badges}>
                      {p.roles.map((r) => (
                        <Badge key={r} appearance="tint" color="informative">
                          {roleLabel(t, r)}
                        </Badge>
                      ))}
                    </div>
                  </TableCell>
                  <TableCell>{p.organization}</TableCell>
                  <TableCell>{p.specialty ? specialtyName(t, p.specialty) : ''}</TableCell>
                  <TableCell>{p.aadObjectId ? t.admin.linked : t.admin.notLinked}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}
