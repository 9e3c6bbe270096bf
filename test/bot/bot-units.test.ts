/** The pure parts of the bot: command matching, language choice, auth options, conversation records. */
import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { botAuthOptions, botConfigProblems, type BotConfig } from '../../bot/adapter';
import { appUrl, helpCard } from '../../bot/cards';
import { parseCommand } from '../../bot/commands';
import { languageFor, messagesFor } from '../../bot/messages';
import { conversationRecordFrom } from '../../bot/samrom-bot';

const AUTH_ON: BotConfig = { appId: 'app-1', appPassword: 'pw', tenantId: 'tenant-1', appType: 'SingleTenant', openIdMetadataUrl: undefined };

describe('command matching', () => {
  it.each([
    ['hjelp', { kind: 'help' }],
    ['  HJELP! ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['<at>Samrom</at> book samtale', { kind: 'command', id: 'book' }],
    ['Book  Samtale.', { kind: 'command', id: 'book' }],
    ['akutt', { kind: 'command', id: 'akutt' }],
    ['konferer', { kind: 'command', id: 'konferer' }],
    ['mine vakter', { kind: 'command', id: 'mineVakter' }],
    ['status?', { kind: 'command', id: 'status' }],
    ['hei', { kind: 'unknown' }],
    ['', { kind: 'unknown' }],
    [undefined, { kind: 'unknown' }],
  ])('%j → %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe('language', () => {
  it.each([
    ['en-US', 'en'],
    ['EN', 'en'],
    ['nb-NO', 'nb'],
    ['nn-NO', 'nb'],
    [undefined, 'nb'],
  ] as const)('%s → %s', (locale, language) => {
    expect(languageFor(locale)).toBe(language);
  });

  it('no message contains a digit run that could be a national id', () => {
    for (const locale of ['nb', 'en']) {
      expect(JSON.stringify(helpCard(messagesFor(locale), 'https://x.test'))).not.toMatch(/\d{6,}/);
    }
  });
});

describe('bot auth options', () => {
  it('auth off without an app id', () => {
    expect(botAuthOptions({ ...AUTH_ON, appId: undefined })).toEqual({});
  });

  it('public-cloud defaults when no metadata URL is set', () => {
    expect(botAuthOptions(AUTH_ON)).toEqual({
      MicrosoftAppId: 'app-1',
      MicrosoftAppPassword: 'pw',
      MicrosoftAppTenantId: 'tenant-1',
      MicrosoftAppType: 'SingleTenant',
    });
  });

  it('a metadata URL overrides only where channel tokens are checked', () => {
    expect(botAuthOptions({ ...AUTH_ON, openIdMetadataUrl: 'http://127.0.0.1:9/oidc' })).toMatchObject({
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/oidc',
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      CallerId: 'urn:botframework:azure',
    });
  });

  it('names the variables the SDK would otherwise reject with an assertion', () => {
    expect(botConfigProblems({ ...AUTH_ON, tenantId: undefined, appPassword: undefined })).toEqual([
      'MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE is SingleTenant',
      'MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_TYPE is SingleTenant',
    ]);
    expect(botConfigProblems({ ...AUTH_ON, appType: 'MultiTenant', tenantId: undefined })).toEqual([]);
  });
});

describe('conversation records', () => {
  const activity = {
    type: 'message',
    id: 'msg-1',
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/emea/',
    from: { id: '29:u', name: 'Kari', aadObjectId: 'aad-1' },
    recipient: { id: '28:bot', name: 'Samrom' },
    conversation: { id: 'a:1', conversationType: 'personal', isGroup: false, name: '' },
    channelData: { tenant: { id: 'tenant-from-channel-data' } },
  } as unknown as Activity;

  it('takes the tenant from channelData when the conversation has none, and drops the activity id', () => {
    const record = conversationRecordFrom(activity, 'person-1');
    expect(record).toMatchObject({ conversationId: 'a:1', personId: 'person-1', aadObjectId: 'aad-1', tenantId: 'tenant-from-channel-data' });
    expect(record.reference).not.toHaveProperty('activityId');
  });

  it('group chats belong to no single person', () => {
    const group = { ...activity, conversation: { ...activity.conversation, conversationType: 'groupChat', isGroup: true } } as Activity;
    expect(conversationRecordFrom(group, 'person-1')).toMatchObject({ personId: null, aadObjectId: null });
  });
});

describe('where «Open Samrom» leads', () => {
  it('opens the Samrom app inside Teams when the Teams app id is known, else the web tab', () => {
    expect(appUrl('https://samrom.example/', '6d0c5c5e-1111-4222-8333-944445555666')).toBe(
      'https://teams.microsoft.com/l/app/6d0c5c5e-1111-4222-8333-944445555666',
    );
    expect(appUrl('https://samrom.example/')).toBe('https://samrom.example/app/');
  });
});
