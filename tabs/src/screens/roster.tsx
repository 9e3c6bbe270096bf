/**
 * Vaktplan: who is on call, backup and senior backup in each specialty.
 */
import { EmptyState, PageHeading } from '../components/states';
import { useI18n } from '../i18n';

export default function Roster() {
  const { t } = useI18n();
  return (
    <>
      <PageHeading>{t.roster.title}</PageHeading>
      <EmptyState title={t.roster.emptyTitle} body={t.roster.emptyBody} now={t.roster.emptyNow} />
    </>
  );
}
