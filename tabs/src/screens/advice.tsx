/**
 * Konfereringskø: the advice-line queue, optionally for one specialty (`?fag=`, as a
 * configured channel tab opens it), and one advice request by id.
 */
import { EmptyState, PageHeading } from '../components/states';
import { specialtyName, useI18n } from '../i18n';
import { AppLink } from '../router';
import type { ScreenProps } from './props';

export default function Advice({ route }: ScreenProps) {
  const { t } = useI18n();
  if (route.name === 'advice-request') {
    return (
      <>
        <PageHeading>{t.advice.detailTitle}</PageHeading>
        <EmptyState title={t.advice.detailTitle} body={t.advice.detailBody(route.id)} now={t.advice.emptyNow}>
          <AppLink to={{ name: 'advice', specialty: undefined }}>{t.advice.backToList}</AppLink>
        </EmptyState>
      </>
    );
  }
  const specialty = route.name === 'advice' ? route.specialty : undefined;
  return (
    <>
      <PageHeading>{specialty ? t.advice.titleFor(specialtyName(t, specialty)) : t.advice.title}</PageHeading>
      <EmptyState title={t.advice.emptyTitle} body={t.advice.emptyBody} now={t.advice.emptyNow} />
    </>
  );
}
