/**
 * A local stand-in for the Bot Framework's OpenID metadata and signing keys, and a signer for
 * channel tokens shaped like the ones Teams sends (iss api.botframework.com, aud = app id,
 * `serviceurl` claim, a `kid` that matches a published key endorsed for msteams).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppCredentials, AuthenticationConstants } from 'botframework-connector';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
const KID = 'samrom-test-key';

export interface ChannelTokenOptions {
  readonly audience: string;
  readonly serviceUrl: string;
  readonly issuer?: string;
  /** Seconds from now; negative for an expired token. @defaultValue 3600 */
  readonly expiresInSeconds?: number;
  /** Sign with a key the server never published (same kid), i.e. a forgery. */
  readonly forged?: boolean;
}

export interface BotKeyServer {
  /** Goes into `Config['bot'].openIdMetadataUrl`. */
  readonly metadataUrl: string;
  readonly requests: string[];
  sign(options: ChannelTokenOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startBotKeyServer(): Promise<BotKeyServer> {
  const published = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(published.publicKey)), kid: KID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] };
  const requests: string[] = [];

  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${origin}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/keys') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    metadataUrl: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
    requests,
    async sign(o) {
      const now = Math.floor(Date.now() / 1000);
      const expiresAt = now + (o.expiresInSeconds ?? 3600);
      const payload: JWTPayload = { serviceurl: o.serviceUrl, nbf: Math.min(now, expiresAt - 3600) };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setIssuer(o.issuer ?? BOT_FRAMEWORK_ISSUER)
        .setAudience(o.audience)
        .setIssuedAt(Math.min(now, expiresAt - 3600))
        .setExpirationTime(expiresAt)
        .sign(o.forged ? foreign.privateKey : published.privateKey);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * There is no Entra ID offline, and MSAL insists on an https authority it can discover through
 * login.microsoftonline.com, so the bot's *outgoing* token cannot come from a local server.
 * Instead we put a token into the Bot Framework SDK's process-wide token cache, which is where
 * `MicrosoftAppCredentials.getToken` looks first; the rest of the outgoing path stays real.
 */
export function seedOutboundBotToken(appId: string, accessToken: string): void {
  const cache = (AppCredentials as unknown as { cache?: unknown }).cache;
  if (!(cache instanceof Map)) throw new Error('botframework-connector changed: AppCredentials.cache is not a Map any more');
  cache.set(`${appId}${AuthenticationConstants.ToChannelFromBotOAuthScope}-cache`, {
    accessToken,
    expiresOn: new Date(Date.now() + 60 * 60 * 1000),
  });
}
