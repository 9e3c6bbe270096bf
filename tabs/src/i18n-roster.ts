/**
 * Texts for the Vaktplan screen: Norwegian bokmål first, English of the same shape. Kept
 * apart from i18n.ts so this screen's texts merge without conflicts.
 */
import { useI18n } from './i18n';

const nb = {
  specialty: 'Fagområde',
  week: (from: string, to: string) => `Uke ${from}–${to}`,
  previousWeek: 'Forrige uke',
  nextWeek: 'Neste uke',
  thisWeek: 'Denne uka',
  onCallNow: 'På vakt nå',
  nobody: 'Ingen',
  levels: { 1: 'Vakthavende (nivå 1)', 2: 'Bakvakt (nivå 2)', 3: 'Overlege (nivå 3)' } as Record<1 | 2 | 3, string>,
  levelShort: { 1: 'Nivå 1', 2: 'Nivå 2', 3: 'Nivå 3' } as Record<1 | 2 | 3, string>,
  shiftsTitle: 'Vakter denne uka',
  noShifts: 'Ingen vakter denne uka.',
  person: 'Lege',
  level: 'Nivå',
  start: 'Start',
  end: 'Slutt',
  actions: 'Handlinger',
  remove: (name: string, start: string) => `Fjern vakta til ${name} ${start}`,
  removeShort: 'Fjern',
  addTitle: 'Legg til vakt',
  add: 'Legg til',
  choosePerson: 'Velg lege',
  timesNote: 'Tider er norsk tid (Europe/Oslo).',
  saved: 'Vaktplanen er lagret.',
  notSaved: 'Vaktplanen ble ikke lagret',
  gapsTitle: 'Hull i vaktplanen (ingen vakthavende) de neste 7 dagene',
  noGaps: 'Ingen hull: det er vakthavende hele tiden de neste 7 dagene.',
  gapRow: (from: string, to: string) => `${from} – ${to}`,
  gapBadge: 'Hull',
  csvTitle: 'Last opp vaktplan (CSV)',
  csvHelp:
    'Kolonner: specialty, person (id eller HPR-nummer), level, start, end (norsk tid, f.eks. 2026-10-25T08:00). Fila erstatter perioden den dekker; er én linje feil, lagres ingenting.',
  csvChoose: 'Velg CSV-fil',
  csvRefused: 'Fila ble ikke lagret',
  loading: 'Henter vaktplanen …',
  failed: 'Kunne ikke hente vaktplanen',
  readOnly: 'Bare koordinatorer og administratorer kan endre vaktplanen.',
  forbiddenTitle: 'Vaktplanen er for koordinatorer, administratorer og spesialister',
  forbiddenBody: 'Spør en koordinator hvem som har vakt.',
  otherSpecialtyTitle: (specialty: string) => `Du har ikke tilgang til vaktplanen for ${specialty}`,
  otherSpecialtyBody: (own: string | undefined) =>
    `Vaktplanen for et fag vises for fagets koordinatorer og spesialister og for administratorer. ${own ? `Ditt fag er ${own}.` : 'Du har ikke noe fag i katalogen; be en administrator legge det inn.'}`,
};

export type RosterTexts = typeof nb;

const en: RosterTexts = {
  specialty: 'Specialty',
  week: (from, to) => `Week ${from}–${to}`,
  previousWeek: 'Previous week',
  nextWeek: 'Next week',
  thisWeek: 'This week',
  onCallNow: 'On call now',
  nobody: 'Nobody',
  levels: { 1: 'On call (level 1)', 2: 'Backup (level 2)', 3: 'Consultant (level 3)' },
  levelShort: { 1: 'Level 1', 2: 'Level 2', 3: 'Level 3' },
  shiftsTitle: 'Shifts this week',
  noShifts: 'No shifts this week.',
  person: 'Doctor',
  level: 'Level',
  start: 'Start',
  end: 'End',
  actions: 'Actions',
  remove: (name, start) => `Remove ${name}'s shift ${start}`,
  removeShort: 'Remove',
  addTitle: 'Add a shift',
  add: 'Add',
  choosePerson: 'Choose a doctor',
  timesNote: 'Times are Norwegian time (Europe/Oslo).',
  saved: 'The roster is saved.',
  notSaved: 'The roster was not saved',
  gapsTitle: 'Gaps in the roster (nobody on call) in the next 7 days',
  noGaps: 'No gaps: someone is on call at all times in the next 7 days.',
  gapRow: (from, to) => `${from} – ${to}`,
  gapBadge: 'Gap',
  csvTitle: 'Upload a roster (CSV)',
  csvHelp:
    'Columns: specialty, person (id or HPR number), level, start, end (Norwegian time, e.g. 2026-10-25T08:00). The file replaces the period it covers; if one line is wrong, nothing is saved.',
  csvChoose: 'Choose a CSV file',
  csvRefused: 'The file was not saved',
  loading: 'Loading the roster …',
  failed: 'Could not load the roster',
  readOnly: 'Only coordinators and administrators can change the roster.',
  forbiddenTitle: 'The roster is for coordinators, administrators and specialists',
  forbiddenBody: 'Ask a coordinator who is on call.',
  otherSpecialtyTitle: (specialty: string) => `You do not have access to the roster for ${specialty}`,
  otherSpecialtyBody: (own: string | undefined) =>
    `A specialty's roster is shown to its coordinators and specialists and to administrators. ${own ? `Your specialty is ${own}.` : 'You have no specialty in the directory; ask an administrator to add it.'}`,
};

export const ROSTER_TEXTS = { nb, en } as const;

export function useRosterTexts(): RosterTexts {
  return ROSTER_TEXTS[useI18n().locale];
}
