/**
 * «Koble inn»: the AMK operator who answered a call brings in a third party — the level-1
 * on-call of a chosen specialty (from the roster), or any clinician in the directory
 * (`POST /api/emergency-calls/:id/invite`). Below, everyone brought in with what Teams answered
 * for their card (`GET …/invites`): «varslet» only once Teams took it; a failed card says so and
 * gives the person's phone, the next step.
 */
import { Body1, Button, Field, Link, MessageBar, MessageBarBody, Select, Spinner, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { ClinicianDto } from '../../../server/src/contracts/consultations';
import type { EmergencyInviteeDto, InviteToEmergencyCall } from '../../../server/src/contracts/emergency';
import { type ApiClient, errorText } from '../api/http';
import { useI18n } from '../i18n';
import { useEmergencyInviteText } from '../i18n-emergency-invite';
import { consultationsApi } from '../api/consultations';
import { emergencyApi } from '../api/emergency';

/** How often the delivery states are read again while a card is still on its way. @defaultValue 2000 */
export const INVITE_REFRESH_MS = 2_000;

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  failed: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

export interface EmergencyInviteProps {
  readonly api: ApiClient;
  readonly callId: string;
}

export function EmergencyInvite({ api, callId }: EmergencyInviteProps) {
  const styles = useStyles();
  const t = useEmergencyInviteText();
  const { locale } = useI18n();
  const [clinicians, setClinicians] = useState<readonly ClinicianDto[] | null>(null);
  const [specialty, setSpecialty] = useState<string>('');
  const [personId, setPersonId] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [invitees, setInvitees] = useState<readonly EmergencyInviteeDto[]>([]);

  const refresh = useCallback(() => {
    emergencyApi(api)
      .invites(callId)
      .then(
        (r) => setInvitees(r.invites),
        () => undefined, // the next refresh tries again
      );
  }, [api, callId]);
  const waiting = invitees.some((i) => i.delivery === 'pending' || i.delivery === 'retrying');
  useEffect(() => {
    refresh();
    if (!waiting) return;
    const timer = setInterval(refresh, INVITE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh, waiting]);

  useEffect(() => {
    let live = true;
    consultationsApi(api)
      .clinicians()
      .then(
        (r) => live && setClinicians(r.people),
        (err: unknown) => live && setMessage({ intent: 'error', text: errorText(err, locale) }),
      );
    return () => {
      live = false;
    };
  }, [api, locale]);

  const specialties = [...new Set((clinicians ?? []).flatMap((c) => (c.specialty ? [c.specialty] : [])))].sort((a, b) => a.localeCompare(b, 'nb'));

  const invite = async (body: InviteToEmergencyCall) => {
    setBusy(true);
    setMessage(null);
    try {
      const res = await emergencyApi(api).invite(callId, body);
      setMessage({ intent: 'success', text: res.invited ? t.invited(res.person.name) : t.alreadyInvited(res.person.name) });
      refresh();
    } catch (err) {
      setMessage({ intent: 'error', text: errorText(err, locale) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.panel} aria-label={t.heading}>
      <Subtitle2 as="h3">{t.heading}</Subtitle2>
      {clinicians === null && !message ? <Spinner size="tiny" label={t.loading} /> : null}
      <div className={styles.row}>
        <Field label={t.specialty}>
          {/* A native select, as in the other forms: works the same with a keyboard, a screen reader and a phone. */}
          <Select value={specialty} onChange={(_, d) => setSpecialty(d.value)}>
            <option value="">{t.chooseSpecialty}</option>
            {specialties.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Field>
        <Button appearance="primary" disabled={!specialty || busy} onClick={() => void invite({ specialty })}>
          {busy ? t.inviting : t.inviteOnCall}
        </Button>
      </div>
      <div className={styles.row}>
        <Field label={t.person}>
          <Select value={personId} onChange={(_, d) => setPersonId(d.value)}>
            <option value="">{t.choosePerson}</option>
            {(clinicians ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {`${c.name} (${c.organization})`}
              </option>
            ))}
          </Select>
        </Field>
        <Button disabled={!personId || busy} onClick={() => void invite({ personId })}>
          {t.invitePerson}
        </Button>
      </div>
      {message ? (
        <MessageBar intent={message.intent} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      ) : null}
      {invitees.length > 0 && (
        <>
          <Body1 as="p">{t.listTitle}</Body1>
          <ul className={styles.list} data-testid="invitees" aria-live="polite">
            {invitees.map((i) => (
              <li key={i.person.id}>
                <span className={i.delivery === 'failed' ? styles.failed : undefined}>{`${i.person.name}: ${t.delivery[i.delivery]}`}</span>
                {i.delivery === 'failed' && (
                  <>
                    {'. '}
                    {i.person.phone ? <Link href={`tel:${i.person.phone}`}>{t.ringInstead(i.person.phone)}</Link> : t.noPhone}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
