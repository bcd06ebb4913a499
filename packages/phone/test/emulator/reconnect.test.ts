// The emulator drops the softphone's WebSocket in mid-call (what a network failure does,
// `pcscf.dropClientConnections`): the phone reconnects with back-off, registers again over the
// new flow (RFC 5626 §4.4) and refreshes the call with a re-INVITE carrying an ICE restart
// (RFC 8445 §9; sip.js does not do it by itself, its #1095), which the peer answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneCall } from '../../src/call/phone-call.ts';
import { signInPhone, until, type EmulatorPhone } from '../support/emulator-phone.ts';
import { startEmulatorStack, type EmulatorStack } from '../support/emulator-stack.ts';
import { header, installTracingWebSocket, responsesTo, sentRequests, statusOf, trace } from '../support/sip-trace.ts';
import { startFlakyLink } from '../support/flaky-link.ts';
import { ManualClock } from '../support/manual-clock.ts';

let stack: EmulatorStack;
beforeAll(async () => {
  installTracingWebSocket();
  stack = await startEmulatorStack();
});
afterAll(async () => {
  await stack?.stop();
});

const connected = (call: PhoneCall) => until(() => call.state === 'connected', 5000, `${call.id} connected`);
const iceRestarts = (phone: EmulatorPhone) =>
  phone.media.flatMap((m) => m.offers).filter((o) => (o as { offerOptions?: { iceRestart?: boolean } }).offerOptions?.iceRestart === true).length;

describe('WebSocket dropped by the network in mid-call', () => {
  it('Alice reconnects after the back-off, re-registers on a new socket, and her ICE-restart re-INVITE is answered by Bob', async () => {
    const clock = new ManualClock();
    const alice = await signInPhone(stack, 'alice', { ua: { clock, reconnect: { initialMs: 500, maxMs: 4000 } } });
    const bob = await signInPhone(stack, 'bob');
    try {
      const ringing = bob.calls.once('incoming');
      const outgoing = await alice.calls.place('sip:bob@acme.example');
      const [incoming] = await ringing;
      await bob.calls.answer(incoming);
      await connected(outgoing);
      const invite = sentRequests('INVITE', 'sip:alice@acme.example').at(-1)!;
      const socketBefore = invite.socket;
      // Drop only once Bob has Alice's ACK: an ACK lost with the socket leaves Bob waiting for it
      // (RFC 3261 §13.3.1.4), and his 2xx retransmissions cannot follow Alice to her new flow.
      await until(() => trace.some((m) => m.direction === 'received' && m.startLine.startsWith('ACK ') && header(m, 'call-id') === header(invite, 'call-id')), 5000, 'ACK at Bob');
      const mark = trace.length;
      const states: boolean[] = [];
      alice.ua.on('connectionChanged', (up) => states.push(up));
      const reconnected = alice.ua.once('reconnected');

      expect(stack.core.pcscf.dropClientConnections({ aor: 'sip:alice@acme.example' })).toBe(1);
      await until(() => states.includes(false), 5000, 'socket closed');
      // Back-off: nothing happens until the first delay has passed.
      await until(() => clock.pending().includes(500), 2000, 'reconnection scheduled');
      expect(alice.ua.ua.isConnected()).toBe(false);
      clock.advance(500);
      await reconnected;

      const registers = sentRequests('REGISTER', 'sip:alice@acme.example', mark);
      expect(registers.length).toBeGreaterThanOrEqual(1);
      expect(registers[0]!.socket).not.toBe(socketBefore);
      expect(responsesTo(registers.at(-1)!).map(statusOf)).toContain(200);
      await until(() => iceRestarts(alice) === 1, 5000, 'ICE-restart offer');
      await until(
        () => sentRequests('INVITE', 'sip:alice@acme.example', mark).some((i) => responsesTo(i).some((r) => statusOf(r) === 200)),
        5000,
        '200 to the re-INVITE',
      );
      const reInvite = sentRequests('INVITE', 'sip:alice@acme.example', mark)[0]!;
      expect(reInvite.socket).toBe(registers[0]!.socket);
      // Bob's media got the new offer (new ICE credentials), and the call is still up on both sides.
      expect(bob.media.at(-1)!.remote).toMatch(/a=ice-ufrag:ice\d+/);
      expect(bob.media.at(-1)!.remote).not.toContain('a=ice-ufrag:ice0');
      expect(outgoing.state).toBe('connected');
      expect(incoming.state).toBe('connected');
      // The new flow carries the rest of the call: Bob hangs up and Alice hears it.
      await incoming.hangUp();
      await until(() => outgoing.state === 'ended', 5000, 'BYE reached Alice');
    } finally {
      await alice.close();
      await bob.close();
    }
  });

  it('while the access network stays down, attempts back off exponentially up to the cap; once it is back the phone registers again', async () => {
    const link = await startFlakyLink(stack.wsUrl);
    const clock = new ManualClock();
    const alice = await signInPhone(stack, 'alice', { ua: { server: link.url, clock, reconnect: { initialMs: 1000, maxMs: 4000 } } });
    try {
      link.down();
      const delays: number[] = [];
      for (let i = 0; i < 4; i++) {
        await until(() => clock.pending().length === 1, 5000, `attempt ${i + 1} scheduled`);
        delays.push(clock.pending()[0]!);
        clock.advance(clock.pending()[0]!);
      }
      expect(delays).toEqual([1000, 2000, 4000, 4000]);
      await until(() => clock.pending().length === 1, 5000, 'fifth attempt scheduled');
      expect(clock.pending()).toEqual([4000]);
      expect(alice.ua.ua.isConnected()).toBe(false);
      link.up();
      const reconnected = alice.ua.once('reconnected');
      clock.advance(4000);
      await reconnected;
      expect(alice.ua.state).toBe('registered');
      await stack.core.waitForRegistration('sip:alice@acme.example', 2000);
    } finally {
      await alice.close();
      await link.close();
    }
  });
});
