// What the IMS emulator does not produce, against the registrar double: a reg-event NOTIFY whose
// contact was `shortened` (TS 24.229 §5.1.1.7: the network asks for re-authentication; the
// emulator's S-CSCF only ever sends `registered`/`refreshed`/`rejected`-style events for our
// flows). Every other user-agent story runs against the real emulator in ../emulator/.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PhoneUserAgent } from '../../src/sip/phone-user-agent.ts';
import { FakeRegistrar } from '../support/fake-registrar.ts';
import { fakeMediaFactory } from '../support/fake-media.ts';

beforeAll(() => {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
});

const IDP = 'https://idp.acme.test';
const ALICE = 'sip:alice@acme.example';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

function until(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => (check() ? resolve() : Date.now() - start > ms ? reject(new Error('condition not met in time')) : setTimeout(tick, 10));
    tick();
  });
}

describe('reg-event re-authentication request (registrar double)', () => {
  it('a reg-event "shortened" contact makes the UA refresh its token and re-REGISTER with it (TS 24.229 §5.1.1.7)', async () => {
    const registrar = new FakeRegistrar({ authzServer: IDP, tokens: new Map([[ALICE, 'token-1']]) });
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
        refreshed.push('token-2');
        registrar.tokens.set(ALICE, 'token-2');
        return 'token-2';
      },
      instanceId: 'urn:uuid:5b1f0c8e-3a51-4d5e-9b7e-0c2b9f6d1a40',
      sessionDescriptionHandlerFactory: fakeMediaFactory(),
    });
    cleanup.push(() => ua.stop());
    await ua.start();
    await until(() => registrar.subscriptions.length === 1);
    // The double's own first NOTIFY is on its way; one answered NOTIFY orders what follows after it.
    expect(await registrar.notify(ALICE, 'active', 'registered')).toBe(200);
    await registrar.notify(ALICE, 'active', 'shortened', 30);
    await until(() => registrar.registers.length === 2);
    expect(refreshed).toHaveLength(1);
    expect(registrar.authorizationsSeen()).toEqual(['Bearer token-1', 'Bearer token-2']);
    await until(() => ua.state === 'registered');
  });
});
