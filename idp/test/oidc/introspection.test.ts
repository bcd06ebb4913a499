// RFC 7662 introspection on the mutual-TLS listener (IF4): only the `eds` client certificate from
// the demo CA gets answers (RFC 8705 tls_client_auth); answers carry the employee data the EDS
// caches; disabled or deleted employees' tokens are inactive at once.
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '@eims/pki';
import { introspect, revoke, signInTokens, type MtlsCredentials } from '../support/oauth-client.ts';
import { DEMO_PASSWORD, startTestIdp } from '../support/test-idp.ts';

describe('introspection over mutual TLS', () => {
  let idp: Awaited<ReturnType<typeof startTestIdp>>;
  let eds: MtlsCredentials;

  beforeAll(async () => {
    idp = await startTestIdp();
    eds = { ca: idp.tls.caCertPem, cert: idp.tls.edsCertPem, key: idp.tls.edsKeyPem };
  });
  afterAll(async () => idp.stop());

  it('answers the eds client with active: true and the employee data the EDS caches', async () => {
    const tokens = await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD);
    const alice = idp.directory.findByUsername('alice')!;
    const { status, body } = await introspect(idp.introspectionUrl, tokens.access_token, eds);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      active: true,
      sub: alice.id,
      client_id: 'softphone',
      aud: 'https://ims.mnc001.mcc001.3gppnetwork.org',
      iss: idp.issuer,
      '3pid': 'sip:alice@acme.example',
      phone_number: '+12025550101',
      name: 'Alice Avery',
      title: 'Sales Director',
      department: 'Sales',
      organization: 'Acme Corp',
      picture: `${idp.issuer}/directory/photos/${alice.id}`,
    });
    // The photo reference resolves to the stored picture.
    const photo = await fetch(String(body['picture']));
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/svg+xml');
    expect(await photo.text()).toContain('>AA<');
  });

  it('refuses a connection without a client certificate (RFC 8705 §2)', async () => {
    const tokens = await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD);
    await expect(introspect(idp.introspectionUrl, tokens.access_token, { ca: idp.tls.caCertPem })).rejects.toThrow();
  });

  it('refuses a client certificate issued by another CA', async () => {
    const tokens = await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD);
    const rogue = await createCertificateAuthority('CN=Rogue CA');
    // Same subject as the real eds certificate: only the issuing CA differs.
    const fake = await rogue.issueClient('CN=eds, O=Acme Corp');
    await expect(introspect(idp.introspectionUrl, tokens.access_token, { ca: idp.tls.caCertPem, cert: fake.certPem, key: fake.keyPem })).rejects.toThrow();
  });

  it('answers 401 invalid_client to a demo-CA certificate that is not the eds registration', async () => {
    const tokens = await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD);
    const { loadCertificateAuthority } = await import('@eims/pki');
    const { readFileSync } = await import('node:fs');
    const ca = await loadCertificateAuthority(idp.tls.caCertPem, readFileSync(idp.tls.files.caKey, 'utf8'));
    const other = await ca.issueClient('CN=someone-else, O=Acme Corp');
    const answer = await introspect(idp.introspectionUrl, tokens.access_token, { ca: idp.tls.caCertPem, cert: other.certPem, key: other.keyPem });
    expect(answer.status).toBe(401);
    expect(answer.body['error']).toBe('invalid_client');
  });

  it('reports a revoked access token as inactive', async () => {
    const tokens = await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD);
    await revoke(idp.issuer, tokens.access_token);
    expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body).toEqual({ active: false });
  });

  it('reports a disabled employee\'s token as inactive at once, and active again when re-enabled', async () => {
    const tokens = await signInTokens(idp.issuer, 'carol', DEMO_PASSWORD);
    const carol = idp.directory.findByUsername('carol')!;
    idp.directory.setStatus(carol.id, 'disabled');
    try {
      expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body).toEqual({ active: false });
    } finally {
      idp.directory.setStatus(carol.id, 'active');
    }
    expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body['active']).toBe(true);
  });

  it('reports a deleted employee\'s token as inactive', async () => {
    const dan = idp.directory.add({ username: 'dan', displayName: 'Dan Doe', title: 'Intern', department: 'Sales', e164: '+12025550104', password: 'Dan-password-1' });
    const tokens = await signInTokens(idp.issuer, 'dan', 'Dan-password-1');
    expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body['active']).toBe(true);
    idp.directory.remove(dan.id);
    expect((await introspect(idp.introspectionUrl, tokens.access_token, eds)).body).toEqual({ active: false });
  });

  it('reports all of an employee\'s tokens inactive after revokeAllForEmployee (admin "sign out everywhere")', async () => {
    const a = await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD);
    const b = await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD);
    await idp.revokeAllForEmployee(idp.directory.findByUsername('bob')!.id);
    for (const t of [a, b]) expect((await introspect(idp.introspectionUrl, t.access_token, eds)).body).toEqual({ active: false });
  });

  it('reports forged and garbage tokens as inactive, and a missing token as invalid_request', async () => {
    const tokens = await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD);
    const [h, p] = tokens.access_token.split('.');
    const forged = `${h}.${p}.${'A'.repeat(86)}`;
    expect((await introspect(idp.introspectionUrl, forged, eds)).body).toEqual({ active: false });
    expect((await introspect(idp.introspectionUrl, 'garbage', eds)).body).toEqual({ active: false });
    const missing = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(idp.introspectionUrl, { method: 'POST', ca: eds.ca, cert: eds.cert, key: eds.key, agent: false, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('token_type_hint=access_token');
    });
    expect(missing).toBe(400);
  });
});
