/**
 * The queue of one specialty (the channel tab's view): the waiting requests with priority,
 * waiting time and who asked — never the ISBAR — refreshed every few seconds; who is on call
 * now (levels 1–3); and the last 24 hours' figures. A specialist answers a row with «Svar»,
 * which accepts the request and opens it.
 */
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  Subtitle1,
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
import type { AdvicePriority, AdviceQueueDto, AdviceStatsDto } from '../../../../server/src/contracts/advice';
import type { OnCallDto } from '../../../../server/src/contracts/rosters';
import type { AdviceApi } from '../../api/advice';
import type { ApiClient } from '../../api/http';
import { errorText } from '../../api/http';
import { ErrorState, Loading } from '../../components/states';
import { useI18n } from '../../i18n';
import { useAdviceTexts } from '../../i18n-advice';
import { useRosterTexts } from '../../i18n-roster';
import { rostersApi } from '../../api/rosters';
import { hrefOf } from '../../routes';
import { AppLink, navigate } from '../../router';
import { useResource } from '../../use-resource';

/** How often the queue is fetched again. */
export const QUEUE_REFRESH_MS = 5_000;

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(18rem, 1fr))', gap: tokens.spacingHorizontalL },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  text: { margin: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  tableWrap: { overflowX: 'auto', backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusLarge },
});

const PRIORITY_COLOUR: Readonly<Record<AdvicePriority, 'danger' | 'warning' | 'informative'>> = { akutt: 'danger', haster: 'warning', vanlig: 'informative' };

export function AdviceQueue(props: { readonly specialty: string; readonly advice: AdviceApi; readonly api: ApiClient; readonly canAnswer: boolean }) {
  const { specialty, advice, api, canAnswer } = props;
  const styles = useStyles();
  return (
    <>
      <WaitingList specialty={specialty} advice={advice} canAnswer={canAnswer} />
      <div className={styles.grid}>
        <OnCall specialty={specialty} api={api} />
        <Figures specialty={specialty} advice={advice} />
      </div>
    </>
  );
}

function WaitingList({ specialty, advice, canAnswer }: { readonly specialty: string; readonly advice: AdviceApi; readonly canAnswer: boolean }) {
  const { locale } = useI18n();
  const a = useAdviceTexts();
  const styles = useStyles();
  const headingId = useId();
  const [queue, setQueue] = useState<AdviceQueueDto | undefined>();
  const [error, setError] = useState<unknown>();
  const [now, setNow] = useState(() => Date.now());
  const [answering, setAnswering] = useState<string | undefined>();
  const [answerError, setAnswerError] = useState<unknown>();
  // «Svar» accepts the request (first wins) and opens it; a failure (someone else was first) is shown above the list.
  const answer = (id: string) => {
    setAnswering(id);
    setAnswerError(undefined);
    advice.accept(id).then(
      () => navigate(hrefOf({ name: 'advice-request', id })),
      (err: unknown) => {
        setAnswering(undefined);
        setAnswerError(err);
        refresh();
      },
    );
  };

  const refresh = useCallback(() => {
    advice.queue(specialty).then(
      (dto) => {
        setQueue(dto);
        setError(undefined);
        setNow(Date.now());
      },
      (err: unknown) => setError(err),
    );
  }, [advice, specialty]);

  useEffect(() => {
    setQueue(undefined);
    refresh();
    const timer = setInterval(refresh, QUEUE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <section className={styles.card} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {a.queueTitle}
      </Subtitle1>
      <Caption1 as="p" className={styles.text}>
        {a.autoRefresh}
      </Caption1>
      {error !== undefined && <ErrorState title={a.queueFailed} message={errorText(error, locale)} onRetry={refresh} retryLabel={a.retry} />}
      {answerError !== undefined && (
        <Body1 as="p" role="alert" className={styles.text}>
          {a.actionFailed}: {errorText(answerError, locale)}
        </Body1>
      )}
      {!queue && error === undefined && <Loading />}
      {queue && queue.requests.length === 0 && (
        <Body1 as="p" className={styles.text}>
          {a.queueEmpty}
        </Body1>
      )}
      {queue && queue.requests.length > 0 && (
        <div className={styles.tableWrap}>
          <Table aria-labelledby={headingId} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>#</TableHeaderCell>
                <TableHeaderCell>{a.columns.priority}</TableHeaderCell>
                <TableHeaderCell>{a.columns.waited}</TableHeaderCell>
                <TableHeaderCell>{a.columns.requester}</TableHeaderCell>
                <TableHeaderCell>{a.columns.organization}</TableHeaderCell>
                {canAnswer && <TableHeaderCell>{a.columns.action}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {queue.requests.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>{r.position}</TableCell>
                  <TableCell>
                    <Badge appearance="filled" color={PRIORITY_COLOUR[r.priority]}>
                      {a.priorities[r.priority]}
                    </Badge>
                  </TableCell>
                  <TableCell>{a.waited(Math.max(0, Math.floor((now - Date.parse(r.createdAt)) / 60_000)))}</TableCell>
                  <TableCell>
                    <AppLink to={{ name: 'advice-request', id: r.id }}>{r.requester.name}</AppLink>
                  </TableCell>
                  <TableCell>{r.requester.organization}</TableCell>
                  {canAnswer && (
                    <TableCell>
                      <Button
                        appearance="primary"
                        size="small"
                        aria-label={a.answerRow(r.requester.name)}
                        disabled={answering !== undefined}
                        onClick={() => answer(r.id)}
                      >
                        {a.accept}
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

function OnCall({ specialty, api }: { readonly specialty: string; readonly api: ApiClient }) {
  const { locale } = useI18n();
  const a = useAdviceTexts();
  const r = useRosterTexts();
  const styles = useStyles();
  const headingId = useId();
  const [onCall, reload] = useResource<OnCallDto>(() => rostersApi(api).onCall(specialty), `on-call:${specialty}`);
  return (
    <Card className={styles.card} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {a.onCallTitle}
      </Subtitle1>
      {onCall.status === 'loading' && <Loading />}
      {onCall.status === 'error' && <ErrorState title={a.actionFailed} message={errorText(onCall.error, locale)} onRetry={reload} retryLabel={a.retry} />}
      {onCall.status === 'ready' && (
        <ul className={styles.list}>
          {onCall.value.chain.map((level) => (
            <li key={level.level}>
              {r.levels[level.level]}: {level.people.length > 0 ? level.people.map((p) => p.personName).join(', ') : a.nobody}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Figures({ specialty, advice }: { readonly specialty: string; readonly advice: AdviceApi }) {
  const { locale } = useI18n();
  const a = useAdviceTexts();
  const styles = useStyles();
  const headingId = useId();
  const [stats, reload] = useResource<AdviceStatsDto>(() => advice.stats(specialty), `stats:${specialty}`);
  const share = (v: number | null) => (v === null ? a.none : `${Math.round(v * 100)} %`);
  const secs = (v: number | null) => (v === null ? a.none : a.seconds(Math.round(v)));
  return (
    <Card className={styles.card} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {a.statsTitle}
      </Subtitle1>
      {stats.status === 'loading' && <Loading />}
      {stats.status === 'error' && <ErrorState title={a.actionFailed} message={errorText(stats.error, locale)} onRetry={reload} retryLabel={a.retry} />}
      {stats.status === 'ready' && (
        <ul className={styles.list} data-testid="advice-stats">
          <li>
            {a.stats.requests}: {stats.value.requests}
          </li>
          <li>
            {a.stats.median}: {secs(stats.value.medianTimeToAnswerSeconds)}
          </li>
          <li>
            {a.stats.p90}: {secs(stats.value.p90TimeToAnswerSeconds)}
          </li>
          <li>
            {a.stats.withinTarget(Math.round(stats.value.targetSeconds / 60))}: {share(stats.value.answeredWithinTargetShare)}
          </li>
          <li>
            {a.stats.escalated}: {share(stats.value.escalatedShare)}
          </li>
          <li>
            {a.stats.abandoned}: {share(stats.value.abandonedShare)}
          </li>
        </ul>
      )}
    </Card>
  );
}
