// "A registration never outlives its token" (issue 4 item 4): with 3-second access tokens the
// binding is granted 3 s, and when it lapses the reg event subscriber hears `expired`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHeader } from '@eims/sip';
import { startStack, type Stack } from '../stories/ims-harness.ts';
import { rawSipClient } from '../stories/raw-sip-client.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ accessTokenTtl: 3 });
});
afterAll(async () => {
  await stack?.stop();
});

describe('registration bounded by the token (RFC 8898 §6, RFC 3680)', () => {
  it('asked for 600 s, granted at most the token lifetime; the registration ends with the token', async () => {
    const alice = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      const r = await alice.request('REGISTER', 'sip:acme.example', {
        from: 'sip:alice@acme.example',
        to: 'sip:alice@acme.example',
        headers: [`Authorization: Bearer ${await stack.token('alice')}`, `Contact: <sip:alice@127.0.0.1:${alice.port};transport=tcp>;expires=600`],
      });
      expect(r.status).toBe(200);
      expect(Number(/expires=(\d+)/.exec(r.header('Contact') ?? '')?.[1])).toBeLessThanOrEqual(3);
      const sub = await alice.request('SUBSCRIBE', 'sip:alice@acme.example', {
        from: 'sip:alice@acme.example',
        to: 'sip:alice@acme.example',
        headers: ['Event: reg', 'Expires: 600', `Contact: <sip:alice@127.0.0.1:${alice.port};transport=tcp>`],
      });
      expect(sub.status).toBe(200);
      await alice.waitForRequest('NOTIFY');
      const last = await alice.waitForRequest('NOTIFY', 6000);
      expect(getHeader(last, 'Subscription-State')).toMatch(/^terminated/);
      expect(new TextDecoder().decode(last.body)).toContain('event="expired"');
      expect(stack.core.scscf.store.find('sip:alice@acme.example')).toBeUndefined();
    } finally {
      alice.close();
    }
  }, 20_000);
});
