/**
 * AMK-konsoll: incoming emergency video from legevakt, and video links to 113 callers.
 */
import { EmptyState, PageHeading } from '../components/states';
import { useI18n } from '../i18n';

export default function Amk() {
  const { t } = useI18n();
  return (
    <>
      <PageHeading>{t.amk.title}</PageHeading>
      <EmptyState title={t.amk.emptyTitle} body={t.amk.emptyBody} now={t.amk.emptyNow} />
    </>
  );
}
