/**
 * «Avslutt» on an emergency call asks first: an operator confirms and picks the outcome from a
 * short fixed list (stored with the call); the legevakt doctor confirms, and is asked in other
 * words while the call still rings (then it cancels the call). One click never ends it.
 *
 * The question opens in place, under the button (a group that takes focus), rather than in a
 * modal: nothing covers the call, and the keyboard and screen-reader order stays the page's own.
 */
import { Body1, Button, Field, MessageBar, MessageBarBody, Radio, RadioGroup, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useId, useRef, useState } from 'react';
import { END_OUTCOME_CHOICES, type EmergencyCallSnapshotDto } from '../../../server/src/contracts/emergency';
import { type ApiClient, errorText } from '../api/http';
import { useI18n } from '../i18n';
import { useEmergencyText } from '../i18n-emergency';
import { emergencyApi } from '../api/emergency';

type Outcome = (typeof END_OUTCOME_CHOICES)[number];

const useStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    flexBasis: '100%',
  },
  title: { margin: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface EndCallDialogProps {
  readonly api: ApiClient;
  readonly call: Pick<EmergencyCallSnapshotDto, 'id' | 'status'>;
  /** AMK chooses an outcome; the requester only confirms. */
  readonly asOperator: boolean;
  /** The button's text. */
  readonly label: string;
  readonly onEnded?: (call: EmergencyCallSnapshotDto) => void;
}

export function EndCallDialog({ api, call, asOperator, label, onEnded }: EndCallDialogProps) {
  const styles = useStyles();
  const e = useEmergencyText();
  const { locale } = useI18n();
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [missing, setMissing] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancelling = !asOperator && call.status === 'ringing';
  const d = e.endDialog;

  const returnFocus = useRef(false);
  useEffect(() => {
    if (open) panel.current?.focus();
    else if (returnFocus.current) trigger.current?.focus();
    returnFocus.current = false;
  }, [open]);

  const close = () => {
    returnFocus.current = true;
    setOpen(false);
    setProblem(undefined);
    setMissing(false);
  };

  const confirm = async () => {
    if (asOperator && !outcome) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const ended = await emergencyApi(api).end(call.id, asOperator && outcome ? { outcome } : {});
      setOpen(false);
      onEnded?.(ended);
    } catch (err) {
      setProblem(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <Button appearance="secondary" ref={trigger} onClick={() => setOpen(true)} aria-expanded={false}>
        {label}
      </Button>
    );
  }
  return (
    <div className={styles.panel} role="group" aria-labelledby={titleId} tabIndex={-1} ref={panel} data-testid="end-call">
      <Subtitle2 as="h3" id={titleId} className={styles.title}>
        {cancelling ? d.cancelTitle : asOperator ? d.title : d.requesterTitle}
      </Subtitle2>
      <Body1 as="p">{cancelling ? d.cancelBody : asOperator ? d.body : d.requesterBody}</Body1>
      {asOperator && (
        <Field label={d.outcomeLegend} required validationState={missing ? 'error' : 'none'} validationMessage={missing ? d.chooseOutcome : undefined}>
          <RadioGroup
            value={outcome}
            onChange={(_, data) => {
              setOutcome(data.value as Outcome);
              setMissing(false);
            }}
          >
            {END_OUTCOME_CHOICES.map((o) => (
              <Radio key={o} value={o} label={e.outcomes[o]} />
            ))}
          </RadioGroup>
        </Field>
      )}
      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button appearance="primary" disabled={busy} onClick={() => void confirm()}>
          {cancelling ? d.cancelConfirm : d.confirm}
        </Button>
        <Button appearance="secondary" onClick={close}>
          {cancelling ? d.cancelKeep : d.keep}
        </Button>
      </div>
    </div>
  );
}
