/**
 * One call on the AMK console: who rings and how long they have waited (live), triage, NEWS2 and
 * the vital signs given (red single parameters flagged), «Svar». The operator who answered gets
 * the requester's phone — the way to handle the call when the video server is down — «Prøv video
 * igjen» until a room exists, and «Avslutt» with an outcome. A call ringing unheard flashes
 * (a steady red outline instead when the operator prefers reduced motion).
 */
import { Badge, Body1, Button, Card, Link, MessageBar, MessageBarBody, Subtitle2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { EmergencyCallSnapshotDto } from '../../../server/src/contracts/emergency';
import { ApiError, errorText } from '../api/http';
import { useI18n } from '../i18n';
import { useEmergencyText } from '../i18n-emergency';
import { AppLink } from '../router';
import type { ScreenProps } from '../screens/props';
import { EmergencyStatus } from './emergency-status';
import { EndCallDialog } from './end-call-dialog';
import { VitalsSummary } from './vitals-summary';
import { emergencyApi } from '../api/emergency';

/** Slower than 3 flashes a second (WCAG 2.3.1): one change of colour every 0.8 s. */
const FLASH_HALF_PERIOD = '0.8s';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  ringing: { borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteRedBorder2}` },
  flash: {
    outlineWidth: tokens.strokeWidthThickest,
    outlineStyle: 'solid',
    outlineOffset: '2px',
    animationName: {
      from: { outlineColor: tokens.colorPaletteRedBorder2, backgroundColor: tokens.colorPaletteRedBackground1 },
      to: { outlineColor: 'transparent', backgroundColor: tokens.colorNeutralBackground1 },
    },
    animationDuration: FLASH_HALF_PERIOD,
    animationIterationCount: 'infinite',
    animationDirection: 'alternate',
    '@media (prefers-reduced-motion: reduce)': {
      animationName: 'none',
      outlineColor: tokens.colorPaletteRedBorder2,
      backgroundColor: tokens.colorPaletteRedBackground1,
    },
  },
  row: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0 },
  waiting: { fontWeight: tokens.fontWeightSemibold },
});

export interface AmkCallCardProps extends Pick<ScreenProps, 'me' | 'api'> {
  readonly call: EmergencyCallSnapshotDto;
  /** Now on the server's clock, in ms. */
  readonly nowMs: number;
  /** Ringing while the sound is off or blocked. */
  readonly unheard: boolean;
}

export function AmkCallCard({ call, me, api, nowMs, unheard }: AmkCallCardProps) {
  const styles = useStyles();
  const e = useEmergencyText();
  const { locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const mine = call.answeredBy?.id === me.id && call.status !== 'ended';
  const ringing = call.status === 'ringing';

  const post = async (path: 'accept' | 'join') => {
    setBusy(true);
    setProblem(undefined);
    try {
      await emergencyApi(api)[path](call.id);
    } catch (err) {
      setProblem(path === 'join' && err instanceof ApiError && err.code === 'unavailable' ? e.amk.videoStillDown : errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  // mergeClasses, not a joined string: Griffel keeps only the first style set of a joined one.
  const classes = mergeClasses(styles.card, ringing && styles.ringing, ringing && unheard && styles.flash);
  return (
    <Card className={classes} data-call-id={call.id} data-alarm={ringing && unheard ? 'flash' : undefined}>
      <div className={styles.row}>
        <Subtitle2 as="h2" className={styles.title}>
          {e.amk.from}: {call.requestedBy.organization || call.requestedBy.name}
        </Subtitle2>
        {ringing && <Body1 className={styles.waiting}>{e.waiting(nowMs - Date.parse(call.requestedAt))}</Body1>}
        {ringing && unheard && (
          <Badge appearance="filled" color="danger">
            {e.amk.unheard}
          </Badge>
        )}
        {ringing && me.roles.includes('amk') && (
          <Button appearance="primary" size="large" disabled={busy} onClick={() => void post('accept')}>
            {busy ? e.amk.answering : e.amk.answer}
          </Button>
        )}
      </div>
      <EmergencyStatus call={call} viewer="amk" meId={me.id} />
      <VitalsSummary vitals={call.vitals} vitalScores={call.vitalScores} news2Total={call.news2Total} />
      {mine && (
        <>
          <Body1 as="p">{call.videoReady ? e.amk.youAnswered : e.amk.youAnsweredNoVideo}</Body1>
          <RequesterPhone call={call} />
          <div className={styles.actions}>
            {!call.videoReady && (
              <Button appearance="primary" disabled={busy} onClick={() => void post('join')}>
                {busy ? e.amk.retryingVideo : e.amk.retryVideo}
              </Button>
            )}
            {call.videoReady && <AppLink to={{ name: 'emergency-call', id: call.id }}>{e.amk.openCall}</AppLink>}
            <EndCallDialog api={api} call={call} asOperator label={e.amk.end} />
          </div>
        </>
      )}
      {problem && (
        <MessageBar intent="warning">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
    </Card>
  );
}

/** The way back to the legevakt doctor when video fails: their directory phone, as a link that rings. */
export function RequesterPhone({ call }: { readonly call: Pick<EmergencyCallSnapshotDto, 'requestedBy'> }) {
  const e = useEmergencyText();
  const { name, phone } = call.requestedBy;
  return (
    <Body1 as="p" data-testid="requester-phone">
      {phone ? <Link href={`tel:${phone}`}>{e.amk.callBack(name, phone)}</Link> : e.amk.noPhone}
    </Body1>
  );
}
