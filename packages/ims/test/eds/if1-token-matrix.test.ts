// IF1 authentication of 3PID + access token against real IdPs (6.X.2.2 steps 5-9): every row of
// the token matrix gets its own code and the status the S-CSCF maps (RFC 8898 §4: 401; local
// policy: 403 when re-authentication cannot help).
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revoke, signInTokens } from '../../../../idp/test/support/oauth-client.ts';
import { DEMO_PASSWORD, IMS_RESOURCE, employeeId, provisionFromIdp, startTestIdp, startTestIms, type TestIdp, type TestIms } from '../support/ims-fixture.ts';
import type { If1Client } from '../../src/eds/if1-client.ts';

describe('IF1 authenticate: the token matrix (RFC 8898 §4, RFC 9068 §4, RFC 7662)', () => {
  let idp: TestIdp;
  let globex: TestIdp;
  let ims: TestIms;
  let if1: If1Client;
  let bobToken: string;

  beforeAll(async () => {
    idp = await startTestIdp();
    globex = await startTestIdp({ domain: 'globex.example', accessTokenTtl: 30 });
    ims = await startTestIms();
    // Alice's +12025550101 lies outside; Bob (0102) and Carol (0103) inside.
    provisionFromIdp(ims, idp, { numberRanges: [{ from: '+12025550102', to: '+12025550199' }] });
    if1 = ims.if1();
    bobToken = (await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD)).access_token;
  });

  afterAll(async () => {
    await ims?.stop();
    await idp?.stop();
    await globex?.stop();
  });

  async function expectProblem(impu: string, token: string | undefined, code: string, status: number): Promise<void> {
    const answer = await if1.authenticate({ impu, token, purpose: 'register', scscf: 'scscf-1' });
    expect(answer.ok, JSON.stringify(answer)).toBe(false);
    if (answer.ok) return;
    expect(answer.problem.code).toBe(code);
    expect(answer.status).toBe(status);
  }

  it("a valid token returns the implicit registration set {3PID, tel:+E164} and the employee's data (6.X.2.2 step 9)", async () => {
    const answer = await if1.authenticate({ impu: 'sip:bob@acme.example', token: bobToken, purpose: 'register', scscf: 'scscf-1' });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    if (!answer.ok) return;
    expect(answer.value.implicitRegistrationSet).toEqual(['sip:bob@acme.example', 'tel:+12025550102']);
    expect(answer.value.employee).toMatchObject({ displayName: 'Bob Baker', title: 'Support Engineer', organization: 'Acme Corp', e164: '+12025550102' });
    expect(answer.value.enterprise.domain).toBe('acme.example');
    expect(answer.value.assignedScscf).toBe('scscf-1');
    expect(answer.value.serviceProfile.initialFilterCriteria.length).toBeGreaterThan(0);
  });

  it('a second authenticate with the same token is answered from the cache, without asking the IdP (RFC 7662 §4)', async () => {
    const token = (await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD)).access_token;
    const before = ims.if4.requests;
    const first = await if1.authenticate({ impu: 'sip:bob@acme.example', token, purpose: 'register' });
    const second = await if1.authenticate({ impu: 'sip:bob@acme.example', token, purpose: 'call' });
    expect(first.ok && first.value.cached).toBe(false);
    expect(second.ok && second.value.cached).toBe(true);
    expect(ims.if4.requests - before).toBe(1);
  });

  it('introspections reuse one mutual-TLS connection to the IdP (IF4 keep-alive)', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) tokens.push((await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD)).access_token);
    const requests = ims.if4.requests;
    const connections = ims.if4.connections;
    for (const token of tokens) {
      const answer = await if1.authenticate({ impu: 'sip:bob@acme.example', token, purpose: 'register' });
      expect(answer.ok && answer.value.cached).toBe(false);
    }
    expect(ims.if4.requests - requests).toBe(3);
    // At most the first of them opens a connection (when no earlier test did).
    expect(ims.if4.connections - connections).toBeLessThanOrEqual(1);
  });

  it('a request without a token is token_missing, 401 without an error code (RFC 6750 §3.1)', async () => {
    await expectProblem('sip:bob@acme.example', undefined, 'token_missing', 401);
  });

  it('a token that is not a JWT is token_malformed (401)', async () => {
    await expectProblem('sip:bob@acme.example', 'not-a-jwt', 'token_malformed', 401);
  });

  it('an ID token (typ not at+jwt) is token_malformed (RFC 9068 §4)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const idToken = await new SignJWT({ aud: IMS_RESOURCE }).setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).setIssuer(idp.issuer).setExpirationTime('5m').sign(privateKey);
    await expectProblem('sip:bob@acme.example', idToken, 'token_malformed', 401);
  });

  it('a token whose signature was altered is token_signature_invalid (401)', async () => {
    const [h, p, s] = bobToken.split('.') as [string, string, string];
    const i = 10;
    const flipped = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    await expectProblem('sip:bob@acme.example', `${h}.${p}.${flipped}`, 'token_signature_invalid', 401);
  });

  it('a token for another audience is token_wrong_audience (RFC 8707)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ '3pid': 'sip:bob@acme.example' }).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' }).setIssuer(idp.issuer).setAudience('https://elsewhere.example').setExpirationTime('5m').sign(privateKey);
    await expectProblem('sip:bob@acme.example', token, 'token_wrong_audience', 401);
  });

  it("a token from an issuer other than the enterprise's IdP is token_unknown_issuer", async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ '3pid': 'sip:bob@acme.example' }).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' }).setIssuer('https://evil.example').setAudience(IMS_RESOURCE).setExpirationTime('5m').sign(privateKey);
    await expectProblem('sip:bob@acme.example', token, 'token_unknown_issuer', 401);
  });

  it('a revoked token is token_inactive (RFC 7009, RFC 7662 §2.2)', async () => {
    const token = (await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD)).access_token;
    expect(await revoke(idp.issuer, token, 'access_token')).toBe(200);
    await expectProblem('sip:bob@acme.example', token, 'token_inactive', 401);
  });

  it("a disabled employee's token is token_inactive", async () => {
    const token = (await signInTokens(idp.issuer, 'carol', DEMO_PASSWORD)).access_token;
    const carol = employeeId(idp, 'carol');
    idp.directory.setStatus(carol, 'disabled');
    await idp.revokeAllForEmployee(carol);
    await expectProblem('sip:carol@acme.example', token, 'token_inactive', 401);
  });

  it("bob's token used for alice is identity_mismatch (403)", async () => {
    await expectProblem('sip:alice@acme.example', bobToken, 'identity_mismatch', 403);
  });

  it('a number outside the enterprise ranges is number_not_allocated (403) and written to the audit log', async () => {
    const token = (await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD)).access_token;
    await expectProblem('sip:alice@acme.example', token, 'number_not_allocated', 403);
    const entry = ims.audit.list().find((e) => e.kind === 'number_not_allocated');
    expect(entry).toMatchObject({ impu: 'sip:alice@acme.example', e164: '+12025550101' });
  });

  it('a 3PID of an enterprise that is not provisioned is enterprise_not_provisioned (403)', async () => {
    const token = (await signInTokens(globex.issuer, 'alice', DEMO_PASSWORD)).access_token;
    await expectProblem('sip:alice@globex.example', token, 'enterprise_not_provisioned', 403);
  });

  it('authentications sent in one exchange are each answered, in order, as they would be alone', async () => {
    const alice = (await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD)).access_token;
    const requests = [
      { impu: 'sip:bob@acme.example', token: bobToken, purpose: 'register' as const },
      { impu: 'sip:alice@acme.example', token: bobToken, purpose: 'call' as const },
      { impu: 'sip:bob@acme.example', token: undefined, purpose: 'register' as const },
      { impu: 'sip:alice@acme.example', token: alice, purpose: 'register' as const },
      { impu: 'sip:bob@acme.example', token: 'not-a-jwt', purpose: 'call' as const },
    ];
    const batch = await if1.authenticateMany(requests);
    const alone = await Promise.all(requests.map((r) => if1.authenticate(r)));
    const outcome = (a: (typeof batch)[number]) => (a.ok ? `${a.status} ${a.value.employee.e164}` : `${a.status} ${a.problem.code}`);
    expect(batch.map(outcome)).toEqual(['200 +12025550102', '403 identity_mismatch', '401 token_missing', '403 number_not_allocated', '401 token_malformed']);
    expect(alone.map(outcome)).toEqual(batch.map(outcome));
  });

  it('a batch of authentications refuses a body without requests, or with more than 1000, and answers a bad item on its own', async () => {
    const empty = await if1.sbi.call('POST', '/if1/v1/authentications', { requests: [] });
    expect(empty.ok || empty.problem.code).toBe('invalid_request');
    const tooMany = await if1.sbi.call('POST', '/if1/v1/authentications', { requests: Array.from({ length: 1001 }, () => ({ impu: 'sip:bob@acme.example', purpose: 'call' })) });
    expect(tooMany.ok || [tooMany.status, tooMany.problem.code]).toEqual([400, 'invalid_request']);
    const mixed = await if1.sbi.call<{ results: { status: number; problem?: { code: string } }[] }>('POST', '/if1/v1/authentications', { requests: [{ impu: 42, purpose: 'call' }, { impu: 'sip:bob@acme.example', token: bobToken, purpose: 'call' }] });
    expect(mixed.ok && mixed.value.results.map((r) => `${r.status} ${r.problem?.code ?? 'ok'}`)).toEqual(['400 invalid_request', '200 ok']);
  });

  it('an expired token is token_expired (RFC 8898 §4)', async () => {
    // The EDS judges expiry by its own clock: moved past the 30-second lifetime (no sleeping, no
    // race with a slow sign-in under load).
    let skew = 0;
    const other = await startTestIms({ now: () => Date.now() + skew });
    try {
      provisionFromIdp(other, globex, { domain: 'globex.example', name: 'Globex' });
      const token = (await signInTokens(globex.issuer, 'bob', DEMO_PASSWORD)).access_token;
      const fresh = await other.if1().authenticate({ impu: 'sip:bob@globex.example', token, purpose: 'register' });
      expect(fresh.ok, JSON.stringify(fresh)).toBe(true);
      skew = 31_000;
      const answer = await other.if1().authenticate({ impu: 'sip:bob@globex.example', token, purpose: 'register' });
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect([answer.status, answer.problem.code]).toEqual([401, 'token_expired']);
    } finally {
      await other.stop();
    }
  });

  it('an unreachable IdP is idp_unavailable (503), not a token failure', async () => {
    const other = await startTestIms();
    const down = await startTestIdp();
    try {
      const token = (await signInTokens(down.issuer, 'bob', DEMO_PASSWORD)).access_token;
      provisionFromIdp(other, down);
      await down.close();
      const answer = await other.if1().authenticate({ impu: 'sip:bob@acme.example', token, purpose: 'register' });
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect([answer.status, answer.problem.code]).toEqual([503, 'idp_unavailable']);
    } finally {
      await other.stop();
      await down.stop();
    }
  });

  it('a cached token is checked afresh once its enterprise changes: a new IdP issuer makes it token_unknown_issuer', async () => {
    const other = await startTestIms();
    try {
      const enterprise = provisionFromIdp(other, idp);
      const token = (await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD)).access_token;
      const first = await other.if1().authenticate({ impu: 'sip:bob@acme.example', token, purpose: 'register' });
      const second = await other.if1().authenticate({ impu: 'sip:bob@acme.example', token, purpose: 'call' });
      expect([first.ok, second.ok && second.value.cached]).toEqual([true, true]);
      const { id: _id, createdAt: _c, updatedAt: _u, ...input } = enterprise;
      const replaced = other.provisioning.replaceEnterprise(enterprise.id, { ...input, idpIssuer: globex.issuer });
      expect(replaced.ok).toBe(true);
      const after = await other.if1().authenticate({ impu: 'sip:bob@acme.example', token, purpose: 'call' });
      expect(after.ok).toBe(false);
      if (!after.ok) expect([after.status, after.problem.code]).toEqual([401, 'token_unknown_issuer']);
    } finally {
      await other.stop();
    }
  });
});
