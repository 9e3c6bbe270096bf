/**
 * The vital signs a legevakt doctor gave, as AMK and the doctor see them on a call: each value
 * with its unit, and any parameter scoring 3 in NEWS2 flagged red in words and colour, also when
 * the set is incomplete and there is no total (the scores come from the server's one table).
 */
import { Badge, Body1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { NEWS2_PARAMETERS, RED_PARAMETER_SCORE, type ScoredParameter } from '../../../server/src/contracts/clinical';
import type { EmergencyCallSnapshotDto } from '../../../server/src/contracts/emergency';
import { type Locale, useI18n } from '../i18n';
import { useEmergencyText } from '../i18n-emergency';

const useStyles = makeStyles({
  list: { margin: 0, display: 'flex', flexWrap: 'wrap', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}` },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, fontWeight: tokens.fontWeightSemibold, display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  red: { color: tokens.colorPaletteRedForeground1 },
  note: { margin: 0 },
});

type Props = Pick<EmergencyCallSnapshotDto, 'vitals' | 'vitalScores' | 'news2Total'>;

export function VitalsSummary({ vitals, vitalScores, news2Total }: Props) {
  const styles = useStyles();
  const e = useEmergencyText();
  const { locale } = useI18n();
  if (!vitals) return <Body1 className={styles.note}>{e.vitals.none}</Body1>;
  const given = NEWS2_PARAMETERS.filter((p) => vitals[p] !== undefined && vitals[p] !== null);
  return (
    <>
      <dl className={styles.list} aria-label={e.vitals.title} data-testid="vitals">
        {given.map((p) => {
          const red = p !== 'spo2Scale' && vitalScores[p as ScoredParameter] === RED_PARAMETER_SCORE;
          return (
            <div key={p} className={styles.item} data-red={red ? 'true' : undefined}>
              <dt className={styles.term}>{e.akutt.vitals[p]}</dt>
              <dd className={mergeClasses(styles.value, red && styles.red)}>
                {shown(p, vitals[p], e, locale)}
                {red && (
                  <>
                    {' '}
                    <Badge appearance="filled" color="danger" shape="rounded">
                      {e.vitals.red}
                    </Badge>
                  </>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      {news2Total === null && <Body1 className={styles.note}>{e.vitals.incomplete}</Body1>}
    </>
  );
}

/** The label carries the unit; the value is written as the reader writes numbers (38,5 in Norwegian). */
function shown(p: (typeof NEWS2_PARAMETERS)[number], value: unknown, e: ReturnType<typeof useEmergencyText>, locale: Locale): string {
  switch (p) {
    case 'onOxygen':
      return value === true ? e.vitals.yes : e.vitals.no;
    case 'consciousness':
      return typeof value === 'string' && value in e.akutt.consciousness ? e.akutt.consciousness[value as keyof typeof e.akutt.consciousness] : String(value);
    case 'spo2Scale':
      return value === 2 ? e.akutt.vitals.scale2 : e.akutt.vitals.scale1;
    default:
      return typeof value === 'number' ? value.toLocaleString(locale === 'nb' ? 'nb-NO' : 'en-GB') : String(value);
  }
}
