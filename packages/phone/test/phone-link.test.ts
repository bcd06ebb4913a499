// The session and the user agent together: real IdP tokens, verified by the registrar double.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startTestIdp, DEMO_PASSWORD } from '../../../idp/test/support/test-idp.ts';
import { refresh as refreshGrant } from '../../../idp/test/support/oauth-client.ts';
import { linkSessionToUserAgent } from '../src/phone-link.ts';
import { MemoryStateStore, PhoneSession, type SignOutReasonInfo } from '../src/session/index.ts';
import { PhoneUserAgent } from '../src/sip/phone-user-agent.ts';
import { browserSignIn } from './support/browser-sign-in.ts';
import { FakeRegistrar } from './support/fake-registrar.ts';
import { fakeMediaFactory } from './support/fake-media.ts';
import { ManualClock } from './support/manual-clock.ts';

const IMS = 'https://ims.mnc001.mcc001.3gppnetwork.org';
const REDIRECT = 'http://127.0.0.1:53998/callback';
let idp: Awaited<ReturnType<typeof startTestIdp>>;
let registrar: FakeRegistrar;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  idp = await startTestIdp({ accessTokenTtl: 120 });
  const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
  const keys = createRemoteJWKSet(new URL(discovery.jwks_uri));
  // The registrar double validates like the S-CSCF will: signature, issuer, audience = IMS, 3PID = AOR.
  registrar = new FakeRegistrar({
    authzServer: idp.issuer,
    validate: async (aor, token) => {
      try {
        const { payload } = await jwtVerify(token, keys, { issuer: idp.issuer, audience: IMS });
        return payload['3pid'] === aor;
      } catch {
        return false;
      }
    },
  });
  await registrar.start();
});
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});
afterAll(async () => {
  await registrar?.close();
  await idp?.stop();
});

async function signedInPhone(username: string) {
  const clock = new ManualClock();
  const session = new PhoneSession({
    issuer: idp.issuer, clientId: 'softphone', resource: IMS, stateStore: new MemoryStateStore(), clock,
    navigator: { prepare: async () => ({ redirectUri: REDIRECT, navigate: (url) => browserSignIn(url, REDIRECT, username, DEMO_PASSWORD), close: () => undefined }) },
  });
  const tokens = await session.signIn();
  const ua = new PhoneUserAgent({
    server: registrar.url, aor: tokens.claims.threePid!, registrar: 'sip:ims.mnc001.mcc001.3gppnetwork.org', trustedAuthzServers: [idp.issuer],
    accessToken: tokens.accessToken, refreshAccessToken: async () => (await session.refresh()).accessToken,
    instanceId: 'urn:uuid:00000000-0000-4000-8000-00000000000a', sessionDescriptionHandlerFactory: fakeMediaFactory(), clock,
  });
  linkSessionToUserAgent(session, ua);
  cleanup.push(() => ua.stop(), () => session.signOut());
  await ua.start();
  return { session, ua, clock, tokens };
}

const until = (check: () => boolean, ms = 5000) => new Promise<void>((resolve, reject) => {
  const start = Date.now();
  const tick = () => (check() ? resolve() : Date.now() - start > ms ? reject(new Error('condition not met in time')) : setTimeout(tick, 10));
  tick();
});

describe('signed-in softphone: IdP session and IMS registration together (seed 6.X.2.2)', () => {
  it('Alice registers with the IdP access token, and every refresh is followed by a re-REGISTER with the new token', async () => {
    const { clock, ua, tokens } = await signedInPhone('alice');
    expect(ua.state).toBe('registered');
    const before = registrar.registers.length;
    clock.advance(90_000); // the session refreshes 30 s before the 120 s token expires
    await until(() => registrar.registers.length === before + 1 && ua.state === 'registered');
    const auth = registrar.authorizationsSeen().at(-1)!;
    expect(auth.startsWith('Bearer ')).toBe(true);
    expect(auth).not.toBe(`Bearer ${tokens.accessToken}`);
  });

  it('a network de-registration (reg-event "rejected") signs Alice out with the network\'s reason and revokes her refresh token', async () => {
    const { session, tokens } = await signedInPhone('alice');
    await until(() => registrar.subscriptions.some((s) => s.aor === 'sip:alice@acme.example'));
    const signedOut = new Promise<SignOutReasonInfo>((resolve) => session.on('signedOut', resolve));
    await registrar.notify('sip:alice@acme.example', 'terminated', 'rejected');
    const reason = await signedOut;
    expect(reason).toMatchObject({ code: 'network-deregistered', message: expect.stringContaining('IT administrator') });
    const { refreshToken } = JSON.parse(tokens.persisted) as { refreshToken: string };
    await until(() => session.tokens === undefined);
    await new Promise((r) => setTimeout(r, 200)); // revocation is the last step of sign-out
    expect((await refreshGrant(idp.issuer, refreshToken)).status).toBe(400);
  });

  it('sign-out un-REGISTERs first (with a still-valid token), then revokes', async () => {
    const { session, ua } = await signedInPhone('bob');
    await session.signOut();
    expect(ua.state).toBe('unregistered');
    expect(registrar.bindings.has('sip:bob@acme.example')).toBe(false);
  });
});
