// RFC 3325 §5: a UA cannot assert its own identity. The P-CSCF removes P-Asserted-Identity and
// P-Preferred-Identity from clients and asserts only what was registered over the same flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHeaders } from '@eims/sip';
import { startStack, type Stack } from '../stories/ims-harness.ts';
import { rawSipClient } from '../stories/raw-sip-client.ts';
import { DAVE, registerDave } from '../stories/dave-digest.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('P-CSCF identity assertion (RFC 3325)', () => {
  it('dave claims to be alice in P-Asserted-Identity; bob still sees dave', async () => {
    // The token first, each connection just before its first message: the P-CSCF closes
    // connections that stay silent for 500 ms (harness setting), which a busy machine can exceed.
    const token = await stack.token('bob');
    const bob = await rawSipClient(stack.core.pcscf.listeners.tcp);
    let dave: Awaited<ReturnType<typeof rawSipClient>> | undefined;
    try {
      const r = await bob.request('REGISTER', 'sip:acme.example', {
        from: 'sip:bob@acme.example',
        to: 'sip:bob@acme.example',
        headers: [`Authorization: Bearer ${token}`, `Contact: <sip:bob@127.0.0.1:${bob.port};transport=tcp>`],
      });
      expect(r.status).toBe(200);
      dave = await rawSipClient(stack.core.pcscf.listeners.tcp);
      await registerDave(dave);
      const { response } = await dave.invite('sip:bob@acme.example', {
        from: DAVE,
        to: 'sip:bob@acme.example',
        headers: ['P-Asserted-Identity: "Alice Avery" <sip:alice@acme.example>', 'P-Preferred-Identity: <sip:alice@acme.example>'],
      });
      expect(response.status).toBe(200);
      const invite = await bob.waitForRequest('INVITE');
      expect(getHeaders(invite, 'P-Asserted-Identity').join(', ')).toBe('<sip:+12025550999@ims.mnc001.mcc001.3gppnetwork.org;user=phone>, <tel:+12025550999>');
      expect(getHeaders(invite, 'P-Preferred-Identity')).toEqual([]);
    } finally {
      bob.close();
      dave?.close();
    }
  });

  it('an unregistered caller outside any enterprise cannot place a call (403)', async () => {
    const stranger = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      const { response } = await stranger.invite('sip:bob@acme.example', { from: 'sip:mallory@ims.mnc001.mcc001.3gppnetwork.org', to: 'sip:bob@acme.example', headers: ['P-Asserted-Identity: <sip:dave@ims.mnc001.mcc001.3gppnetwork.org>'] });
      expect(response.status).toBe(403);
    } finally {
      stranger.close();
    }
  });
});
