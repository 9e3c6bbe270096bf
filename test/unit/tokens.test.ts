import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEV_ISSUER, DevSignIn, type EntraOptions, createTokenVerifier } from '../../server/src/adapters/auth/tokens';
import { expectDomainError } from '../helpers/expect-domain-error';
import { type LocalEntra, entraIssuer, startLocalEntra } from '../helpers/jwks';

let entra: LocalEntra;
let options: EntraOptions;
beforeAll(async () => {
  entra = await startLocalEntra();
  options = entra.verifierOptions;
});
afterAll(() => entra?.close());

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
    await expectDomainError(createTokenVerifier(undefined, other).verify(token), 'unauthenticated');
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
    expect((await expectDomainError(verifier.verify(forged), 'unauthenticated')).message).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('with the development sign-in off, its tokens are refused', async () => {
    const { token } = await (await DevSignIn.create()).issue('gp-1');
    await expectDomainError(createTokenVerifier(options, undefined).verify(token), 'unauthenticated');
    expect((await expectDomainError(createTokenVerifier(undefined, undefined).verify(token), 'unauthenticated')).message).toBe(
      'no identity provider configured',
    );
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
    expect((await expectDomainError(verify(token), 'unauthenticated')).message).toBe(joseCode);
  });

  it('garbage instead of a JWT is refused as unauthenticated', async () => {
    await expectDomainError(verify('not.a.jwt'), 'unauthenticated');
    await expectDomainError(verify(''), 'unauthenticated');
  });

  it('a token without an oid is refused', async () => {
    const token = await entra.sign({ oid: randomUUID() }, { omit: ['oid'] });
    expect((await expectDomainError(verify(token), 'unauthenticated')).message).toBe('missing oid claim');
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
    expect((await expectDomainError(verify(mismatched, anyTenant), 'unauthenticated')).message).toBe('unexpected issuer');

    const noTid = await entra.sign({ oid: randomUUID() }, { omit: ['tid'] });
    expect((await expectDomainError(verify(noTid, anyTenant), 'unauthenticated')).message).toBe('unexpected issuer');
  });

  it('a fixed issuer (single tenant) accepts only that issuer', async () => {
    const fixed = { issuer: entraIssuer(entra.tenantId) };
    expect(await verify(await entra.sign({ oid: randomUUID() }), fixed)).toMatchObject({ kind: 'entra' });
    const other = await entra.sign({ oid: randomUUID(), iss: 'https://login.microsoftonline.com/common/v2.0' });
    expect((await expectDomainError(verify(other, fixed), 'unauthenticated')).message).toBe('unexpected issuer');
  });

  it('a tenant outside the allowed list is refused even with its own issuer', async () => {
    const token = await entra.sign({ oid: randomUUID(), tid: randomUUID() });
    expect((await expectDomainError(verify(token), 'unauthenticated')).message).toBe('tenant not allowed');
  });

  it('an unreachable key endpoint is reported as unavailable, not as a bad token', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const token = await entra.sign({ oid: randomUUID() });
    await expectDomainError(verify(token, { jwksUri: `http://127.0.0.1:${port}/keys` }), 'unavailable');
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
      await expectDomainError(verifier.verify(token), 'unauthenticated');
    } finally {
      vi.useRealTimers();
    }
  });
});
