/**
 * Adaptive Cards (schema 1.5, which Teams desktop, web and mobile render) built from the
 * message catalogue. Plain JSON so tests can assert on it and the notifier can reuse the shape.
 */
import { COMMAND_IDS, type Messages } from './messages';

export type AdaptiveCard = Record<string, unknown>;

const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** The Samrom tab as a web page; Teams opens it in the browser or the tab. */
export function appUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/app/`;
}

function card(body: readonly unknown[], actions: readonly unknown[], fallbackText: string): AdaptiveCard {
  return { type: 'AdaptiveCard', $schema: ADAPTIVE_CARD_SCHEMA, version: '1.5', fallbackText, body, actions };
}

function openAppAction(messages: Messages, publicBaseUrl: string): Record<string, unknown> {
  return { type: 'Action.OpenUrl', title: messages.openApp, url: appUrl(publicBaseUrl) };
}

export function welcomeCard(messages: Messages, publicBaseUrl: string): AdaptiveCard {
  return card(
    [
      { type: 'TextBlock', text: messages.welcomeTitle, size: 'Large', weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: messages.welcomeBody, wrap: true },
      { type: 'TextBlock', text: messages.welcomeHint, wrap: true },
    ],
    [openAppAction(messages, publicBaseUrl)],
    `${messages.welcomeTitle}. ${messages.welcomeHint}`,
  );
}

/**
 * The one answer to «hjelp», to anything not understood and to commands not built yet, so a
 * user never hits a dead end. Every command is marked «kommer snart» until the chat flow exists.
 */
export function helpCard(messages: Messages, publicBaseUrl: string, notice?: string): AdaptiveCard {
  const commands = COMMAND_IDS.map((id) => messages.commands[id]);
  return card(
    [
      ...(notice ? [{ type: 'TextBlock', text: notice, wrap: true, color: 'Accent' }] : []),
      { type: 'TextBlock', text: messages.helpTitle, size: 'Medium', weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: messages.helpIntro, wrap: true },
      {
        type: 'FactSet',
        facts: commands.map((c) => ({ title: c.keyword, value: `${c.description} (${messages.comingSoonTag})` })),
      },
    ],
    [openAppAction(messages, publicBaseUrl)],
    messages.helpFallback,
  );
}
