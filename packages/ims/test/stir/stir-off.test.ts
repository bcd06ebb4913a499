// IMS_STIR=off (the baseline the `ims-call` benchmark compares with): the originating AS signs
// nothing and the terminating AS verifies nothing, so no verstat and no card reach the callee;
// what the device asserted about itself is still removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inviter, UserAgent } from 'sip.js';
import { startPhone, type Phone } from '../stories/sipjs-phone.ts';
import { startStirStack, type StirStack } from './stir-stack.ts';
import { deliveredBySipJs } from './sip-headers.ts';
import { describeListeners } from '../../src/core/start-sip-core.ts';

let stack: StirStack;
let alice: Phone;
let bob: Phone;
let aliceToken: string;

beforeAll(async () => {
  stack = await startStirStack({ stir: 'off' });
  alice = await startPhone('sip:alice@acme.example', stack.core.listeners.ws);
  bob = await startPhone('sip:bob@acme.example', stack.core.listeners.ws);
  aliceToken = await stack.token('alice');
  expect(await alice.register(aliceToken)).toBe(200);
  expect(await bob.register(await stack.token('bob'))).toBe(200);
}, 60_000);
afterAll(async () => {
  await alice?.stop();
  await bob?.stop();
  await stack?.stop();
});

describe('IMS_STIR=off', () => {
  it('alice calls bob: no Identity, no verstat, no card, no Supported early-media-verification-with-shaken; a device-sent Identity is still removed', async () => {
    expect(describeListeners(stack.core)).toContain('STIR/SHAKEN: off (IMS_STIR=off): calls are neither signed nor verified');
    const inviter = new Inviter(alice.ua, UserAgent.makeURI('sip:bob@acme.example')!, {
      extraHeaders: [`Authorization: Bearer ${aliceToken}`, 'Identity: forged.forged.forged;info=<http://127.0.0.1:9/x.pem>'],
    });
    const final = new Promise<number>((resolve) => {
      inviter.invite({ requestDelegate: { onReject: (r) => resolve(r.message.statusCode ?? 0), onAccept: (r) => resolve(r.message.statusCode ?? 0) } }).catch(() => resolve(0));
    });
    const invitation = await bob.waitForInvitation();
    const d = deliveredBySipJs(invitation);
    expect(d.identity).toEqual([]);
    expect(d.from).not.toContain('verstat');
    expect(d.pai.join(',')).not.toContain('verstat');
    expect(d.callInfo).toEqual([]);
    expect(d.supported).not.toContain('early-media-verification-with-shaken');
    expect(d.caller).toMatchObject({ state: 'unverified', number: '+12025550101' });
    const cdr = stack.core.waitForCdr(invitation.request.callId);
    await invitation.reject({ statusCode: 486 });
    expect(await final).toBe(486);
    expect(await cdr).toMatchObject({ attestation: null, verstat: null });
  });
});
