/**
 * When the meeting is: the date, time and duration fields; the next common free times of the
 * chosen people (`POST /api/consultations/availability`, the same search the server uses), one
 * click fills the time; and, after a clash (409), who is busy and the next times everyone is
 * free, from the server's answer.
 */
import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import type { AvailabilityRequest, AvailabilityResponseDto } from '../../../../server/src/contracts/consultations';
import type { ApiClient, ApiError } from '../../api/http';
import { Loading } from '../../components/states';
import { useI18n } from '../../i18n';
import type { ConsultationTexts } from '../../i18n-consultations';
import { useResource } from '../../use-resource';
import { formatWhen } from './time';

export const DURATIONS_MINUTES = [15, 30, 45, 60, 90, 120, 180] as const;
/** How many common free times the form offers, and how far ahead it looks. */
export const COMMON_TIMES_COUNT = 5;
export const COMMON_TIMES_DAYS = 14;
const DAY_MS = 86_400_000;

const useStyles = makeStyles({
  group: { border: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, '& > *': { flex: '1 1 12rem' } },
  slots: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** A slot the coordinator can pick: ISO 8601 instants. */
export interface PickableSlot {
  readonly startsAt: string;
  readonly endsAt: string;
}

export interface WhenFieldsProps {
  readonly texts: ConsultationTexts;
  readonly date: string;
  readonly time: string;
  readonly duration: string;
  readonly onDate: (value: string) => void;
  readonly onTime: (value: string) => void;
  readonly onDuration: (value: string) => void;
  readonly startError: string | undefined;
  readonly durationError: string | undefined;
}

const validation = (message: string | undefined) => (message ? { validationMessage: message, validationState: 'error' as const } : {});

export function WhenFields({ texts: t, ...p }: WhenFieldsProps) {
  const styles = useStyles();
  return (
    <div className={styles.row}>
      <Field label={t.form.date} required {...validation(p.startError)}>
        <Input type="date" value={p.date} onChange={(_e, d) => p.onDate(d.value)} />
      </Field>
      <Field label={t.form.time} required>
        <Input type="time" value={p.time} onChange={(_e, d) => p.onTime(d.value)} />
      </Field>
      <Field label={t.form.duration} {...validation(p.durationError)}>
        <Select value={p.duration} onChange={(_e, d) => p.onDuration(d.value)}>
          {DURATIONS_MINUTES.map((n) => (
            <option key={n} value={String(n)}>
              {t.form.minutes(n)}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}

/** A row of buttons, one per slot; the one matching `chosenStart` is pressed. */
function SlotButtons(props: {
  readonly texts: ConsultationTexts;
  readonly slots: readonly PickableSlot[];
  readonly chosenStart: string | undefined;
  readonly onPick: (slot: PickableSlot) => void;
  readonly labelledBy: string;
}) {
  const styles = useStyles();
  const { locale } = useI18n();
  return (
    <ul className={styles.slots} aria-labelledby={props.labelledBy}>
      {props.slots.map((slot) => {
        const when = formatWhen(slot.startsAt, slot.endsAt, locale);
        const pressed = props.chosenStart !== undefined && new Date(props.chosenStart).getTime() === new Date(slot.startsAt).getTime();
        return (
          <li key={slot.startsAt}>
            <Button
              aria-pressed={pressed}
              appearance={pressed ? 'primary' : 'secondary'}
              aria-label={props.texts.form.pickTime(when)}
              onClick={() => props.onPick(slot)}
            >
              {when}
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

export interface CommonTimesProps {
  readonly api: ApiClient;
  readonly texts: ConsultationTexts;
  readonly personIds: readonly string[];
  readonly durationMinutes: number;
  /** The start now in the form (ISO), to mark the matching slot. */
  readonly chosenStart: string | undefined;
  readonly onPick: (slot: PickableSlot) => void;
}

export function CommonTimes({ api, texts: t, personIds, durationMinutes, chosenStart, onPick }: CommonTimesProps) {
  const styles = useStyles();
  const headingId = useId();
  const search = personIds.length > 0 ? () => findCommonTimes(api, personIds, durationMinutes) : undefined;
  const [slots] = useResource(search, `common:${personIds.join(',')}:${durationMinutes}`);
  if (personIds.length === 0) return null;
  return (
    <section className={styles.group} aria-labelledby={headingId}>
      <Subtitle2 as="h3" id={headingId}>
        {t.form.commonTimes}
      </Subtitle2>
      <Text>{t.form.commonTimesHelp}</Text>
      {slots.status === 'loading' ? (
        <Loading label={t.form.commonTimesLoading} />
      ) : slots.status === 'error' ? (
        <Text>{t.form.commonTimesFailed}</Text>
      ) : slots.value.length === 0 ? (
        <Text>{t.form.commonTimesNone}</Text>
      ) : (
        <SlotButtons texts={t} slots={slots.value} chosenStart={chosenStart} onPick={onPick} labelledBy={headingId} />
      )}
    </section>
  );
}

async function findCommonTimes(api: ApiClient, personIds: readonly string[], durationMinutes: number): Promise<PickableSlot[]> {
  const from = new Date();
  const body: AvailabilityRequest = {
    personIds: [...personIds],
    from: from.toISOString(),
    to: new Date(from.getTime() + COMMON_TIMES_DAYS * DAY_MS).toISOString(),
    durationMinutes,
    count: COMMON_TIMES_COUNT,
  };
  const answer = await api.call<AvailabilityResponseDto>('POST', '/api/consultations/availability', body);
  return answer.slots.map((s) => ({ startsAt: s.start, endsAt: s.end }));
}

export interface ClashHelpProps {
  readonly texts: ConsultationTexts;
  readonly clash: NonNullable<ApiError['clash']>;
  readonly onPick: (slot: PickableSlot) => void;
}

/** After a 409: who is busy (name and role in this meeting) and the next times everyone is free. */
export function ClashHelp({ texts: t, clash, onPick }: ClashHelpProps) {
  const nextId = useId();
  const who = (clash.busy ?? []).map((b) => `${b.name} (${t.roles[b.role as keyof ConsultationTexts['roles']] ?? b.role})`).join(', ');
  const nextFree = clash.nextFree ?? [];
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t.form.busyTitle}</MessageBarTitle>
        {who && <Text block>{t.form.busyPeople(who)}</Text>}
        <Text block id={nextId}>
          {nextFree.length > 0 ? t.form.nextFree : t.form.noNextFree}
        </Text>
        {nextFree.length > 0 && <SlotButtons texts={t} slots={nextFree} chosenStart={undefined} onPick={onPick} labelledBy={nextId} />}
      </MessageBarBody>
    </MessageBar>
  );
}
