/**
 * One wording per concept for what both the bot and the tabs show: the roles of a
 * consultation's participants (in lists, forms, display names in the call, notices, the
 * attendance CSV), what a meeting notice says, the advice line's priorities with their colours,
 * an emergency call's triage colours, and the ISBAR headings. Norwegian bokmål first, English available. Copies of these words drifted
 * apart («kommune» in one place, «Kommunehelsetjenesten» in another); everything reads them here.
 * Browser-safe: no imports but types.
 */
import type { AdvicePriority } from './advice-terms';
import type { MeetingNoticeKind, ParticipantRole } from './consultation-terms';
import type { Triage } from './emergency-terms';
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

/** The headline of a meeting notice (the e-mail's subject, the Teams card's title). */
export const MEETING_NOTICE_HEADLINES: Readonly<Record<MeetingNoticeKind, Bilingual>> = {
  invitation: { nb: 'Invitasjon til videomøte', en: 'Invitation to a video meeting' },
  update: { nb: 'Oppdatert invitasjon til videomøte', en: 'Updated invitation to a video meeting' },
  cancellation: { nb: 'Videomøtet er avlyst', en: 'The video meeting is cancelled' },
  reminder: { nb: 'Påminnelse om videomøte', en: 'Reminder: video meeting' },
};

/**
 * A meeting notice's sentence (SMS, e-mail, the Teams card): `when` is the meeting's Oslo time
 * as each language says it (`oslo-time.ts`: `osloSpanNb`, `osloTimeEn`).
 */
export function meetingNoticeSentence(kind: MeetingNoticeKind, when: Bilingual, role: ParticipantRole): Bilingual {
  const label = PARTICIPANT_ROLE_LABELS[role];
  switch (kind) {
    case 'invitation':
      return {
        nb: `Du er invitert til et tverrfaglig videomøte ${when.nb}, som ${label.nb}.`,
        en: `You are invited to an interdisciplinary video meeting on ${when.en}, as ${label.en}.`,
      };
    case 'update':
      return {
        // Also what someone added by the change gets, so it reads as an invitation.
        nb: `Oppdatert invitasjon: tverrfaglig videomøte ${when.nb}, som ${label.nb}. Gjelder i stedet for tidligere beskjeder.`,
        en: `Updated invitation: interdisciplinary video meeting on ${when.en}, as ${label.en}. Replaces earlier messages.`,
      };
    case 'cancellation':
      return {
        nb: `Videomøtet ${when.nb} er avlyst. Du trenger ikke gjøre noe.`,
        en: `The video meeting on ${when.en} is cancelled. You need not do anything.`,
      };
    case 'reminder':
      return {
        nb: `Påminnelse: Du har et videomøte ${when.nb}, som ${label.nb}.`,
        en: `Reminder: you have a video meeting on ${when.en}, as ${label.en}.`,
      };
    default:
      return kind satisfies never;
  }
}

/** The buttons Teams cards share. */
export const CARD_ACTION_LABELS = {
  openInSamrom: { nb: 'Åpne i Samrom', en: 'Open in Samrom' },
  join: { nb: 'Bli med', en: 'Join' },
} as const satisfies Readonly<Record<string, Bilingual>>;

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

/** An emergency call's triage colour with its meaning (Norsk indeks): the tabs, the bot's form and the AMK cards all show these. */
export const TRIAGE_LABELS: Readonly<Record<Triage, Bilingual>> = {
  rod: { nb: 'Rød – akutt', en: 'Red – acute' },
  gul: { nb: 'Gul – haster', en: 'Yellow – urgent' },
  gronn: { nb: 'Grønn – vanlig', en: 'Green – routine' },
};

/** Every triage colour's label in one language. */
export function triageLabels(locale: keyof Bilingual): Readonly<Record<Triage, string>> {
  return { rod: TRIAGE_LABELS.rod[locale], gul: TRIAGE_LABELS.gul[locale], gronn: TRIAGE_LABELS.gronn[locale] };
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

/**
 * The specialties of the advice line by their directory id (lowercase slugs): what people read
 * instead of the id, in Teams cards and the tabs alike. An id not listed reads as itself, capitalised.
 */
export const SPECIALTY_NAMES: Readonly<Record<string, Bilingual>> = {
  indremedisin: { nb: 'Indremedisin', en: 'Internal medicine' },
  kardiologi: { nb: 'Kardiologi', en: 'Cardiology' },
  geriatri: { nb: 'Geriatri', en: 'Geriatrics' },
  lungemedisin: { nb: 'Lungemedisin', en: 'Pulmonology' },
  nevrologi: { nb: 'Nevrologi', en: 'Neurology' },
  gastroenterologi: { nb: 'Gastroenterologi', en: 'Gastroenterology' },
  infeksjonsmedisin: { nb: 'Infeksjonsmedisin', en: 'Infectious diseases' },
  onkologi: { nb: 'Onkologi', en: 'Oncology' },
  kirurgi: { nb: 'Kirurgi', en: 'Surgery' },
  ortopedi: { nb: 'Ortopedi', en: 'Orthopaedics' },
  'gynekologi-og-fodsel': { nb: 'Gynekologi og fødsel', en: 'Obstetrics and gynaecology' },
  barnemedisin: { nb: 'Barnemedisin', en: 'Paediatrics' },
  psykiatri: { nb: 'Psykiatri', en: 'Psychiatry' },
  'barne-og-ungdomspsykiatri': { nb: 'Barne- og ungdomspsykiatri', en: 'Child and adolescent psychiatry' },
  'rus-og-avhengighet': { nb: 'Rus og avhengighet (TSB)', en: 'Addiction medicine (TSB)' },
};

/** A specialty's name in one language: `gynekologi-og-fodsel` → «Gynekologi og fødsel». */
export function specialtyName(id: string, locale: keyof Bilingual): string {
  return SPECIALTY_NAMES[id]?.[locale] ?? capitalised(id.replace(/-/g, ' '));
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
