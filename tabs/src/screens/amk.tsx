/**
 * AMK-konsoll: incoming emergency video from legevakt, live. A new ringing call shows a visible
 * alert and plays a short sound; «Svar» takes it (the first operator wins), and everyone else's
 * row changes to «Besvart av …».
 */
import {
  Badge,
  Body1,
  Button,
  Card,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { EmergencyCallSnapshotDto, EmergencyJoinDto } from '../../../server/src/contracts/emergency';
import { errorText } from '../api';
import { CitizenVideoPanel } from '../components/citizen-video-panel';
import { EmergencyStatus } from '../components/emergency-status';
import { EmptyState, PageHeading } from '../components/states';
import { useI18n } from '../i18n';
import { useEmergencyText } from '../i18n-emergency';
import { AppLink } from '../router';
import { beep, useEmergencyStream } from '../use-emergency-stream';
import type { ScreenProps } from './props';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '52rem' },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  ringing: { borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteRedBorder2}` },
  row: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0 },
});

export default function Amk({ me, api }: ScreenProps) {
  const styles = useStyles();
  const e = useEmergencyText();
  const { t } = useI18n();
  const isAmk = me.roles.includes('amk');
  const [alert, setAlert] = useState<EmergencyCallSnapshotDto | undefined>();
  const stream = useEmergencyStream(api, isAmk, (snapshot, previous) => {
    if (snapshot.status === 'ringing' && !previous) {
      setAlert(snapshot);
      beep();
    } else if (snapshot.status !== 'ringing') {
      setAlert((current) => (current?.id === snapshot.id ? undefined : current));
    }
  });
  const shown = stream.calls.filter((c) => c.status !== 'ended');

  return (
    <>
      <PageHeading>{e.amk.title}</PageHeading>
      <div className={styles.bar}>
        {isAmk ? (
          <Badge appearance="filled" color={stream.live ? 'success' : 'warning'}>
            {stream.live ? e.amk.live : e.amk.reconnecting}
          </Badge>
        ) : (
          <Body1>{e.amk.amkOnly}</Body1>
        )}
      </div>
      <div role="alert" aria-live="assertive">
        {alert && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{e.amk.incoming(alert.requestedBy.organization)}</MessageBarTitle>
              {alert.news2Total !== null ? e.news2(alert.news2Total) : ''} {alert.triage ? e.triage[alert.triage] : ''}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      {shown.length === 0 ? (
        <EmptyState title={t.amk.emptyTitle} body={e.amk.empty} />
      ) : (
        <ul className={styles.list} aria-label={e.amk.listLabel}>
          {shown.map((call) => (
            <li key={call.id}>
              <CallRow call={call} me={me} api={api} />
            </li>
          ))}
        </ul>
      )}
      <CitizenVideoPanel api={api} isAmk={isAmk} meId={me.id} />
    </>
  );
}

function CallRow({ call, me, api }: { readonly call: EmergencyCallSnapshotDto } & Pick<ScreenProps, 'me' | 'api'>) {
  const styles = useStyles();
  const e = useEmergencyText();
  const { locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true } | { ok: false; message: string } | undefined>();

  const answer = async () => {
    setBusy(true);
    try {
      await api.call<EmergencyJoinDto>('POST', `/api/emergency-calls/${encodeURIComponent(call.id)}/accept`);
      setResult({ ok: true });
    } catch (err) {
      setResult({ ok: false, message: errorText(err, locale) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className={call.status === 'ringing' ? `${styles.card} ${styles.ringing}` : styles.card}>
      <div className={styles.row}>
        <Subtitle2 as="h2" className={styles.title}>
          {e.amk.from}: {call.requestedBy.organization || call.requestedBy.name}
        </Subtitle2>
        {call.status === 'ringing' && me.roles.includes('amk') && (
          <Button appearance="primary" size="large" disabled={busy} onClick={() => void answer()}>
            {busy ? e.amk.answering : e.amk.answer}
          </Button>
        )}
        {call.answeredBy?.id === me.id && <AppLink to={{ name: 'emergency-call', id: call.id }}>{e.akutt.joinVideo}</AppLink>}
      </div>
      <EmergencyStatus call={call} />
      {result && !result.ok && (
        <MessageBar intent="warning">
          <MessageBarBody>{result.message}</MessageBarBody>
        </MessageBar>
      )}
      {result?.ok && <Body1>{e.amk.youAnswered}</Body1>}
    </Card>
  );
}
