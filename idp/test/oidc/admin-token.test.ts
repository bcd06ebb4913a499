// The `idp-admin` client (the admin web page): public, PKCE, JWT access tokens for `<issuer>/admin`
// carrying the role; verifyAdminToken accepts only valid tokens of that audience of active employees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, jwtParts, pkcePair, signInTokens, tokenRequest } from '../support/oauth-client.ts';
import { DEMO_PASSWORD, startTestIdp } from '../support/test-idp.ts';

describe('admin tokens', () => {
  let idp: Awaited<ReturnType<typeof startTestIdp>>;
  beforeAll(async () => {
    idp = await startTestIdp();
  });
  afterAll(async () => idp.stop());

  async function adminToken(username: string): Promise<string> {
    const { verifier, challenge } = pkcePair();
    const redirectUri = `${idp.issuer}/admin/callback`;
    const result = await authorize(idp.issuer, { username, password: DEMO_PASSWORD, clientId: 'idp-admin', redirectUri, scope: 'openid admin', resource: `${idp.issuer}/admin`, challenge });
    if (!result.ok) throw new Error(`admin sign-in failed: ${result.status}`);
    const tokens = await tokenRequest(idp.issuer, { grant_type: 'authorization_code', client_id: 'idp-admin', code: result.code, redirect_uri: redirectUri, code_verifier: verifier });
    expect(tokens.status).toBe(200);
    return String(tokens.body['access_token']);
  }

  it('issues it-admin an access token for the admin resource with role admin, which verifyAdminToken accepts', async () => {
    const token = await adminToken('it-admin');
    expect(jwtParts(token).payload).toMatchObject({ aud: `${idp.issuer}/admin`, role: 'admin', preferred_username: 'it-admin' });
    const admin = idp.directory.findByUsername('it-admin')!;
    expect(await idp.verifyAdminToken(token)).toEqual({ sub: admin.id, username: 'it-admin' });
  });

  it('rejects softphone tokens (wrong audience) and tokens of disabled employees', async () => {
    const softphone = await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD);
    expect(await idp.verifyAdminToken(softphone.access_token)).toBeUndefined();
    const bobToken = await adminToken('bob');
    expect(jwtParts(bobToken).payload['role']).toBe('employee');
    const bob = idp.directory.findByUsername('bob')!;
    idp.directory.setStatus(bob.id, 'disabled');
    expect(await idp.verifyAdminToken(bobToken)).toBeUndefined();
    idp.directory.setStatus(bob.id, 'active');
    expect(await idp.verifyAdminToken('not.a.token')).toBeUndefined();
  });
});
