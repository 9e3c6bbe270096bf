/**
 * The AMK console's list of the centre's open citizen video sessions (`GET /api/citizen-video`):
 * the number's last three digits, the status (link sent, consent given, video, photos only,
 * expired, ended), the time left on the link, the location if shared, who sent it; «Åpne»,
 * «Send på nytt», «Avslutt». Refreshed every few seconds and after each action (the console's
 * event stream carries emergency calls only).
 */
import {
  Body1,
  Button,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useId, useState } from 'react';
import type { CitizenVideoSummaryDto } from '../../../server/src/contracts/citizen-video';
import { type ApiClient, errorText } from '../api/http';
import { useI18n } from '../i18n';
import { CITIZEN_VIDEO_LIST_TEXTS, type CitizenVideoListTexts } from './i18n-citizen-video-list';
import { citizenVideoApi } from '../api/emergency';

/** How often the list is refreshed. @defaultValue 3000 */
export const CITIZEN_LIST_REFRESH_MS = 3_000;
const MS_PER_MINUTE = 60_000;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', paddingBlock: tokens.spacingVerticalXS },
  number: { width: '7rem' },
  wide: { width: '16rem' },
  caption: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
});

export function statusLabel(t: CitizenVideoListTexts, s: CitizenVideoSummaryDto): string {
  if ((s.status === 'consented' || s.status === 'link_opened') && s.photoCount > 0) return `${t.statuses.photos} (${t.photos(s.photoCount)})`;
  return t.statuses[s.status];
}

function linkLabel(t: CitizenVideoListTexts, s: CitizenVideoSummaryDto, now: number): string {
  if (s.status === 'ended') return '–';
  if (s.status === 'expired') return t.linkExpired;
  if (s.status !== 'link_sent') return t.linkUsed;
  return t.minutesLeft(Math.max(0, Math.ceil((new Date(s.expiresAt).getTime() - now) / MS_PER_MINUTE)));
}

export function CitizenVideoList({
  api,
  meId,
  openId,
  onOpen,
}: {
  readonly api: ApiClient;
  readonly meId: string;
  readonly openId?: string;
  readonly onOpen: (id: string) => void;
}) {
  const { locale } = useI18n();
  const t = CITIZEN_VIDEO_LIST_TEXTS[locale];
  const styles = useStyles();
  const headingId = useId();
  const [sessions, setSessions] = useState<readonly CitizenVideoSummaryDto[] | undefined>();
  const [message, setMessage] = useState<{ intent: 'success' | 'warning'; text: string } | undefined>();

  const refresh = useCallback(() => {
    citizenVideoApi(api)
      .list()
      .then(
        (r) => setSessions(r.sessions),
        (err: unknown) => setMessage({ intent: 'warning', text: errorText(err, locale) }),
      );
  }, [api, locale]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, CITIZEN_LIST_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = (s: CitizenVideoSummaryDto, action: 'resend' | 'end') => {
    citizenVideoApi(api)
      [action](s.id)
      .then(
        () => {
          setMessage({ intent: 'success', text: action === 'resend' ? t.resent(s.phoneLast3) : t.ended(s.phoneLast3) });
          refresh();
        },
        (err: unknown) => setMessage({ intent: 'warning', text: errorText(err, locale) }),
      );
  };

  const now = Date.now();
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle2 as="h3" id={headingId}>
        {t.heading}
      </Subtitle2>
      <div role="status">
        {message && (
          <MessageBar intent={message.intent}>
            <MessageBarBody>{message.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {sessions && sessions.length === 0 && <Body1>{t.empty}</Body1>}
      {sessions && sessions.length > 0 && (
        <Table size="small" data-testid="citizen-list">
          <caption className={styles.caption}>{t.caption}</caption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.number}>{t.number}</TableHeaderCell>
              <TableHeaderCell>{t.status}</TableHeaderCell>
              <TableHeaderCell>{t.link}</TableHeaderCell>
              <TableHeaderCell className={styles.wide}>{t.location}</TableHeaderCell>
              <TableHeaderCell>{t.sentBy}</TableHeaderCell>
              <TableHeaderCell className={styles.wide}>{t.actions}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sessions.map((s) => {
              const ended = s.status === 'ended';
              return (
                <TableRow key={s.id} aria-current={s.id === openId ? 'true' : undefined} data-testid={`citizen-row-${s.phoneLast3}`}>
                  <TableCell>{t.endsWith(s.phoneLast3)}</TableCell>
                  <TableCell>{statusLabel(t, s)}</TableCell>
                  <TableCell>{linkLabel(t, s, now)}</TableCell>
                  <TableCell>
                    {s.location ? t.position(s.location.latitude.toFixed(5), s.location.longitude.toFixed(5), s.location.accuracy) : t.noLocation}
                  </TableCell>
                  <TableCell>{s.createdBy.id === meId ? t.you : s.createdBy.name}</TableCell>
                  <TableCell>
                    <div className={styles.actions}>
                      <Button size="small" aria-label={t.rowAction(t.open, s.phoneLast3)} onClick={() => onOpen(s.id)}>
                        {t.open}
                      </Button>
                      {!ended && (
                        <Button size="small" aria-label={t.rowAction(t.resend, s.phoneLast3)} onClick={() => act(s, 'resend')}>
                          {t.resend}
                        </Button>
                      )}
                      {!ended && (
                        <Button size="small" appearance="secondary" aria-label={t.rowAction(t.end, s.phoneLast3)} onClick={() => act(s, 'end')}>
                          {t.end}
                        </Button>
                      )}
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
