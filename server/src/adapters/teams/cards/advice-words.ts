/**
 * The advice cards' shared words and card parts: priorities in text with their colour, specialty
 * names (never ids), the requester as a card names them, and the Adaptive Card frame.
 */
import type { NoticeRequester } from '../../../core/advice/teams-notices';
import type { AdvicePriority } from '../../../shared/advice-terms';
import { ADVICE_PRIORITY_COLOURS, ADVICE_PRIORITY_LABELS, type Bilingual, specialtyName } from '../../../shared/texts';

/** A priority in a sentence, `haster (gul)`; akutt stands out in capitals in Norwegian, `AKUTT (rød)`. */
function inText(p: AdvicePriority, locale: 'nb' | 'en'): string {
  const label = ADVICE_PRIORITY_LABELS[p][locale];
  const word = p === 'akutt' && locale === 'nb' ? label.toLocaleUpperCase('nb') : label.toLocaleLowerCase(locale);
  return `${word} (${ADVICE_PRIORITY_COLOURS[p][locale]})`;
}

/** The priority in a card's text, and its card colour. */
export const PRIORITY_LABEL: Readonly<Record<AdvicePriority, Bilingual & { color: string }>> = {
  akutt: { nb: inText('akutt', 'nb'), en: inText('akutt', 'en'), color: 'Attention' },
  haster: { nb: inText('haster', 'nb'), en: inText('haster', 'en'), color: 'Warning' },
  vanlig: { nb: inText('vanlig', 'nb'), en: inText('vanlig', 'en'), color: 'Good' },
};

export const specialtyIn = (id: string): Bilingual => ({ nb: specialtyName(id, 'nb'), en: specialtyName(id, 'en') });

export const requesterText = (requester: NoticeRequester | null): string => (requester ? `${requester.name}, ${requester.organization}` : 'ukjent / unknown');

/** An Adaptive Card 1.5 with this body and these actions. */
export function adaptiveCard(body: readonly Record<string, unknown>[], actions: readonly Record<string, unknown>[] = []): Record<string, unknown> {
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, actions };
}

export const openRequestAction = (url: string, title = 'Åpne forespørselen / Open the request') => ({ type: 'Action.OpenUrl', title, url });
