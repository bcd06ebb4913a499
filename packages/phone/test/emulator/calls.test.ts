// Calls between two softphone cores through the real IMS emulator (P-CSCF, S-CSCF, MMTel AS):
// placed by 3PID, E.164 and colleague name, answered, declined, cancelled, held and resumed
// (RFC 3264 §8.4), DTMF in the media (RFC 4733), and call waiting.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../../idp/test/support/test-idp.ts';
import type { PhoneCall } from '../../src/call/phone-call.ts';
import { signInPhone, until, type EmulatorPhone } from '../support/emulator-phone.ts';
import { HOME_DOMAIN, startEmulatorStack, type EmulatorStack } from '../support/emulator-stack.ts';
import { body, header, installTracingWebSocket, responsesTo, sentRequests, statusOf, trace, type TracedMessage } from '../support/sip-trace.ts';

let stack: EmulatorStack;
let alice: EmulatorPhone;
let bob: EmulatorPhone;
let carol: EmulatorPhone;
beforeAll(async () => {
  installTracingWebSocket();
  stack = await startEmulatorStack({ accessTokenTtl: 600 });
  [alice, bob, carol] = await Promise.all([signInPhone(stack, 'alice'), signInPhone(stack, 'bob'), signInPhone(stack, 'carol')]);
});
// A failed story must not leave calls up for the next one.
afterEach(async () => {
  await hangUpAll();
});
afterAll(async () => {
  for (const p of [alice, bob, carol]) await p?.close();
  await stack?.stop();
});

const connected = (call: PhoneCall) => until(() => call.state === 'connected', 5000, `${call.id} connected`);
const ended = (call: PhoneCall) => until(() => call.state === 'ended', 5000, `${call.id} ended`);

async function call(from: EmulatorPhone, to: EmulatorPhone, target: string): Promise<{ outgoing: PhoneCall; incoming: PhoneCall; waiting: boolean }> {
  const ringing = to.calls.once('incoming');
  const outgoing = await from.calls.place(target);
  const [incoming, waiting] = await ringing;
  return { outgoing, incoming, waiting };
}

/** Resolves once the ACK for `invite`'s 2xx has reached the other phone, plus a moment to process it. */
async function ackedByPeer(invite: TracedMessage): Promise<void> {
  const cseq = (header(invite, 'cseq') ?? '').split(' ')[0];
  await until(
    () => trace.some((m) => m.direction === 'received' && m.socket !== invite.socket && m.startLine.startsWith('ACK ') && header(m, 'call-id') === header(invite, 'call-id') && header(m, 'cseq') === `${cseq} ACK`),
    5000,
    'ACK at the peer',
  );
  await new Promise((r) => setTimeout(r, 50));
}

async function hangUpAll(): Promise<void> {
  for (const p of [alice, bob, carol]) {
    for (const c of [...p.calls.calls]) if (c.state !== 'ended') await c.hangUp().catch(() => undefined);
  }
  await until(() => [alice, bob, carol].every((p) => p.calls.calls.length === 0), 5000, 'all calls ended');
}

describe('placing and answering calls through the emulator', () => {
  it("Alice calls Bob's E.164 typed with separators; the INVITE carries her Bearer token and the Service-Route; Bob sees Alice's number and name", async () => {
    const mark = trace.length;
    const { outgoing, incoming, waiting } = await call(alice, bob, '+1 (202) 555-0102');
    expect(waiting).toBe(false);
    const invite = sentRequests('INVITE', 'sip:alice@acme.example', mark)[0]!;
    expect(invite.startLine).toBe(`INVITE sip:+12025550102@${HOME_DOMAIN};user=phone SIP/2.0`);
    expect(header(invite, 'authorization')).toBe(`Bearer ${alice.ua.accessToken}`);
    expect(header(invite, 'route')).toBe(alice.ua.info.serviceRoute.join(', '));
    // The MMTel AS asserts Alice's number with a STIR/SHAKEN verification result (verstat).
    expect(incoming.remote).toMatchObject({ number: '+12025550101', name: 'Alice Avery', state: 'verified' });
    expect(incoming.state).toBe('ringing');
    expect(outgoing.state).toBe('calling');
    await bob.calls.answer(incoming);
    await connected(outgoing);
    await connected(incoming);
    await outgoing.hangUp();
    await ended(incoming);
    expect(outgoing.endReason).toBe('hung-up');
    expect(incoming.endReason).toBe('remote-hung-up');
  });

  it("Alice calls Bob by his 3PID, and by his name found in the IdP's directory", async () => {
    const mark = trace.length;
    const byUri = await call(alice, bob, 'sip:bob@acme.example');
    await bob.calls.answer(byUri.incoming);
    await connected(byUri.outgoing);
    await byUri.incoming.hangUp();
    await ended(byUri.outgoing);
    expect(byUri.outgoing.endReason).toBe('remote-hung-up');

    const byName = await call(alice, bob, 'Bob Baker');
    const invites = sentRequests('INVITE', 'sip:alice@acme.example', mark);
    expect(invites.map((i) => i.startLine)).toEqual(['INVITE sip:bob@acme.example SIP/2.0', 'INVITE sip:bob@acme.example SIP/2.0']);
    await byName.incoming.decline();
    await ended(byName.outgoing);
    await expect(alice.calls.place('Nobody Here')).rejects.toMatchObject({ message: expect.stringContaining('No colleague named') });
  });

  it('Bob declines: Alice gets 603 and her call ends as rejected; Bob\'s as declined', async () => {
    const mark = trace.length;
    const { outgoing, incoming } = await call(alice, bob, 'sip:bob@acme.example');
    await incoming.decline();
    await ended(outgoing);
    expect(incoming.endReason).toBe('declined');
    expect(outgoing.endReason).toBe('rejected');
    const invite = sentRequests('INVITE', 'sip:alice@acme.example', mark)[0]!;
    expect(responsesTo(invite).map(statusOf)).toContain(603);
  });

  it('Alice cancels while Bob\'s phone rings (CANCEL, 487); Bob sees a missed call', async () => {
    const mark = trace.length;
    const { outgoing, incoming } = await call(alice, bob, '+12025550102');
    const invite = sentRequests('INVITE', 'sip:alice@acme.example', mark)[0]!;
    await until(() => responsesTo(invite).some((r) => statusOf(r) === 180), 5000, '180 Ringing');
    await outgoing.hangUp();
    await ended(outgoing);
    await ended(incoming);
    expect(outgoing.endReason).toBe('cancelled');
    expect(incoming.endReason).toBe('missed');
    expect(sentRequests('CANCEL', 'sip:alice@acme.example', mark)).toHaveLength(1);
    await until(() => responsesTo(invite).some((r) => statusOf(r) === 487), 5000, '487');
  });

  it('hold and resume with re-INVITEs (a=sendonly, then a=sendrecv) and RFC 4733 tones through the media, never SIP INFO', async () => {
    const mark = trace.length;
    const { outgoing, incoming } = await call(alice, bob, 'sip:bob@acme.example');
    await bob.calls.answer(incoming);
    await connected(outgoing);
    await ackedByPeer(sentRequests('INVITE', 'sip:alice@acme.example', mark)[0]!);
    await outgoing.setHeld(true);
    expect(outgoing.held).toBe(true);
    const invites = () => sentRequests('INVITE', 'sip:alice@acme.example', mark);
    expect(body(invites().at(-1)!)).toContain('a=sendonly');
    expect(responsesTo(invites().at(-1)!).map(statusOf)).toContain(200);
    // Bob's side received the hold offer over the emulator.
    expect(bob.media.at(-1)!.remote).toContain('a=sendonly');
    // A person cannot press Resume within a millisecond of Hold: let Bob finish the ACK first
    // (sip.js answers 500 to a re-INVITE that overlaps its ACK processing, RFC 6337 §4.3).
    await ackedByPeer(invites().at(-1)!);
    await outgoing.setHeld(false);
    expect(body(invites().at(-1)!)).toContain('a=sendrecv');
    expect(bob.media.at(-1)!.remote).toContain('a=sendrecv');
    outgoing.setMuted(true);
    expect(alice.media.at(-1)!.micEnabled).toBe(false);
    outgoing.setMuted(false);
    for (const tone of ['1', '#', 'A']) outgoing.sendDtmf(tone);
    expect(alice.media.at(-1)!.dtmf).toEqual(['1', '#', 'A']);
    expect(sentRequests('INFO', 'sip:alice@acme.example', mark)).toHaveLength(0);
    await hangUpAll();
  });

  it('resume pressed the moment hold completes: the re-INVITE Bob refuses while he still handles the hold\'s ACK (500 + Retry-After, RFC 3261 §14.2) is sent again after the wait, and the call resumes', async () => {
    const mark = trace.length;
    const { outgoing, incoming } = await call(alice, bob, 'sip:bob@acme.example');
    await bob.calls.answer(incoming);
    await connected(outgoing);
    await ackedByPeer(sentRequests('INVITE', 'sip:alice@acme.example', mark)[0]!);
    await outgoing.setHeld(true);
    const resuming = outgoing.setHeld(false);
    // While the resume is negotiated (and waits for its retry) the call says so, and refuses a second change.
    expect(outgoing.holdChange).toBe('resuming');
    await expect(outgoing.setHeld(true)).rejects.toThrow(/already being resumed/);
    await resuming;
    expect(outgoing.holdChange).toBeUndefined();
    expect(outgoing.held).toBe(false);
    const reInvites = sentRequests('INVITE', 'sip:alice@acme.example', mark).slice(1);
    const answers = reInvites.map((r) => responsesTo(r).map(statusOf).filter((c) => c >= 200));
    console.log(`hold then resume at once: ${reInvites.length} re-INVITEs, final answers ${JSON.stringify(answers)}`);
    // The resume was refused once (500 with Retry-After) and sent again; the last one was accepted.
    expect(answers.flat()).toContain(500);
    expect(answers.at(-1)).toEqual([200]);
    expect(body(reInvites.at(-1)!)).toContain('a=sendrecv');
    expect(bob.media.at(-1)!.remote).toContain('a=sendrecv');
    await hangUpAll();
  }, 30_000);

  it('Bob is busy (486 Busy Here): Alice\'s call ends as rejected', async () => {
    const mark = trace.length;
    const { outgoing, incoming } = await call(alice, bob, 'sip:bob@acme.example');
    await incoming.decline(true);
    await ended(outgoing);
    expect(outgoing.endReason).toBe('rejected');
    expect(responsesTo(sentRequests('INVITE', 'sip:alice@acme.example', mark)[0]!).map(statusOf)).toContain(486);
  });

  it('call waiting: Carol calls Alice during her call with Bob; answering Carol puts Bob on hold', async () => {
    const first = await call(bob, alice, 'sip:alice@acme.example');
    await alice.calls.answer(first.incoming);
    await connected(first.outgoing);
    const second = await call(carol, alice, '+12025550101');
    expect(second.waiting).toBe(true);
    expect(second.incoming.remote).toMatchObject({ number: '+12025550103', name: 'Carol Chen' });
    await alice.calls.answer(second.incoming);
    await connected(second.outgoing);
    expect(first.incoming.held).toBe(true);
    expect(bob.media.at(-1)!.remote).toMatch(/a=(sendonly|inactive)/);
    expect(alice.calls.calls.map((c) => c.state)).toEqual(['connected', 'connected']);

    // A third caller while two calls are up gets 486 Busy Here (CallManager maxCalls 2).
    stack.idp.directory.add({ username: 'dan', displayName: 'Dan Diaz', title: 'Analyst', department: 'Finance', e164: '+12025550104', password: DEMO_PASSWORD });
    const dan = await signInPhone(stack, 'dan');
    try {
      const mark = trace.length;
      const third = await dan.calls.place('sip:alice@acme.example');
      await ended(third);
      expect(third.endReason).toBe('rejected');
      expect(responsesTo(sentRequests('INVITE', 'sip:dan@acme.example', mark)[0]!).map(statusOf)).toContain(486);
      expect(alice.calls.calls).toHaveLength(2);
    } finally {
      await dan.close();
    }
    await hangUpAll();
  });
});
