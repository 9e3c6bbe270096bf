import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config';

/** Everything production needs apart from SIP (mirrors config.test.ts). */
const PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  PUBLIC_BASE_URL: 'https://samrom.vestreviken.no',
  DATABASE_URL: 'postgres://samrom@db.internal:5432/samrom',
  DATABASE_SSL_MODE: 'verify-full',
  REDIS_URL: 'redis://redis.internal:6379',
  SMS_PROVIDER_URL: 'https://n-eu.linkmobility.io/sms',
  SMS_USERNAME: 'samrom',
  SMS_PASSWORD: 'from-the-vault',
  SMS_PLATFORM_ID: 'SMS',
  SMS_PLATFORM_PARTNER_ID: '12345',
  SMTP_URL: 'smtp://samrom:from-the-vault@smtp.internal:587',
  SMTP_FROM: 'samrom@vestreviken.example',
  LIVEKIT_URL: 'wss://video.vestreviken.no',
  LIVEKIT_API_KEY: 'APIk3y7Xq2',
  LIVEKIT_API_SECRET: 'a-real-secret-that-is-at-least-32-characters-long',
  MICROSOFT_APP_ID: '00000000-0000-4000-8000-000000000001',
  MICROSOFT_APP_PASSWORD: 'bot-client-secret',
  MICROSOFT_APP_TENANT_ID: '00000000-0000-4000-8000-0000000000aa',
  AUTH_ISSUER: 'https://login.microsoftonline.com/{tenantid}/v2.0',
  AUTH_AUDIENCE: 'api://samrom.vestreviken.no/00000000-0000-4000-8000-000000000001',
  ADVICE_SWITCHBOARD_NUMBER: '+4732800000',
  AUTH_JWKS_URI: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
  AUTH_TENANT_IDS: '00000000-0000-4000-8000-0000000000aa',
  METRICS_TOKEN: 'a-random-scrape-token-of-at-least-32-characters',
};
const SIP = { SIP_ENABLED: 'true', SIP_INBOUND_NUMBERS: 'kardiologi:+4722000001, indremedisin:+4722000002' };

function problemsFor(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('SIP configuration', () => {
  it('is off unless SIP_ENABLED, even with numbers set', () => {
    expect(loadConfig({}).sip).toBeUndefined();
    expect(loadConfig({ SIP_INBOUND_NUMBERS: SIP.SIP_INBOUND_NUMBERS }).sip).toBeUndefined();
    expect(loadConfig(PRODUCTION).sip).toBeUndefined();
  });

  it('parses specialty:number pairs, allowed addresses and callers, with the defaults', () => {
    const config = loadConfig({ ...SIP, SIP_ALLOWED_ADDRESSES: '192.0.2.0/24, sip.provider.example', SIP_ALLOWED_NUMBERS: '+4790000001' });
    expect(config.sip).toEqual({
      trunkName: 'samrom-konferer',
      inboundNumbers: [
        { specialty: 'kardiologi', number: '+4722000001' },
        { specialty: 'indremedisin', number: '+4722000002' },
      ],
      allowedAddresses: ['192.0.2.0/24', 'sip.provider.example'],
      allowedNumbers: ['+4790000001'],
      roomPrefix: 'konf-',
      priority: 'vanlig',
    });
  });

  it('refuses bad numbers, naming the variable', () => {
    const problems = problemsFor({ ...SIP, SIP_INBOUND_NUMBERS: 'kardiologi:22000001,+4722000002', SIP_ALLOWED_NUMBERS: 'ring meg' });
    expect(problems).toEqual([
      expect.stringMatching(/^SIP_INBOUND_NUMBERS: «kardiologi:22000001»/),
      expect.stringMatching(/^SIP_INBOUND_NUMBERS: «\+4722000002»/),
      expect.stringMatching(/^SIP_ALLOWED_NUMBERS: «ring meg»/),
    ]);
    expect(problemsFor({ SIP_ENABLED: 'true' })).toEqual([expect.stringMatching(/^SIP_INBOUND_NUMBERS: minst ett nummer/)]);
  });

  it('production with SIP on but no allowed addresses is refused, and says why', () => {
    const problems = problemsFor({ ...PRODUCTION, ...SIP, SIP_ALLOWED_NUMBERS: '+4790000001' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SIP_ALLOWED_ADDRESSES: /);
    expect(problems[0]).toContain('anyone on the internet');
    expect(problems[0]).toContain('spoofed');
    expect(loadConfig({ ...PRODUCTION, ...SIP, SIP_ALLOWED_ADDRESSES: '192.0.2.10' }).sip?.allowedAddresses).toEqual(['192.0.2.10']);
  });

  it('outside production SIP may run without allowed addresses (a local livekit-sip)', () => {
    expect(loadConfig(SIP).sip?.allowedAddresses).toEqual([]);
  });
});
