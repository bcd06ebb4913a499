import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PhoneUserAgent, type PhoneUserAgentOptions } from '../../src/sip/phone-user-agent.ts';
import { FakeRegistrar } from '../support/fake-registrar.ts';
import { fakeMediaFactory } from '../support/fake-media.ts';
import { ManualClock } from '../support/manual-clock.ts';

// sip.js opens `new WebSocket(url, 'sip')`; in the app the platform provides it.
beforeAll(() => {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
});

const IDP = 'https://idp.acme.test';
const ALICE = 'sip:alice@acme.example';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

async function setup(options: Partial<PhoneUserAgentOptions> = {}, registrarAuthz = IDP) {
  const registrar = new FakeRegistrar({ authzServer: registrarAuthz, tokens: new Map([[ALICE, 'token-1']]), associated: new Map([[ALICE, [ALICE, 'tel:+12025550101']]]) });
  await registrar.start();
  cleanup.push(() => registrar.close());
  const refreshed: string[] = [];
  const ua = new PhoneUserAgent({
    server: registrar.url,
    aor: ALICE,
    registrar: 'sip:ims.mnc001.mcc001.3gppnetwork.org',
    trustedAuthzServers: [IDP],
    accessToken: 'token-1',
    refreshAccessToken: async () => {
      refreshed.push('x');
      return registrar.tokens.get(ALICE)!;
    },
    instanceId: 'urn:uuid:5b1f0c8e-3a51-4d5e-9b7e-0c2b9f6d1a40',
    sessionDescriptionHandlerFactory: fakeMediaFactory(),
    ...options,
  });
  cleanup.push(() => ua.stop());
  return { registrar, ua, refreshed };
}

function until(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => (check() ? resolve() : Date.now() - start > ms ? reject(new Error('condition not met in time')) : setTimeout(tick, 10));
    tick();
  });
}

describe('registration with a bearer token (RFC 8898) over SIP WebSocket (RFC 7118)', () => {
  it('Alice registers her 3PID with Authorization: Bearer and learns her implicit registration set and Service-Route', async () => {
    const { registrar, ua } = await setup();
    const info = await ua.start();
    expect(registrar.authorizationsSeen()).toEqual(['Bearer token-1']);
    expect(info).toEqual({ associatedUris: [ALICE, 'tel:+12025550101'], serviceRoute: ['<sip:orig@scscf.ims.test;lr>'] });
    expect(ua.state).toBe('registered');
    const contact = registrar.bindings.get(ALICE)!.contact;
    expect(contact).toContain('+sip.instance="<urn:uuid:5b1f0c8e-3a51-4d5e-9b7e-0c2b9f6d1a40>"');
    expect(contact).toContain('reg-id=1');
  });

  it('the reg-event SUBSCRIBE after registration follows the Service-Route (RFC 3608)', async () => {
    const { registrar, ua } = await setup();
    await ua.start();
    await until(() => registrar.subscribes.length === 1);
    const subscribe = registrar.subscribes[0]!;
    expect(registrar.routesOf(subscribe)).toEqual(['<sip:orig@scscf.ims.test;lr>']);
    expect(subscribe.headers.find((h) => h.name.toLowerCase() === 'event')?.value).toBe('reg');
  });

  it('an expired token is challenged with 401 Bearer; the UA refreshes once and retries (RFC 8898 §3)', async () => {
    const { registrar, ua, refreshed } = await setup({ accessToken: 'stale' });
    await ua.start();
    expect(refreshed).toHaveLength(1);
    expect(registrar.authorizationsSeen()).toEqual(['Bearer stale', 'Bearer token-1']);
  });

  it('a second 401 after the refresh fails the registration with a clear message instead of looping', async () => {
    const refreshed: string[] = [];
    const { registrar, ua } = await setup({ accessToken: 'stale', refreshAccessToken: async () => {
      refreshed.push('x');
      return 'also-refused';
    } });
    await expect(ua.start()).rejects.toMatchObject({ code: 'ERR_PHONE_REGISTRATION', message: expect.stringContaining('Sign in again') });
    expect(refreshed).toHaveLength(1);
    expect(registrar.registers).toHaveLength(2);
  });

  it('a 401 naming an authorization server other than the configured IdP gets no token (RFC 8898 §3 MUST)', async () => {
    const { registrar, ua, refreshed } = await setup({ accessToken: 'stale' }, 'https://evil.example/oauth2');
    await expect(ua.start()).rejects.toMatchObject({ code: 'ERR_PHONE_UNTRUSTED_AUTHZ_SERVER' });
    expect(refreshed).toHaveLength(0);
    expect(registrar.registers).toHaveLength(1);
  });

  it('after a token refresh the UA re-REGISTERs at once with the new token', async () => {
    const { registrar, ua } = await setup();
    await ua.start();
    registrar.tokens.set(ALICE, 'token-2');
    await ua.setAccessToken('token-2');
    expect(registrar.authorizationsSeen()).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(ua.state).toBe('registered');
  });

  it('a registrar 403 fails the registration with the status in the message', async () => {
    const { registrar, ua } = await setup();
    registrar.forceStatus = 403;
    await expect(ua.start()).rejects.toMatchObject({ code: 'ERR_PHONE_REGISTRATION', details: { status: 403 } });
  });

  it('a reg-event NOTIFY with contact event="rejected" reports a network de-registration with a clear message (RFC 3680, TS 24.229)', async () => {
    const { registrar, ua } = await setup();
    await ua.start();
    await until(() => registrar.subscriptions.length === 1);
    const deregistered = ua.once('networkDeregistered');
    await registrar.notify(ALICE, 'terminated', 'rejected');
    const [reason] = await deregistered;
    expect(reason.event).toBe('rejected');
    expect(reason.message).toMatch(/no longer allows this account/);
    expect(ua.state).toBe('unregistered');
  });

  it('a reg-event "shortened" contact makes the UA refresh its token and re-REGISTER', async () => {
    const { registrar, ua, refreshed } = await setup();
    await ua.start();
    await until(() => registrar.subscriptions.length === 1);
    await registrar.notify(ALICE, 'active', 'shortened', 30);
    await until(() => registrar.registers.length === 2);
    expect(refreshed).toHaveLength(1);
  });

  it('sign-out un-REGISTERs with the bearer token and Expires 0', async () => {
    const { registrar, ua } = await setup();
    await ua.start();
    await ua.stop();
    const last = registrar.registers.at(-1)!;
    expect(last.headers.find((h) => h.name.toLowerCase() === 'authorization')?.value).toBe('Bearer token-1');
    expect(registrar.bindings.has(ALICE)).toBe(false);
  });

  it('when the WebSocket drops, the UA reconnects after a back-off and registers again', async () => {
    const clock = new ManualClock();
    const { registrar, ua } = await setup({ clock, reconnect: { initialMs: 1000, maxMs: 8000 } });
    await ua.start();
    const reconnected = ua.once('reconnected');
    registrar.dropConnections();
    await until(() => clock.pending().length === 1);
    expect(clock.pending()).toEqual([1000]);
    clock.advance(1000);
    await reconnected;
    expect(registrar.registers.length).toBeGreaterThanOrEqual(2);
    expect(ua.state).toBe('registered');
  });

  it('reconnection attempts back off exponentially up to the cap while the network stays down', async () => {
    const clock = new ManualClock();
    const { registrar, ua } = await setup({ clock, reconnect: { initialMs: 1000, maxMs: 4000 } });
    await ua.start();
    await registrar.close();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await until(() => clock.pending().length === 1);
      delays.push(clock.pending()[0]!);
      clock.advance(clock.pending()[0]!);
    }
    expect(delays).toEqual([1000, 2000, 4000, 4000]);
  });
});
