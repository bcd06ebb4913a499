// Issue 7 / TR 23.700-87 6.X.2.1: an enterprise PBX reaches the IBCF over TLS with its own client
// certificate; the EDS admits it over IF3 when the certificate chains to the PBX CA provisioned for
// an enterprise, is valid now, and names the enterprise domain. Everything else is refused (403,
// connection closed), nothing is routed, and the EDS audit log says why. INVITEs of an admitted PBX
// carry the employee's 3PID and bearer token (RFC 8898; 407 towards a trunk) and are authorised
// like a softphone's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { createCertificateAuthority } from '@eims/pki';
import { getHeader, getHeaders } from '@eims/sip';
import { rawSipClient } from '../stories/raw-sip-client.ts';
import { startPhone, type Phone } from '../stories/sipjs-phone.ts';
import { deliveredBySipJs } from '../stir/sip-headers.ts';
import { GLOBEX, pbxCertificate, startTrunkStack, type TrunkStack } from './trunk-stack.ts';

const BOB = 'sip:+12025550102@acme.example;user=phone';
let stack: TrunkStack;
let bob: Phone;

beforeAll(async () => {
  stack = await startTrunkStack();
  bob = await startPhone('sip:bob@acme.example', stack.core.listeners.ws);
  expect(await bob.register(await stack.token('bob'))).toBe(200);
}, 60_000);
afterAll(async () => {
  await bob?.stop();
  await stack?.stop();
});

const auditDetails = (): string[] => stack.ims.audit.list().filter((e) => e.kind === 'trunk_refused').map((e) => e.detail);

/** The refused PBX gets 403 on its first request, loses its connection, and an audit entry is written. */
async function expectRefused(cert: Parameters<TrunkStack['pbx']>[0], reason: string): Promise<void> {
  const before = auditDetails().length;
  const pbx = await stack.pbx(cert);
  const closed = new Promise<void>((resolve) => pbx.tls.once('close', () => resolve()));
  const calls = stack.ims.cdrs.list().length;
  const answer = await pbx.invite(BOB, { from: 'sip:carol@acme.example', to: BOB, headers: [`Authorization: Bearer ${await stack.token('carol')}`] });
  expect(answer.response.status).toBe(403);
  expect(answer.response.header('Warning')).toContain(reason);
  await closed;
  const details = auditDetails();
  expect(details.length).toBe(before + 1);
  expect(details[0]).toContain(reason);
  expect(bob.incoming).toHaveLength(0);
  expect(stack.ims.cdrs.list().length).toBe(calls);
  expect(stack.core.trunk!.connected()).toHaveLength(0);
}

describe('IF3: which PBX may use the trunk (6.X.2.1 steps 2-4)', () => {
  it('a certificate from a CA no enterprise provisioned: 403 issuer_unknown, connection closed, audited, nothing routed', async () => {
    const rogue = await createCertificateAuthority('CN=Rogue PBX CA');
    await expectRefused(await pbxCertificate(rogue, 'acme.example'), 'issuer_unknown');
  }, 30_000);

  it("a certificate from Acme's PBX CA that names another domain: 403 domain_mismatch", async () => {
    await expectRefused(await pbxCertificate(stack.acmeCa, 'pbx.elsewhere.example'), 'domain_mismatch');
  }, 30_000);

  it("an expired certificate from Acme's PBX CA: 403 certificate_expired", async () => {
    await expectRefused(await pbxCertificate(stack.acmeCa, 'acme.example', { notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) }), 'certificate_expired');
  }, 30_000);

  it('no client certificate at all: 403 certificate_missing', async () => {
    await expectRefused(undefined, 'certificate_missing');
  }, 30_000);

  it("Acme's PBX with a certificate from its CA is admitted and listed as a connected trunk (IF3 GET /if3/v1/pbx-admissions)", async () => {
    const pbx = await stack.pbx(await pbxCertificate(stack.acmeCa, 'acme.example'));
    try {
      expect((await pbx.request('OPTIONS', 'sip:acme.example', { from: 'sip:pbx@acme.example', to: 'sip:acme.example' })).status).toBe(200);
      expect(stack.core.trunk!.connected().map((t) => t.enterprise.domain)).toEqual(['acme.example']);
      expect([...stack.ims.trunks.values()]).toEqual([expect.objectContaining({ enterprise: expect.objectContaining({ domain: 'acme.example' }), subject: expect.stringContaining('CN=acme.example'), remoteAddress: `127.0.0.1:${pbx.tls.localPort}` })]);
    } finally {
      pbx.close();
    }
    await expect.poll(() => stack.ims.trunks.size).toBe(0);
  }, 30_000);
});

describe('calls from an admitted PBX (6.X.2.1 steps 6-18)', () => {
  it('no token: 407 with a Bearer Proxy-Authenticate (RFC 8898 §4 via a proxy); with Proxy-Authorization: Bearer the call reaches bob with carol\'s verified card', async () => {
    const pbx = await stack.pbx(await pbxCertificate(stack.acmeCa, 'acme.example'));
    try {
      const first = await pbx.invite(BOB, { from: 'sip:carol@acme.example', to: BOB });
      expect(first.response.status).toBe(407);
      expect(first.response.header('Proxy-Authenticate')).toMatch(/^Bearer /);
      expect(first.response.header('WWW-Authenticate')).toBeUndefined();
      const call = pbx.invite(BOB, { from: 'sip:carol@acme.example', to: BOB, headers: [`Proxy-Authorization: Bearer ${await stack.token('carol')}`] });
      const invitation = await bob.waitForInvitation();
      const delivered = deliveredBySipJs(invitation);
      await invitation.reject({ statusCode: 486 });
      expect((await call).response.status).toBe(486);
      expect(delivered.caller).toMatchObject({ state: 'verified', verstat: 'TN-Validation-Passed', number: '+12025550103' });
      expect(delivered.caller.card).toMatchObject({ verified: true, name: 'Carol Chen' });
      expect(delivered.pai.join(',')).not.toContain('Bearer');
      const cdr = stack.ims.cdrs.list().at(-1)!;
      expect(cdr).toMatchObject({ thirdPartyId: 'sip:carol@acme.example', presentedE164: '+12025550103' });
    } finally {
      pbx.close();
    }
  }, 30_000);

  it('a 3PID of another domain on Acme\'s trunk: 403, audited, nothing routed', async () => {
    const pbx = await stack.pbx(await pbxCertificate(stack.acmeCa, 'acme.example'));
    const before = auditDetails().length;
    const calls = stack.ims.cdrs.list().length;
    try {
      const answer = await pbx.invite(BOB, { from: `sip:carol@${GLOBEX.domain}`, to: BOB, headers: [`Authorization: Bearer ${await stack.token('carol')}`] });
      expect(answer.response.status).toBe(403);
      await expect.poll(() => auditDetails().length).toBe(before + 1);
      expect(auditDetails()[0]).toContain('foreign_3pid');
      expect(stack.ims.audit.list()[0]!.impu).toBe(`sip:carol@${GLOBEX.domain}`);
      expect(bob.incoming).toHaveLength(0);
      expect(stack.ims.cdrs.list().length).toBe(calls);
    } finally {
      pbx.close();
    }
  }, 30_000);

  it("a token of another enterprise (an Acme employee's) on Globex's trunk: 403 from the S-CSCF's IF1 check, audited, nothing routed", async () => {
    const pbx = await stack.pbx(await pbxCertificate(stack.globexCa, GLOBEX.domain));
    const before = auditDetails().length;
    const calls = stack.ims.cdrs.list().length;
    try {
      const answer = await pbx.invite(BOB, { from: `sip:carol@${GLOBEX.domain}`, to: BOB, headers: [`Authorization: Bearer ${await stack.token('carol')}`] });
      expect(answer.response.status).toBe(403);
      await expect.poll(() => auditDetails().length).toBe(before + 1);
      expect(auditDetails()[0]).toContain('call_refused');
      expect(bob.incoming).toHaveLength(0);
      expect(stack.ims.cdrs.list().length).toBe(calls);
    } finally {
      pbx.close();
    }
  }, 30_000);
});

describe('bad input next to an established trunk', () => {
  it('TLS garbage and a silent connection do not disturb an admitted PBX: it keeps calling', async () => {
    const pbx = await stack.pbx(await pbxCertificate(stack.acmeCa, 'acme.example'));
    const trunk = stack.core.trunk!.listeners.tls;
    const garbage = connect({ host: trunk.host, port: trunk.port });
    const garbageConnected = new Promise<void>((resolve) => garbage.once('connect', () => resolve()));
    const silent = connect({ host: trunk.host, port: trunk.port });
    try {
      expect((await pbx.request('OPTIONS', 'sip:acme.example', { from: 'sip:pbx@acme.example', to: 'sip:acme.example' })).status).toBe(200);
      await garbageConnected;
      const closedGarbage = new Promise<void>((resolve) => garbage.once('close', () => resolve()));
      garbage.on('error', () => undefined);
      // Plain SIP and random bytes where a TLS ClientHello belongs.
      garbage.write(Buffer.concat([Buffer.from('INVITE sip:bob@acme.example SIP/2.0\r\nVia: SIP/2.0/TCP x\r\n\r\n'), randomBytes(512)]));
      await closedGarbage;
      const call = pbx.invite(BOB, { from: 'sip:carol@acme.example', to: BOB, headers: [`Authorization: Bearer ${await stack.token('carol')}`] });
      const invitation = await bob.waitForInvitation();
      await invitation.reject({ statusCode: 486 });
      expect((await call).response.status).toBe(486);
      expect(silent.destroyed).toBe(false);
      expect(stack.core.trunk!.connected()).toHaveLength(1);
    } finally {
      garbage.destroy();
      silent.destroy();
      pbx.close();
    }
  }, 30_000);
});

describe('calls to a trunk enterprise (6.X.2.3)', () => {
  it("alice calls a Globex number: it goes over the connection Globex's PBX holds (Route to the enterprise domain), the PBX answers, alice hangs up, and the PBX gets the BYE", async () => {
    const pbx = await stack.pbx(await pbxCertificate(stack.globexCa, GLOBEX.domain));
    const alice = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      expect((await pbx.request('OPTIONS', `sip:${GLOBEX.domain}`, { from: `sip:pbx@${GLOBEX.domain}`, to: `sip:${GLOBEX.domain}` })).status).toBe(200);
      const target = 'tel:+13125550142';
      const { response, dialog } = await alice.invite(target, { from: 'sip:alice@acme.example', to: target, headers: [`Authorization: Bearer ${await stack.token('alice')}`] });
      expect(response.status).toBe(200);
      const invite = pbx.received.find((r) => r.method === 'INVITE')!;
      expect(invite.uri).toBe(target);
      expect(getHeader(invite, 'From')).toContain('+12025550101');
      expect(getHeaders(invite, 'P-Asserted-Identity').join(',')).toContain('verstat=TN-Validation-Passed');
      expect(getHeaders(invite, 'Route')).toEqual([]);
      // RFC 5658 double Record-Route: the PBX's route set starts at the IBCF's TLS side, then its core side.
      const tls = stack.core.trunk!.listeners.tls;
      expect(getHeaders(invite, 'Record-Route').slice(0, 2).join(',')).toMatch(new RegExp(`^<sip:(tls-[^@]+)@127\\.0\\.0\\.1:${tls.port};transport=tls;lr>,<sip:\\1@127\\.0\\.0\\.1:\\d+;transport=tcp;lr>$`));
      const cdr = stack.core.waitForCdr(dialog!.callId);
      expect((await alice.inDialog(dialog!, 'BYE')).status).toBe(200);
      expect((await pbx.waitForRequest('BYE')).method).toBe('BYE');
      expect(await cdr).toMatchObject({ thirdPartyId: 'sip:alice@acme.example', calledParty: target, disposition: 'answered' });
    } finally {
      alice.close();
      pbx.close();
    }
  }, 30_000);

  it('a number of a trunk enterprise whose PBX is neither connected nor provisioned with an address: 480', async () => {
    const alice = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      const target = 'tel:+13125550143';
      const { response } = await alice.invite(target, { from: 'sip:alice@acme.example', to: target, headers: [`Authorization: Bearer ${await stack.token('alice')}`] });
      expect(response.status).toBe(480);
    } finally {
      alice.close();
    }
  }, 30_000);
});
