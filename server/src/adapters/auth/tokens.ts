/**
 * Bearer token verification with jose. In production the tokens are Entra ID tokens from
 * Teams SSO (`getAuthToken()`); in development a local sign-in issues its own, signed by a
 * key that lives only in this process and is refused outright in production.
 */
import { randomUUID } from 'node:crypto';
import { type CryptoKey, type JWTPayload, type JWTVerifyGetKey, SignJWT, createRemoteJWKSet, errors as joseErrors, generateKeyPair, jwtVerify } from 'jose';
import { DomainError } from '../../core/errors';

/** Who a verified token says the caller is. */
export type VerifiedIdentity =
  | { readonly kind: 'entra'; readonly oid: string; readonly tid: string | undefined; readonly name: string | undefined }
  | { readonly kind: 'dev'; readonly personId: string };

export interface TokenVerifier {
  verify(token: string): Promise<VerifiedIdentity>;
}

export interface EntraOptions {
  /** May contain `{tenantid}` for multi-tenant apps, e.g. `https://login.microsoftonline.com/{tenantid}/v2.0`. */
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
  /** Tenants whose users may sign in; empty allows any tenant the issuer accepts. */
  readonly tenantIds: readonly string[];
}

/** Allowed clock skew between us and the issuer. */
const CLOCK_TOLERANCE_SECONDS = 60;
export const DEV_ISSUER = 'urn:samrom:dev-sign-in';
const DEV_AUDIENCE = 'urn:samrom:api';
/** Development tokens last a working day so the tab does not nag. */
const DEV_TOKEN_TTL_SECONDS = 8 * 3600;

export function createEntraVerifier(o: EntraOptions, keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(o.jwksUri))) {
  return async (token: string): Promise<VerifiedIdentity> => {
    const { payload } = await jwtVerify(token, keys, {
      audience: o.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp'],
    });
    const tid = typeof payload.tid === 'string' ? payload.tid : undefined;
    const expectedIssuer = o.issuer.replace('{tenantid}', tid ?? '');
    if (payload.iss !== expectedIssuer) throw new DomainError('unauthenticated', 'unexpected issuer');
    if (o.tenantIds.length > 0 && (!tid || !o.tenantIds.includes(tid))) {
      throw new DomainError('unauthenticated', 'tenant not allowed');
    }
    const oid = stringClaim(payload, 'oid');
    return { kind: 'entra', oid, tid, name: typeof payload.name === 'string' ? payload.name : undefined };
  };
}

/** Issues and verifies development sign-in tokens. Never constructed in production. */
export class DevSignIn {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
  ) {}

  static async create(): Promise<DevSignIn> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    return new DevSignIn(privateKey, publicKey);
  }

  async issue(personId: string): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + DEV_TOKEN_TTL_SECONDS * 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject(personId)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.privateKey);
    return { token, expiresAt };
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    const { payload } = await jwtVerify(token, this.publicKey, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
    return { kind: 'dev', personId: stringClaim(payload, 'sub') };
  }
}

/**
 * Tries the development issuer first when it is on (cheap: no network), then Entra ID.
 * Every failure becomes a DomainError('unauthenticated') — the reason is logged, not sent.
 */
export function createTokenVerifier(entra: EntraOptions | undefined, dev: DevSignIn | undefined): TokenVerifier {
  const verifyEntra = entra ? createEntraVerifier(entra) : undefined;
  // A token's signature and claims don't change, so a verified token is remembered until it
  // expires (at most VERIFIED_TOKEN_CACHE_MS): the RS256 check is the costliest step of a request.
  const verified = new Map<string, { identity: VerifiedIdentity; until: number }>();
  return {
    async verify(token) {
      const hit = verified.get(token);
      if (hit && hit.until > Date.now()) return hit.identity;
      const identity = await verifyUncached(token);
      const exp = expiryOf(token);
      if (exp !== undefined) {
        if (verified.size >= VERIFIED_TOKEN_CACHE_MAX) verified.clear();
        verified.set(token, { identity, until: Math.min(exp * 1000, Date.now() + VERIFIED_TOKEN_CACHE_MS) });
      }
      return identity;
    },
  };

  async function verifyUncached(token: string): Promise<VerifiedIdentity> {
    try {
      if (dev && issuerOf(token) === DEV_ISSUER) return await dev.verify(token);
      if (!verifyEntra) throw new DomainError('unauthenticated', 'no identity provider configured');
      return await verifyEntra(token);
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (err instanceof joseErrors.JOSEError) throw new DomainError('unauthenticated', err.code);
      throw new DomainError('unavailable', 'could not verify token');
    }
  }
}

/** How long a verified token is trusted without checking its signature again. */
const VERIFIED_TOKEN_CACHE_MS = 60_000;
const VERIFIED_TOKEN_CACHE_MAX = 10_000;

/** Reads the payload without verifying it: only to route or to bound a cache entry. */
function unverifiedPayload(token: string): JWTPayload | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as JWTPayload;
  } catch {
    return undefined; // not a JWT at all: the real verifier will reject it
  }
}

const issuerOf = (token: string) => unverifiedPayload(token)?.iss;
const expiryOf = (token: string) => unverifiedPayload(token)?.exp;

function stringClaim(payload: JWTPayload, name: string): string {
  const value = payload[name];
  if (typeof value !== 'string' || value === '') throw new DomainError('unauthenticated', `missing ${name} claim`);
  return value;
}
