// Colleague search for the softphone: GET /directory/search with the employee's IMS access token
// (RFC 6750 bearer, RFC 9068 JWT), CORS for the softphone's loopback web origins (RFC 8252 §7.3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, jwtParts, pkcePair, refresh, signInTokens, tokenRequest } from '../support/oauth-client.ts';
import { DEMO_PASSWORD, startTestIdp } from '../support/test-idp.ts';

describe('GET /directory/search', () => {
  let idp: Awaited<ReturnType<typeof startTestIdp>>;
  let alice: string;
  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtl: 60 });
    alice = (await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD)).access_token;
  });
  afterAll(async () => idp.stop());

  const search = (q: string, token: string | undefined, headers: Record<string, string> = {}) =>
    fetch(`${idp.issuer}/directory/search?q=${encodeURIComponent(q)}`, {
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
    });

  it('answers a signed-in employee with matching colleagues: name, title, department, 3PID, E.164, picture', async () => {
    const response = await search('bob', alice);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bob = idp.directory.findByUsername('bob')!;
    expect(await response.json()).toEqual([
      {
        name: 'Bob Baker',
        title: 'Support Engineer',
        department: bob.department,
        threePid: 'sip:bob@acme.example',
        e164: '+12025550102',
        pictureUrl: bob.hasPhoto ? `${idp.issuer}/directory/photos/${bob.id}` : null,
      },
    ]);
  });

  it('matches display names case-insensitively, usernames and numbers written with separators; never the caller', async () => {
    const names = async (q: string) => ((await (await search(q, alice)).json()) as { name: string }[]).map((c) => c.name);
    expect(await names('CAROL CH')).toEqual(['Carol Chen']);
    expect(await names('(202) 555-0103')).toEqual(['Carol Chen']);
    expect(await names('5550102')).toEqual(['Bob Baker']);
    expect(await names('it-adm')).toEqual([idp.directory.findByUsername('it-admin')!.displayName]);
    // Alice does not find herself, and title/department text is not a match (name, username, number only).
    expect(await names('alice')).toEqual([]);
    expect(await names('Support Engineer')).toEqual([]);
    expect(await names('')).toEqual([]);
  });

  it('lists at most 20 colleagues and leaves out disabled ones', async () => {
    for (let i = 0; i < 24; i++) {
      idp.directory.add({ username: `temp${i}`, displayName: `Temp Worker ${i}`, title: 'Temp', department: 'Ops', e164: null, password: 'long enough password' });
    }
    const disabled = idp.directory.add({ username: 'zed', displayName: 'Temp Zed', title: 'Temp', department: 'Ops', e164: null, password: 'long enough password' });
    idp.directory.setStatus(disabled.id, 'disabled');
    const list = (await (await search('temp', alice)).json()) as { name: string; e164: unknown }[];
    expect(list).toHaveLength(20);
    expect(list.map((c) => c.name)).not.toContain('Temp Zed');
    expect(list[0]!.e164).toBeNull();
    expect(((await (await search('zed', alice)).json()) as unknown[]).length).toBe(0);
  });

  it('answers 401 with WWW-Authenticate: Bearer without a token, with a malformed header and with a forged token (RFC 6750 §3)', async () => {
    const none = await search('bob', undefined);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="directory"');
    const basic = await search('bob', undefined, { authorization: 'Basic Ym9iOmJvYg==' });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_request"/);
    const parts = alice.split('.');
    const forged = `${parts[0]}.${Buffer.from(JSON.stringify({ ...jwtParts(alice).payload, sub: 'someone-else' })).toString('base64url')}.${parts[2]}`;
    const bad = await search('bob', forged);
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_token');
  });

  it('refuses revoked tokens, tokens of a disabled employee and admin-resource tokens', async () => {
    const carol = await signInTokens(idp.issuer, 'carol', DEMO_PASSWORD);
    expect((await search('bob', carol.access_token)).status).toBe(200);
    const revoked = await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: carol.access_token, client_id: 'softphone' }).toString(),
    });
    expect(revoked.status).toBe(200);
    expect((await search('bob', carol.access_token)).status).toBe(401);

    const bob = await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD);
    const bobId = idp.directory.findByUsername('bob')!.id;
    idp.directory.setStatus(bobId, 'disabled');
    try {
      expect((await search('alice', bob.access_token)).status).toBe(401);
    } finally {
      idp.directory.setStatus(bobId, 'active');
    }

    const { verifier, challenge } = pkcePair();
    const redirectUri = `${idp.issuer}/admin/callback`;
    const code = await authorize(idp.issuer, { username: 'it-admin', password: DEMO_PASSWORD, clientId: 'idp-admin', redirectUri, scope: 'openid admin', resource: `${idp.issuer}/admin`, challenge });
    if (!code.ok) throw new Error('admin sign-in failed');
    const admin = await tokenRequest(idp.issuer, { grant_type: 'authorization_code', client_id: 'idp-admin', code: code.code, redirect_uri: redirectUri, code_verifier: verifier });
    expect((await search('bob', String(admin.body['access_token']))).status).toBe(401);
  });

  it('issues access tokens with the configured lifetime (accessTokenTtl: 60)', async () => {
    const tokens = await signInTokens(idp.issuer, 'carol', DEMO_PASSWORD);
    expect(tokens.expires_in).toBe(60);
    const { iat, exp } = jwtParts(tokens.access_token).payload as { iat: number; exp: number };
    expect(exp - iat).toBe(60);
  });
});

describe('CORS for the softphone on loopback origins (RFC 8252 §7.3: any port)', () => {
  let idp: Awaited<ReturnType<typeof startTestIdp>>;
  beforeAll(async () => {
    idp = await startTestIdp();
  });
  afterAll(async () => idp.stop());

  const loopbackOrigins = ['http://127.0.0.1:51234', 'http://[::1]:40001', 'http://localhost:39999', 'http://localhost:4500'];
  const foreignOrigins = ['http://evil.example', 'https://127.0.0.1:51234', 'http://127.0.0.2:80', 'http://localhost.evil.example:4500', 'null'];

  it('answers the directory-search preflight for loopback origins only', async () => {
    for (const origin of loopbackOrigins) {
      const response = await fetch(`${idp.issuer}/directory/search?q=bob`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    }
    for (const origin of foreignOrigins) {
      const response = await fetch(`${idp.issuer}/directory/search?q=bob`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('lets a loopback origin read search results and 401 challenges', async () => {
    const alice = await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD);
    const origin = 'http://127.0.0.1:61000';
    const ok = await fetch(`${idp.issuer}/directory/search?q=bob`, { headers: { origin, authorization: `Bearer ${alice.access_token}` } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    const denied = await fetch(`${idp.issuer}/directory/search?q=bob`, { headers: { origin } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(origin);
    expect(denied.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/i);
  });

  it('allows the token and revocation endpoints from any loopback port for the softphone, not for other origins', async () => {
    const tokens = await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD);
    let refreshToken = tokens.refresh_token!;
    for (const origin of ['http://127.0.0.1:51234', 'http://[::1]:40001', 'http://localhost:39999', 'http://evil.example']) {
      const response = await fetch(`${idp.issuer}/token`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'softphone', refresh_token: refreshToken }).toString(),
      });
      const body = (await response.json()) as { refresh_token?: string };
      if (origin === 'http://evil.example') {
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
      } else {
        expect(response.status).toBe(200);
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
        refreshToken = body.refresh_token!;
      }
    }
    const revoke = await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:51234', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token, client_id: 'softphone' }).toString(),
    });
    expect(revoke.status).toBe(200);
    expect(revoke.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:51234');
    expect((await refresh(idp.issuer, refreshToken)).status).toBe(200);
  });
});
