// Data decoupling: the IdP pushes Security Event Tokens (RFC 8935) to the EDS, which drops its
// cache and has the S-CSCF de-register the user within one second (DESIGN.md, SSF/CAEP/RISC 1.0).
import { SignJWT, generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInTokens } from '../../../../idp/test/support/oauth-client.ts';
import type { If1Event, If2Event } from '../../src/eds/eds-events.ts';
import type { EventSubscription } from '../../src/sbi/sbi-client.ts';
import { DEMO_PASSWORD, employeeId, provisionFromIdp, startTestIdp, startTestIms, type TestIdp, type TestIms } from '../support/ims-fixture.ts';

const AUDIENCE = 'https://ims.mnc001.mcc001.3gppnetwork.org/eds/ssf';

describe('Security events from the enterprise IdP (RFC 8935 push, CAEP session-revoked, RISC account-disabled)', () => {
  let ims: TestIms;
  let idp: TestIdp;
  let subscription: EventSubscription;
  let if2Subscription: EventSubscription;
  const events: { at: number; event: If1Event }[] = [];
  const if2Events: If2Event[] = [];
  // A second receiver of the same IdP, with the same audience: it keeps the SETs it gets, so a
  // genuine SET can be presented to the EDS (twice) by the test.
  const captured: string[] = [];
  let capture: Server;

  beforeAll(async () => {
    ims = await startTestIms();
    capture = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        captured.push(body);
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    const captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}/`;
    idp = await startTestIdp({ receivers: [{ url: ims.setReceiverUrl, audience: AUDIENCE }, { url: captureUrl, audience: AUDIENCE }] });
    provisionFromIdp(ims, idp, { setAudience: AUDIENCE });
    subscription = ims.if1().events((event) => events.push({ at: Date.now(), event }));
    if2Subscription = ims.if2().events((event) => if2Events.push(event));
    await Promise.all([subscription.ready, if2Subscription.ready]);
  });

  afterAll(async () => {
    subscription?.close();
    if2Subscription?.close();
    await idp?.stop();
    await ims?.stop();
    capture?.close();
  });

  async function waitFor<T>(find: () => T | undefined, ms: number): Promise<T | undefined> {
    const end = Date.now() + ms;
    for (;;) {
      const found = find();
      if (found !== undefined || Date.now() > end) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('disabling Bob at the IdP de-registers sip:bob@acme.example (reason rejected) within 1 s and drops his cached data', async () => {
    const token = (await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD)).access_token;
    const first = await ims.if1().authenticate({ impu: 'sip:bob@acme.example', token, purpose: 'register' });
    expect(first.ok).toBe(true);
    expect(await ims.if2().user('tel:+12025550102')).toMatchObject({ displayName: 'Bob Baker', attestation: { level: 'A' } });

    // What the IdP admin API's "disable" does: status, revocation, then the security event.
    const bob = employeeId(idp, 'bob');
    const started = Date.now();
    const employee = idp.directory.setStatus(bob, 'disabled');
    await idp.revokeAllForEmployee(bob);
    idp.securityEvents.employeeDisabled(employee);

    const hit = await waitFor(() => events.find((e) => e.event.impu === 'sip:bob@acme.example'), 2000);
    expect(hit?.event).toEqual({ type: 'deregister', impu: 'sip:bob@acme.example', reason: 'rejected' });
    expect(hit!.at - started).toBeLessThan(1000);
    expect(if2Events).toContainEqual({ type: 'user-removed', impu: 'sip:bob@acme.example' });
    expect(await ims.if2().user('sip:bob@acme.example')).toBeUndefined();

    const again = await ims.if1().authenticate({ impu: 'sip:bob@acme.example', token, purpose: 'register' });
    expect(again.ok ? 'ok' : again.problem.code).toBe('token_inactive');
  });

  it('"sign out everywhere" (CAEP session-revoked) de-registers with reason deactivated', async () => {
    const token = (await signInTokens(idp.issuer, 'carol', DEMO_PASSWORD)).access_token;
    expect((await ims.if1().authenticate({ impu: 'sip:carol@acme.example', token, purpose: 'register' })).ok).toBe(true);
    const carol = idp.directory.findByUsername('carol')!;
    await idp.revokeAllForEmployee(carol.id);
    idp.securityEvents.sessionsRevoked(carol, 'user');
    const hit = await waitFor(() => events.find((e) => e.event.impu === 'sip:carol@acme.example'), 2000);
    expect(hit?.event.reason).toBe('deactivated');
  });

  it('a SET whose jti was already received is acknowledged (202) but not applied again (RFC 8417 §2.2)', async () => {
    const alice = idp.directory.findByUsername('alice')!;
    const before = captured.length;
    idp.securityEvents.sessionsRevoked(alice, 'admin');
    const set = await waitFor(() => captured[before], 2000);
    expect(set).toBeDefined();
    await waitFor(() => events.find((e) => e.event.impu === 'sip:alice@acme.example'), 2000);
    const count = (): number => events.filter((e) => e.event.impu === 'sip:alice@acme.example').length;
    const afterDelivery = count();
    // The copy sent to the other receiver carries its own jti: new to the EDS, so applied once.
    expect((await post(set!)).status).toBe(202);
    await waitFor(() => (count() > afterDelivery ? true : undefined), 1000);
    expect(count()).toBe(afterDelivery + 1);
    expect((await post(set!)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(count()).toBe(afterDelivery + 1);
  });

  it('a genuine SET for another audience is 400 invalid_audience', async () => {
    const other = await startTestIms();
    try {
      provisionFromIdp(other, idp, { setAudience: 'https://another-eds.example/ssf' });
      const set = captured.at(-1)!;
      const response = await fetch(other.setReceiverUrl, { method: 'POST', headers: { 'content-type': 'application/secevent+jwt' }, body: set });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { err: string }).err).toBe('invalid_audience');
    } finally {
      await other.stop();
    }
  });

  async function post(body: string, contentType = 'application/secevent+jwt'): Promise<{ status: number; body: string }> {
    const response = await fetch(ims.setReceiverUrl, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, body: await response.text() };
  }

  function forgedSet(issuer: string, key: Parameters<SignJWT['sign']>[0], claims: Record<string, unknown> = {}): Promise<string> {
    return new SignJWT({
      aud: AUDIENCE,
      jti: randomUUID(),
      sub_id: { format: 'aliases', identifiers: [{ format: 'uri', uri: 'sip:mallory@acme.example' }] },
      events: { 'https://schemas.openid.net/secevent/risc/event-type/account-disabled': {} },
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'secevent+jwt' })
      .setIssuer(issuer)
      .setIssuedAt()
      .sign(key);
  }

  it('a SET signed with another key is refused with 400 invalid_key and nothing is emitted (RFC 8935 §2.3)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const before = events.length;
    const answer = await post(await forgedSet(idp.issuer, privateKey));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ err: 'invalid_key' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.length).toBe(before);
    expect(events.some((e) => e.event.impu === 'sip:mallory@acme.example')).toBe(false);
  });

  it('a SET from an issuer that is no provisioned enterprise is 400 invalid_issuer', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const answer = await post(await forgedSet('https://evil.example', privateKey));
    expect([answer.status, (JSON.parse(answer.body) as { err: string }).err]).toEqual([400, 'invalid_issuer']);
  });

  it('a body that is not a SET is 400 invalid_request', async () => {
    expect((await post('hello')).status).toBe(400);
    expect((await post('{}', 'application/json')).status).toBe(400);
  });
});
