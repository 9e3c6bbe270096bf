/**
 * Renders the advice service's Teams notices: Norwegian bokmål first, English second; an Adaptive
 * Card (1.5) and a short plain-text fallback. Wording comes from the text catalogue (shared/texts.ts):
 * specialties by name, never by id; priorities with their colour in words.
 */
import type { AdviceNobodyOnCallNotice, AdviceNotice, NoticeRequester } from '../../../core/advice/teams-notices';
import type { RenderedTeamsMessage } from '../../../core/ports';
import type { AdvicePriority } from '../../../shared/advice-terms';
import { ADVICE_PRIORITY_COLOURS, ADVICE_PRIORITY_LABELS, type Bilingual, specialtyName } from '../../../shared/texts';

export function renderAdviceNotice(notice: AdviceNotice): RenderedTeamsMessage {
  switch (notice.kind) {
    case 'advice.nobody_on_call':
      return nobodyOnCall(notice);
    default:
      notice.kind satisfies never;
      throw new Error('unknown advice notice');
  }
}

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

function nobodyOnCall(n: AdviceNobodyOnCallNotice): RenderedTeamsMessage {
  const specialty = specialtyIn(n.specialty);
  const priority = PRIORITY_LABEL[n.priority];
  const who = requesterText(n.requester);
  const nb = `Ingen har vakt i ${specialty.nb} nå. En konferanse (${priority.nb}) fra ${who} venter; legen er bedt om å ringe sentralbordet på ${n.switchboardPhone}. Sett opp vakt i vaktplanen, så ringes den straks.`;
  const en = `Nobody is on call in ${specialty.en} now. A consultation request (${priority.en}) from ${who} is waiting; the doctor was asked to call the switchboard on ${n.switchboardPhone}. Add a shift to the roster and it is rung at once.`;
  return {
    text: `${nb} / ${en} ${n.link}`,
    card: adaptiveCard(
      [
        { type: 'TextBlock', text: `Ingen har vakt i ${specialty.nb} / Nobody on call in ${specialty.en}`, weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'TextBlock', text: priority.nb, color: priority.color, weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: nb, wrap: true },
        { type: 'TextBlock', text: en, wrap: true, isSubtle: true },
      ],
      [openRequestAction(n.link)],
    ),
  };
}
