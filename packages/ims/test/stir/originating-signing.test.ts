// Seed 6.X.2.5 steps 1-8 inside one network: the originating MMTel AS signs SHAKEN with Rich Call
// Data (RFC 8588, RFC 9795), the terminating MMTel AS verifies it and delivers verstat (TS 24.229
// §7.2A.20) and the verified name card (RFC 9796) that the softphone core reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inviter, UserAgent } from 'sip.js';
import { decodePassport, parseIdentityHeader } from '@eims/stir';
import { startPhone, type Phone } from '../stories/sipjs-phone.ts';
import { DOMAIN, startStirStack, type StirStack } from './stir-stack.ts';
import { deliveredBySipJs } from './sip-headers.ts';

let stack: StirStack;
let alice: Phone;
let bob: Phone;
let aliceToken: string;

beforeAll(async () => {
  stack = await startStirStack();
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

/** alice calls `target` with extra headers of her own choosing (what a modified softphone could send). */
function aliceCalls(target: string, extraHeaders: string[] = []): Promise<number> {
  const uri = UserAgent.makeURI(target)!;
  const inviter = new Inviter(alice.ua, uri, { extraHeaders: [`Authorization: Bearer ${aliceToken}`, ...extraHeaders] });
  return new Promise<number>((resolve) => {
    inviter.invite({ requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 0), onReject: (r) => resolve(r.message.statusCode ?? 0) } }).catch(() => resolve(0));
  });
}

describe('alice calls bob: signed by the originating AS, verified by the terminating AS', () => {
  it('bob gets verstat=TN-Validation-Passed in P-Asserted-Identity and From and alice\'s verified card (RFC 9796 verified="true"); the softphone core shows "verified" with name, title, department, organization and photo', async () => {
    const final = aliceCalls(`sip:+12025550102@${DOMAIN};user=phone`);
    const invitation = await bob.waitForInvitation();
    const d = deliveredBySipJs(invitation);
    expect(d.from).toMatch(/^"Alice Avery" <sip:\+12025550101;verstat=TN-Validation-Passed@ims\.mnc001\.mcc001\.3gppnetwork\.org;user=phone>;tag=/);
    expect(d.pai.join(', ')).toContain('<tel:+12025550101;verstat=TN-Validation-Passed>');
    expect(d.pai.join(', ')).toContain(`<sip:+12025550101;verstat=TN-Validation-Passed@${DOMAIN};user=phone>`);
    expect(d.callInfo.join(', ')).toMatch(/^<data:application\/json;base64,[A-Za-z0-9+/=]+>;purpose=jcard;verified="true";integrity="sha256-/);
    expect(d.supported).toContain('early-media-verification-with-shaken');
    expect(d.caller).toMatchObject({ state: 'verified', verstat: 'TN-Validation-Passed', number: '+12025550101', name: 'Alice Avery' });
    expect(d.caller.card).toMatchObject({ verified: true, name: 'Alice Avery', title: 'Sales Director', department: 'Sales', organization: 'Acme Corp' });
    expect(d.caller.card?.photo).toMatch(/^data:image\/svg\+xml;base64,/);
    // The PASSporT the originating AS signed (RFC 8588 full form, claims-only RCD).
    expect(d.identity).toHaveLength(1);
    const identity = parseIdentityHeader(d.identity[0]!);
    expect(identity.ok && identity.value.info).toBe(stack.ims.sti.x5u);
    const passport = decodePassport(identity.ok ? identity.value.passport : '');
    expect(passport.ok).toBe(true);
    if (!passport.ok) return;
    expect(passport.value.header).toEqual({ alg: 'ES256', ppt: 'shaken', typ: 'passport', x5u: stack.ims.sti.x5u });
    expect(passport.value.claims).toMatchObject({ attest: 'A', orig: { tn: '12025550101' }, dest: { tn: ['12025550102'] }, rcd: { nam: 'Alice Avery' } });
    expect(passport.value.claims.origid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(passport.value.claims.rcdi ?? {})).toEqual(['/jcd']);
    const cdr = stack.core.waitForCdr(invitation.request.callId);
    await invitation.reject({ statusCode: 486 });
    expect(await final).toBe(486);
    expect(await cdr).toMatchObject({ attestation: 'A', verstat: 'TN-Validation-Passed', presentedE164: '+12025550101' });
  });

  it('by 3PID (sip:bob@acme.example) the PASSporT names bob by URI (RFC 8225 §5.2.1) and still verifies', async () => {
    const final = aliceCalls('sip:bob@acme.example');
    const invitation = await bob.waitForInvitation();
    const d = deliveredBySipJs(invitation);
    expect(d.caller.state).toBe('verified');
    expect(d.caller.card?.verified).toBe(true);
    const identity = parseIdentityHeader(d.identity[0]!);
    const passport = decodePassport(identity.ok ? identity.value.passport : '');
    expect(passport.ok && passport.value.claims.dest).toEqual({ uri: ['sip:bob@acme.example'] });
    await invitation.reject({ statusCode: 486 });
    expect(await final).toBe(486);
  });

  it('an Identity header, verstat and a "verified" card that alice\'s own device puts in the INVITE never reach bob (devices cannot vouch for themselves)', async () => {
    const forged = 'eyJhbGciOiJFUzI1NiJ9.eyJmb3JnZWQiOnRydWV9.c2ln;info=<http://127.0.0.1:9/forged.pem>;alg=ES256;ppt=shaken';
    const fakeCard = `data:application/json;base64,${Buffer.from(JSON.stringify(['vcard', [['fn', {}, 'text', 'The CEO']]])).toString('base64')}`;
    const final = aliceCalls('sip:bob@acme.example', [
      `Identity: ${forged}`,
      `Call-Info: <${fakeCard}>;purpose=jcard;verified="true"`,
      'P-Asserted-Identity: <tel:+12025550100;verstat=TN-Validation-Passed>',
    ]);
    const invitation = await bob.waitForInvitation();
    const d = deliveredBySipJs(invitation);
    expect(d.identity.join('\n')).not.toContain('forged');
    expect(d.identity).toHaveLength(1);
    expect(d.callInfo.join(', ')).not.toContain(fakeCard);
    expect(d.pai.join(', ')).not.toContain('+12025550100');
    expect(d.caller).toMatchObject({ state: 'verified', number: '+12025550101' });
    expect(d.caller.card?.name).toBe('Alice Avery');
    await invitation.reject({ statusCode: 486 });
    expect(await final).toBe(486);
  });
});

describe('dave (a carrier subscriber) calls bob', () => {
  it('bob sees dave\'s number verified (attestation A for his own number) and no name card', async () => {
    const { rawSipClient } = await import('../stories/raw-sip-client.ts');
    const { DAVE, registerDave } = await import('../stories/dave-digest.ts');
    const dave = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      await registerDave(dave);
      const call = dave.invite('sip:bob@acme.example', { from: DAVE, to: 'sip:bob@acme.example' });
      const invitation = await bob.waitForInvitation();
      const d = deliveredBySipJs(invitation);
      expect(d.caller).toMatchObject({ state: 'verified', verstat: 'TN-Validation-Passed', number: '+12025550999' });
      expect(d.caller.card).toBeUndefined();
      expect(d.callInfo).toEqual([]);
      const identity = parseIdentityHeader(d.identity[0]!);
      const passport = decodePassport(identity.ok ? identity.value.passport : '');
      expect(passport.ok && passport.value.claims).toMatchObject({ attest: 'A', orig: { tn: '12025550999' } });
      expect(passport.ok && passport.value.claims.rcd).toBeUndefined();
      const cdr = stack.core.waitForCdr(invitation.request.callId);
      await invitation.reject({ statusCode: 486 });
      expect((await call).response.status).toBe(486);
      expect(await cdr).toMatchObject({ attestation: 'A', verstat: 'TN-Validation-Passed', chargedParty: DAVE });
    } finally {
      dave.close();
    }
  });
});

