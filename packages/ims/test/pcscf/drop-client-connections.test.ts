// The P-CSCF drops a softphone's WebSocket in mid-call (what a network failure does). The phone
// reconnects and registers over a new flow; the call goes on: requests from the network for the
// dialog, whose route set names the lost flow, reach the phone over its new flow (RFC 5626 §5.3),
// and the phone's re-INVITE over the new flow refreshes the call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionState } from 'sip.js';
import type { Session } from 'sip.js';
import { startStack, type Stack } from '../stories/ims-harness.ts';
import { startPhone, untilState, type Phone } from '../stories/sipjs-phone.ts';

let stack: Stack;
let alice: Phone;
let bob: Phone;
let aliceToken: string;

beforeAll(async () => {
  stack = await startStack();
  // Tokens first: the P-CSCF closes connections that stay silent for 500 ms (harness setting).
  aliceToken = await stack.token('alice');
  const bobToken = await stack.token('bob');
  alice = await startPhone('sip:alice@acme.example', stack.core.listeners.ws);
  bob = await startPhone('sip:bob@acme.example', stack.core.listeners.ws);
  const [a, b] = await Promise.all([alice.register(aliceToken), bob.register(bobToken)]);
  expect([a, b]).toEqual([200, 200]);
});
afterAll(async () => {
  await alice?.stop();
  await bob?.stop();
  await stack?.stop();
});

/** A re-INVITE's final status; sip.js refuses to start one while the last is not yet ACKed, so wait for that. */
async function reInvite(session: Session): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const status = await new Promise<number>((resolve) => {
      session
        .invite({ requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 0), onReject: (r) => resolve(r.message.statusCode ?? 0) } })
        .catch(() => resolve(0));
    });
    if (status !== 0 || attempt === 20) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** sip.js sends the ACK after it reports the session established; let it reach bob before the drop. */
function ackDelivered(): Promise<void> {
  return new Promise((r) => setTimeout(r, 300));
}

async function waitDisconnected(phone: Phone, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (phone.ua.isConnected()) {
    if (Date.now() > deadline) throw new Error(`${phone.aor} still connected after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the P-CSCF drops a client connection (RFC 5626 §4.4, §5.3; RFC 7118)', () => {
  it('only the flows of the named AOR or transport are dropped, and the count says how many', () => {
    expect(stack.core.pcscf.dropClientConnections({ transport: 'tcp' })).toBe(0);
    expect(stack.core.pcscf.dropClientConnections({ aor: 'sip:carol@acme.example' })).toBe(0);
  });

  it("alice's WebSocket is dropped in mid-call; she re-registers over a new flow, and bob's re-INVITE, her re-INVITE and bob's BYE all reach her", async () => {
    const { inviter, final } = alice.call('sip:bob@acme.example', aliceToken);
    const invitation = await bob.waitForInvitation();
    await invitation.accept();
    expect(await final).toBe(200);
    await untilState(inviter, SessionState.Established);
    await ackDelivered();

    expect(stack.core.pcscf.dropClientConnections({ aor: 'sip:alice@acme.example' })).toBe(1);
    await waitDisconnected(alice);
    expect(bob.ua.isConnected()).toBe(true);
    await alice.ua.reconnect();
    expect(await alice.register(aliceToken)).toBe(200);

    // From the network side: the dialog's route set still names alice's lost flow.
    expect(await reInvite(invitation)).toBe(200);
    // From alice over her new flow.
    expect(await reInvite(inviter)).toBe(200);
    await invitation.bye();
    await untilState(inviter, SessionState.Terminated);
  });

  it('a client that has not come back is answered 430 Flow Failed (RFC 5626 §5.3)', async () => {
    const { inviter, final } = alice.call('sip:bob@acme.example', aliceToken);
    const invitation = await bob.waitForInvitation();
    await invitation.accept();
    expect(await final).toBe(200);
    await untilState(inviter, SessionState.Established);
    await ackDelivered();
    expect(stack.core.pcscf.dropClientConnections({ aor: 'sip:alice@acme.example', transport: 'ws' })).toBe(1);
    await waitDisconnected(alice);
    expect(await reInvite(invitation)).toBe(430);
    await alice.ua.reconnect();
    expect(await alice.register(aliceToken)).toBe(200);
    await invitation.bye();
    await untilState(inviter, SessionState.Terminated);
  });
});
