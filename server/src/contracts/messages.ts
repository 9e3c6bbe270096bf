/**
 * The message catalogue for API errors and shared UI text: Norwegian bokmål first, English
 * second. Browser-safe (no Node imports): the tabs use it too.
 */
export type Locale = 'nb' | 'en';

type Entry = { readonly nb: string; readonly en: string };

export const ERROR_MESSAGES = {
  validation_failed: { nb: 'Noen felt er ugyldige.', en: 'Some fields are invalid.' },
  malformed_json: { nb: 'Forespørselen er ikke gyldig JSON.', en: 'The request body is not valid JSON.' },
  payload_too_large: { nb: 'Forespørselen er for stor (maks 100 KB).', en: 'The request body is too large (max 100 KB).' },
  unauthenticated: { nb: 'Du må logge inn. Åpne Samrom i Teams og prøv igjen.', en: 'You must sign in. Open Samrom in Teams and try again.' },
  metrics_unauthenticated: {
    nb: 'Metrikkene krever et gyldig bearer-token (METRICS_TOKEN).',
    en: 'The metrics require a valid bearer token (METRICS_TOKEN).',
  },
  forbidden: { nb: 'Du har ikke tilgang til dette.', en: 'You do not have access to this.' },
  unknown_person: {
    nb: 'Brukeren din finnes ikke i Samroms katalog. Kontakt en administrator.',
    en: 'Your user is not in the Samrom directory. Contact an administrator.',
  },
  not_found: { nb: 'Fant ikke det du ba om.', en: 'Not found.' },
  conflict: { nb: 'Dette kolliderer med noe som allerede finnes.', en: 'This conflicts with something that already exists.' },
  already_answered: { nb: 'Besvart av {name}.', en: 'Answered by {name}.' },
  gone: { nb: 'Lenken er utløpt.', en: 'The link has expired.' },
  admission_not_open: {
    nb: 'Gjester kan slippes inn fra {minutes} minutter før start, {opensAtNb}.',
    en: 'Guests can be let in from {minutes} minutes before the start, {opensAtEn}.',
  },
  join_not_open: {
    nb: 'Du kan bli med fra {minutes} minutter før start, {opensAtNb}.',
    en: 'You can join from {minutes} minutes before the start, {opensAtEn}.',
  },
  unprocessable: { nb: 'Forespørselen kan ikke utføres.', en: 'The request cannot be carried out.' },
  emergency_call_empty: {
    nb: 'Fyll inn hastegrad, minst én vital parameter eller ett ISBAR-felt før du ringer AMK.',
    en: 'Give a triage colour, at least one vital sign or one ISBAR field before calling AMK.',
  },
  rate_limited: { nb: 'For mange forsøk. Vent litt og prøv igjen.', en: 'Too many attempts. Wait a little and try again.' },
  unavailable: { nb: 'Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt.', en: 'The service is temporarily unavailable. Try again shortly.' },
  internal: { nb: 'Noe gikk galt hos oss. Prøv igjen, eller kontakt brukerstøtte.', en: 'Something went wrong on our side. Try again or contact support.' },
  method_not_allowed: { nb: 'Metoden er ikke tillatt her.', en: 'Method not allowed.' },
  unsupported_media_type: { nb: 'Send JSON (Content-Type: application/json).', en: 'Send JSON (Content-Type: application/json).' },
} as const satisfies Record<string, Entry>;

export type MessageCode = keyof typeof ERROR_MESSAGES;

/** Picks `en` only when the caller prefers English over Norwegian. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'nb';
  const tags = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    if (/^(nb|no|nn)\b/.test(tag)) return 'nb';
    if (/^en\b/.test(tag)) return 'en';
  }
  return 'nb';
}

/** The catalogue text; `{name}`-style placeholders are filled from `params` (a missing one becomes empty). */
export function errorMessage(code: MessageCode, locale: Locale, params?: Readonly<Record<string, string | number>>): string {
  const text: string = ERROR_MESSAGES[code][locale];
  return params ? text.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? '')) : text;
}
