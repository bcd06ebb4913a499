// An INVITE whose token the network finds expired (the phone slept through its refresh) is
// challenged 401 Bearer by the originating S-CSCF; the phone gets one fresh token and sends the
// INVITE once more, under the same call (RFC 8898 §3), and re-REGISTERs with the new token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import type { PhoneCall } from '../../src/call/phone-call.ts';
import { signInPhone, until, type EmulatorPhone } from '../support/emulator-phone.ts';
import { startEmulatorStack, type EmulatorStack } from '../support/emulator-stack.ts';
import { header, installTracingWebSocket, responsesTo, sentRequests, statusOf, trace } from '../support/sip-trace.ts';

let stack: EmulatorStack;
let alice: EmulatorPhone;
let bob: EmulatorPhone;
beforeAll(async () => {
  installTracingWebSocket();
  stack = await startEmulatorStack();
  [alice, bob] = await Promise.all([signInPhone(stack, 'alice'), signInPhone(stack, 'bob')]);
});
afterAll(async () => {
  for (const p of [alice, bob]) await p?.close();
  await stack?.stop();
});

const state = (call: PhoneCall, wanted: PhoneCall['state']) => until(() => call.state === wanted, 5000, `${call.id} ${wanted}`);

describe('INVITE challenged for an expired token', () => {
  it('Alice\'s INVITE with an expired token gets 401 Bearer; she refreshes once and the second INVITE reaches Bob', async () => {
    const stale = alice.ua.accessToken;
    const { exp } = decodeJwt(stale) as { exp: number };
    // Let a second pass so the refreshed token expires one second later than the stale one.
    await new Promise((r) => setTimeout(r, 1500));
    // The network's clock now stands 200 ms past the stale token's expiry.
    stack.skewDataSide(exp * 1000 + 200 - Date.now());
    try {
      const mark = trace.length;
      const ringing = bob.calls.once('incoming');
      const outgoing = await alice.calls.place('sip:bob@acme.example');
      const [incoming] = await ringing;
      const invites = sentRequests('INVITE', 'sip:alice@acme.example', mark);
      expect(invites).toHaveLength(2);
      expect(header(invites[0]!, 'authorization')).toBe(`Bearer ${stale}`);
      const challenge = responsesTo(invites[0]!).find((r) => statusOf(r) === 401)!;
      expect(header(challenge, 'www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
      const fresh = alice.ua.accessToken;
      expect(fresh).not.toBe(stale);
      expect(header(invites[1]!, 'authorization')).toBe(`Bearer ${fresh}`);
      expect(alice.calls.calls).toEqual([outgoing]);
      expect(outgoing.state).toBe('calling');
      await bob.calls.answer(incoming);
      await state(outgoing, 'connected');
      await outgoing.hangUp();
      await state(incoming, 'ended');
      await until(() => sentRequests('REGISTER', 'sip:alice@acme.example', mark).some((r) => header(r, 'authorization') === `Bearer ${fresh}`), 5000, 're-REGISTER with the fresh token');
    } finally {
      stack.skewDataSide(0);
    }
  });

  it('a second 401 ends the call as rejected instead of looping', async () => {
    // Far in the future for the network: every token is expired, fresh ones too.
    stack.skewDataSide(3600_000);
    try {
      const mark = trace.length;
      const call = await alice.calls.place('sip:bob@acme.example');
      await state(call, 'ended');
      expect(call.endReason).toBe('rejected');
      expect(sentRequests('INVITE', 'sip:alice@acme.example', mark)).toHaveLength(2);
      expect(alice.calls.calls).toEqual([]);
    } finally {
      stack.skewDataSide(0);
    }
  });

  it('hanging up while the refused INVITE waits for a fresh token ends the call as cancelled, with no second INVITE', async () => {
    // A phone of its own: the previous story left Alice's registration refused.
    const caller = await signInPhone(stack, 'alice');
    const { exp } = decodeJwt(caller.ua.accessToken) as { exp: number };
    await new Promise((r) => setTimeout(r, 1100));
    stack.skewDataSide(exp * 1000 + 200 - Date.now());
    // Hold the refresh until the person has hung up.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const realRefresh = caller.session.refresh.bind(caller.session);
    caller.session.refresh = async () => {
      await gate;
      return realRefresh();
    };
    try {
      const mark = trace.length;
      const call = await caller.calls.place('sip:bob@acme.example');
      await until(() => sentRequests('INVITE', 'sip:alice@acme.example', mark).some((i) => responsesTo(i).some((r) => statusOf(r) === 401)), 5000, '401 to the INVITE');
      expect(call.state).toBe('calling');
      await call.hangUp();
      release();
      await state(call, 'ended');
      expect(call.endReason).toBe('cancelled');
      await new Promise((r) => setTimeout(r, 300));
      expect(sentRequests('INVITE', 'sip:alice@acme.example', mark)).toHaveLength(1);
      expect(sentRequests('CANCEL', 'sip:alice@acme.example', mark)).toHaveLength(0);
    } finally {
      caller.session.refresh = realRefresh;
      stack.skewDataSide(0);
      await caller.close();
    }
  });
});
