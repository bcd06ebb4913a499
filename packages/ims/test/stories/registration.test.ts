// Single registration (TR 23.700-87 6.X.2.2): a softphone (sip.js over WebSocket) signs in at the
// IdP and registers its 3PID with the access token through P-CSCF → S-CSCF → EDS (IF1) → IdP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './ims-harness.ts';
import { startPhone } from './sipjs-phone.ts';
import { rawSipClient } from './raw-sip-client.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('single registration of alice over WebSocket (6.X.2.2, RFC 8898, RFC 7118)', () => {
  it('alice registers her 3PID with her access token and is reachable by 3PID and by E.164', async () => {
    const alice = await startPhone('sip:alice@acme.example', stack.core.listeners.ws);
    try {
      const status = await alice.register(await stack.token('alice'));
      expect(status).toBe(200);
      const reg = await stack.core.waitForRegistration('sip:alice@acme.example');
      expect(reg.implicitSet).toEqual(['sip:alice@acme.example', 'tel:+12025550101']);
      expect(stack.core.scscf.store.find('tel:+12025550101')?.aor).toBe('sip:alice@acme.example');
      expect(stack.core.scscf.store.find('sip:+12025550101@ims.mnc001.mcc001.3gppnetwork.org;user=phone')?.aor).toBe('sip:alice@acme.example');
      // The binding names the P-CSCF flow in its Path (RFC 3327, RFC 5626).
      expect(reg.bindings[0]?.path[0]).toMatch(/^sip:ws-[A-Za-z0-9_-]+@127\.0\.0\.1:\d+;transport=tcp;lr;ob$/);
      // TS 24.229 §5.4.1.7: the S-CSCF registers the user at the MMTel AS (third-party REGISTER).
      await expect.poll(() => stack.core.as.isRegistered('tel:+12025550101')).toBe(true);
      const unregistered = await alice.unregister(await stack.token('alice'));
      expect(unregistered).toBe(200);
      await stack.core.waitForDeregistration('sip:alice@acme.example');
      await expect.poll(() => stack.core.as.isRegistered('sip:alice@acme.example')).toBe(false);
    } finally {
      await alice.stop();
    }
  });

  it('alice registers over secure WebSocket (wss, RFC 7118 §10) with the carrier certificate', async () => {
    const { WebSocket: NodeWebSocket } = await import('ws');
    const ca = stack.caCertPem;
    const previous = (globalThis as { WebSocket?: unknown }).WebSocket;
    (globalThis as { WebSocket?: unknown }).WebSocket = class extends NodeWebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ca });
      }
    };
    try {
      const alice = await startPhone('sip:alice@acme.example', stack.core.listeners.wss!);
      try {
        expect(await alice.register(await stack.token('alice'))).toBe(200);
        const reg = await stack.core.waitForRegistration('sip:alice@acme.example');
        expect(reg.bindings.at(-1)?.path[0]).toMatch(/^sip:wss-/);
        expect(await alice.unregister(await stack.token('alice'))).toBe(200);
      } finally {
        await alice.stop();
      }
    } finally {
      (globalThis as { WebSocket?: unknown }).WebSocket = previous;
    }
  });

  it('the 200 OK carries P-Associated-URI, Service-Route and Path, and the expiry is capped by the token (RFC 7315, RFC 3608, RFC 3327)', async () => {
    const token = await stack.token('alice');
    const client = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      const response = await client.request('REGISTER', 'sip:acme.example', {
        from: 'sip:alice@acme.example',
        to: 'sip:alice@acme.example',
        headers: [`Authorization: Bearer ${token}`, `Contact: <sip:alice@127.0.0.1:${client.port};transport=tcp>;expires=86400`],
      });
      expect(response.status).toBe(200);
      expect(response.headers('P-Associated-URI').join(', ')).toBe('<sip:alice@acme.example>, <tel:+12025550101>');
      expect(response.header('Service-Route')).toMatch(/^<sip:orig@127\.0\.0\.1:\d+;transport=tcp;lr>$/);
      expect(response.header('Path')).toMatch(/^<sip:tcp-[A-Za-z0-9_-]+@127\.0\.0\.1:\d+;transport=tcp;lr;ob>$/);
      // Asked for a day; the IdP's token lives 600 s, so the binding does not outlive it.
      const expires = Number(/expires=(\d+)/.exec(response.header('Contact') ?? '')?.[1]);
      expect(expires).toBeGreaterThan(500);
      expect(expires).toBeLessThanOrEqual(600);
      await client.request('REGISTER', 'sip:acme.example', {
        from: 'sip:alice@acme.example',
        to: 'sip:alice@acme.example',
        headers: [`Authorization: Bearer ${token}`, 'Contact: *', 'Expires: 0'],
      });
    } finally {
      client.close();
    }
  });

  it('a REGISTER without credentials is challenged with Bearer naming the enterprise IdP (RFC 8898 §4)', async () => {
    const client = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      const response = await client.request('REGISTER', 'sip:acme.example', {
        from: 'sip:alice@acme.example',
        to: 'sip:alice@acme.example',
        headers: [`Contact: <sip:alice@127.0.0.1:${client.port};transport=tcp>`],
      });
      expect(response.status).toBe(401);
      expect(response.header('WWW-Authenticate')).toBe(`Bearer realm="ims.mnc001.mcc001.3gppnetwork.org", scope="sip", authz_server="${stack.idp.issuer}"`);
      expect(stack.core.scscf.store.find('sip:alice@acme.example')).toBeUndefined();
    } finally {
      client.close();
    }
  });
});
