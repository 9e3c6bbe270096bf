/**
 * One emergency call's live status, shared by the Akutt tab and the AMK console: triage colour,
 * NEWS2 total, and ringing → answered by whom → connected → ended, in words addressed to the
 * reader (AMK never reads «Ringer hos AMK»), and once ended, why: the requester cancelled,
 * Samrom closed it because nobody answered (with what to do now), or who ended it with what outcome.
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

/** Who is reading: the operator side or the legevakt doctor who rang. */
export type Viewer = 'amk' | 'requester';

export function TriageBadge({ triage }: { readonly triage: Triage | null }) {
  const e = useEmergencyText();
  if (!triage) return null;
  return (
    <Badge appearance="filled" color={TRIAGE_BADGE[triage]} shape="rounded">
      {e.triage[triage]}
    </Badge>
  );
}

export interface EmergencyStatusProps {
  readonly call: EmergencyCallSnapshotDto;
  readonly viewer: Viewer;
  /** The reader's person id, for «Du …». */
  readonly meId: string;
}

export function EmergencyStatus({ call, viewer, meId }: EmergencyStatusProps) {
  const styles = useStyles();
  const e = useEmergencyText();
  const { locale } = useI18n();
  const words = viewer === 'amk' ? e.amkStatus : e.status;
  const status = call.status === 'answered' && call.answeredBy ? e.answeredBy(call.answeredBy.name) : words[call.status];
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
          {viewer === 'amk' ? e.amkEscalated : e.escalated}
        </Badge>
      )}
      {call.status === 'ended' && (
        <Body1 as="p" className={styles.text} data-testid="ended-reason">
          {endedReason(call, viewer, meId, e)}
        </Body1>
      )}
    </div>
  );
}

export function endedReason(call: EmergencyCallSnapshotDto, viewer: Viewer, meId: string, e: ReturnType<typeof useEmergencyText>): string {
  if (call.outcome === 'unanswered') return viewer === 'amk' ? e.ended.closedForAmk : e.ended.closedForRequester;
  if (call.outcome === 'cancelled' && call.endedBy?.id === call.requestedBy.id) {
    return viewer === 'requester' ? e.ended.youCancelled : e.ended.requesterCancelled;
  }
  const outcome = e.outcomes[call.outcome ?? 'other'];
  if (call.endedBy?.id === meId) return e.ended.byYou(outcome);
  return e.ended.by(call.endedBy?.name ?? '', outcome);
}
