/**
 * One consultation: time, participants, reminders; change and cancel (with a confirmation);
 * and the call and after-meeting panels, which their own services fill in.
 */
import { Badge, Body1, Button, Caption1, MessageBar, MessageBarBody, Subtitle1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { MeDto } from '../../../../server/src/contracts/api';
import type { ConsultationDto } from '../../../../server/src/contracts/consultations';
import { consultationsApi } from '../../api/consultations';
import { type ApiClient, ApiError, errorText } from '../../api/http';
import { AfterMeeting } from '../../components/after-meeting';
import { CallPanel } from '../../components/call-panel';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useConsultationTexts } from '../../i18n-consultations';
import { deliveriesText } from './participants';
import { useI18n } from '../../i18n';
import { AppLink } from '../../router';
import { useResource } from '../../use-resource';
import { ConsultationForm } from './form';
import { BOOKING_ROLES } from './list';
import { formatWhen } from './time';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const useStyles = makeStyles({
  delivery: { display: 'block', color: tokens.colorNeutralForeground2 },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '48rem',
    padding: tokens.spacingHorizontalXL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold },
  detail: { margin: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  confirmTitle: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  confirm: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteRedBorder2}`,
  },
});

export function ConsultationDetail({ api, me, id }: { readonly api: ApiClient; readonly me: MeDto; readonly id: string }) {
  const { t: shell, locale } = useI18n();
  const t = useConsultationTexts();
  const valid = UUID.test(id);
  const [resource, reload] = useResource(valid ? () => consultationsApi(api).get(id) : undefined, `consultation:${id}`);
  const [notice, setNotice] = useState<string>();
  const notFound = !valid || (resource.status === 'error' && resource.error instanceof ApiError && resource.error.status === 404);
  if (notFound) {
    return (
      <EmptyState title={t.detail.notFoundTitle} body={t.detail.notFoundBody(id)}>
        <AppLink to={{ name: 'consultations', view: 'mine' }}>{shell.consultations.backToList}</AppLink>
      </EmptyState>
    );
  }
  if (resource.status === 'loading') return <Loading label={t.detail.loading} />;
  if (resource.status === 'error') return <ErrorState title={shell.errors.title} message={errorText(resource.error, locale)} onRetry={reload} />;
  return (
    <Details
      api={api}
      me={me}
      consultation={resource.value}
      notice={notice}
      onChanged={(text) => {
        setNotice(text);
        reload();
      }}
    />
  );
}

function Details(props: {
  readonly api: ApiClient;
  readonly me: MeDto;
  readonly consultation: ConsultationDto;
  readonly notice: string | undefined;
  readonly onChanged: (notice: string) => void;
}) {
  const styles = useStyles();
  const { t: shell, locale } = useI18n();
  const t = useConsultationTexts();
  const c = props.consultation;
  const consultations = useMemo(() => consultationsApi(props.api), [props.api]);
  const [editing, setEditing] = useState(false);
  const [cancelError, setCancelError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const names = new Map(c.participants.map((p) => [p.id, `${p.name} (${t.roles[p.role]})`]));
  const mayChange = c.status === 'scheduled' && props.me.roles.some((r) => BOOKING_ROLES.includes(r));

  async function cancel() {
    setCancelError(undefined);
    try {
      await consultations.cancel(c.id);
      props.onChanged(t.detail.cancelledNotice);
    } catch (err) {
      setCancelError(errorText(err, locale));
    }
  }

  return (
    <>
      {props.notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{props.notice}</MessageBarBody>
        </MessageBar>
      )}
      {cancelError && <ErrorState title={t.detail.cancelFailed} message={cancelError} />}
      <section className={styles.card} aria-labelledby="consultation-title">
        <div className={styles.titleRow}>
          <Subtitle1 as="h2" id="consultation-title">
            {c.title}
          </Subtitle1>
          <Badge appearance="filled" color={c.status === 'cancelled' ? 'danger' : 'success'}>
            {c.status === 'cancelled' ? t.detail.cancelled : t.detail.scheduled}
          </Badge>
        </div>
        <dl className={styles.facts}>
          <dt className={styles.term}>{t.detail.when}</dt>
          <dd className={styles.detail}>{formatWhen(c.start, c.end, locale)}</dd>
          <dt className={styles.term}>{t.detail.duration}</dt>
          <dd className={styles.detail}>{t.form.minutes(c.durationMinutes)}</dd>
          <dt className={styles.term}>{t.detail.patient}</dt>
          <dd className={styles.detail}>{c.patient.name}</dd>
        </dl>
        <Subtitle2 as="h3">{t.detail.participants}</Subtitle2>
        <ul className={styles.list} aria-label={t.detail.participants}>
          {c.participants.map((p) => (
            <li key={p.id}>
              {names.get(p.id)}
              {p.consentedByPatient ? `, ${t.detail.consented}` : ''}
              {p.deliveries.length > 0 && <Caption1 className={styles.delivery}>{deliveriesText(t, p.deliveries)}</Caption1>}
            </li>
          ))}
        </ul>
        <Subtitle2 as="h3">{t.detail.reminders}</Subtitle2>
        {c.reminders.length === 0 ? (
          <Body1>{t.detail.noReminders}</Body1>
        ) : (
          <ul className={styles.list} aria-label={t.detail.reminders}>
            {c.reminders.map((r) => (
              <li key={`${r.participantId}:${r.at}`}>
                {formatWhen(r.at, r.at, locale).replace(/–\d\d:\d\d$/, '')}: {t.detail.reminderFor(names.get(r.participantId) ?? '', t.channels[r.channel])}
              </li>
            ))}
          </ul>
        )}
        {mayChange && confirming && (
          <ConfirmCancel
            onYes={() => {
              setConfirming(false);
              void cancel();
            }}
            onNo={() => setConfirming(false)}
          />
        )}
        {mayChange && !editing && !confirming && (
          <div className={styles.actions}>
            <Button onClick={() => setEditing(true)}>{t.detail.edit}</Button>
            <Button appearance="primary" onClick={() => setConfirming(true)}>
              {t.detail.cancel}
            </Button>
          </div>
        )}
      </section>
      {editing && (
        <ConsultationForm
          api={props.api}
          mode={{ kind: 'edit', consultation: c }}
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            props.onChanged(t.form.saved);
          }}
        />
      )}
      <CallPanel consultation={c} api={props.api} />
      <AfterMeeting consultation={c} api={consultations} />
      <AppLink to={{ name: 'consultations', view: 'mine' }}>{shell.consultations.backToList}</AppLink>
    </>
  );
}

/**
 * The confirmation, inline rather than a modal dialog: focus moves to its question, and «Nei»
 * leaves everything as it was.
 */
function ConfirmCancel({ onYes, onNo }: { readonly onYes: () => void; readonly onNo: () => void }) {
  const styles = useStyles();
  const t = useConsultationTexts();
  const titleId = useId();
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  return (
    <section className={styles.confirm} role="alertdialog" aria-labelledby={titleId} aria-describedby={`${titleId}-body`}>
      <h3 id={titleId} ref={title} tabIndex={-1} className={styles.confirmTitle}>
        {t.detail.confirmTitle}
      </h3>
      <Body1 id={`${titleId}-body`}>{t.detail.confirmBody}</Body1>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={onYes}>
          {t.detail.confirmYes}
        </Button>
        <Button onClick={onNo}>{t.detail.confirmNo}</Button>
      </div>
    </section>
  );
}
