// Calls from peer networks through the IBCF's interconnect listener (DESIGN.md 127.0.0.1:5070):
// the terminating MMTel AS verifies them like any call (RFC 8224 §6.2, TS 24.229 §7.2A.20):
// no Identity → No-TN-Validation, a bad one → TN-Validation-Failed, one signed under a trusted
// STI-CA → TN-Validation-Passed; a card that did not verify never reaches the callee as verified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { createPrivateKey } from 'node:crypto';
import { SessionState } from 'sip.js';
import { decodePassport, parseIdentityHeader, base64url, type Rcd } from '@eims/stir';
import { rawSipClient, type RawSipClient } from '../stories/raw-sip-client.ts';
import { startPhone, type Phone } from '../stories/sipjs-phone.ts';
import { DOMAIN, startStirStack, type StirStack } from './stir-stack.ts';
import { deliveredBySipJs } from './sip-headers.ts';

const PEER_CALLER = '+15705550100';
const BOB_TN = '+12025550102';
const BOB = `sip:${BOB_TN}@${DOMAIN};user=phone`;
const CALLER_URI = `sip:${PEER_CALLER}@peer.example;user=phone`;

let stack: StirStack;
let bob: Phone;
let peer: RawSipClient;

beforeAll(async () => {
  stack = await startStirStack();
  bob = await startPhone('sip:bob@acme.example', stack.core.listeners.ws);
  expect(await bob.register(await stack.token('bob'))).toBe(200);
  peer = await rawSipClient(stack.core.ibcf!.local);
}, 60_000);
afterAll(async () => {
  peer?.close();
  await bob?.stop();
  await stack?.stop();
});

/** The peer network sends bob a call; bob looks at it and answers busy. */
async function peerCall(headers: string[], from = CALLER_URI) {
  const call = peer.invite(BOB, { from, to: BOB, headers });
  const invitation = await bob.waitForInvitation();
  const delivered = deliveredBySipJs(invitation);
  await invitation.reject({ statusCode: 486 });
  expect((await call).response.status).toBe(486);
  return delivered;
}

const card: Rcd = { nam: 'Pat Peer', jcd: ['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', 'Pat Peer'], ['org', {}, 'text', ['Peer Co', 'Sales']], ['title', {}, 'text', 'Buyer']]] };

describe('a peer network calls bob through the interconnect', () => {
  it('without an Identity header: No-TN-Validation on P-Asserted-Identity/From, shown "unverified" with no card', async () => {
    const d = await peerCall([]);
    expect(d.from).toContain(`sip:${PEER_CALLER};verstat=No-TN-Validation@peer.example;user=phone`);
    expect(d.caller).toMatchObject({ state: 'unverified', verstat: 'No-TN-Validation', number: PEER_CALLER });
    expect(d.caller.card).toBeUndefined();
  });

  it('a peer cannot pre-empt the result: its own verstat=TN-Validation-Passed and "verified" card are replaced (No-TN-Validation, no card)', async () => {
    const fake = `data:application/json;base64,${Buffer.from(JSON.stringify(card.jcd)).toString('base64')}`;
    const d = await peerCall([`Call-Info: <${fake}>;purpose=jcard;verified="true"`, `P-Asserted-Identity: <tel:${PEER_CALLER};verstat=TN-Validation-Passed>`], `sip:${PEER_CALLER};verstat=TN-Validation-Passed@peer.example;user=phone`);
    expect(d.caller).toMatchObject({ state: 'unverified', verstat: 'No-TN-Validation' });
    expect(d.callInfo).toEqual([]);
    expect(d.pai.join(',')).not.toContain('TN-Validation-Passed');
  });

  it('signed by a carrier whose STI-CA is a configured trust anchor (IMS_STI_TRUST_ANCHORS): TN-Validation-Passed with the verified card', async () => {
    const identity = stack.trustedPeer.identity({ orig: PEER_CALLER, dest: BOB_TN, rcd: card });
    const d = await peerCall([`Identity: ${identity}`]);
    expect(d.caller).toMatchObject({ state: 'verified', verstat: 'TN-Validation-Passed', number: PEER_CALLER });
    expect(d.caller.card).toMatchObject({ verified: true, name: 'Pat Peer', organization: 'Peer Co', department: 'Sales', title: 'Buyer' });
  });

  it('signed under an STI-CA nobody configured: TN-Validation-Failed (RFC 8224 437) and no card', async () => {
    const identity = stack.untrustedPeer.identity({ orig: PEER_CALLER, dest: BOB_TN, rcd: card });
    const d = await peerCall([`Identity: ${identity}`]);
    expect(d.caller).toMatchObject({ state: 'failed', verstat: 'TN-Validation-Failed' });
    expect(d.caller.card).toBeUndefined();
    expect(d.callInfo).toEqual([]);
  });

  it('rcd altered after signing (a better name under the trusted signature): TN-Validation-Failed and no card data', async () => {
    const identity = stack.trustedPeer.identity({ orig: PEER_CALLER, dest: BOB_TN, rcd: card });
    const parsed = parseIdentityHeader(identity);
    if (!parsed.ok) throw parsed.error;
    const [h, p, s] = parsed.value.passport.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as { rcd: Rcd };
    claims.rcd.nam = 'Your Bank';
    const tampered = identity.replace(parsed.value.passport, `${h!}.${base64url(Buffer.from(JSON.stringify(claims)))}.${s!}`);
    const d = await peerCall([`Identity: ${tampered}`]);
    expect(d.caller).toMatchObject({ state: 'failed', verstat: 'TN-Validation-Failed' });
    expect(d.callInfo).toEqual([]);
    expect(JSON.stringify(d)).not.toContain('Your Bank');
  });

  it('a stale PASSporT (iat 5 minutes old, RFC 8224 §6.2 403 Stale Date) or one for another caller: TN-Validation-Failed', async () => {
    const stale = stack.trustedPeer.identity({ orig: PEER_CALLER, dest: BOB_TN, iat: Math.floor(Date.now() / 1000) - 300 });
    expect((await peerCall([`Identity: ${stale}`])).caller.state).toBe('failed');
    const otherCaller = stack.trustedPeer.identity({ orig: '+15705550199', dest: BOB_TN });
    expect((await peerCall([`Identity: ${otherCaller}`])).caller.state).toBe('failed');
  });

  it('signed with a key that is not the certificate\'s (a forged signature): TN-Validation-Failed', async () => {
    const forgedKey = createPrivateKey(stack.untrustedPeer.certificate.keyPem);
    const identity = stack.trustedPeer.identity({ orig: PEER_CALLER, dest: BOB_TN, key: forgedKey });
    expect((await peerCall([`Identity: ${identity}`])).caller).toMatchObject({ state: 'failed', verstat: 'TN-Validation-Failed' });
  });

  it('a call the peer network sends and bob answers: the BYE from the peer goes back through the IBCF and ends the call', async () => {
    const call = peer.invite(BOB, { from: CALLER_URI, to: BOB, headers: [] });
    const invitation = await bob.waitForInvitation();
    await invitation.accept();
    const { response, dialog } = await call;
    expect(response.status).toBe(200);
    expect(response.headers('Record-Route').join(',')).toContain(`sip:ibcf@127.0.0.1:${stack.core.ibcf!.local.port}`);
    const ended = new Promise<void>((resolve) => invitation.stateChange.addListener((s) => s === SessionState.Terminated && resolve()));
    const cdr = stack.core.waitForCdr(dialog!.callId);
    expect((await peer.inDialog(dialog!, 'BYE')).status).toBe(200);
    await ended;
    // The terminating AS kept a record of the call from outside (interconnect settlement).
    expect(await cdr).toMatchObject({
      chargedParty: 'interconnect', enterpriseId: null, thirdPartyId: null, presentedE164: PEER_CALLER, calledParty: BOB,
      disposition: 'answered', cause: 'BYE', attestation: null, verstat: 'No-TN-Validation',
    });
  });

  it('a peer call bob turns down leaves a terminating CDR too (busy, with the verification result), in the hash chain', async () => {
    const cdr = stack.core.waitForCdr();
    const identity = stack.trustedPeer.identity({ orig: PEER_CALLER, dest: BOB_TN });
    await peerCall([`Identity: ${identity}`]);
    const record = await cdr;
    expect(record).toMatchObject({ chargedParty: 'interconnect', presentedE164: PEER_CALLER, disposition: 'busy', cause: '486', answeredAt: null, verstat: 'TN-Validation-Passed' });
    const stored = stack.ims.cdrs.list().find((c) => c.callId === record.callId);
    expect(stored?.chargedParty).toBe('interconnect');
    expect(stack.ims.cdrs.verify().ok).toBe(true);
  });

  it('garbage on the interconnect listener closes that connection only; the next peer call is verified as usual', async () => {
    const junk = connect({ host: '127.0.0.1', port: stack.core.ibcf!.local.port });
    await new Promise<void>((resolve) => junk.once('connect', () => resolve()));
    const closed = new Promise<void>((resolve) => junk.once('close', () => resolve()));
    junk.on('error', () => undefined);
    junk.write(`INVITE sip:x SIP/2.0\r\nVia: nonsense\r\nContent-Length: 99999999\r\n${'X'.repeat(70_000)}`);
    await closed;
    const identity = stack.trustedPeer.identity({ orig: PEER_CALLER, dest: BOB_TN });
    expect((await peerCall([`Identity: ${identity}`])).caller.state).toBe('verified');
  });

  it('a request dressed as in-dialog (To tag) that does not route through the IBCF\'s Record-Route gets 403: no way around the terminating AS', async () => {
    const socket = connect({ host: '127.0.0.1', port: stack.core.ibcf!.local.port });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const m = /^SIP\/2\.0 ([2-6]\d\d) /m.exec(text);
        if (m) resolve(m[1]!);
      });
    });
    socket.write([
      `INVITE sip:bob@127.0.0.1:${stack.core.pcscf.listeners.tcp.port};transport=tcp SIP/2.0`,
      `Via: SIP/2.0/TCP 127.0.0.1:${socket.localPort!};branch=z9hG4bK-dressed1`,
      'Max-Forwards: 70',
      `Route: <sip:term@127.0.0.1:${stack.core.scscf.local.port};transport=tcp;lr>`,
      `From: <sip:${PEER_CALLER};verstat=TN-Validation-Passed@peer.example;user=phone>;tag=p1`,
      'To: <sip:bob@acme.example>;tag=guessed',
      'Call-ID: dressed-1',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'));
    expect(await answer).toBe('403');
    socket.destroy();
    expect(bob.incoming).toHaveLength(0);
  });

  it('the interconnect accepts only calls: REGISTER from a peer gets 405', async () => {
    const r = await peer.request('REGISTER', `sip:${DOMAIN}`, { from: CALLER_URI, to: CALLER_URI });
    expect(r.status).toBe(405);
  });

  it('the PASSporT reaches bob as the peer signed it (the Identity header travels on)', async () => {
    const identity = stack.trustedPeer.identity({ orig: PEER_CALLER, dest: BOB_TN });
    const d = await peerCall([`Identity: ${identity}`]);
    const parsed = parseIdentityHeader(d.identity[0]!);
    expect(parsed.ok && decodePassport(parsed.value.passport).ok).toBe(true);
    expect(parsed.ok && parsed.value.info).toBe(stack.trustedPeer.x5u);
  });
});
