/**
 * «Mine forespørsler»: the requester's own advice requests — the open ones and those of the last
 * 30 days — with the specialty's name (never its id), the priority label, the status, who
 * answered and the advice note, so a GP keeps track of what they asked and what they were told.
 */
import {
  Body1,
  Caption1,
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
import { useId } from 'react';
import type { OwnAdviceRequestDto, OwnAdviceRequestsDto } from '../../../../server/src/contracts/advice';
import { ISBAR_FIELDS } from '../../../../server/src/contracts/summary';
import type { AdviceApi } from '../../api/advice';
import { errorText } from '../../api/http';
import { ErrorState, Loading } from '../../components/states';
import { specialtyName, useI18n } from '../../i18n';
import { useAdviceTexts } from '../../i18n-advice';
import { AppLink } from '../../router';
import { useResource } from '../../use-resource';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  text: { margin: 0 },
  tableWrap: { overflowX: 'auto', backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusLarge },
  advice: { margin: 0, whiteSpace: 'pre-line' },
});

export function MyAdviceRequests({ advice }: { readonly advice: AdviceApi }) {
  const { t, locale } = useI18n();
  const a = useAdviceTexts();
  const styles = useStyles();
  const headingId = useId();
  const [mine, reload] = useResource<OwnAdviceRequestsDto>(() => advice.mine(), 'advice-mine');
  const asked = new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { timeZone: 'Europe/Oslo', dateStyle: 'short', timeStyle: 'short' });
  const adviceText = (r: OwnAdviceRequestDto) =>
    r.advice ? ISBAR_FIELDS.flatMap((f) => (r.advice?.[f] ? [`${a.isbar[f]}: ${r.advice[f]}`] : [])).join('\n') : a.none;
  return (
    <section className={styles.card} aria-labelledby={headingId} data-testid="advice-mine">
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {a.mineTitle}
      </Subtitle1>
      <Caption1 as="p" className={styles.text}>
        {a.mineIntro}
      </Caption1>
      {mine.status === 'loading' && <Loading />}
      {mine.status === 'error' && <ErrorState title={a.mineFailed} message={errorText(mine.error, locale)} onRetry={reload} retryLabel={a.retry} />}
      {mine.status === 'ready' && mine.value.requests.length === 0 && (
        <Body1 as="p" className={styles.text}>
          {a.mineEmpty}
        </Body1>
      )}
      {mine.status === 'ready' && mine.value.requests.length > 0 && (
        <div className={styles.tableWrap}>
          <Table aria-labelledby={headingId} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{a.mineColumns.asked}</TableHeaderCell>
                <TableHeaderCell>{a.mineColumns.specialty}</TableHeaderCell>
                <TableHeaderCell>{a.mineColumns.priority}</TableHeaderCell>
                <TableHeaderCell>{a.mineColumns.status}</TableHeaderCell>
                <TableHeaderCell>{a.mineColumns.answeredBy}</TableHeaderCell>
                <TableHeaderCell>{a.mineColumns.advice}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {mine.value.requests.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <AppLink to={{ name: 'advice-request', id: r.id }}>{asked.format(new Date(r.createdAt))}</AppLink>
                  </TableCell>
                  <TableCell>{specialtyName(t, r.specialty)}</TableCell>
                  <TableCell>{a.priorities[r.priority]}</TableCell>
                  <TableCell>{a.statuses[r.status]}</TableCell>
                  <TableCell>{r.acceptedBy?.name ?? a.none}</TableCell>
                  <TableCell>
                    <p className={styles.advice}>{adviceText(r)}</p>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
