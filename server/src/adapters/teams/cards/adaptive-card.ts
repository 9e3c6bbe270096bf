/**
 * The few Adaptive Card (schema 1.5, which Teams desktop, web and mobile render) pieces every
 * Teams card is made of, in one place: the Teams notice renderers and the bot's own cards build
 * from these instead of each writing the envelope, a text block or a link button by hand.
 * Plain JSON, so tests can assert on it.
 */

export type AdaptiveCard = Record<string, unknown>;
export type CardElement = Record<string, unknown>;

export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** The card envelope; `fallbackText` is what a client that cannot render the card shows. */
export function adaptiveCard(body: readonly unknown[], actions: readonly unknown[], fallbackText?: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: '1.5',
    ...(fallbackText === undefined ? {} : { fallbackText }),
    body,
    actions,
  };
}

/** A wrapping text block; `extra` sets size, weight, colour, subtlety, spacing. */
export const textBlock = (text: string, extra: CardElement = {}): CardElement => ({ type: 'TextBlock', text, wrap: true, ...extra });

export const factSet = (facts: readonly { readonly title: string; readonly value: string }[]): CardElement => ({ type: 'FactSet', facts });

/** A button that opens a link; `style: 'positive'` for the one thing to do («Bli med», «Svar»). */
export const openUrlAction = (title: string, url: string, style?: 'positive' | 'destructive'): CardElement => ({
  type: 'Action.OpenUrl',
  title,
  url,
  ...(style ? { style } : {}),
});

/** A bilingual pair as one line: `norsk / English`. */
export const bilingual = (text: { readonly nb: string; readonly en: string }): string => `${text.nb} / ${text.en}`;
