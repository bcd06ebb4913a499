// Tokens of the softphone: RFC 9068 JWT access tokens for the IMS resource (RFC 8707), refresh
// rotation with reuse detection, and RFC 7009 revocation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify } from 'jose';
import {
  IMS_RESOURCE,
  introspect,
  jwtParts,
  refresh,
  revoke,
  signInTokens,
  type MtlsCredentials,
} from '../support/oauth-client.ts';
import { DEMO_PASSWORD, startTestIdp } from '../support/test-idp.ts';

type TestIdp = Awaited<ReturnType<typeof startTestIdp>>;

describe('softphone tokens', () => {
  let idp: TestIdp;
  let eds: MtlsCredentials;

  beforeAll(async () => {
    idp = await startTestIdp();
    eds = { ca: idp.tls.caCertPem, cert: idp.tls.edsCertPem, key: idp.tls.edsKeyPem };
  });
  afterAll(async () => idp.stop());

  it('issues an ES256 at+jwt access token for the IMS resource carrying the employee card (RFC 9068 §2, RFC 8707)', async () => {
    const tokens = await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD);
    const { header, payload } = jwtParts(tokens.access_token);
    expect(header).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });
    expect(payload).toMatchObject({
      iss: idp.issuer,
      aud: IMS_RESOURCE,
      client_id: 'softphone',
      '3pid': 'sip:alice@acme.example',
      phone_number: '+12025550101',
      name: 'Alice Avery',
      title: 'Sales Director',
      department: 'Sales',
    });
    expect(typeof payload['jti']).toBe('string');
    expect(Number(payload['exp']) - Number(payload['iat'])).toBe(600);
    // The signature verifies with the published JWKS.
    const jwks = (await (await fetch(`${idp.issuer}/jwks`)).json()) as Parameters<typeof createLocalJWKSet>[0];
    await expect(jwtVerify(tokens.access_token, createLocalJWKSet(jwks), { issuer: idp.issuer, audience: IMS_RESOURCE, typ: 'at+jwt' })).resolves.toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
  });

  it('rotates refresh tokens: the used one is refused afterwards, and its reuse revokes the whole family', async () => {
    const first = await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD);
    const second = await refresh(idp.issuer, first.refresh_token!);
    expect(second.status).toBe(200);
    const rotated = String(second.body['refresh_token']);
    expect(rotated).not.toBe(first.refresh_token);
    const accessFromRotation = String(second.body['access_token']);
    expect((await introspect(idp.introspectionUrl, accessFromRotation, eds)).body['active']).toBe(true);

    // Reuse of the first refresh token: refused (RFC 9700 §4.14.2 reuse detection)...
    const reuse = await refresh(idp.issuer, first.refresh_token!);
    expect(reuse.status).toBe(400);
    expect(reuse.body['error']).toBe('invalid_grant');
    // ...and the whole family is gone: the rotated refresh token and its access token too.
    const afterReuse = await refresh(idp.issuer, rotated);
    expect(afterReuse.status).toBe(400);
    expect(afterReuse.body['error']).toBe('invalid_grant');
    expect((await introspect(idp.introspectionUrl, accessFromRotation, eds)).body).toEqual({ active: false });
  });

  it('revokes a refresh token (RFC 7009 §2.1) and with it the grant and its access tokens', async () => {
    const tokens = await signInTokens(idp.issuer, 'carol', DEMO_PASSWORD);
    expect(await revoke(idp.issuer, tokens.refresh_token!, 'refresh_token')).toBe(200);
    const after = await refresh(idp.issuer, tokens.refresh_token!);
    expect(after.status).toBe(400);
    expect(after.body['error']).toBe('invalid_grant');
    expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body).toEqual({ active: false });
  });

  it('revokes a JWT access token by itself (RFC 7009), leaving the refresh token usable', async () => {
    const tokens = await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD);
    expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body['active']).toBe(true);
    expect(await revoke(idp.issuer, tokens.access_token, 'access_token')).toBe(200);
    expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body).toEqual({ active: false });
    expect((await refresh(idp.issuer, tokens.refresh_token!)).status).toBe(200);
  });

  it('answers 200 to revocation of an unknown token (RFC 7009 §2.2) and 401 without a client', async () => {
    expect(await revoke(idp.issuer, 'not-a-token')).toBe(200);
    const tokens = await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD);
    const noClient = await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token }).toString(),
    });
    expect(noClient.status).toBe(401);
    expect(((await noClient.json()) as { error: string }).error).toBe('invalid_client');
    // The token was not revoked by the unauthenticated request.
    const eds = { ca: idp.tls.caCertPem, cert: idp.tls.edsCertPem, key: idp.tls.edsKeyPem };
    expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body['active']).toBe(true);
  });

  it('refuses the refresh grant once the employee is disabled', async () => {
    const tokens = await signInTokens(idp.issuer, 'carol', DEMO_PASSWORD);
    const carol = idp.directory.findByUsername('carol')!;
    idp.directory.setStatus(carol.id, 'disabled');
    try {
      const after = await refresh(idp.issuer, tokens.refresh_token!);
      expect(after.status).toBe(400);
      expect(after.body['error']).toBe('invalid_grant');
    } finally {
      idp.directory.setStatus(carol.id, 'active');
    }
  });
});

describe('short-lived access tokens', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtl: 2 });
  });
  afterAll(async () => idp.stop());

  it('honours a configured access-token lifetime; an expired token introspects as inactive (RFC 7662 §2.2)', async () => {
    const tokens = await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD);
    const { payload } = jwtParts(tokens.access_token);
    expect(Number(payload['exp']) - Number(payload['iat'])).toBe(2);
    const eds = { ca: idp.tls.caCertPem, cert: idp.tls.edsCertPem, key: idp.tls.edsKeyPem };
    await new Promise((r) => setTimeout(r, 3100));
    expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body).toEqual({ active: false });
    // A refresh still yields a fresh, active token.
    const fresh = await refresh(idp.issuer, tokens.refresh_token!);
    expect((await introspect(idp.introspectionUrl, String(fresh.body['access_token']), eds)).body['active']).toBe(true);
  });
});
