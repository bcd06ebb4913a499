// Bad input at the sign-in and token endpoints: each gets a clear error, and the directory is
// unchanged. Also the back-off after repeated failures, the TOTP step and "sign out everywhere".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/directory/totp.ts';
import {
  authorize,
  CookieJar,
  exchangeCode,
  IMS_RESOURCE,
  introspect,
  pkcePair,
  refresh,
  signInTokens,
} from '../support/oauth-client.ts';
import { DEMO_PASSWORD, directorySnapshot, startTestIdp } from '../support/test-idp.ts';

function alertText(html: string): string | undefined {
  return /role="alert">([^<]*)</.exec(html)?.[1];
}

describe('sign-in with bad input', () => {
  let idp: Awaited<ReturnType<typeof startTestIdp>>;
  let before: string;

  beforeAll(async () => {
    idp = await startTestIdp({ backoff: { freeFailures: 3, windowMs: 60_000, baseLockMs: 2_000, maxLockMs: 10_000 } });
    before = directorySnapshot(idp);
  });
  afterAll(async () => {
    // Every bad request left the directory exactly as it was.
    expect(directorySnapshot(idp)).toBe(before);
    await idp.stop();
  });

  it('tells the employee that the username or password is wrong (role alert), without saying which', async () => {
    const { challenge } = pkcePair();
    const wrongPassword = await authorize(idp.issuer, { username: 'alice', password: 'not-her-password', challenge, resource: IMS_RESOURCE });
    const unknownUser = await authorize(idp.issuer, { username: 'mallory', password: 'whatever-it-is', challenge, resource: IMS_RESOURCE });
    for (const result of [wrongPassword, unknownUser]) {
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.status).toBe(401);
      expect(alertText(result.body)).toBe('The username or password is incorrect. Check both and try again.');
      expect(result.body).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
  });

  it('backs off after repeated failures for one username, with the wait in the message', async () => {
    const { challenge } = pkcePair();
    let last: Awaited<ReturnType<typeof authorize>> | undefined;
    for (let i = 0; i < 4; i++) last = await authorize(idp.issuer, { username: 'bob', password: `wrong-${i}-password`, challenge });
    expect(last?.ok).toBe(false);
    if (!last || last.ok) return;
    expect(last.status).toBe(429);
    expect(alertText(last.body)).toMatch(/^Too many failed sign-ins for this username\. Try again in \d+ s\.$/);
    // Even the right password is refused while locked...
    const locked = await authorize(idp.issuer, { username: 'bob', password: DEMO_PASSWORD, challenge });
    expect(locked.ok).toBe(false);
    // ...another username is not affected...
    expect((await authorize(idp.issuer, { username: 'carol', password: DEMO_PASSWORD, challenge })).ok).toBe(true);
    // ...and after the wait, bob signs in.
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await authorize(idp.issuer, { username: 'bob', password: DEMO_PASSWORD, challenge })).ok).toBe(true);
  });

  it('asks for both fields when one is empty', async () => {
    const { challenge } = pkcePair();
    const result = await authorize(idp.issuer, { username: 'alice', password: '', challenge });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(alertText(result.body)).toBe('Enter your username and password.');
  });

  it('refuses an authorization request without PKCE from the public softphone (RFC 7636 §4.4.1)', async () => {
    const result = await authorize(idp.issuer, { username: 'alice', password: DEMO_PASSWORD, challenge: undefined });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const callback = new URL(result.location!);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses a code exchange with a missing or wrong code_verifier (RFC 7636 §4.6)', async () => {
    const { verifier, challenge } = pkcePair();
    const first = await authorize(idp.issuer, { username: 'alice', password: DEMO_PASSWORD, challenge, resource: IMS_RESOURCE });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const missing = await exchangeCode(idp.issuer, first.code, undefined);
    expect(missing.status).toBe(400);
    expect(missing.body['error']).toBe('invalid_grant');
    const second = await authorize(idp.issuer, { username: 'alice', password: DEMO_PASSWORD, challenge, resource: IMS_RESOURCE });
    if (!second.ok) throw new Error('second sign-in failed');
    const wrong = await exchangeCode(idp.issuer, second.code, pkcePair().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.body['error']).toBe('invalid_grant');
    // The same code with the right verifier works: it was the verifier that was refused.
    expect((await exchangeCode(idp.issuer, second.code, verifier)).status).toBe(200);
  });

  it('refuses unregistered redirect URIs with a clear page, but takes any loopback port (RFC 8252 §7.3)', async () => {
    const { challenge } = pkcePair();
    for (const redirectUri of ['http://evil.example/callback', 'http://127.0.0.1:8080/other-path', 'https://localhost:4500/callback']) {
      const result = await authorize(idp.issuer, { username: 'alice', password: DEMO_PASSWORD, challenge, redirectUri });
      expect(result.ok, redirectUri).toBe(false);
      if (result.ok) continue;
      expect(result.status).toBe(400);
      expect(alertText(result.body)).toMatch(/not registered/);
      expect(result.body).toContain('invalid_redirect_uri');
    }
    for (const redirectUri of ['http://127.0.0.1:49152/callback', 'http://127.0.0.1:61000/callback', 'http://[::1]:50000/callback', 'http://localhost:4500/callback']) {
      const result = await authorize(idp.issuer, { username: 'alice', password: DEMO_PASSWORD, challenge, redirectUri });
      expect(result.ok, redirectUri).toBe(true);
    }
  });

  it('answers oversized bodies with 413 and a clear message on every route', async () => {
    const big = `username=alice&password=${'x'.repeat(70 * 1024)}`;
    const token = await fetch(`${idp.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big });
    expect(token.status).toBe(413);
    expect(await token.json()).toEqual({ error: 'invalid_request', error_description: 'The request body is larger than 64 KiB.' });
    const login = await fetch(`${idp.issuer}/interaction/abc/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big });
    expect(login.status).toBe(413);
    expect(alertText(await login.text())).toBe('The request body is larger than 64 KiB.');
    // Chunked (no Content-Length) is capped while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new Uint8Array(1024).fill(97));
        controller.close();
      },
    });
    const chunked = await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('shows an expired-page message for an unknown interaction', async () => {
    const response = await fetch(`${idp.issuer}/interaction/no-such-interaction`);
    expect(response.status).toBe(400);
    expect(alertText(await response.text())).toMatch(/expired/);
  });
});

describe('second factor and account', () => {
  let idp: Awaited<ReturnType<typeof startTestIdp>>;
  beforeAll(async () => {
    // A receiver nobody listens on: events are queued in the outbox (delivery retries in the background).
    idp = await startTestIdp({ receivers: [{ url: 'http://127.0.0.1:9/ssf/push', audience: 'urn:test:eds' }] });
  });
  afterAll(async () => idp.stop());

  it('asks an employee with TOTP for the code after the password (RFC 6238), and refuses a wrong one', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const carol = idp.directory.findByUsername('carol')!;
    idp.directory.setTotpSecret(carol.id, secret);
    const jar = new CookieJar();
    const { verifier, challenge } = pkcePair();
    const redirectUri = 'http://127.0.0.1:50001/callback';
    const params = new URLSearchParams({ client_id: 'softphone', response_type: 'code', redirect_uri: redirectUri, scope: 'openid offline_access sip', code_challenge: challenge, code_challenge_method: 'S256' });
    const go = async (url: string, init: RequestInit = {}): Promise<Response> => {
      const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
      jar.store(response);
      return response;
    };
    const form = (fields: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const start = await go(`${idp.issuer}/auth?${params}`);
    const interaction = new URL(start.headers.get('location')!, idp.issuer).href;
    await (await go(interaction)).text();
    const afterPassword = await go(`${interaction}/login`, form({ username: 'carol', password: DEMO_PASSWORD }));
    const totpHtml = await afterPassword.text();
    expect(totpHtml).toContain('Enter your verification code');
    const ticket = /name="ticket" value="([^"]+)"/.exec(totpHtml)![1]!;
    const wrongCode = (Number(totpCode(secret, Date.now())) + 1) % 1_000_000;
    const wrong = await go(`${interaction}/totp`, form({ ticket, code: String(wrongCode).padStart(6, '0') }));
    expect(wrong.status).toBe(401);
    expect(alertText(await wrong.text())).toMatch(/verification code is incorrect/);
    let response = await go(`${interaction}/totp`, form({ ticket, code: totpCode(secret, Date.now()) }));
    for (let hop = 0; hop < 6 && !response.headers.get('location')?.startsWith(redirectUri); hop++) {
      response = await go(new URL(response.headers.get('location')!, idp.issuer).href);
    }
    const code = new URL(response.headers.get('location')!).searchParams.get('code')!;
    const tokens = await exchangeCode(idp.issuer, code, verifier, redirectUri);
    expect(tokens.status).toBe(200);
    idp.directory.setTotpSecret(carol.id, null);
  });

  it('tells a disabled employee with the right password that the account is disabled', async () => {
    const bob = idp.directory.findByUsername('bob')!;
    idp.directory.setStatus(bob.id, 'disabled');
    try {
      const result = await authorize(idp.issuer, { username: 'bob', password: DEMO_PASSWORD, challenge: pkcePair().challenge });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.status).toBe(403);
        expect(alertText(result.body)).toBe('This account is disabled. Contact your IT administrator.');
      }
    } finally {
      idp.directory.setStatus(bob.id, 'active');
    }
  });

  it('lets an employee sign out everywhere from /account: every token of theirs stops working', async () => {
    const tokens = await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD);
    const eds = { ca: idp.tls.caCertPem, cert: idp.tls.edsCertPem, key: idp.tls.edsKeyPem };
    const page = await fetch(`${idp.issuer}/account`);
    expect(await page.text()).toContain('Sign out everywhere');
    const wrong = await fetch(`${idp.issuer}/account`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=alice&password=bad-password' });
    expect(wrong.status).toBe(401);
    expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body['active']).toBe(true);
    const done = await fetch(`${idp.issuer}/account`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `username=alice&password=${DEMO_PASSWORD}` });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Signed out everywhere');
    expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body).toEqual({ active: false });
    expect((await refresh(idp.issuer, tokens.refresh_token!)).status).toBe(400);
    // The receivers are told (CAEP session-revoked, initiated by the user) — queued in the outbox.
    const queued = idp.securityEvents.deliveries();
    expect(JSON.stringify(queued)).toContain('session-revoked');
  });
});
