/**
 * Samtaler: "Mine samtaler" with booking, the coordinator's calendar (week or day), and one
 * consultation by id (see screens/consultations/).
 */
import { PageHeading } from '../components/states';
import { useI18n } from '../i18n';
import { CalendarView } from './consultations/calendar';
import { ConsultationDetail } from './consultations/detail';
import { MineList } from './consultations/list';
import type { ScreenProps } from './props';

export default function Consultations({ route, api, me }: ScreenProps) {
  const { t } = useI18n();
  if (route.name === 'consultation') {
    return (
      <>
        <PageHeading>{t.consultations.detailTitle}</PageHeading>
        <ConsultationDetail key={route.id} api={api} me={me} id={route.id} />
      </>
    );
  }
  const calendar = route.name === 'consultations' && route.view === 'calendar';
  return (
    <>
      <PageHeading>{calendar ? t.consultations.calendarTitle : t.consultations.title}</PageHeading>
      {calendar ? <CalendarView api={api} me={me} /> : <MineList api={api} me={me} />}
    </>
  );
}
