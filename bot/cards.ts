/**
 * Adaptive Cards (schema 1.5, which Teams desktop, web and mobile render) built from the
 * message catalogue. Plain JSON so tests can assert on it and the notifier can reuse the shape.
 */
import { teamsAppLink } from '../server/src/shared/deep-links';
import { COMMAND_IDS, type CommandId, type Messages } from './messages';

export type AdaptiveCard = Record<string, unknown>;

const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/**
 * Where «Åpne Samrom» leads: inside Teams the Samrom app itself (its tabs sign in with SSO);
 * without a Teams app id (development) the tab as a web page.
 */
export function appUrl(publicBaseUrl: string, teamsAppId?: string): string {
  return teamsAppId ? teamsAppLink(teamsAppId) : `${publicBaseUrl.replace(/\/$/, '')}/app/`;
}

function card(body: readonly unknown[], actions: readonly unknown[], fallbackText: string): AdaptiveCard {
  return { type: 'AdaptiveCard', $schema: ADAPTIVE_CARD_SCHEMA, version: '1.5', fallbackText, body, actions };
}

function openAppAction(messages: Messages, appLink: string): Record<string, unknown> {
  return { type: 'Action.OpenUrl', title: messages.openApp, url: appLink };
}

/** `appLink` is what `appUrl()` returns. */
export function welcomeCard(messages: Messages, appLink: string): AdaptiveCard {
  return card(
    [
      { type: 'TextBlock', text: messages.welcomeTitle, size: 'Large', weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: messages.welcomeBody, wrap: true },
      { type: 'TextBlock', text: messages.welcomeHint, wrap: true },
    ],
    [openAppAction(messages, appLink)],
    `${messages.welcomeTitle}. ${messages.welcomeHint}`,
  );
}

/**
 * The one answer to «hjelp», to anything not understood and to commands not built yet, so a
 * user never hits a dead end. Commands not in `available` are marked «kommer snart».
 */
export function helpCard(messages: Messages, appLink: string, notice?: string, available: readonly CommandId[] = []): AdaptiveCard {
  const commands = COMMAND_IDS.map((id) => ({ ...messages.commands[id], ready: available.includes(id) }));
  return card(
    [
      ...(notice ? [{ type: 'TextBlock', text: notice, wrap: true, color: 'Accent' }] : []),
      { type: 'TextBlock', text: messages.helpTitle, size: 'Medium', weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: messages.helpIntro, wrap: true },
      {
        type: 'FactSet',
        facts: commands.map((c) => ({ title: c.keyword, value: c.ready ? c.description : `${c.description} (${messages.comingSoonTag})` })),
      },
    ],
    [openAppAction(messages, appLink)],
    messages.helpFallback,
  );
}
