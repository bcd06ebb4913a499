// Consent (issue 2, item 3): first-party clients (the softphone) skip it; any other client shows
// the consent page, and "Deny" returns access_denied to the client (RFC 6749 §4.1.2.1).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, pkcePair } from '../support/oauth-client.ts';
import { DEMO_PASSWORD, startTestIdp } from '../support/test-idp.ts';

const REDIRECT = 'http://127.0.0.1:50123/cb';

function configWithPartner(): string {
  const dir = mkdtempSync(join(tmpdir(), 'idp-config-'));
  cpSync(fileURLToPath(new URL('../../config/', import.meta.url)), dir, { recursive: true });
  const file = join(dir, 'clients.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { clients: unknown[] };
  json.clients.push({
    client_id: 'partner-app',
    client_name: 'Partner Directory App',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [REDIRECT],
    firstParty: false,
  });
  writeFileSync(file, JSON.stringify(json));
  return dir;
}

describe('consent', () => {
  let idp: Awaited<ReturnType<typeof startTestIdp>>;
  let configDir: string;
  beforeAll(async () => {
    configDir = configWithPartner();
    idp = await startTestIdp({ configDir });
  });
  afterAll(async () => {
    await idp.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  async function toConsentPage(): Promise<{ jar: CookieJar; go: (url: string, init?: RequestInit) => Promise<Response>; html: string; url: string }> {
    const jar = new CookieJar();
    const go = async (url: string, init: RequestInit = {}): Promise<Response> => {
      const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
      jar.store(response);
      return response;
    };
    const { challenge } = pkcePair();
    const params = new URLSearchParams({ client_id: 'partner-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid profile', code_challenge: challenge, code_challenge_method: 'S256' });
    let response = await go(`${idp.issuer}/auth?${params}`);
    let url = new URL(response.headers.get('location')!, idp.issuer).href;
    await (await go(url)).text();
    response = await go(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'alice', password: DEMO_PASSWORD }).toString(),
    });
    for (let hop = 0; hop < 4 && response.status === 303; hop++) {
      url = new URL(response.headers.get('location')!, idp.issuer).href;
      response = await go(url);
    }
    return { jar, go, html: await response.text(), url };
  }

  it('shows a consent page naming the third-party client and what it asks for', async () => {
    const { html } = await toConsentPage();
    expect(html).toContain('Allow access?');
    expect(html).toContain('Partner Directory App');
    expect(html).toContain('Your name and photo');
  });

  it('returns access_denied to the client when the employee denies', async () => {
    const { go, url } = await toConsentPage();
    let response = await go(`${url}/consent`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=deny' });
    for (let hop = 0; hop < 4 && !response.headers.get('location')?.startsWith(REDIRECT); hop++) {
      response = await go(new URL(response.headers.get('location')!, idp.issuer).href);
    }
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it('issues a code when the employee allows', async () => {
    const { go, url } = await toConsentPage();
    let response = await go(`${url}/consent`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=allow' });
    for (let hop = 0; hop < 4 && !response.headers.get('location')?.startsWith(REDIRECT); hop++) {
      response = await go(new URL(response.headers.get('location')!, idp.issuer).href);
    }
    expect(new URL(response.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });
});
