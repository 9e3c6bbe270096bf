/**
 * The Bot Framework adapter, built from `Config['bot']` (never from process.env, so tests and
 * several bots in one process stay independent).
 *
 * - `appId` unset: authentication is off. Only for development with the Agents Playground;
 *   `loadConfig` refuses that in production.
 * - `openIdMetadataUrl` set: incoming channel tokens are validated against that OpenID
 *   metadata instead of `https://login.botframework.com/v1/.well-known/openidconfiguration`.
 */
import { CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../server/src/config';
import type { BotLogger } from './logger';
import { messagesFor } from './messages';

export type BotConfig = Config['bot'];
type AuthOptions = ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0];

/** CloudAdapter plus a public entry point, so our HTTP handler owns the status codes. */
export class SamromAdapter extends CloudAdapter {
  /** Authenticates the request, then runs `logic` for the activity. Throws on bad credentials. */
  authenticateAndProcess(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** The options `ConfigurationBotFrameworkAuthentication` reads, from our config object. */
export function botAuthOptions(bot: BotConfig): AuthOptions {
  // Without an app id the SDK disables authentication; app type and password must then be
  // left out, or its SingleTenant checks throw.
  if (!bot.appId) return {};
  const credentials: AuthOptions = {
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppTenantId: bot.tenantId,
    MicrosoftAppType: bot.appType,
  };
  if (!bot.openIdMetadataUrl) return credentials;
  // Setting any endpoint switches the SDK to "parameterized" mode, where every endpoint it
  // is not given becomes undefined. So the public-cloud values are spelled out here.
  return {
    ...credentials,
    ToBotFromChannelOpenIdMetadataUrl: bot.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

/** Settings the SDK would only reject later with an assertion; named by their variables. */
export function botConfigProblems(bot: BotConfig): string[] {
  if (!bot.appId) return [];
  const problems: string[] = [];
  if (bot.appType !== 'MultiTenant' && !bot.tenantId) {
    problems.push(`MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE is ${bot.appType}`);
  }
  if (bot.appType === 'UserAssignedMSI' && bot.appPassword) {
    problems.push('MICROSOFT_APP_PASSWORD: must be unset when MICROSOFT_APP_TYPE is UserAssignedMSI');
  }
  if (bot.appType !== 'UserAssignedMSI' && !bot.appPassword) {
    problems.push(`MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_TYPE is ${bot.appType}`);
  }
  return problems;
}

export function createBotAdapter(botConfig: BotConfig, logger: BotLogger): SamromAdapter {
  const problems = botConfigProblems(botConfig);
  if (problems.length > 0) throw new Error(`invalid bot configuration:\n  - ${problems.join('\n  - ')}`);
  const adapter = new SamromAdapter(new ConfigurationBotFrameworkAuthentication(botAuthOptions(botConfig)));
  if (botConfig.appId) {
    logger.info(
      { event: 'bot.auth', auth: 'on', appType: botConfig.appType, openIdMetadata: botConfig.openIdMetadataUrl ? 'custom' : 'botframework' },
      'bot authentication on',
    );
  } else {
    logger.warn({ event: 'bot.auth', auth: 'off' }, 'bot authentication OFF (MICROSOFT_APP_ID unset): development only');
  }

  adapter.onTurnError = async (context, error) => {
    const activity = context.activity;
    // Ids and types only: activity text may hold clinical details, headers hold tokens.
    logger.error({ event: 'bot.turn_error', activityType: activity.type, channelId: activity.channelId, err: error }, 'bot turn failed');
    // Proactive turns (`event`) have no user waiting for an answer.
    if (activity.type === 'event') return;
    try {
      await context.sendActivity(messagesFor(activity.locale).apology);
    } catch (sendError) {
      logger.error({ event: 'bot.apology_failed', err: sendError }, 'could not send apology');
    }
  };
  return adapter;
}
