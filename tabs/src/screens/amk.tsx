/**
 * AMK-konsoll: incoming emergency video from legevakt, live, most urgent first in the server's
 * order (triage, NEWS2, waiting time), each with its waiting time ticking. The alarm cannot be
 * missed: the sound state is always shown and turned on with one click («Slå på lyd»); while a
 * call rings unheard (sound off, or blocked by the browser) the call and the tab title flash.
 * «Svar» takes a call (the first operator wins), and everyone else's row changes to «Besvart av …».
 * Calls that ended while the console was open stay listed a while, with why they ended.
 */
import { Badge, Body1, Button, MessageBar, MessageBarBody, MessageBarTitle, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { EmergencyCallSnapshotDto } from '../../../server/src/contracts/emergency';
import { type SoundState, useAlarm, useTitleBlink } from '../amk-alarm';
import { AmkCallCard } from '../components/amk-call-card';
import { CitizenVideoPanel } from '../components/citizen-video-panel';
import { endedReason } from '../components/emergency-status';
import { EmptyState, PageHeading } from '../components/states';
import { useI18n } from '../i18n';
import { clockTime, useEmergencyText } from '../i18n-emergency';
import { useEmergencyStream } from '../use-emergency-stream';
import type { ScreenProps } from './props';

/** Ended calls stay in «Nylig avsluttet» this long. @defaultValue 30 */
const RECENTLY_ENDED_MINUTES = 30;

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  sound: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  help: { margin: 0, maxWidth: '40rem' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '52rem' },
  ended: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, maxWidth: '52rem' },
});

const SOUND_BADGE: Readonly<Record<SoundState, 'success' | 'warning' | 'danger'>> = { on: 'success', off: 'warning', blocked: 'danger' };

export default function Amk({ me, api }: ScreenProps) {
  const styles = useStyles();
  const e = useEmergencyText();
  const { t, locale } = useI18n();
  const isAmk = me.roles.includes('amk');
  const [alert, setAlert] = useState<EmergencyCallSnapshotDto | undefined>();
  const stream = useEmergencyStream(api, isAmk, (snapshot, previous) => {
    if (snapshot.status === 'ringing' && !previous) setAlert(snapshot);
    else if (snapshot.status !== 'ringing') setAlert((current) => (current?.id === snapshot.id ? undefined : current));
  });
  const ringing = isAmk && stream.calls.some((c) => c.status === 'ringing');
  const alarm = useAlarm(ringing);
  useTitleBlink(alarm.flash, e.amk.titleAlert);
  const nowMs = useServerNow(stream.clockOffsetMs, ringing);
  const recentlyEnded = stream.ended.filter((c) => c.endedAt && nowMs - Date.parse(c.endedAt) < RECENTLY_ENDED_MINUTES * 60_000);
  const soundText = { on: e.amk.soundOn, off: e.amk.soundOff, blocked: e.amk.soundBlocked }[alarm.state];

  return (
    <>
      <PageHeading>{e.amk.title}</PageHeading>
      <div className={styles.bar}>
        {isAmk ? (
          <>
            <Badge appearance="filled" color={stream.live ? 'success' : 'warning'}>
              {stream.live ? e.amk.live : e.amk.reconnecting}
            </Badge>
            <div className={styles.sound} data-testid="sound-state" data-sound={alarm.state}>
              <span role="status">
                <Badge appearance="filled" color={SOUND_BADGE[alarm.state]}>
                  {soundText}
                </Badge>
              </span>
              {alarm.state === 'on' ? (
                <Button onClick={alarm.disable}>{e.amk.turnSoundOff}</Button>
              ) : (
                <Button appearance="primary" onClick={alarm.enable}>
                  {e.amk.turnSoundOn}
                </Button>
              )}
              {alarm.state !== 'on' && (
                <Body1 as="p" className={styles.help}>
                  {alarm.state === 'blocked' ? e.amk.soundBlockedHelp : e.amk.soundOffHelp}
                </Body1>
              )}
            </div>
          </>
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
      {stream.calls.length === 0 ? (
        <EmptyState title={t.amk.emptyTitle} body={e.amk.empty} />
      ) : (
        <ul className={styles.list} aria-label={e.amk.listLabel} data-testid="amk-calls">
          {stream.calls.map((call) => (
            <li key={call.id}>
              <AmkCallCard call={call} me={me} api={api} nowMs={nowMs} unheard={alarm.flash} />
            </li>
          ))}
        </ul>
      )}
      {recentlyEnded.length > 0 && (
        <section aria-labelledby="amk-recently-ended">
          <Subtitle1 as="h2" id="amk-recently-ended">
            {e.amk.recentlyEnded}
          </Subtitle1>
          <ul className={styles.ended} data-testid="amk-ended">
            {recentlyEnded.map((c) => (
              <li key={c.id}>
                {`${clockTime(c.endedAt ?? c.requestedAt, locale)} · ${c.requestedBy.organization || c.requestedBy.name}: ${endedReason(c, 'amk', me.id, e)}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <CitizenVideoPanel api={api} isAmk={isAmk} meId={me.id} />
    </>
  );
}

/** Now on the server's clock; ticks every second while `ticking` (a call rings), so waiting times stay live. */
function useServerNow(offsetMs: number, ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now + offsetMs;
}
