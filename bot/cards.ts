/**
 * Adaptive Cards (schema 1.5, which Teams desktop, web and mobile render) built from the
 * message catalogue, out of the same pieces as the Teams notices (adapters/teams/cards/adaptive-card.ts).
 */
import { type AdaptiveCard, adaptiveCard, factSet, openUrlAction, textBlock } from '../server/src/adapters/teams/cards/adaptive-card';
import { teamsAppLink } from '../server/src/shared/deep-links';
import { COMMAND_IDS, type CommandId, type Messages } from './messages';

export type { AdaptiveCard };

/**
 * Where «Åpne Samrom» leads: inside Teams the Samrom app itself (its tabs sign in with SSO);
 * without a Teams app id (development) the tab as a web page.
 */
export function appUrl(publicBaseUrl: string, teamsAppId?: string): string {
  return teamsAppId ? teamsAppLink(teamsAppId) : `${publicBaseUrl.replace(/\/$/, '')}/app/`;
}

const openAppAction = (messages: Messages, appLink: string) => openUrlAction(messages.openApp, appLink);

/** `appLink` is what `appUrl()` returns. */
export function welcomeCard(messages: Messages, appLink: string): AdaptiveCard {
  return adaptiveCard(
    [textBlock(messages.welcomeTitle, { size: 'Large', weight: 'Bolder' }), textBlock(messages.welcomeBody), textBlock(messages.welcomeHint)],
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
  return adaptiveCard(
    [
      ...(notice ? [textBlock(notice, { color: 'Accent' })] : []),
      textBlock(messages.helpTitle, { size: 'Medium', weight: 'Bolder' }),
      textBlock(messages.helpIntro),
      factSet(commands.map((c) => ({ title: c.keyword, value: c.ready ? c.description : `${c.description} (${messages.comingSoonTag})` }))),
    ],
    [openAppAction(messages, appLink)],
    messages.helpFallback,
  );
}
