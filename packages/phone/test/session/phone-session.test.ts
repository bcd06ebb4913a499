import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp, DEMO_PASSWORD } from '../../../../idp/test/support/test-idp.ts';
import { refresh as refreshGrant, jwtParts } from '../../../../idp/test/support/oauth-client.ts';
import { PhoneSession, MemoryStateStore, type SignInNavigator, type SignOutReasonInfo, type SessionTokens } from '../../src/session/index.ts';
import { browserSignIn } from '../support/browser-sign-in.ts';
import { ManualClock } from '../support/manual-clock.ts';

const IMS = 'https://ims.mnc001.mcc001.3gppnetwork.org';
const REDIRECT = 'http://127.0.0.1:53999/callback';

let idp: Awaited<ReturnType<typeof startTestIdp>>;
beforeAll(async () => {
  idp = await startTestIdp({ accessTokenTtl: 120 });
});
afterAll(async () => {
  await idp?.stop();
});

function systemBrowser(username: string, seen: string[] = []): SignInNavigator {
  return {
    async prepare() {
      return {
        redirectUri: REDIRECT,
        navigate: (url: string) => {
          seen.push(url);
          return browserSignIn(url, REDIRECT, username, DEMO_PASSWORD);
        },
        close: () => undefined,
      };
    },
  };
}

function newSession(username: string, clock: ManualClock, seen: string[] = []) {
  return new PhoneSession({ issuer: idp.issuer, clientId: 'softphone', resource: IMS, stateStore: new MemoryStateStore(), navigator: systemBrowser(username, seen), clock });
}

describe('sign-in session at the enterprise IdP (authorization code + PKCE, RFC 7636 / RFC 8707)', () => {
  it('Alice signs in through the system browser with PKCE S256 and the IMS resource, and gets her 3PID and number', async () => {
    const seen: string[] = [];
    const session = newSession('alice', new ManualClock(), seen);
    const changed: SessionTokens[] = [];
    session.on('tokensChanged', (t) => changed.push(t));
    const tokens = await session.signIn();
    const auth = new URL(seen[0]!);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get('resource')).toBe(IMS);
    expect(auth.searchParams.get('scope')).toContain('offline_access');
    expect(tokens.claims).toMatchObject({ threePid: 'sip:alice@acme.example', phoneNumber: '+12025550101', name: 'Alice Avery' });
    expect(jwtParts(tokens.accessToken).payload['aud']).toBe(IMS);
    expect(changed).toHaveLength(1);
    await session.signOut();
  });

  it('the access token is refreshed before it expires, and the rotated refresh token replaces the old one', async () => {
    const clock = new ManualClock();
    const session = newSession('bob', clock);
    const first = await session.signIn();
    // 120 s lifetime, 60 s margin capped at a quarter of the lifetime: refresh after 90 s.
    expect(clock.pending()).toEqual([90_000]);
    const oldRefresh = (JSON.parse(first.persisted) as { refreshToken: string }).refreshToken;
    const next = new Promise<SessionTokens>((resolve) => session.on('tokensChanged', resolve));
    clock.advance(90_000);
    const second = await next;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.persisted).not.toBe(first.persisted);
    // Rotation: the IdP no longer accepts the refresh token that was used.
    const reuse = await refreshGrant(idp.issuer, oldRefresh);
    expect(reuse.status).toBe(400);
    await session.signOut();
  });

  it('a saved session resumes with the refresh-token grant, without the browser', async () => {
    const a = newSession('carol', new ManualClock());
    const saved = (await a.signIn()).persisted;
    const b = new PhoneSession({ issuer: idp.issuer, clientId: 'softphone', resource: IMS, stateStore: new MemoryStateStore(), clock: new ManualClock(),
      navigator: { prepare: () => Promise.reject(new Error('no browser expected')) } });
    const resumed = await b.restore(saved);
    expect(resumed.claims.threePid).toBe('sip:carol@acme.example');
    await b.signOut();
  });

  it('sign-out un-registers first, then revokes the tokens at the IdP (RFC 7009)', async () => {
    const session = newSession('alice', new ManualClock());
    const tokens = await session.signIn();
    const order: string[] = [];
    session.onBeforeSignOut(async () => {
      order.push('unregister');
    });
    session.on('signedOut', (r) => order.push(`signedOut:${r.code}`));
    await session.signOut();
    expect(order).toEqual(['unregister', 'signedOut:user']);
    const { refreshToken } = JSON.parse(tokens.persisted) as { refreshToken: string };
    const after = await refreshGrant(idp.issuer, refreshToken);
    expect(after.status).toBe(400);
    expect(session.tokens).toBeUndefined();
  });

  it('a refresh the IdP refuses (token revoked elsewhere) signs the user out with a clear reason', async () => {
    const clock = new ManualClock();
    const session = newSession('bob', clock);
    const tokens = await session.signIn();
    const { refreshToken } = JSON.parse(tokens.persisted) as { refreshToken: string };
    await fetch(`${idp.issuer}/token/revocation`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: refreshToken, client_id: 'softphone' }) });
    const reasons: SignOutReasonInfo[] = [];
    session.on('signedOut', (r) => reasons.push(r));
    await expect(session.refresh()).rejects.toMatchObject({ code: 'ERR_PHONE_SESSION' });
    expect(reasons).toEqual([{ code: 'session-expired', message: expect.stringContaining('Sign in again') }]);
    expect(clock.pending()).toEqual([]);
  });

  it('an unreadable saved session is refused with a message, not a crash', async () => {
    const session = newSession('alice', new ManualClock());
    await expect(session.restore('{"v":2}')).rejects.toMatchObject({ code: 'ERR_PHONE_SESSION', message: expect.stringContaining('sign in again') });
  });
});
