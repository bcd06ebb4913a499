// The softphone's sign-in as a person does it: authorization code + PKCE (RFC 7636) through the
// real sign-in page in Chromium, back to an RFC 8252 loopback redirect, then the token exchange.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { IMS_RESOURCE, exchangeCode, jwtParts, pkcePair } from './support/oauth-client.ts';
import { DEMO_PASSWORD, startTestIdp } from './support/test-idp.ts';

let idp: Awaited<ReturnType<typeof startTestIdp>>;
let loopback: Server;
let redirectUri: string;

test.beforeAll(async () => {
  idp = await startTestIdp();
  // The "native app": a one-page loopback server that receives the redirect.
  loopback = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Softphone</title><p role="status">Signed in. You can close this window.</p>`);
    void req;
  });
  await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
  redirectUri = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}/callback`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => loopback.close(() => resolve()));
  await idp.stop();
});

function authorizeUrl(challenge: string, state: string): string {
  const params = new URLSearchParams({
    client_id: 'softphone',
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile phone offline_access sip',
    resource: IMS_RESOURCE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce: 'n-0S6_WzA2Mj',
  });
  return `${idp.issuer}/auth?${params}`;
}

test('Alice signs in to the softphone through the sign-in page and gets tokens for IMS (RFC 7636, RFC 8252, RFC 9068)', async ({ page }) => {
  const { verifier, challenge } = pkcePair();
  await page.goto(authorizeUrl(challenge, 'state-alice'));
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Acme Corp').first()).toBeVisible();

  // A wrong password first: a clear message in an alert, still on the sign-in page.
  await page.getByRole('textbox', { name: 'Username' }).fill('alice');
  await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The username or password is incorrect. Check both and try again.');

  await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // First-party client: no consent page; straight back to the loopback redirect.
  await page.waitForURL((url) => url.href.startsWith(redirectUri));
  await expect(page.getByRole('status')).toHaveText(/Signed in/);
  const callback = new URL(page.url());
  expect(callback.searchParams.get('state')).toBe('state-alice');
  expect(callback.searchParams.get('iss')).toBe(idp.issuer); // RFC 9207
  const code = callback.searchParams.get('code');
  expect(code).toBeTruthy();

  const tokens = await exchangeCode(idp.issuer, code!, verifier, redirectUri);
  expect(tokens.status).toBe(200);
  expect(tokens.body['token_type']).toBe('Bearer');
  expect(tokens.body['refresh_token']).toBeTruthy();

  const jwks = createLocalJWKSet((await (await fetch(`${idp.issuer}/jwks`)).json()) as Parameters<typeof createLocalJWKSet>[0]);
  const access = await jwtVerify(String(tokens.body['access_token']), jwks, { issuer: idp.issuer, audience: IMS_RESOURCE, typ: 'at+jwt' });
  expect(access.protectedHeader.alg).toBe('ES256');
  expect(access.payload).toMatchObject({
    client_id: 'softphone',
    '3pid': 'sip:alice@acme.example',
    phone_number: '+12025550101',
    name: 'Alice Avery',
    title: 'Sales Director',
    department: 'Sales',
    scope: 'sip',
  });
  const id = await jwtVerify(String(tokens.body['id_token']), jwks, { issuer: idp.issuer, audience: 'softphone' });
  expect(id.payload).toMatchObject({ nonce: 'n-0S6_WzA2Mj', name: 'Alice Avery', preferred_username: 'alice', phone_number: '+12025550101' });
  expect(id.payload.sub).toBe(jwtParts(String(tokens.body['access_token'])).payload['sub']);
});

test('the sign-in page refuses an unregistered redirect URI with a clear error page', async ({ page }) => {
  const { challenge } = pkcePair();
  const url = authorizeUrl(challenge, 's').replace(encodeURIComponent(redirectUri), encodeURIComponent('http://evil.example/callback'));
  const response = await page.goto(url);
  expect(response?.status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('not registered');
});
