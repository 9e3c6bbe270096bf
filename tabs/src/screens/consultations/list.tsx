/**
 * "Mine samtaler": my upcoming meetings (the next 60 days) — time in Oslo, title, participants —
 * and the booking form opened from the button above the list.
 */
import { Badge, Body1, Button, Caption1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { MeDto } from '../../../../server/src/contracts/api';
import type { ConsultationSummaryDto } from '../../../../server/src/contracts/consultations';
import { consultationsApi } from '../../api/consultations';
import { type ApiClient, errorText } from '../../api/http';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useConsultationTexts } from '../../i18n-consultations';
import { useI18n } from '../../i18n';
import { AppLink, navigate } from '../../router';
import { hrefOf } from '../../routes';
import { useResource } from '../../use-resource';
import { ConsultationForm } from './form';
import { participantsText } from './participants';
import { formatWhen } from './time';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalL },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '60rem' },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export const BOOKING_ROLES = ['coordinator', 'specialist', 'gp'];

export function MineList({ api, me }: { readonly api: ApiClient; readonly me: MeDto }) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = useConsultationTexts();
  const [booking, setBooking] = useState(false);
  const [list, reload] = useResource(() => consultationsApi(api).list({}), 'mine');
  const canBook = me.roles.some((r) => BOOKING_ROLES.includes(r));
  return (
    <>
      <div className={styles.toolbar}>
        {canBook && !booking && (
          <Button appearance="primary" onClick={() => setBooking(true)}>
            {t.list.bookButton}
          </Button>
        )}
        {me.roles.includes('coordinator') && <AppLink to={{ name: 'consultations', view: 'calendar' }}>{t.list.calendarLink}</AppLink>}
      </div>
      {booking && (
        <ConsultationForm
          api={api}
          mode={{ kind: 'book' }}
          bookerId={me.id}
          onCancel={() => setBooking(false)}
          onDone={(c) => navigate(hrefOf({ name: 'consultation', id: c.id }))}
        />
      )}
      <Subtitle2 as="h2">{t.list.heading}</Subtitle2>
      {list.status === 'loading' ? (
        <Loading label={t.list.loading} />
      ) : list.status === 'error' ? (
        <ErrorState title={t.list.failed} message={errorText(list.error, locale)} onRetry={reload} />
      ) : list.value.consultations.length === 0 ? (
        <EmptyState title={t.list.emptyTitle} body={t.list.emptyBody} />
      ) : (
        <ul className={styles.list} aria-label={t.list.heading}>
          {list.value.consultations.map((c) => (
            <ConsultationItem key={c.id} consultation={c} />
          ))}
        </ul>
      )}
    </>
  );
}

export function ConsultationItem({ consultation: c }: { readonly consultation: ConsultationSummaryDto }) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = useConsultationTexts();
  return (
    <li className={styles.item} data-consultation-id={c.id}>
      <Caption1>{formatWhen(c.start, c.end, locale)}</Caption1>
      <div className={styles.titleRow}>
        <AppLink to={{ name: 'consultation', id: c.id }}>{c.title}</AppLink>
        {c.status === 'cancelled' && (
          <Badge appearance="filled" color="danger">
            {t.list.cancelled}
          </Badge>
        )}
      </div>
      <Body1>
        {t.list.participants}: {participantsText(t, c.participants)}
      </Body1>
    </li>
  );
}
