/**
 * Konfereringskø: the advice-line queue, optionally for one specialty (`?fag=`, as a
 * configured channel tab opens it), asking for advice, the requester's own requests («Mine
 * forespørsler») and one advice request by id.
 */
import { Field, Select, makeStyles } from '@fluentui/react-components';
import { useMemo } from 'react';
import { adviceApi } from '../api/advice';
import { readsSpecialty } from '../access';
import { EmptyState, PageHeading } from '../components/states';
import { specialtyName, useI18n } from '../i18n';
import { useAdviceTexts } from '../i18n-advice';
import { hrefOf } from '../routes';
import { AppLink, navigate } from '../router';
import { useResource } from '../use-resource';
import { AskForm } from './advice/ask-form';
import { MyAdviceRequests } from './advice/mine';
import { AdviceQueue } from './advice/queue';
import { AdviceRequestView } from './advice/request';
import type { ScreenProps } from './props';

const useStyles = makeStyles({
  picker: { maxWidth: '20rem' },
});

const ASKERS = ['gp', 'legevakt', 'specialist'];
const QUEUE_READERS = ['specialist', 'coordinator'];

export default function Advice({ route, api, me }: ScreenProps) {
  const { t } = useI18n();
  const a = useAdviceTexts();
  const advice = useMemo(() => adviceApi(api), [api]);
  if (route.name === 'advice-request') {
    return (
      <>
        <PageHeading>{a.requestTitle}</PageHeading>
        <AppLink to={{ name: 'advice', specialty: undefined }}>{a.backToQueue}</AppLink>
        <AdviceRequestView key={route.id} id={route.id} advice={advice} meId={me.id} />
      </>
    );
  }
  const readsQueues = me.roles.some((r) => QUEUE_READERS.includes(r));
  // The queue opens on the person's own specialty unless the link names one.
  const named = route.name === 'advice' ? route.specialty : undefined;
  const specialty = named ?? (readsQueues && me.specialty ? me.specialty : undefined);
  const mayRead = specialty !== undefined && readsSpecialty(me, specialty);
  return (
    <>
      <PageHeading>{specialty ? t.advice.titleFor(specialtyName(t, specialty)) : t.advice.title}</PageHeading>
      {readsQueues && <QueuePicker advice={advice} current={specialty} />}
      {specialty && readsQueues && mayRead && (
        <AdviceQueue key={specialty} specialty={specialty} advice={advice} api={api} canAnswer={me.roles.includes('specialist')} />
      )}
      {specialty && readsQueues && !mayRead && (
        <EmptyState title={a.otherQueueTitle(specialtyName(t, specialty))} body={a.otherQueueBody(me.specialty ? specialtyName(t, me.specialty) : undefined)} />
      )}
      {/* Beside its own queue a specialist asks another specialty, so nothing is chosen for them. */}
      {me.roles.some((r) => ASKERS.includes(r)) && <AskForm key={specialty ?? ''} advice={advice} initialSpecialty={readsQueues ? undefined : specialty} />}
      {me.roles.some((r) => ASKERS.includes(r)) && <MyAdviceRequests advice={advice} />}
    </>
  );
}

function QueuePicker({ advice, current }: { readonly advice: ReturnType<typeof adviceApi>; readonly current: string | undefined }) {
  const { t } = useI18n();
  const a = useAdviceTexts();
  const styles = useStyles();
  const [specialties] = useResource(() => advice.specialties(), 'specialties');
  if (specialties.status !== 'ready') return null;
  return (
    <Field label={a.chooseQueue} className={styles.picker}>
      <Select value={current ?? ''} onChange={(_, d) => navigate(hrefOf({ name: 'advice', specialty: d.value || undefined }))}>
        <option value="">{a.chooseSpecialty}</option>
        {specialties.value.specialties.map((s) => (
          <option key={s} value={s}>
            {specialtyName(t, s)}
          </option>
        ))}
      </Select>
    </Field>
  );
}
