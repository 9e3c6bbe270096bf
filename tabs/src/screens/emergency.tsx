/**
 * Akutt (legevakt): start emergency video with AMK, and one emergency call by id.
 */
import { EmptyState, PageHeading } from '../components/states';
import { useI18n } from '../i18n';
import { AppLink } from '../router';
import type { ScreenProps } from './props';

export default function Emergency({ route }: ScreenProps) {
  const { t } = useI18n();
  if (route.name === 'emergency-call') {
    return (
      <>
        <PageHeading>{t.emergency.detailTitle}</PageHeading>
        <EmptyState title={t.emergency.detailTitle} body={t.emergency.detailBody(route.id)} now={t.emergency.emptyNow}>
          <AppLink to={{ name: 'emergency' }}>{t.emergency.backToList}</AppLink>
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeading>{t.emergency.title}</PageHeading>
      <EmptyState title={t.emergency.emptyTitle} body={t.emergency.emptyBody} now={t.emergency.emptyNow} />
    </>
  );
}
