// Call stories between softphones (sip.js over WebSocket): originating call from a 3PID with its
// token (6.X.2.1 steps 12-18), the MMTel AS presenting the employee's E.164, terminating routing
// by 3PID or by E.164 (implicit registration set, 6.X.2.3), and a CDR for every call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionState } from 'sip.js';
import { DOMAIN, startStack, type Stack } from './ims-harness.ts';
import { startPhone, untilState, type Phone } from './sipjs-phone.ts';

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
  expect(await Promise.all([alice.register(aliceToken), bob.register(bobToken)])).toEqual([200, 200]);
});
afterAll(async () => {
  await alice?.stop();
  await bob?.stop();
  await stack?.stop();
});

describe('alice calls bob (6.X.2.1, 6.X.2.3)', () => {
  for (const [how, target] of [
    ['by 3PID', 'sip:bob@acme.example'],
    ['by E.164', `sip:+12025550102@${DOMAIN};user=phone`],
  ] as const) {
    it(`${how}: bob sees alice's E.164 in From and P-Asserted-Identity with her name; alice hangs up; the CDR tells the story`, async () => {
      const { inviter, final } = alice.call(target, aliceToken);
      const invitation = await bob.waitForInvitation();
      const from = invitation.request.getHeader('From') ?? '';
      expect(from).toMatch(/^"Alice Avery" <sip:\+12025550101@ims\.mnc001\.mcc001\.3gppnetwork\.org;user=phone>;tag=/);
      const pai = invitation.request.getHeaders('P-Asserted-Identity').join(', ');
      expect(pai).toBe(`"Alice Avery" <sip:+12025550101@${DOMAIN};user=phone>, <tel:+12025550101>`);
      expect(invitation.request.getHeader('Authorization')).toBeUndefined();
      const callId = invitation.request.callId;
      const cdr = stack.core.waitForCdr(callId);
      await invitation.accept();
      expect(await final).toBe(200);
      await untilState(inviter, SessionState.Established);
      await inviter.bye();
      await untilState(invitation, SessionState.Terminated);
      const record = await cdr;
      expect(record).toMatchObject({
        callId,
        enterpriseId: stack.ims.provisioning.enterpriseByDomain('acme.example')!.id,
        thirdPartyId: 'sip:alice@acme.example',
        presentedE164: '+12025550101',
        calledParty: target,
        disposition: 'answered',
        cause: 'BYE',
      });
      expect(record.answeredAt).not.toBeNull();
      expect(record.endedAt).toBeGreaterThanOrEqual(record.answeredAt!);
    });
  }

  it('bob hangs up: the BYE from the callee reaches alice and ends the CDR', async () => {
    const { inviter, final } = alice.call('sip:bob@acme.example', aliceToken);
    const invitation = await bob.waitForInvitation();
    const cdr = stack.core.waitForCdr(invitation.request.callId);
    await invitation.accept();
    expect(await final).toBe(200);
    await untilState(inviter, SessionState.Established);
    await untilState(invitation, SessionState.Established);
    await invitation.bye();
    await untilState(inviter, SessionState.Terminated);
    expect((await cdr).disposition).toBe('answered');
  });

  it('alice puts bob on hold with a re-INVITE inside the dialog; one CDR for the whole call', async () => {
    const { inviter, final } = alice.call('sip:bob@acme.example', aliceToken);
    const invitation = await bob.waitForInvitation();
    const cdrs: string[] = [];
    const stop = stack.core.as.onCdr((c) => cdrs.push(c.callId));
    const cdr = stack.core.waitForCdr(invitation.request.callId);
    await invitation.accept();
    expect(await final).toBe(200);
    await untilState(inviter, SessionState.Established);
    // sip.js refuses to start a re-INVITE (0 here) until its ACK of the 200 has gone out, and bob
    // answers 500 to a re-INVITE that overtook that ACK (RFC 3261 §14.2): try again then.
    let reInvite = 0;
    for (let attempt = 0; (reInvite === 0 || reInvite === 500) && attempt < 20; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50));
      reInvite = await new Promise<number>((resolve) => {
        inviter
          .invite({ requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 0), onReject: (r) => resolve(r.message.statusCode ?? 0) } })
          .catch(() => resolve(0));
      });
    }
    expect(reInvite).toBe(200);
    expect(cdrs).toHaveLength(0);
    await inviter.bye();
    expect((await cdr).disposition).toBe('answered');
    stop();
    expect(cdrs).toEqual([invitation.request.callId]);
  });

  it('bob is busy: alice gets 486 and the CDR says busy', async () => {
    const { final } = alice.call('sip:bob@acme.example', aliceToken);
    const invitation = await bob.waitForInvitation();
    const cdr = stack.core.waitForCdr(invitation.request.callId);
    await invitation.reject({ statusCode: 486 });
    expect(await final).toBe(486);
    expect(await cdr).toMatchObject({ disposition: 'busy', cause: '486', answeredAt: null });
  });

  it('alice cancels before bob answers: 487, bob stops ringing, the CDR says cancelled', async () => {
    const { inviter, final } = alice.call('sip:bob@acme.example', aliceToken);
    const invitation = await bob.waitForInvitation();
    const cdr = stack.core.waitForCdr(invitation.request.callId);
    await invitation.progress();
    await new Promise((r) => setTimeout(r, 100));
    await inviter.cancel();
    expect(await final).toBe(487);
    await untilState(invitation, SessionState.Terminated);
    expect(await cdr).toMatchObject({ disposition: 'cancelled', cause: '487' });
  });

  it('a call to an unregistered employee gets 480 and a no-answer CDR', async () => {
    const cdr = stack.core.waitForCdr();
    const { final } = alice.call('sip:carol@acme.example', aliceToken);
    expect(await final).toBe(480);
    expect(await cdr).toMatchObject({ disposition: 'no-answer', calledParty: 'sip:carol@acme.example' });
  });

  it('carol\'s connection is gone: the P-CSCF says 430 Flow Failed, the S-CSCF drops the binding and alice gets 480 (RFC 5626 §5.3)', async () => {
    const { rawSipClient } = await import('./raw-sip-client.ts');
    const carol = await rawSipClient(stack.core.pcscf.listeners.tcp);
    const r = await carol.request('REGISTER', 'sip:acme.example', {
      from: 'sip:carol@acme.example',
      to: 'sip:carol@acme.example',
      headers: [`Authorization: Bearer ${await stack.token('carol')}`, 'Contact: <sip:carol@k3j4.invalid;transport=tcp>'],
    });
    expect(r.status).toBe(200);
    carol.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { final } = alice.call('sip:carol@acme.example', aliceToken);
    expect(await final).toBe(480);
    expect(stack.core.scscf.store.find('sip:carol@acme.example')).toBeUndefined();
  });

  it('an INVITE without a token is challenged (RFC 8898) and nothing reaches bob', async () => {
    const { final } = alice.call('sip:bob@acme.example', undefined);
    expect(await final).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(bob.incoming).toHaveLength(0);
  });
});

describe('calls with dave, a plain carrier subscriber (SIPp-like raw TCP UA with SHA-256 digest)', () => {
  it('dave calls alice: alice sees dave\'s E.164; dave hangs up; the CDR charges dave', async () => {
    const { rawSipClient } = await import('./raw-sip-client.ts');
    const { DAVE, registerDave } = await import('./dave-digest.ts');
    const dave = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      await registerDave(dave);
      const pending = alice.waitForInvitation();
      const call = dave.invite('sip:alice@acme.example', { from: DAVE, to: 'sip:alice@acme.example' });
      const invitation = await pending;
      expect(invitation.request.getHeader('From')).toMatch(new RegExp(`^<sip:\\+12025550999@${DOMAIN.replace(/\./g, '\\.')};user=phone>;tag=`));
      expect(invitation.request.getHeaders('P-Asserted-Identity').join(', ')).toBe(`<sip:+12025550999@${DOMAIN};user=phone>, <tel:+12025550999>`);
      const cdr = stack.core.waitForCdr(invitation.request.callId);
      await invitation.accept();
      const { response, dialog } = await call;
      expect(response.status).toBe(200);
      await untilState(invitation, SessionState.Established);
      expect((await dave.inDialog(dialog!, 'BYE')).status).toBe(200);
      await untilState(invitation, SessionState.Terminated);
      expect(await cdr).toMatchObject({ enterpriseId: null, chargedParty: DAVE, thirdPartyId: null, presentedE164: '+12025550999', disposition: 'answered' });
    } finally {
      dave.close();
    }
  });

  it('alice calls dave by E.164: dave sees alice\'s E.164; alice hangs up', async () => {
    const { rawSipClient } = await import('./raw-sip-client.ts');
    const { registerDave } = await import('./dave-digest.ts');
    const dave = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      await registerDave(dave);
      const { inviter, final } = alice.call(`sip:+12025550999@${DOMAIN};user=phone`, aliceToken);
      const invite = await dave.waitForRequest('INVITE');
      expect(invite.headers.find((h) => h.name === 'From')?.value).toMatch(/^"Alice Avery" <sip:\+12025550101@/);
      expect(await final).toBe(200);
      await untilState(inviter, SessionState.Established);
      const cdr = stack.core.waitForCdr(inviter.request.callId);
      await inviter.bye();
      await dave.waitForRequest('BYE');
      expect(await cdr).toMatchObject({ thirdPartyId: 'sip:alice@acme.example', presentedE164: '+12025550101', disposition: 'answered' });
    } finally {
      dave.close();
    }
  });
});
