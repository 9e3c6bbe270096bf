import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEV_ISSUER, DevSignIn, type EntraOptions, createTokenVerifier } from '../../server/src/adapters/auth/tokens';
import { DomainError } from '../../server/src/core/errors';
import { type LocalEntra, entraIssuer, startLocalEntra } from '../helpers/jwks';

let entra: LocalEntra;
let options: EntraOptions;
beforeAll(async () => {
  entra = await startLocalEntra();
  options = entra.verifierOptions;
});
afterAll(() => entra?.close());

/** Resolves to the DomainError code (and detail) the promise rejects with. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; detail: string }> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return { code: (err as DomainError).code, detail: (err as DomainError).message };
}

describe('development sign-in tokens', () => {
  it('a token it issued verifies to the person it was issued for', async () => {
    const dev = await DevSignIn.create();
    const { token, expiresAt } = await dev.issue('gp-1');
    expect(await dev.verify(token)).toEqual({ kind: 'dev', personId: 'gp-1' });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 7 * 3600 * 1000);
  });

  it('a token issued by another instance is refused', async () => {
    const { token } = await (await DevSignIn.create()).issue('gp-1');
    const other = await DevSignIn.create();
    expect(await refusal(createTokenVerifier(undefined, other).verify(token))).toMatchObject({ code: 'unauthenticated' });
  });

  it('a self-made token that claims the development issuer is refused', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(DEV_ISSUER)
      .setAudience('urn:samrom:api')
      .setSubject('admin-1')
      .setExpirationTime('1h')
      .sign(privateKey);
    const verifier = createTokenVerifier(options, await DevSignIn.create());
    expect(await refusal(verifier.verify(forged))).toMatchObject({ code: 'unauthenticated', detail: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('with the development sign-in off, its tokens are refused', async () => {
    const { token } = await (await DevSignIn.create()).issue('gp-1');
    expect(await refusal(createTokenVerifier(options, undefined).verify(token))).toMatchObject({ code: 'unauthenticated' });
    expect(await refusal(createTokenVerifier(undefined, undefined).verify(token))).toMatchObject({
      code: 'unauthenticated',
      detail: 'no identity provider configured',
    });
  });

  it('the verifier accepts both development and Entra tokens when both are on', async () => {
    const dev = await DevSignIn.create();
    const verifier = createTokenVerifier(options, dev);
    expect(await verifier.verify((await dev.issue('ke-1')).token)).toEqual({ kind: 'dev', personId: 'ke-1' });
    const oid = randomUUID();
    expect(await verifier.verify(await entra.sign({ oid, name: 'Kari' }))).toEqual({ kind: 'entra', oid, tid: entra.tenantId, name: 'Kari' });
  });
});

describe('Entra ID token verification', () => {
  const verify = (token: string, o: Partial<EntraOptions> = {}) => createTokenVerifier({ ...options, ...o }, undefined).verify(token);

  it('a valid token becomes an entra identity with oid, tid and name', async () => {
    const oid = randomUUID();
    expect(await verify(await entra.sign({ oid, name: 'Geir Fastlege' }))).toEqual({
      kind: 'entra',
      oid,
      tid: entra.tenantId,
      name: 'Geir Fastlege',
    });
  });

  it.each([
    ['expired', { expiresInSeconds: -3600 }, {}, 'ERR_JWT_EXPIRED'],
    ['signed by an unpublished key', { foreignKey: true }, {}, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
    ['signed under an unknown kid', { kid: 'not-published' }, {}, 'ERR_JWKS_NO_MATCHING_KEY'],
    ['for another audience', {}, { aud: 'api://other' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
  ] as const)('a token %s is refused as unauthenticated (jose %s)', async (_what, signOptions, claims, joseCode) => {
    const token = await entra.sign({ oid: randomUUID(), ...claims }, signOptions);
    expect(await refusal(verify(token))).toEqual({ code: 'unauthenticated', detail: joseCode });
  });

  it('garbage instead of a JWT is refused as unauthenticated', async () => {
    expect(await refusal(verify('not.a.jwt'))).toMatchObject({ code: 'unauthenticated' });
    expect(await refusal(verify(''))).toMatchObject({ code: 'unauthenticated' });
  });

  it('a token without an oid is refused', async () => {
    const token = await entra.sign({ oid: randomUUID() }, { omit: ['oid'] });
    expect(await refusal(verify(token))).toEqual({ code: 'unauthenticated', detail: 'missing oid claim' });
  });

  it('a token expired by less than the allowed clock skew is still accepted', async () => {
    const oid = randomUUID();
    expect(await verify(await entra.sign({ oid }, { expiresInSeconds: -30 }))).toMatchObject({ kind: 'entra', oid });
  });

  it('{tenantid} in the issuer is filled from the token’s tid', async () => {
    const otherTenant = randomUUID();
    const anyTenant = { tenantIds: [] };
    const token = await entra.sign({ oid: randomUUID(), tid: otherTenant });
    expect(await verify(token, anyTenant)).toMatchObject({ kind: 'entra', tid: otherTenant });

    // The issuer must name the same tenant as tid.
    const mismatched = await entra.sign({ oid: randomUUID(), tid: otherTenant, iss: entraIssuer(entra.tenantId) });
    expect(await refusal(verify(mismatched, anyTenant))).toEqual({ code: 'unauthenticated', detail: 'unexpected issuer' });

    const noTid = await entra.sign({ oid: randomUUID() }, { omit: ['tid'] });
    expect(await refusal(verify(noTid, anyTenant))).toEqual({ code: 'unauthenticated', detail: 'unexpected issuer' });
  });

  it('a fixed issuer (single tenant) accepts only that issuer', async () => {
    const fixed = { issuer: entraIssuer(entra.tenantId) };
    expect(await verify(await entra.sign({ oid: randomUUID() }), fixed)).toMatchObject({ kind: 'entra' });
    const other = await entra.sign({ oid: randomUUID(), iss: 'https://login.microsoftonline.com/common/v2.0' });
    expect(await refusal(verify(other, fixed))).toEqual({ code: 'unauthenticated', detail: 'unexpected issuer' });
  });

  it('a tenant outside the allowed list is refused even with its own issuer', async () => {
    const token = await entra.sign({ oid: randomUUID(), tid: randomUUID() });
    expect(await refusal(verify(token))).toEqual({ code: 'unauthenticated', detail: 'tenant not allowed' });
  });

  it('an unreachable key endpoint is reported as unavailable, not as a bad token', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const token = await entra.sign({ oid: randomUUID() });
    expect(await refusal(verify(token, { jwksUri: `http://127.0.0.1:${port}/keys` }))).toMatchObject({ code: 'unavailable' });
  });
});

describe('remembering verified tokens', () => {
  it('never trusts a remembered token past its own expiry', async () => {
    const verifier = createTokenVerifier(options, undefined);
    const token = await entra.sign({ oid: randomUUID() }, { expiresInSeconds: 30 });
    expect(await verifier.verify(token)).toMatchObject({ kind: 'entra' });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 10 * 60_000);
      expect(await refusal(verifier.verify(token))).toMatchObject({ code: 'unauthenticated' });
    } finally {
      vi.useRealTimers();
    }
  });
});
