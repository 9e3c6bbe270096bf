/**
 * One emergency call's live status, shared by the Akutt tab and the AMK console: triage colour,
 * NEWS2 total, who is calling, and ringing → answered by whom → connected → ended.
 */
import { Badge, Body1, makeStyles, tokens } from '@fluentui/react-components';
import type { EmergencyCallSnapshotDto, Triage } from '../../../server/src/contracts/emergency';
import { useI18n } from '../i18n';
import { clockTime, useEmergencyText } from '../i18n-emergency';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  text: { margin: 0 },
});

const TRIAGE_BADGE: Readonly<Record<Triage, 'danger' | 'warning' | 'success'>> = { rod: 'danger', gul: 'warning', gronn: 'success' };

export function TriageBadge({ triage }: { readonly triage: Triage | null }) {
  const e = useEmergencyText();
  if (!triage) return null;
  return (
    <Badge appearance="filled" color={TRIAGE_BADGE[triage]} shape="rounded">
      {e.triage[triage]}
    </Badge>
  );
}

export function EmergencyStatus({ call }: { readonly call: EmergencyCallSnapshotDto }) {
  const styles = useStyles();
  const e = useEmergencyText();
  const { locale } = useI18n();
  const status =
    call.status === 'answered' && call.answeredBy ? e.answeredBy(call.answeredBy.name) : e.status[call.status];
  return (
    <div className={styles.row}>
      <TriageBadge triage={call.triage} />
      {call.news2Total !== null && (
        <Badge appearance="outline" shape="rounded">
          {e.news2(call.news2Total)}
        </Badge>
      )}
      <Body1 as="p" className={styles.text}>
        <strong>{status}</strong>
        {call.status !== 'answered' && call.status !== 'ringing' && call.answeredBy ? ` · ${e.answeredBy(call.answeredBy.name)}` : ''}
        {' · '}
        {e.requestedAt(clockTime(call.requestedAt, locale))}
      </Body1>
      {call.escalatedAt && call.status === 'ringing' && (
        <Badge appearance="tint" color="danger">
          {e.escalated}
        </Badge>
      )}
    </div>
  );
}
