/**
 * Every text the bot shows, Norwegian bokmål first and English second. Messages carry no
 * clinical text and no national ids (see DESIGN.md, "Data and privacy rules"), and never echo
 * what the user wrote: a user might paste a fødselsnummer into the chat.
 */
export type Language = 'nb' | 'en';

/** The commands the help card lists, in the order shown. */
export const COMMAND_IDS = ['book', 'akutt', 'konferer', 'mineVakter', 'status'] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

export interface CommandText {
  /** What the user writes; the same word in both languages so colleagues can share tips. */
  readonly keyword: string;
  readonly description: string;
}

export interface Messages {
  readonly welcomeTitle: string;
  readonly welcomeBody: string;
  readonly welcomeHint: string;
  readonly helpTitle: string;
  readonly helpIntro: string;
  readonly notUnderstood: string;
  readonly comingSoon: (keyword: string) => string;
  readonly comingSoonTag: string;
  readonly openApp: string;
  readonly helpFallback: string;
  readonly apology: string;
  readonly commands: Readonly<Record<CommandId, CommandText>>;
}

const nb: Messages = {
  welcomeTitle: 'Velkommen til Samrom',
  welcomeBody: 'Samrom samler tverrfaglige videomøter, akuttvideo med AMK og konfereringstelefonen for helsefellesskapet.',
  welcomeHint: 'Skriv «hjelp» for å se hva du kan gjøre her.',
  helpTitle: 'Dette kan du gjøre i Samrom',
  helpIntro: 'Skriv en av kommandoene:',
  notUnderstood: 'Jeg forstod ikke det. Her er det du kan gjøre:',
  comingSoon: (keyword) => `«${keyword}» kommer snart i chatten. Bruk Samrom-fanen inntil videre.`,
  comingSoonTag: 'kommer snart',
  openApp: 'Åpne Samrom',
  helpFallback: 'Samrom: book samtale, akutt, konferer, mine vakter, status. Skriv «hjelp» for mer.',
  apology: 'Beklager, noe gikk galt hos oss. Prøv igjen om litt.',
  commands: {
    book: { keyword: 'book samtale', description: 'Book et tverrfaglig videomøte' },
    akutt: { keyword: 'akutt', description: 'Start akuttvideo med AMK' },
    konferer: { keyword: 'konferer', description: 'Be om råd fra vakthavende (konfereringstelefon)' },
    mineVakter: { keyword: 'mine vakter', description: 'Se vaktene dine' },
    status: { keyword: 'status', description: 'Se status for forespørslene dine' },
  },
};

const en: Messages = {
  welcomeTitle: 'Welcome to Samrom',
  welcomeBody: 'Samrom brings interdisciplinary video meetings, emergency video with AMK and the advice line together for the health community.',
  welcomeHint: 'Write «help» to see what you can do here.',
  helpTitle: 'What you can do in Samrom',
  helpIntro: 'Write one of the commands:',
  notUnderstood: "I didn't understand that. Here is what you can do:",
  comingSoon: (keyword) => `«${keyword}» is coming soon in the chat. Use the Samrom tab for now.`,
  comingSoonTag: 'coming soon',
  openApp: 'Open Samrom',
  helpFallback: 'Samrom: book samtale, akutt, konferer, mine vakter, status. Write «help» for more.',
  apology: 'Sorry, something went wrong on our side. Please try again shortly.',
  commands: {
    book: { keyword: 'book samtale', description: 'Book an interdisciplinary video meeting' },
    akutt: { keyword: 'akutt', description: 'Start an emergency video call with AMK' },
    konferer: { keyword: 'konferer', description: 'Ask the doctor on call for advice (advice line)' },
    mineVakter: { keyword: 'mine vakter', description: 'See your on-call shifts' },
    status: { keyword: 'status', description: 'See the status of your requests' },
  },
};

const catalogue: Readonly<Record<Language, Messages>> = { nb, en };

/** English only when the client asks for it; everyone else gets bokmål. */
export function languageFor(locale: string | undefined | null): Language {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'nb';
}

export function messagesFor(locale: string | undefined | null): Messages {
  return catalogue[languageFor(locale)];
}
