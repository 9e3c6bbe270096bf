/**
 * «Koble inn ambulanse»: the AMK operator who answered a call enters the ambulance crew's mobile
 * number; the crew gets an SMS with a personal link to the call (`POST /api/emergency-calls/:id/crew`).
 * Below, every link sent for the call with how far the crew got (last three digits only), so the
 * operator sees whether the crew is in the call (or that the SMS could not be sent); «Send lenken
 * på nytt» sends the last number again.
 */
import { Body1, Button, Field, Input, MessageBar, MessageBarBody, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useId, useState } from 'react';
import type { EmergencyCrewLinkDto } from '../../../server/src/contracts/emergency-crew';
import { ApiError, type ApiClient, errorText } from '../api/http';
import { useI18n } from '../i18n';
import { clockTime } from '../i18n-emergency';
import { useEmergencyCrewText } from '../i18n-emergency-crew';
import { emergencyApi } from '../api/emergency';

/** How often the list of links is refreshed (SMS sent, link opened, crew joined). @defaultValue 5000 */
export const CREW_REFRESH_MS = 5_000;

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

/** `canSend`: the operator who answered (the form); others who may watch the call (the requester) see the list only. */
export function EmergencyCrew({ api, callId, canSend = true }: { readonly api: ApiClient; readonly callId: string; readonly canSend?: boolean }) {
  const styles = useStyles();
  const t = useEmergencyCrewText();
  const { locale } = useI18n();
  const headingId = useId();
  const [phone, setPhone] = useState('');
  const [lastPhone, setLastPhone] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [links, setLinks] = useState<readonly EmergencyCrewLinkDto[]>([]);

  const refresh = useCallback(() => {
    emergencyApi(api)
      .crew(callId)
      .then(
        (r) => setLinks(r.links),
        () => undefined, // the next refresh tries again; sending still works
      );
  }, [api, callId]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, CREW_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const send = async (number: string) => {
    setBusy(true);
    setProblem(undefined);
    setDone(undefined);
    try {
      const res = await emergencyApi(api).sendCrewLink(callId, number);
      setLastPhone(number);
      setPhone('');
      setDone(t.sent(res.links[0]?.phoneLast3 ?? ''));
      refresh();
    } catch (err) {
      setProblem(err instanceof ApiError && err.issues[0] ? err.issues[0].message : errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  const status = (l: EmergencyCrewLinkDto) =>
    l.joinedAt ? t.statusJoined : l.openedAt ? t.statusOpened : l.sentAt ? t.statusSent : l.failedAt ? t.statusFailed : t.statusQueued;

  if (!canSend && links.length === 0) return null;
  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <Subtitle2 as="h3" id={headingId}>
        {canSend ? t.heading : t.links}
      </Subtitle2>
      {canSend && <Body1>{t.intro}</Body1>}
      {canSend && (
        <form
          className={styles.row}
          onSubmit={(e) => {
            e.preventDefault();
            void send(phone);
          }}
        >
          <Field label={t.phone} hint={t.phoneHint} validationMessage={problem} validationState={problem ? 'error' : 'none'}>
            <Input type="tel" inputMode="tel" autoComplete="off" value={phone} onChange={(_e, d) => setPhone(d.value)} />
          </Field>
          <Button appearance="primary" type="submit" disabled={busy || phone.trim() === ''}>
            {busy ? t.sending : t.send}
          </Button>
          {lastPhone && (
            <Button disabled={busy} onClick={() => void send(lastPhone)}>
              {t.resend}
            </Button>
          )}
        </form>
      )}
      <div role="status">
        {done && (
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {links.length > 0 && (
        <>
          {canSend && (
            <Body1 as="p" id={`${headingId}-links`}>
              {t.links}
            </Body1>
          )}
          <ul className={styles.list} aria-labelledby={canSend ? `${headingId}-links` : headingId} data-testid="crew-links">
            {links.map((l) => (
              <li key={l.id}>
                {`${t.number(l.phoneLast3)}: ${status(l)}`}
                {!l.openedAt ? ` (${t.validUntil(clockTime(l.expiresAt, locale))})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
