// The softphone core registers at the real IMS emulator with the IdP's access token: REGISTER
// with Authorization: Bearer (RFC 8898), re-REGISTER after each refresh, a 401 Bearer challenge
// answered by one refresh and retry (RFC 8898 §3), Service-Route (RFC 3608) used as the route set,
// reg-event (RFC 3680), and sign-out that un-REGISTERs before revoking (RFC 7009).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { refresh as refreshGrant, revoke } from '../../../../idp/test/support/oauth-client.ts';
import { signInPhone, until, type EmulatorPhone } from '../support/emulator-phone.ts';
import { startEmulatorStack, type EmulatorStack } from '../support/emulator-stack.ts';
import { header, installTracingWebSocket, responsesTo, sentRequests, statusOf, trace } from '../support/sip-trace.ts';

let stack: EmulatorStack;
const phones: EmulatorPhone[] = [];
beforeAll(async () => {
  installTracingWebSocket();
  stack = await startEmulatorStack({ accessTokenTtl: 300 });
});
afterEach(async () => {
  for (const phone of phones.splice(0)) await phone.close();
});
afterAll(async () => {
  await stack?.stop();
});

async function phone(username: string, options: Parameters<typeof signInPhone>[2] = {}): Promise<EmulatorPhone> {
  const p = await signInPhone(stack, username, options);
  phones.push(p);
  return p;
}

describe('registration at the IMS emulator with a bearer token (RFC 8898, TS 24.229)', () => {
  it('Alice registers her 3PID with Authorization: Bearer and learns her implicit set (P-Associated-URI) and Service-Route', async () => {
    const mark = trace.length;
    const alice = await phone('alice');
    expect(alice.ua.state).toBe('registered');
    const [register] = sentRequests('REGISTER', 'sip:alice@acme.example', mark);
    expect(register).toBeDefined();
    expect(header(register!, 'authorization')).toBe(`Bearer ${alice.tokens.accessToken}`);
    // RFC 5626 outbound: one flow per instance, so the network can route to the new one after a drop.
    expect(header(register!, 'contact')).toMatch(/\+sip\.instance="<urn:uuid:[0-9a-f-]{36}>"/);
    expect(header(register!, 'contact')).toContain('reg-id=1');
    expect(responsesTo(register!).map(statusOf)).toContain(200);
    expect(alice.ua.info.associatedUris).toContain('sip:alice@acme.example');
    expect(alice.ua.info.associatedUris.some((u) => u.includes('+12025550101'))).toBe(true);
    expect(alice.ua.info.serviceRoute.length).toBeGreaterThan(0);
    await stack.core.waitForRegistration('sip:alice@acme.example', 2000);
  });

  it('requests after registration carry the Service-Route as their Route set (RFC 3608 §6.1)', async () => {
    const mark = trace.length;
    const alice = await phone('alice');
    await until(() => sentRequests('SUBSCRIBE', 'sip:alice@acme.example', mark).length > 0, 5000, 'reg-event SUBSCRIBE');
    const subscribe = sentRequests('SUBSCRIBE', 'sip:alice@acme.example', mark)[0]!;
    expect(header(subscribe, 'event')).toBe('reg');
    expect(header(subscribe, 'route')).toBe(alice.ua.info.serviceRoute.join(', '));
    await until(() => responsesTo(subscribe).some((r) => statusOf(r) === 200), 5000, '200 to SUBSCRIBE');
  });

  it('after a token refresh Alice re-REGISTERs at once with the new token', async () => {
    const alice = await phone('alice');
    const mark = trace.length;
    const fresh = await alice.session.refresh();
    await until(() => sentRequests('REGISTER', 'sip:alice@acme.example', mark).some((r) => responsesTo(r).some((x) => statusOf(x) === 200)), 5000, 're-REGISTER accepted');
    const [again] = sentRequests('REGISTER', 'sip:alice@acme.example', mark);
    expect(header(again!, 'authorization')).toBe(`Bearer ${fresh.accessToken}`);
    expect(fresh.accessToken).not.toBe(alice.tokens.accessToken);
    expect(alice.ua.state).toBe('registered');
  });

  it('a revoked token is challenged with 401 Bearer naming the IdP; the UA refreshes once and retries (RFC 8898 §3)', async () => {
    const alice = await phone('alice', { start: false });
    const stale = alice.tokens.accessToken;
    expect(await revoke(stack.idp.issuer, stale)).toBe(200);
    const refreshed: string[] = [];
    alice.session.on('tokensChanged', (t) => refreshed.push(t.accessToken));
    const mark = trace.length;
    await alice.ua.start();
    const registers = sentRequests('REGISTER', 'sip:alice@acme.example', mark);
    expect(registers.map((r) => header(r, 'authorization'))).toEqual([`Bearer ${stale}`, `Bearer ${refreshed[0]}`]);
    const challenge = responsesTo(registers[0]!).find((r) => statusOf(r) === 401)!;
    expect(header(challenge, 'www-authenticate')).toMatch(new RegExp(`^Bearer .*authz_server="${stack.idp.issuer}"`));
    expect(refreshed).toHaveLength(1);
    expect(alice.ua.state).toBe('registered');
  });

  it('a second 401 after the refresh fails the registration with a clear message instead of looping', async () => {
    const alice = await phone('alice', { start: false });
    const stale = alice.tokens.accessToken;
    await revoke(stack.idp.issuer, stale);
    let refreshes = 0;
    // The "refresh" hands back the same revoked token: the network refuses it again.
    const ua = (await phone('alice', { start: false, accessToken: stale, ua: { refreshAccessToken: async () => (refreshes++, stale) } })).ua;
    const mark = trace.length;
    await expect(ua.start()).rejects.toMatchObject({ code: 'ERR_PHONE_REGISTRATION', message: expect.stringContaining('Sign in again') });
    expect(refreshes).toBe(1);
    expect(sentRequests('REGISTER', 'sip:alice@acme.example', mark)).toHaveLength(2);
  });

  it('a 401 naming an authorization server other than the configured one gets no token (RFC 8898 §3 MUST)', async () => {
    let refreshes = 0;
    const alice = await phone('alice', { start: false });
    await revoke(stack.idp.issuer, alice.tokens.accessToken);
    const ua = (await phone('alice', {
      start: false,
      accessToken: alice.tokens.accessToken,
      ua: { trustedAuthzServers: ['https://idp.other.example'], refreshAccessToken: async () => (refreshes++, 'x') },
    })).ua;
    const mark = trace.length;
    await expect(ua.start()).rejects.toMatchObject({ code: 'ERR_PHONE_UNTRUSTED_AUTHZ_SERVER' });
    expect(refreshes).toBe(0);
    expect(sentRequests('REGISTER', 'sip:alice@acme.example', mark)).toHaveLength(1);
  });

  it("registering Alice's 3PID with Bob's token is refused 403 with the status in the error (token not for this identity)", async () => {
    const bob = await phone('bob', { start: false });
    const ua = (await phone('alice', { start: false, accessToken: bob.tokens.accessToken })).ua;
    await expect(ua.start()).rejects.toMatchObject({ code: 'ERR_PHONE_REGISTRATION', details: { status: 403 } });
  });

  it('sign-out un-REGISTERs with the still-valid bearer token (200), then revokes the tokens', async () => {
    const bob = await phone('bob');
    const { refreshToken } = JSON.parse(bob.tokens.persisted) as { refreshToken: string };
    const mark = trace.length;
    await bob.session.signOut();
    expect(bob.ua.state).toBe('unregistered');
    const unregister = sentRequests('REGISTER', 'sip:bob@acme.example', mark).at(-1)!;
    expect(header(unregister, 'expires') ?? header(unregister, 'contact')).toMatch(/(^0$|expires=0)/);
    expect(header(unregister, 'authorization')).toBe(`Bearer ${bob.tokens.accessToken}`);
    expect(responsesTo(unregister).map(statusOf)).toContain(200);
    await stack.core.waitForDeregistration('sip:bob@acme.example', 2000);
    expect((await refreshGrant(stack.idp.issuer, refreshToken)).status).toBe(400);
  });
});
