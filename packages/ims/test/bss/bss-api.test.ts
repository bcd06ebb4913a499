// BSS provisioning (6.x.1.4 step 1) over the SBI: HTTP/2 over TLS, operator API key, validation
// with clear errors, overlapping numbers and duplicate domains refused.
import { createCertificateAuthority } from '@eims/pki';
import { connect } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SbiClient } from '../../src/sbi/sbi-client.ts';
import { startTestIms, type TestIms } from '../support/ims-fixture.ts';

describe('BSS API: enterprises and subscribers', () => {
  let ims: TestIms;
  let bss: SbiClient;
  let pems: { cert: string; key: string; ca: string };

  beforeAll(async () => {
    ims = await startTestIms();
    bss = new SbiClient({ sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: ims.operatorApiKey });
    const ca = await createCertificateAuthority('CN=Test IdP CA');
    const client = await ca.issueClient('CN=eds, O=Acme Corp');
    pems = { cert: client.certPem, key: client.keyPem, ca: ca.certPem };
  });
  afterAll(async () => {
    bss?.close();
    await ims?.stop();
  });

  function acme(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      name: 'Acme Corp',
      domain: 'acme.example',
      numberRanges: [{ from: '+12025550100', to: '+12025550199' }],
      idpIssuer: 'http://localhost:4400',
      introspectionEndpoint: 'https://localhost:4401/token/introspection',
      if4ClientCertPem: pems.cert,
      if4ClientKeyPem: pems.key,
      idpCaCertPem: pems.ca,
      ...overrides,
    };
  }

  it('creates, reads, lists and removes an enterprise; the IF4 private key is never shown', async () => {
    const created = await bss.call<{ enterprise: { id: string; hasIf4ClientKey: boolean } }>('POST', '/bss/v1/enterprises', acme({ domain: 'initech.example', numberRanges: [{ from: '+13125550000', to: '+13125550009' }] }));
    expect(created.status).toBe(201);
    if (!created.ok) return;
    expect(created.value.enterprise.hasIf4ClientKey).toBe(true);
    expect(JSON.stringify(created.value)).not.toContain('PRIVATE KEY');
    const byDomain = await bss.call<{ enterprise: { id: string } }>('GET', '/bss/v1/enterprises/initech.example');
    expect(byDomain.ok && byDomain.value.enterprise.id).toBe(created.value.enterprise.id);
    const list = await bss.call<{ enterprises: { domain: string }[] }>('GET', '/bss/v1/enterprises');
    expect(list.ok && list.value.enterprises.map((e) => e.domain)).toContain('initech.example');
    expect((await bss.call('DELETE', `/bss/v1/enterprises/${created.value.enterprise.id}`)).status).toBe(204);
    expect((await bss.call('GET', `/bss/v1/enterprises/${created.value.enterprise.id}`)).status).toBe(404);
  });

  it('refuses overlapping number ranges and duplicate domains with 409', async () => {
    expect((await bss.call('POST', '/bss/v1/enterprises', acme())).status).toBe(201);
    const overlap = await bss.call('POST', '/bss/v1/enterprises', acme({ domain: 'globex.example', numberRanges: [{ from: '+12025550190', to: '+12025550210' }] }));
    expect(overlap.ok ? 'ok' : [overlap.status, overlap.problem.code]).toEqual([409, 'number_conflict']);
    if (!overlap.ok) expect(overlap.problem.detail).toMatch(/Acme Corp/);
    const duplicate = await bss.call('POST', '/bss/v1/enterprises', acme({ numberRanges: [{ from: '+13125550100', to: '+13125550199' }] }));
    expect(duplicate.ok ? 'ok' : [duplicate.status, duplicate.problem.code]).toEqual([409, 'duplicate_domain']);
    const subscriber = await bss.call('POST', '/bss/v1/subscribers', { impu: 'sip:erin@ims.mnc001.mcc001.3gppnetwork.org', e164: '+12025550150', digestUsername: 'erin', password: 'Erin-demo-1' });
    expect(subscriber.ok ? 'ok' : [subscriber.status, subscriber.problem.code]).toEqual([409, 'number_conflict']);
  });

  it.each([
    ['a bad E.164 number', { numberRanges: [{ from: '12025550100', to: '+12025550199' }] }, 'numberRanges[0].from'],
    ['a range that ends before it starts', { numberRanges: [{ from: '+12025550199', to: '+12025550100' }] }, 'numberRanges[0]'],
    ['ends of different lengths', { numberRanges: [{ from: '+1202555010', to: '+12025550199' }] }, 'numberRanges[0]'],
    ['a bad domain', { domain: 'acme..example' }, 'domain'],
    ['a PEM that is not a certificate', { idpCaCertPem: '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----' }, 'idpCaCertPem'],
    ['a key of another certificate', { if4ClientKeyPem: 'not a key' }, 'if4ClientKeyPem'],
    ['an http introspection endpoint', { introspectionEndpoint: 'http://localhost:4401/token/introspection' }, 'introspectionEndpoint'],
    ['an unknown field', { colour: 'blue' }, 'colour'],
  ])('refuses %s with 400 naming the field', async (_what, overrides, field) => {
    const answer = await bss.call('POST', '/bss/v1/enterprises', acme({ domain: 'other.example', numberRanges: [{ from: '+14155550100', to: '+14155550199' }], ...overrides }));
    expect(answer.status).toBe(400);
    if (!answer.ok) expect(answer.problem.field).toBe(field);
  });

  it('refuses a request without the operator key (401) or with a wrong one (403)', async () => {
    const wrong = new SbiClient({ sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: 'not-the-key' });
    expect((await wrong.call('GET', '/bss/v1/enterprises')).status).toBe(403);
    wrong.close();
    const none = await bss.pool.request(ims.sbiUrl, { method: 'GET', path: '/bss/v1/enterprises' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body.toString())).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('caps JSON bodies at 64 KiB (413) and answers problem details for unknown paths (404) and methods (405)', async () => {
    const big = await bss.call('POST', '/bss/v1/enterprises', acme({ name: 'x'.repeat(70 * 1024) }));
    expect(big.status).toBe(413);
    expect((await bss.call('GET', '/bss/v1/nothing')).status).toBe(404);
    expect((await bss.call('PATCH', '/bss/v1/enterprises')).status).toBe(405);
  });

  it('speaks HTTP/2 only: an HTTP/1.1 client is refused (403 Unknown ALPN Protocol)', async () => {
    const http1 = await new Promise<string>((resolve) => {
      const req = httpsRequest(`${ims.sbiUrl}/bss/v1/enterprises`, { ca: ims.caCertPem, headers: { authorization: `Bearer ${ims.operatorApiKey}` } }, (res) => {
        res.resume();
        resolve(`status ${res.statusCode}`);
      });
      req.on('error', (e) => resolve(`error ${e.message}`));
      req.end();
    });
    expect(http1).not.toBe('status 200');
    const session = connect(ims.sbiUrl, { ca: ims.caCertPem });
    await new Promise((resolve, reject) => session.once('connect', resolve).once('error', reject));
    expect(session.alpnProtocol).toBe('h2');
    session.close();
  });

  it('provisions a subscriber with the SHA-256 HA1 only, and refuses a duplicate', async () => {
    const body = { impu: 'sip:dave@ims.mnc001.mcc001.3gppnetwork.org', e164: '+12025550999', digestUsername: 'dave', password: 'Dave-demo-1' };
    const created = await bss.call<{ subscriber: Record<string, unknown> }>('POST', '/bss/v1/subscribers', body);
    expect(created.status).toBe(201);
    expect(created.ok && created.value.subscriber).not.toHaveProperty('ha1Sha256');
    expect(JSON.stringify(created)).not.toContain('Dave-demo-1');
    expect((await bss.call('POST', '/bss/v1/subscribers', body)).status).toBe(409);
    const path = `/bss/v1/subscribers/${encodeURIComponent(body.impu)}`;
    const moved = await bss.call<{ subscriber: { e164: string } }>('PUT', path, { ...body, e164: '+12025550998', password: 'Dave-demo-2' });
    expect(moved.ok && moved.value.subscriber.e164).toBe('+12025550998');
    const clash = await bss.call('PUT', path, { ...body, e164: '+12025550150' });
    expect(clash.ok ? 'ok' : clash.problem.code).toBe('number_conflict');
    const bad = await bss.call('POST', '/bss/v1/subscribers', { ...body, impu: 'dave', e164: '+1' });
    expect(bad.ok ? 'ok' : bad.problem.field).toBe('impu');
  });

  it('lookups by domain, number and issuer follow every change at once, and what they return cannot be changed in place', async () => {
    const store = ims.provisioning;
    const created = await bss.call<{ enterprise: { id: string } }>('POST', '/bss/v1/enterprises', acme({ name: 'Hooli', domain: 'hooli.example', numberRanges: [{ from: '+14155550000', to: '+14155550009' }], idpIssuer: 'http://localhost:4499' }));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const id = created.value.enterprise.id;
    expect(store.enterpriseByNumber('+14155550005')?.domain).toBe('hooli.example');
    expect(store.enterprisesByIssuer('http://localhost:4499/').map((e) => e.id)).toEqual([id]);
    const found = store.enterpriseByDomain('HOOLI.example')!;
    expect(() => found.numberRanges.push({ from: '+1', to: '+2' })).toThrow(TypeError);
    expect(() => Object.assign(found, { name: 'x' })).toThrow(TypeError);
    // Moved to other numbers: the old ones are free at once, the new ones found.
    expect((await bss.call('PUT', `/bss/v1/enterprises/${id}`, acme({ name: 'Hooli', domain: 'hooli.example', numberRanges: [{ from: '+14155550100', to: '+14155550109' }], idpIssuer: 'http://localhost:4499' }))).ok).toBe(true);
    expect(store.enterpriseByNumber('+14155550005')).toBeUndefined();
    expect(store.enterpriseByNumber('+14155550105')?.id).toBe(id);
    // A refused write (the domain of another enterprise) changes nothing.
    expect((await bss.call('PUT', `/bss/v1/enterprises/${id}`, acme({ domain: 'acme.example', numberRanges: [{ from: '+14155550100', to: '+14155550109' }] }))).ok).toBe(false);
    expect(store.enterpriseByDomain('hooli.example')?.id).toBe(id);
    expect((await bss.call('DELETE', `/bss/v1/enterprises/${id}`)).ok).toBe(true);
    expect(store.enterpriseByNumber('+14155550105')).toBeUndefined();
    expect(store.enterprise(id)).toBeUndefined();
  });
});
