/**
 * Every text the tabs show, Norwegian bokmål first and English second. The English catalogue
 * must have exactly the Norwegian one's shape (the type checks it), so nothing is missing.
 */
import { createContext, useContext } from 'react';
import type { ROLE_VALUES } from '../../server/src/contracts/api';
import { type Locale, pickLocale } from '../../server/src/contracts/messages';

export type { Locale };
export type Role = (typeof ROLE_VALUES)[number];
export type Section = 'home' | 'consultations' | 'emergency' | 'amk' | 'advice' | 'roster' | 'admin';

interface SectionText {
  readonly name: string;
  readonly description: string;
  /** Who the screen is for, completing "Denne siden er laget for …". */
  readonly audience: string;
}

const nb = {
  appName: 'Samrom',
  loading: 'Laster …',
  retry: 'Prøv igjen',
  skipToContent: 'Hopp til innholdet',
  mainNav: 'Hovedmeny',
  signOut: 'Logg ut',
  signedInAs: (name: string) => `Logget inn som ${name}`,
  whatYouCanDoNow: 'Slik gjør du nå',
  goHome: 'Gå til forsiden',
  roles: {
    coordinator: 'Koordinator',
    specialist: 'Spesialist',
    gp: 'Fastlege',
    legevakt: 'Legevakt',
    amk: 'AMK-operatør',
    municipality: 'Kommunehelsetjenesten',
    admin: 'Administrator',
  } satisfies Record<Role, string>,
  roleGroups: {
    coordinator: 'Koordinatorer',
    specialist: 'Spesialister',
    gp: 'Fastleger',
    legevakt: 'Legevakt',
    amk: 'AMK',
    municipality: 'Kommunehelsetjenesten',
    admin: 'Administratorer',
  } satisfies Record<Role, string>,
  sections: {
    home: { name: 'Hjem', description: 'Oversikt over hvem du er og hva du kan gjøre i Samrom.', audience: 'alle' },
    consultations: {
      name: 'Samtaler',
      description: 'Tverrfaglige videomøter med pasient, pårørende, kommune, fastlege og sykehus.',
      audience: 'koordinatorer og klinikere',
    },
    emergency: { name: 'Akutt', description: 'Start akuttvideo med AMK i ett steg.', audience: 'leger på legevakt' },
    amk: {
      name: 'AMK-konsoll',
      description: 'Ta imot akuttvideo fra legevakt, og send videolenke på SMS til den som ringer 113.',
      audience: 'AMK-operatører',
    },
    advice: {
      name: 'Konfereringskø',
      description: 'Be om råd fra vakthavende spesialist, eller svar på forespørsler i ditt fagområde.',
      audience: 'fastleger, legevakt og spesialister',
    },
    roster: {
      name: 'Vaktplan',
      description: 'Hvem som har vakt og bakvakt i hvert fagområde.',
      audience: 'koordinatorer, administratorer og spesialister',
    },
    admin: { name: 'Admin', description: 'Personer og roller i Samrom.', audience: 'administratorer' },
  } satisfies Record<Section, SectionText>,
  notForYou: {
    title: 'Denne siden er ikke for rollen din',
    body: (audience: string, roles: string) =>
      `Siden er laget for ${audience}. Du er registrert som ${roles}. Trenger du tilgang, kontakt en administrator i Samrom.`,
  },
  home: {
    greeting: (name: string) => `Hei, ${name}`,
    yourRoles: 'Dine roller',
    yourSections: 'Dette kan du gjøre i Samrom',
    otherSections: 'Andre deler av Samrom',
    otherSectionsIntro: 'Disse delene er laget for andre roller. Du kan se dem, men de er ikke beregnet på deg.',
    botHint: 'Du kan også bruke Samrom-boten i Teams: skriv «hjelp» i chatten med Samrom.',
  },
  consultations: {
    title: 'Mine samtaler',
    calendarTitle: 'Koordinators kalender',
    detailTitle: 'Samtale',
    backToList: 'Til Mine samtaler',
  },
  amk: {
    title: 'AMK-konsoll',
    emptyTitle: 'Ingen innkommende akuttvideo',
  },
  advice: {
    title: 'Konfereringskø',
    titleFor: (specialty: string) => `Konfereringskø – ${specialty}`,
  },
  roster: {
    title: 'Vaktplan',
  },
  admin: {
    title: 'Personer i Samrom',
    search: 'Søk etter navn, organisasjon, rolle eller fagområde',
    count: (shown: number, total: number) => (shown === total ? `${total} personer` : `${shown} av ${total} personer`),
    name: 'Navn',
    roles: 'Roller',
    organization: 'Organisasjon',
    specialty: 'Fagområde',
    teams: 'Teams-konto',
    linked: 'Koblet',
    notLinked: 'Ikke koblet',
    loading: 'Henter personer …',
    emptyTitle: 'Ingen personer i katalogen',
    emptyBody: 'Legg inn personer med POST /api/admin/directory, så vises de her.',
    noMatch: (q: string) => `Ingen treff på «${q}».`,
    failed: 'Kunne ikke hente personene',
    adminsOnlyTitle: 'Katalogen er bare for administratorer',
    adminsOnlyBody: 'Her ser administratorer alle personer i Samrom, med roller, organisasjon, fagområde og om Teams-kontoen er koblet.',
    adminsOnlyNow: 'Mangler du en rolle, eller er noe feil om deg? Kontakt en administrator i Samrom.',
  },
  tabConfig: {
    title: 'Legg til Samrom som fane',
    intro: 'Velg hva fanen skal vise. Trykk Lagre for å legge den til.',
    choice: 'Fanen viser',
    advice: 'Konfereringskø for et fagområde',
    amk: 'AMK-konsoll',
    calendar: 'Koordinators kalender',
    specialty: 'Fagområde',
    chooseSpecialty: 'Velg fagområde',
    outsideTeamsTitle: 'Denne siden brukes i Teams',
    outsideTeamsBody:
      'Her velger du innholdet når du legger Samrom til som fane i en kanal eller chat i Microsoft Teams. Utenfor Teams har den ingen funksjon.',
  },
  notFound: {
    title: 'Fant ikke siden',
    body: (path: string) => `Adressen ${path} finnes ikke i Samrom. Den kan være skrevet feil, eller lenken kan være gammel.`,
  },
  signIn: {
    title: 'Logg inn i Samrom',
    devBadge: 'Utviklingsmodus',
    intro: 'Dette er en testinstallasjon med oppdiktede personer. Velg hvem du vil logge inn som. I Teams blir du logget inn automatisk med jobbkontoen din.',
    search: 'Søk etter navn, organisasjon eller rolle',
    loadingPeople: 'Henter testpersoner …',
    peopleFailed: 'Kunne ikke hente testpersonene',
    noMatch: (q: string) => `Ingen treff på «${q}».`,
    signInAs: (name: string, organization: string) => `Logg inn som ${name}, ${organization}`,
    signingIn: 'Logger inn …',
    failed: 'Innloggingen mislyktes',
    sessionExpired: 'Økten din er utløpt. Logg inn igjen.',
  },
  openInTeams: {
    title: 'Åpne Samrom i Microsoft Teams',
    body: 'Samrom brukes fra Microsoft Teams, der du blir logget inn automatisk med jobbkontoen din.',
    link: 'Åpne Samrom i Teams',
    noLink: 'Finn Samrom under Apper i Teams, eller be IT-avdelingen om å legge den til.',
    guestsTitle: 'Pasient, pårørende eller kommune uten Teams?',
    guestsBody: 'Bruk den personlige lenken du fikk på SMS eller e-post. Den gjelder bare for deg og åpner samtalen direkte.',
  },
  teams: {
    signInFailedTitle: 'Kunne ikke logge deg inn via Teams',
    signInFailedBody: 'Lukk fanen og åpne den igjen. Hjelper ikke det, kontakt brukerstøtte.',
  },
  errors: {
    title: 'Noe gikk galt',
    network: 'Får ikke kontakt med Samrom. Sjekk nettverket og prøv igjen.',
    unexpected: 'Noe gikk galt. Prøv igjen, eller kontakt brukerstøtte.',
    screenFailed: 'Denne delen av Samrom kunne ikke lastes. Last siden på nytt.',
    reload: 'Last siden på nytt',
  },
  specialties: {
    indremedisin: 'Indremedisin',
    kardiologi: 'Kardiologi',
    geriatri: 'Geriatri',
    lungemedisin: 'Lungemedisin',
    nevrologi: 'Nevrologi',
    gastroenterologi: 'Gastroenterologi',
    infeksjonsmedisin: 'Infeksjonsmedisin',
    onkologi: 'Onkologi',
    kirurgi: 'Kirurgi',
    ortopedi: 'Ortopedi',
    'gynekologi-og-fodsel': 'Gynekologi og fødsel',
    barnemedisin: 'Barnemedisin',
    psykiatri: 'Psykiatri',
    'barne-og-ungdomspsykiatri': 'Barne- og ungdomspsykiatri',
    'rus-og-avhengighet': 'Rus og avhengighet (TSB)',
  } as Record<string, string>,
};

export type Messages = typeof nb;

const en: Messages = {
  appName: 'Samrom',
  loading: 'Loading …',
  retry: 'Try again',
  skipToContent: 'Skip to content',
  mainNav: 'Main menu',
  signOut: 'Sign out',
  signedInAs: (name) => `Signed in as ${name}`,
  whatYouCanDoNow: 'What to do now',
  goHome: 'Go to the start page',
  roles: {
    coordinator: 'Coordinator',
    specialist: 'Specialist',
    gp: 'GP',
    legevakt: 'Out-of-hours clinic',
    amk: 'AMK operator',
    municipality: 'Municipal health services',
    admin: 'Administrator',
  },
  roleGroups: {
    coordinator: 'Coordinators',
    specialist: 'Specialists',
    gp: 'GPs',
    legevakt: 'Out-of-hours clinic',
    amk: 'AMK',
    municipality: 'Municipal health services',
    admin: 'Administrators',
  },
  sections: {
    home: { name: 'Home', description: 'Who you are and what you can do in Samrom.', audience: 'everyone' },
    consultations: {
      name: 'Meetings',
      description: 'Interdisciplinary video meetings with the patient, relatives, municipality, GP and hospital.',
      audience: 'coordinators and clinicians',
    },
    emergency: { name: 'Emergency', description: 'Start an emergency video call with AMK in one step.', audience: 'out-of-hours doctors' },
    amk: {
      name: 'AMK console',
      description: 'Take emergency video calls from out-of-hours clinics and text a video link to 113 callers.',
      audience: 'AMK operators',
    },
    advice: {
      name: 'Consultation queue',
      description: 'Ask the on-call specialist for advice, or answer requests in your specialty.',
      audience: 'GPs, out-of-hours clinics and specialists',
    },
    roster: { name: 'On-call roster', description: 'Who is on call and backup in each specialty.', audience: 'coordinators, administrators and specialists' },
    admin: { name: 'Admin', description: 'People and roles in Samrom.', audience: 'administrators' },
  },
  notForYou: {
    title: 'This page is not for your role',
    body: (audience, roles) => `This page is made for ${audience}. You are registered as ${roles}. If you need access, contact a Samrom administrator.`,
  },
  home: {
    greeting: (name) => `Hello, ${name}`,
    yourRoles: 'Your roles',
    yourSections: 'What you can do in Samrom',
    otherSections: 'Other parts of Samrom',
    otherSectionsIntro: 'These parts are made for other roles. You can look, but they are not meant for you.',
    botHint: 'You can also use the Samrom bot in Teams: type “help” in the chat with Samrom.',
  },
  consultations: {
    title: 'My meetings',
    calendarTitle: 'Coordinator calendar',
    detailTitle: 'Meeting',
    backToList: 'To My meetings',
  },
  amk: {
    title: 'AMK console',
    emptyTitle: 'No incoming emergency video',
  },
  advice: {
    title: 'Consultation queue',
    titleFor: (specialty) => `Consultation queue – ${specialty}`,
  },
  roster: {
    title: 'On-call roster',
  },
  admin: {
    title: 'People in Samrom',
    search: 'Search by name, organization, role or specialty',
    count: (shown, total) => (shown === total ? `${total} people` : `${shown} of ${total} people`),
    name: 'Name',
    roles: 'Roles',
    organization: 'Organization',
    specialty: 'Specialty',
    teams: 'Teams account',
    linked: 'Linked',
    notLinked: 'Not linked',
    loading: 'Loading people …',
    emptyTitle: 'No people in the directory',
    emptyBody: 'Add people with POST /api/admin/directory and they appear here.',
    noMatch: (q) => `No matches for “${q}”.`,
    failed: 'Could not load the people',
    adminsOnlyTitle: 'The directory is for administrators only',
    adminsOnlyBody: 'Here administrators see everyone in Samrom, with roles, organization, specialty and whether the Teams account is linked.',
    adminsOnlyNow: 'Missing a role, or is something about you wrong? Contact a Samrom administrator.',
  },
  tabConfig: {
    title: 'Add Samrom as a tab',
    intro: 'Choose what the tab shows. Press Save to add it.',
    choice: 'The tab shows',
    advice: 'Consultation queue for a specialty',
    amk: 'AMK console',
    calendar: 'Coordinator calendar',
    specialty: 'Specialty',
    chooseSpecialty: 'Choose a specialty',
    outsideTeamsTitle: 'This page is used in Teams',
    outsideTeamsBody: 'Here you choose the content when you add Samrom as a tab in a Microsoft Teams channel or chat. Outside Teams it does nothing.',
  },
  notFound: {
    title: 'Page not found',
    body: (path) => `The address ${path} does not exist in Samrom. It may be mistyped, or the link may be old.`,
  },
  signIn: {
    title: 'Sign in to Samrom',
    devBadge: 'Development mode',
    intro: 'This is a test installation with invented people. Choose who to sign in as. In Teams you are signed in automatically with your work account.',
    search: 'Search by name, organization or role',
    loadingPeople: 'Loading test people …',
    peopleFailed: 'Could not load the test people',
    noMatch: (q) => `No matches for “${q}”.`,
    signInAs: (name, organization) => `Sign in as ${name}, ${organization}`,
    signingIn: 'Signing in …',
    failed: 'Sign-in failed',
    sessionExpired: 'Your session has expired. Sign in again.',
  },
  openInTeams: {
    title: 'Open Samrom in Microsoft Teams',
    body: 'Samrom is used from Microsoft Teams, where you are signed in automatically with your work account.',
    link: 'Open Samrom in Teams',
    noLink: 'Find Samrom under Apps in Teams, or ask your IT department to add it.',
    guestsTitle: 'Patient, relative or municipal staff without Teams?',
    guestsBody: 'Use the personal link you received by text message or e-mail. It is for you only and opens the meeting directly.',
  },
  teams: {
    signInFailedTitle: 'Could not sign you in through Teams',
    signInFailedBody: 'Close the tab and open it again. If that does not help, contact support.',
  },
  errors: {
    title: 'Something went wrong',
    network: 'Cannot reach Samrom. Check the network and try again.',
    unexpected: 'Something went wrong. Try again or contact support.',
    screenFailed: 'This part of Samrom could not be loaded. Reload the page.',
    reload: 'Reload the page',
  },
  specialties: {
    indremedisin: 'Internal medicine',
    kardiologi: 'Cardiology',
    geriatri: 'Geriatrics',
    lungemedisin: 'Pulmonology',
    nevrologi: 'Neurology',
    gastroenterologi: 'Gastroenterology',
    infeksjonsmedisin: 'Infectious diseases',
    onkologi: 'Oncology',
    kirurgi: 'Surgery',
    ortopedi: 'Orthopaedics',
    'gynekologi-og-fodsel': 'Obstetrics and gynaecology',
    barnemedisin: 'Paediatrics',
    psykiatri: 'Psychiatry',
    'barne-og-ungdomspsykiatri': 'Child and adolescent psychiatry',
    'rus-og-avhengighet': 'Addiction medicine (TSB)',
  },
};

export const CATALOGUES: Readonly<Record<Locale, Messages>> = { nb, en };

/** `?lang=` wins, then the host's (Teams') locale, then the browser's languages; Norwegian otherwise. */
export function chooseLocale(input: { param?: string | null; hostLocale?: string; browserLanguages?: readonly string[] }): Locale {
  if (input.param === 'en' || input.param === 'nb') return input.param;
  if (input.hostLocale) return pickLocale(input.hostLocale);
  return pickLocale(input.browserLanguages?.join(','));
}

export function specialtyName(t: Messages, id: string): string {
  return t.specialties[id] ?? id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Role labels joined for a sentence: "koordinator og administrator". */
export function rolesText(t: Messages, locale: Locale, roles: readonly string[]): string {
  // Lower-case for the middle of a sentence, but keep acronyms such as AMK and GP.
  const labels = roles.map((r) => (r in t.roles ? t.roles[r as Role] : r)).map((label) => (/^\p{Lu}{2}/u.test(label) ? label : label.toLowerCase()));
  return new Intl.ListFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { type: 'conjunction' }).format(labels);
}

export interface I18n {
  readonly locale: Locale;
  readonly t: Messages;
}

export const I18nContext = createContext<I18n>({ locale: 'nb', t: nb });

export function useI18n(): I18n {
  return useContext(I18nContext);
}
