// IF2 (EDS – MMTel AS): the AS pulls the served user's data (6.X.2.2 step 12: name card and
// attestation hint) and hears of changes through its subscription.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInTokens } from '../../../../idp/test/support/oauth-client.ts';
import type { If2Event } from '../../src/eds/eds-events.ts';
import { DEMO_PASSWORD, employeeId, provisionFromIdp, startTestIdp, startTestIms, type TestIdp, type TestIms } from '../support/ims-fixture.ts';

describe('IF2 user data and subscription', () => {
  let ims: TestIms;
  let idp: TestIdp;

  beforeAll(async () => {
    ims = await startTestIms();
    idp = await startTestIdp();
    provisionFromIdp(ims, idp);
  });
  afterAll(async () => {
    await ims?.stop();
    await idp?.stop();
  });

  it("returns the employee's name card by 3PID or tel URI once they authenticated, with attestation A", async () => {
    expect(await ims.if2().user('sip:alice@acme.example')).toBeUndefined();
    const token = (await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD)).access_token;
    expect((await ims.if1().authenticate({ impu: 'sip:alice@acme.example', token, purpose: 'register' })).ok).toBe(true);
    const user = await ims.if2().user('tel:+12025550101');
    expect(user).toMatchObject({
      kind: 'employee',
      impu: 'sip:alice@acme.example',
      e164: '+12025550101',
      displayName: 'Alice Avery',
      title: 'Sales Director',
      organization: 'Acme Corp',
      enterprise: { domain: 'acme.example' },
      attestation: { numberAllocated: true, level: 'A' },
    });
    expect(user?.photoUrl).toMatch(/^http:\/\/localhost:\d+\/directory\/photos\//);
    expect(await ims.if2().user('sip:alice@acme.example')).toEqual(user);
  });

  it('tells subscribers "user-changed" when a fresh token shows changed data at the IdP', async () => {
    const seen: If2Event[] = [];
    const subscription = ims.if2().events((e) => seen.push(e));
    try {
      await subscription.ready;
      const first = (await signInTokens(idp.issuer, 'carol', DEMO_PASSWORD)).access_token;
      expect((await ims.if1().authenticate({ impu: 'sip:carol@acme.example', token: first, purpose: 'register' })).ok).toBe(true);
      idp.directory.update(employeeId(idp, 'carol'), { title: 'Chief Financial Officer' });
      const second = (await signInTokens(idp.issuer, 'carol', DEMO_PASSWORD)).access_token;
      expect((await ims.if1().authenticate({ impu: 'sip:carol@acme.example', token: second, purpose: 'register' })).ok).toBe(true);
      const deadline = Date.now() + 2000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(seen).toEqual([{ type: 'user-changed', impu: 'sip:carol@acme.example' }]);
      expect((await ims.if2().user('sip:carol@acme.example'))?.title).toBe('Chief Financial Officer');
    } finally {
      subscription.close();
    }
  });

  it('tells subscribers "user-changed" for the enterprise\'s employees when the enterprise is re-provisioned (attestation may differ)', async () => {
    const token = (await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD)).access_token;
    expect((await ims.if1().authenticate({ impu: 'sip:alice@acme.example', token, purpose: 'register' })).ok).toBe(true);
    const seen: If2Event[] = [];
    const subscription = ims.if2().events((e) => seen.push(e));
    const enterprise = ims.provisioning.enterpriseByDomain('acme.example')!;
    const { id: _id, createdAt: _c, updatedAt: _u, ...input } = enterprise;
    try {
      await subscription.ready;
      // Alice's +12025550101 falls outside the new range: her number is no longer allocated.
      expect(ims.provisioning.replaceEnterprise(enterprise.id, { ...input, numberRanges: [{ from: '+12025550102', to: '+12025550199' }] }).ok).toBe(true);
      await expect.poll(() => seen).toContainEqual({ type: 'user-changed', impu: 'sip:alice@acme.example' });
      expect((await ims.if2().user('sip:alice@acme.example'))?.attestation).toEqual({ numberAllocated: false, level: 'B' });
    } finally {
      subscription.close();
      ims.provisioning.replaceEnterprise(enterprise.id, input);
    }
  });
});
