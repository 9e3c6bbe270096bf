/**
 * `/app/config`: the configurable tab's configuration page. Inside Teams the user picks what
 * the channel or chat tab shows and Teams' Save button stores it; outside Teams the page says
 * what it is for.
 */
import { Body1, Field, Radio, RadioGroup, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { StandalonePage } from '../components/standalone';
import { type Messages, useI18n } from '../i18n';
import { AppLink } from '../router';
import { type Route, hrefOf } from '../routes';
import type { TabConfigChoice, TeamsHost } from '../teams';

type Kind = 'advice' | 'amk' | 'calendar';

const useStyles = makeStyles({
  text: { margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '28rem' },
});

/** What Save stores for a choice; `undefined` while it is incomplete. */
export function tabChoice(t: Messages, origin: string, kind: Kind | undefined, specialty: string): TabConfigChoice | undefined {
  const choice = (entityId: string, route: Route, suggestedDisplayName: string): TabConfigChoice => ({
    entityId,
    contentUrl: `${origin}${hrefOf(route)}`,
    suggestedDisplayName,
  });
  switch (kind) {
    case undefined:
      return undefined;
    case 'advice':
      if (!specialty) return undefined;
      return choice(`konferer-${specialty}`, { name: 'advice', specialty }, t.advice.titleFor(t.specialties[specialty] ?? specialty));
    case 'amk':
      return choice('amk', { name: 'amk' }, t.amk.title);
    case 'calendar':
      return choice('kalender', { name: 'consultations', view: 'calendar' }, t.consultations.calendarTitle);
    default:
      return kind satisfies never;
  }
}

export default function TabConfig({ host }: { readonly host: TeamsHost | undefined }) {
  const { t } = useI18n();
  const styles = useStyles();
  if (!host) {
    return (
      <StandalonePage title={t.tabConfig.outsideTeamsTitle}>
        <Body1 as="p" className={styles.text}>
          {t.tabConfig.outsideTeamsBody}
        </Body1>
        <Body1 as="p" className={styles.text}>
          <AppLink to={{ name: 'home' }}>{t.goHome}</AppLink>
        </Body1>
      </StandalonePage>
    );
  }
  return <TeamsTabConfig host={host} />;
}

function TeamsTabConfig({ host }: { readonly host: TeamsHost }) {
  const { t } = useI18n();
  const styles = useStyles();
  const [kind, setKind] = useState<Kind>();
  const [specialty, setSpecialty] = useState('');

  useEffect(() => {
    host.setTabConfig(tabChoice(t, window.location.origin, kind, specialty));
  }, [host, t, kind, specialty]);

  return (
    <StandalonePage title={t.tabConfig.title}>
      <Body1 as="p" className={styles.text}>
        {t.tabConfig.intro}
      </Body1>
      <div className={styles.form}>
        <Field label={t.tabConfig.choice}>
          <RadioGroup value={kind ?? ''} onChange={(_e, data) => setKind(data.value as Kind)}>
            <Radio value="advice" label={t.tabConfig.advice} />
            <Radio value="amk" label={t.tabConfig.amk} />
            <Radio value="calendar" label={t.tabConfig.calendar} />
          </RadioGroup>
        </Field>
        {kind === 'advice' && (
          <Field label={t.tabConfig.specialty} required>
            <Select value={specialty} onChange={(_e, data) => setSpecialty(data.value)}>
              <option value="" disabled>
                {t.tabConfig.chooseSpecialty}
              </option>
              {Object.entries(t.specialties).map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </Select>
          </Field>
        )}
      </div>
    </StandalonePage>
  );
}
