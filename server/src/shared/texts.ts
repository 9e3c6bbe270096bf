/**
 * One wording per concept for what both the bot and the tabs show: the roles of a
 * consultation's participants (in lists, forms, display names in the call, notices, the
 * attendance CSV), the advice line's priorities with their colours, and the ISBAR headings. Norwegian bokmål first, English available. Copies of these words drifted
 * apart («kommune» in one place, «Kommunehelsetjenesten» in another); everything reads them here.
 * Browser-safe: no imports but types.
 */
import type { AdvicePriority } from './advice-terms';
import type { ParticipantRole } from './consultation-terms';
import type { IsbarField } from './isbar';

/** A text in both languages. */
export interface Bilingual {
  readonly nb: string;
  readonly en: string;
}

/** A participant's role in running text and in display names (`Kari Nordmann (pårørende)`): lower case. */
export const PARTICIPANT_ROLE_LABELS: Readonly<Record<ParticipantRole, Bilingual>> = {
  patient: { nb: 'pasient', en: 'patient' },
  relative: { nb: 'pårørende', en: 'relative' },
  municipality: { nb: 'kommunehelsetjenesten', en: 'municipal health services' },
  gp: { nb: 'fastlege', en: 'GP' },
  specialist: { nb: 'spesialist', en: 'specialist' },
  coordinator: { nb: 'koordinator', en: 'coordinator' },
  interpreter: { nb: 'tolk', en: 'interpreter' },
  other: { nb: 'annen deltaker', en: 'other participant' },
};

/** The text with its first letter in upper case: a label standing alone (a column, a heading). */
export const capitalised = (text: string): string => text.charAt(0).toLocaleUpperCase('nb') + text.slice(1);

/** Every participant role's label in one language, lower case or, for labels standing alone, capitalised. */
export function participantRoleLabels(locale: keyof Bilingual, capital = false): Readonly<Record<ParticipantRole, string>> {
  const out = {} as Record<ParticipantRole, string>;
  for (const [role, label] of Object.entries(PARTICIPANT_ROLE_LABELS) as [ParticipantRole, Bilingual][])
    out[role] = capital ? capitalised(label[locale]) : label[locale];
  return out;
}

/** An advice request's priority (hastegrad), as a label standing alone. */
export const ADVICE_PRIORITY_LABELS: Readonly<Record<AdvicePriority, Bilingual>> = {
  akutt: { nb: 'Akutt', en: 'Acute' },
  haster: { nb: 'Haster', en: 'Urgent' },
  vanlig: { nb: 'Vanlig', en: 'Routine' },
};

/** The colour each priority is shown in (rød, gul, grønn), said in words beside the label. */
export const ADVICE_PRIORITY_COLOURS: Readonly<Record<AdvicePriority, Bilingual>> = {
  akutt: { nb: 'rød', en: 'red' },
  haster: { nb: 'gul', en: 'yellow' },
  vanlig: { nb: 'grønn', en: 'green' },
};

/** Every priority's label in one language; `withColour` adds the colour in words: `Haster (gul)`. */
export function advicePriorityLabels(locale: keyof Bilingual, withColour = false): Readonly<Record<AdvicePriority, string>> {
  const label = (p: AdvicePriority) => ADVICE_PRIORITY_LABELS[p][locale] + (withColour ? ` (${ADVICE_PRIORITY_COLOURS[p][locale]})` : '');
  return { akutt: label('akutt'), haster: label('haster'), vanlig: label('vanlig') };
}

/** The ISBAR headings (Identifikasjon, Situasjon, Bakgrunn, Aktuell tilstand, Råd). */
export const ISBAR_FIELD_LABELS: Readonly<Record<IsbarField, Bilingual>> = {
  identification: { nb: 'Identifikasjon', en: 'Identification' },
  situation: { nb: 'Situasjon', en: 'Situation' },
  background: { nb: 'Bakgrunn', en: 'Background' },
  assessment: { nb: 'Aktuell tilstand', en: 'Assessment' },
  recommendation: { nb: 'Råd', en: 'Recommendation' },
};

/** Every ISBAR heading in one language; `recommendation` replaces the R where it is something else (an advice request's question). */
export function isbarFieldLabels(locale: keyof Bilingual, recommendation?: string): Readonly<Record<IsbarField, string>> {
  const label = (f: IsbarField) => ISBAR_FIELD_LABELS[f][locale];
  return {
    identification: label('identification'),
    situation: label('situation'),
    background: label('background'),
    assessment: label('assessment'),
    recommendation: recommendation ?? label('recommendation'),
  };
}

/** What others see in the call: `Kari Nordmann (pårørende)`. */
export function videoDisplayName(name: string, role: ParticipantRole): string {
  return `${name} (${PARTICIPANT_ROLE_LABELS[role].nb})`;
}

// ── The lobby calls for attention (issue 15) ─────────────────────────────────────────────

/** The Teams notice to the meeting's clinicians when a guest waits in the lobby: name and role, nothing clinical. */
export const GUEST_WAITING_TEXTS = {
  headline: (name: string, role: ParticipantRole): Bilingual => ({
    nb: `${name} (${PARTICIPANT_ROLE_LABELS[role].nb}) venter`,
    en: `${name} (${PARTICIPANT_ROLE_LABELS[role].en}) is waiting`,
  }),
  meetingStarts: { nb: 'Møtet starter', en: 'The meeting starts' },
  open: { nb: 'Åpne møtet / Open the meeting', en: 'Open the meeting' },
} as const;
