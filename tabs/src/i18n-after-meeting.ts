/**
 * Texts of the after-meeting panel (attendance and summary), Norwegian bokmål first. The
 * English catalogue must have the Norwegian one's shape (the type checks it).
 */
import { isbarFieldLabels, participantRoleLabels } from '../../server/src/shared/texts';
import type { IsbarField } from '../../server/src/contracts/summary';
import { type Locale, useI18n } from './i18n';

const nb = {
  attendanceTitle: 'Oppmøte',
  attendanceCaption: 'Hvem som var med i videomøtet, og hvor lenge. Tidene er norsk tid.',
  columns: { name: 'Navn', role: 'Rolle', joined: 'Inn', left: 'Ut', minutes: 'Minutter' },
  stillInCall: 'Fortsatt i møtet',
  notPresent: 'Ikke til stede',
  noAttendance: 'Ingen har vært i videomøtet ennå.',
  downloadCsv: 'Last ned oppmøte (CSV)',
  downloading: 'Laster ned …',
  downloadHint: 'Kan brukes som dokumentasjon for takst for tverrfaglig møte. Bare koordinator og den som booket kan laste ned.',
  roles: participantRoleLabels('nb', true),
  summaryTitle: 'Referat',
  summaryIntro: 'Skriv referatet etter ISBAR. Klinikerne i møtet får en lenke i Teams, aldri selve teksten.',
  summaryReadOnly: 'Du kan lese referatet, men bare klinikere i møtet og koordinatorer kan endre det.',
  noSummary: 'Det er ikke skrevet noe referat ennå.',
  isbar: isbarFieldLabels('nb'),
  isbarHints: {
    identification: 'Hvem møtet gjaldt, og hvem som deltok',
    situation: 'Hvorfor dere møttes',
    background: 'Det viktigste fra sykehistorien',
    assessment: 'Hvordan det står til nå',
    recommendation: 'Hva dere ble enige om å anbefale',
  } satisfies Record<IsbarField, string>,
  actionsTitle: 'Avtalte tiltak',
  noActions: 'Ingen tiltak lagt til.',
  actionWhat: 'Hva',
  actionWho: 'Hvem',
  actionDue: 'Frist',
  addAction: 'Legg til tiltak',
  removeAction: (n: number) => `Fjern tiltak ${n}`,
  actionLegend: (n: number) => `Tiltak ${n}`,
  maxActions: (max: number) => `Høyst ${max} tiltak.`,
  nextMeeting: 'Neste møte',
  nextMeetingHint: 'Dato og tid, eller fritekst, f.eks. «om tre uker, samme tid»',
  save: 'Lagre referat',
  saving: 'Lagrer …',
  saved: 'Referatet er lagret. Klinikerne i møtet får en lenke i Teams.',
  notSaved: 'Referatet ble ikke lagret.',
  fixFields: 'Rett feltene som er merket, og lagre igjen.',
  lastSaved: (when: string, who: string) => `Sist lagret ${when} av ${who}`,
  unknownWriter: 'ukjent',
};

export type AfterMeetingMessages = typeof nb;

const en: AfterMeetingMessages = {
  attendanceTitle: 'Attendance',
  attendanceCaption: 'Who was in the video meeting, and for how long. Times are Norwegian time.',
  columns: { name: 'Name', role: 'Role', joined: 'Joined', left: 'Left', minutes: 'Minutes' },
  stillInCall: 'Still in the meeting',
  notPresent: 'Not present',
  noAttendance: 'Nobody has been in the video meeting yet.',
  downloadCsv: 'Download attendance (CSV)',
  downloading: 'Downloading …',
  downloadHint: 'Can serve as documentation for the interdisciplinary meeting tariff. Only the coordinator and the booker can download it.',
  roles: participantRoleLabels('en', true),
  summaryTitle: 'Summary',
  summaryIntro: 'Write the summary using ISBAR. The clinicians in the meeting get a link in Teams, never the text itself.',
  summaryReadOnly: 'You can read the summary, but only clinicians in the meeting and coordinators can change it.',
  noSummary: 'No summary has been written yet.',
  isbar: isbarFieldLabels('en'),
  isbarHints: {
    identification: 'Who the meeting was about, and who took part',
    situation: 'Why you met',
    background: 'The most important history',
    assessment: 'How things stand now',
    recommendation: 'What you agreed to recommend',
  },
  actionsTitle: 'Agreed actions',
  noActions: 'No actions added.',
  actionWhat: 'What',
  actionWho: 'Who',
  actionDue: 'Due',
  addAction: 'Add action',
  removeAction: (n) => `Remove action ${n}`,
  actionLegend: (n) => `Action ${n}`,
  maxActions: (max) => `At most ${max} actions.`,
  nextMeeting: 'Next meeting',
  nextMeetingHint: 'Date and time, or free text, e.g. “in three weeks, same time”',
  save: 'Save summary',
  saving: 'Saving …',
  saved: 'The summary is saved. The clinicians in the meeting get a link in Teams.',
  notSaved: 'The summary was not saved.',
  fixFields: 'Correct the marked fields and save again.',
  lastSaved: (when, who) => `Last saved ${when} by ${who}`,
  unknownWriter: 'unknown',
};

export const AFTER_MEETING_CATALOGUES: Readonly<Record<Locale, AfterMeetingMessages>> = { nb, en };

export function useAfterMeetingText(): { readonly locale: Locale; readonly m: AfterMeetingMessages } {
  const { locale } = useI18n();
  return { locale, m: AFTER_MEETING_CATALOGUES[locale] };
}

/** Server and contract messages come as "bokmål / English"; show the reader's half. */
export function localPart(message: string, locale: Locale): string {
  const [nbText, enText] = message.split(' / ');
  return (locale === 'en' ? enText : nbText) ?? message;
}

/** `29.03.2027, 10:00` / `29/03/2027, 10:00`, always in Europe/Oslo. */
export function osloDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { timeZone: 'Europe/Oslo', dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(iso),
  );
}
