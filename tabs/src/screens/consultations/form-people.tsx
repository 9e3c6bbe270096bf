/**
 * Choosing the clinicians and coordinators of a meeting: a search box that suggests people
 * from the directory (name, role, organisation) and shows each chosen one as a removable chip
 * (Fluent UI's TagPicker), instead of a wall of 55 checkboxes with only "4 valgt".
 */
import {
  Field,
  Tag,
  TagPicker,
  TagPickerControl,
  TagPickerGroup,
  TagPickerInput,
  TagPickerList,
  TagPickerOption,
  type TagPickerProps,
  Text,
  makeStyles,
  tokens,
  useTagPickerFilter,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import {
  CLINICIAN_PARTICIPANT_ROLES,
  type ClinicianDto,
  DIRECTORY_PARTICIPANT_ROLES,
  type DirectoryParticipantRole,
} from '../../../../server/src/contracts/consultations';
import { errorText } from '../../api/http';
import { Loading } from '../../components/states';
import { useI18n } from '../../i18n';
import type { ConsultationTexts } from '../../i18n-consultations';
import type { Resource } from '../../use-resource';

const NO_MATCHES = 'no-matches';

const useStyles = makeStyles({
  error: { color: tokens.colorPaletteRedForeground1 },
});

/** The role a picked person takes: a clinician role first, else coordinator. */
export function primaryRole(person: Pick<ClinicianDto, 'roles'>): DirectoryParticipantRole {
  return CLINICIAN_PARTICIPANT_ROLES.find((r) => person.roles.includes(r)) ?? person.roles[0] ?? DIRECTORY_PARTICIPANT_ROLES[0];
}

export type CliniciansState = Resource<{ people: ClinicianDto[] }>;

export interface PeoplePickerProps {
  readonly texts: ConsultationTexts;
  readonly state: CliniciansState;
  readonly chosen: readonly string[];
  readonly onChange: (chosen: readonly string[]) => void;
  readonly error: string | undefined;
}

export function PeoplePicker({ texts: t, state, chosen, onChange, error }: PeoplePickerProps) {
  const styles = useStyles();
  const { locale } = useI18n();
  const [query, setQuery] = useState('');
  const people = state.status === 'ready' ? state.value.people : [];
  const byId = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const describe = (p: ClinicianDto) => `${t.roles[primaryRole(p)]}${p.specialty ? ` (${p.specialty})` : ''}, ${p.organization}`;
  const words = query.toLocaleLowerCase('nb').split(/\s+/).filter(Boolean);
  const matches = (id: string) => {
    const p = byId.get(id);
    const text = p ? `${p.name} ${describe(p)}`.toLocaleLowerCase('nb') : '';
    return !chosen.includes(id) && words.every((w) => text.includes(w));
  };

  const onOptionSelect: TagPickerProps['onOptionSelect'] = (_e, data) => {
    if (data.value === NO_MATCHES) return;
    onChange(data.selectedOptions);
    setQuery('');
  };

  const options = useTagPickerFilter({
    query,
    options: people.map((p) => p.id),
    noOptionsElement: <TagPickerOption value={NO_MATCHES}>{t.form.noMatches}</TagPickerOption>,
    renderOption: (id) => {
      const p = byId.get(id);
      return (
        <TagPickerOption key={id} value={id} text={p?.name ?? id} secondaryContent={p ? describe(p) : undefined} data-person-id={id}>
          {p?.name ?? id}
        </TagPickerOption>
      );
    },
    filter: (id) => matches(id),
  });

  if (state.status === 'loading') return <Loading label={t.form.cliniciansLoading} />;
  if (state.status === 'error') return <Text className={styles.error}>{errorText(state.error, locale)}</Text>;

  return (
    <Field
      label={t.form.clinicians}
      hint={`${t.form.cliniciansHelp} ${t.form.chosen(chosen.length)}`}
      {...(error ? { validationMessage: error, validationState: 'error' as const } : {})}
    >
      <TagPicker onOptionSelect={onOptionSelect} selectedOptions={[...chosen]}>
        <TagPickerControl>
          <TagPickerGroup aria-label={t.form.chosenPeople}>
            {chosen.map((id) => {
              const p = byId.get(id);
              return (
                <Tag key={id} shape="rounded" value={id} secondaryText={p ? describe(p) : undefined} data-person-id={id}>
                  {p?.name ?? id}
                </Tag>
              );
            })}
          </TagPickerGroup>
          <TagPickerInput aria-label={t.form.searchClinicians} placeholder={t.form.searchClinicians} value={query} onChange={(e) => setQuery(e.target.value)} />
        </TagPickerControl>
        <TagPickerList>{options}</TagPickerList>
      </TagPicker>
    </Field>
  );
}
