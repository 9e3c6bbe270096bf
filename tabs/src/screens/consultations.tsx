/**
 * Samtaler: "Mine samtaler" (and the coordinator's calendar view) and one consultation by id.
 * Booking and the consultation view come with the consultation service; until then each
 * state says what will be here and what to do meanwhile.
 */
import { EmptyState, PageHeading } from '../components/states';
import { useI18n } from '../i18n';
import { AppLink } from '../router';
import type { ScreenProps } from './props';

export default function Consultations({ route }: ScreenProps) {
  const { t } = useI18n();
  if (route.name === 'consultation') {
    return (
      <>
        <PageHeading>{t.consultations.detailTitle}</PageHeading>
        <EmptyState title={t.consultations.detailEmptyTitle} body={t.consultations.detailEmptyBody(route.id)} now={t.consultations.detailEmptyNow}>
          <AppLink to={{ name: 'consultations', view: 'mine' }}>{t.consultations.backToList}</AppLink>
        </EmptyState>
      </>
    );
  }
  const calendar = route.name === 'consultations' && route.view === 'calendar';
  return (
    <>
      <PageHeading>{calendar ? t.consultations.calendarTitle : t.consultations.title}</PageHeading>
      <EmptyState
        title={t.consultations.emptyTitle}
        body={calendar ? t.consultations.calendarEmptyBody : t.consultations.emptyBody}
        now={t.consultations.emptyNow}
      />
    </>
  );
}
