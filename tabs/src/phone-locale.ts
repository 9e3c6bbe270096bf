import type { Locale } from '../../server/src/contracts/messages';

/** The language a page opened from a personal link starts in: English only for a browser set to English, else bokmål. */
export function phoneLocale(): Locale {
  return /^en\b/i.test(navigator.language) && !/^(nb|nn|no)\b/i.test(navigator.language) ? 'en' : 'nb';
}
