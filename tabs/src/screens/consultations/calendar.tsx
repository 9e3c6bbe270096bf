/**
 * The coordinators' calendar: every meeting (`scope=all`) one week or one day at a time,
 * grouped by Oslo calendar day. Others see their own meetings the same way.
 */
import { Body1, Button, Caption1, Subtitle2, ToggleButton, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { MeDto } from '../../../../server/src/contracts/api';
import type { ConsultationSummaryDto } from '../../../../server/src/contracts/consultations';
import { consultationsApi } from '../../api/consultations';
import { type ApiClient, errorText } from '../../api/http';
import { ErrorState, Loading } from '../../components/states';
import { useConsultationTexts } from '../../i18n-consultations';
import { useI18n } from '../../i18n';
import { AppLink } from '../../router';
import { useResource } from '../../use-resource';
import { participantsText } from './participants';
import { addOsloDays, dayLabel, hhmm, isoWeek, startOfOsloDay, startOfOsloWeek, toOsloLocal } from './time';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  spans: { display: 'flex', gap: tokens.spacingHorizontalXS },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalS },
  day: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    minHeight: '8rem',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  meeting: {
    display: 'flex',
    flexDirection: 'column',
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`,
    paddingLeft: tokens.spacingHorizontalS,
  },
  cancelled: { borderLeftColor: tokens.colorNeutralStroke1, textDecorationLine: 'line-through' },
});

type Span = 'week' | 'day';

export function CalendarView({ api, me }: { readonly api: ApiClient; readonly me: MeDto }) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = useConsultationTexts();
  const coordinator = me.roles.includes('coordinator');
  const [span, setSpan] = useState<Span>('week');
  const [anchor, setAnchor] = useState(() => new Date());
  const from = span === 'week' ? startOfOsloWeek(anchor) : startOfOsloDay(anchor);
  const days = span === 'week' ? 7 : 1;
  const to = addOsloDays(from, days);
  const [list, reload] = useResource(
    () => consultationsApi(api).list({ from: from.toISOString(), to: to.toISOString(), scope: coordinator ? 'all' : 'mine' }),
    `${from.toISOString()}:${days}:${coordinator}`,
  );
  const dayStarts = Array.from({ length: days }, (_, i) => addOsloDays(from, i));
  const { week, year } = isoWeek(from);
  const heading = span === 'week' ? t.calendar.weekOf(week, year) : dayLabel(from, locale);
  return (
    <>
      {!coordinator && <Body1>{t.calendar.coordinatorsOnly}</Body1>}
      <div className={styles.toolbar}>
        {/* Toggle buttons, not a TabList: its arrow-key mover adds focusable aria-hidden sentinels axe flags. */}
        <div role="group" aria-label={t.calendar.view} className={styles.spans}>
          <ToggleButton checked={span === 'week'} onClick={() => setSpan('week')}>
            {t.calendar.week}
          </ToggleButton>
          <ToggleButton checked={span === 'day'} onClick={() => setSpan('day')}>
            {t.calendar.day}
          </ToggleButton>
        </div>
        <Button onClick={() => setAnchor(addOsloDays(from, -days))}>{t.calendar.previous}</Button>
        <Button onClick={() => setAnchor(new Date())}>{t.calendar.today}</Button>
        <Button onClick={() => setAnchor(addOsloDays(from, days))}>{t.calendar.next}</Button>
        <AppLink to={{ name: 'consultations', view: 'mine' }}>{t.list.listLink}</AppLink>
      </div>
      <Subtitle2 as="h2" aria-live="polite">
        {heading}
      </Subtitle2>
      {list.status === 'loading' ? (
        <Loading />
      ) : list.status === 'error' ? (
        <ErrorState title={t.list.failed} message={errorText(list.error, locale)} onRetry={reload} />
      ) : (
        <div className={styles.grid}>
          {dayStarts.map((day) => (
            <Day key={day.toISOString()} day={day} meetings={onDay(list.value.consultations, day)} />
          ))}
        </div>
      )}
    </>
  );
}

function onDay(meetings: readonly ConsultationSummaryDto[], day: Date): ConsultationSummaryDto[] {
  const key = toOsloLocal(day);
  return meetings.filter((m) => {
    const local = toOsloLocal(new Date(m.start));
    return local.year === key.year && local.month === key.month && local.day === key.day;
  });
}

function Day({ day, meetings }: { readonly day: Date; readonly meetings: readonly ConsultationSummaryDto[] }) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = useConsultationTexts();
  const label = dayLabel(day, locale);
  return (
    <section className={styles.day} aria-label={label}>
      <Subtitle2 as="h3">{label}</Subtitle2>
      {meetings.length === 0 ? (
        <Caption1>{t.calendar.none}</Caption1>
      ) : (
        <ul className={styles.list}>
          {meetings.map((m) => (
            <li key={m.id} className={m.status === 'cancelled' ? `${styles.meeting} ${styles.cancelled}` : styles.meeting} data-consultation-id={m.id}>
              <Caption1>
                {hhmm(new Date(m.start))}–{hhmm(new Date(m.end))}
                {m.status === 'cancelled' ? ` · ${t.list.cancelled}` : ''}
              </Caption1>
              <AppLink to={{ name: 'consultation', id: m.id }}>{m.title}</AppLink>
              <Caption1>{participantsText(t, m.participants)}</Caption1>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
