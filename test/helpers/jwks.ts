/**
 * A local stand-in for Entra ID: an HTTP server on 127.0.0.1 publishing a JWKS, and a signer
 * for access tokens shaped like the ones Teams SSO hands the tab (RS256, a `kid`, iss
 * `https://login.microsoftonline.com/<tid>/v2.0`, aud, tid, oid, name, exp). Options mint the
 * bad tokens too: a forged signature, an unknown kid, an expired token, a missing claim.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWTPayload, SignJWT, exportJWK, generateKeyPair } from 'jose';

/** What the server is configured with; `{tenantid}` is filled from the token's `tid`. */
export const ENTRA_ISSUER_TEMPLATE = 'https://login.microsoftonline.com/{tenantid}/v2.0';

export const entraIssuer = (tenantId: string): string => ENTRA_ISSUER_TEMPLATE.replace('{tenantid}', tenantId);

export interface EntraClaims {
  readonly oid: string;
  /** @defaultValue the provider's `tenantId` */
  readonly tid?: string;
  /** @defaultValue the provider's `audience` */
  readonly aud?: string;
  /** @defaultValue `entraIssuer(tid)` */
  readonly iss?: string;
  readonly name?: string;
  /** Anything else to put in the payload. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface SignOptions {
  /** Sign with a key the JWKS never published, under the published kid: a forgery. */
  readonly foreignKey?: boolean;
  /** Put this `kid` in the header instead of the published one. */
  readonly kid?: string;
  /** Seconds from now until `exp`; negative for an already expired token. @defaultValue 3600 */
  readonly expiresInSeconds?: number;
  /** Leave these standard claims out of the payload. */
  readonly omit?: readonly ('exp' | 'oid' | 'tid' | 'iss' | 'aud')[];
}

export interface LocalEntra {
  /** `AUTH_JWKS_URI`. */
  readonly jwksUri: string;
  readonly tenantId: string;
  readonly audience: string;
  /** The published key's id. */
  readonly kid: string;
  /** What Samrom's verifier is configured with to trust this provider (`AUTH_*`). */
  readonly verifierOptions: { issuer: string; audience: string; jwksUri: string; tenantIds: string[] };
  /** Paths requested so far (the JWKS fetches). */
  readonly requests: string[];
  sign(claims: EntraClaims, options?: SignOptions): Promise<string>;
  close(): Promise<void>;
}

export interface LocalEntraOptions {
  /** @defaultValue a random GUID */
  readonly tenantId?: string;
  /** @defaultValue `api://samrom.test/<random>` */
  readonly audience?: string;
}

export async function startLocalEntra(options: LocalEntraOptions = {}): Promise<LocalEntra> {
  const tenantId = options.tenantId ?? randomUUID();
  const audience = options.audience ?? `api://samrom.test/${randomUUID()}`;
  const kid = `test-${randomUUID().slice(0, 8)}`;
  const published = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(published.publicKey)), kid, use: 'sig', alg: 'RS256' }] };
  const requests: string[] = [];

  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.method === 'GET' && req.url === '/discovery/v2.0/keys') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const jwksUri = `http://127.0.0.1:${port}/discovery/v2.0/keys`;
  return {
    jwksUri,
    verifierOptions: { issuer: ENTRA_ISSUER_TEMPLATE, audience, jwksUri, tenantIds: [tenantId] },
    tenantId,
    audience,
    kid,
    requests,
    sign: (claims, o = {}) => signToken(claims, o, { tenantId, audience, kid, key: o.foreignKey ? foreign.privateKey : published.privateKey }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function signToken(claims: EntraClaims, o: SignOptions, d: { tenantId: string; audience: string; kid: string; key: CryptoKey }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (o.expiresInSeconds ?? 3600);
  // Issued an hour before it expires (or now, whichever is earlier), like a real token's lifetime.
  const iat = Math.min(now, exp - 3600);
  const tid = claims.tid ?? d.tenantId;
  const omit = new Set(o.omit ?? []);
  const payload: JWTPayload = {
    ...claims.extra,
    iss: claims.iss ?? entraIssuer(tid),
    aud: claims.aud ?? d.audience,
    tid,
    oid: claims.oid,
    ver: '2.0',
    iat,
    nbf: iat,
    exp,
    ...(claims.name === undefined ? {} : { name: claims.name }),
  };
  for (const key of omit) delete payload[key];
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: o.kid ?? d.kid }).sign(d.key);
}
