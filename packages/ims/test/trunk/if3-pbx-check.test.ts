// IF3's admission rule on its own (6.X.2.1 steps 2-4), and its OpenAPI document against the routes
// the SBI serves: a PBX certificate is admitted only when it chains to an enterprise's PBX CA
// (directly or through an intermediate it presents), is valid at the time of the check, and names
// the enterprise domain in its subject CN or a SAN dNSName.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateAuthority, type CertificateAuthority } from '@eims/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, SIGN, importSigningKey, keyPem, newKeys, serial, x509 } from '../../../pki/src/key-material.ts';
import type { Enterprise } from '../../src/bss/enterprise.ts';
import { checkPbxCertificate } from '../../src/eds/if3-pbx-check.ts';
import { startIms, type RunningIms } from '../../src/ims.ts';
import { pbxCertificate } from './trunk-stack.ts';

let acmeCa: CertificateAuthority;
let acme: Enterprise;
const now = Date.now();

beforeAll(async () => {
  acmeCa = await createCertificateAuthority('CN=Acme PBX CA');
  acme = { id: 'e1', name: 'Acme', domain: 'acme.example', pbxCaCertPem: acmeCa.certPem, pbxAddress: null, numberRanges: [], idpIssuer: '', introspectionEndpoint: '', if4ClientCertPem: '', if4ClientKeyPem: '', idpCaCertPem: '', setAudience: null, createdAt: '', updatedAt: '' };
});

/** An intermediate CA under `ca` (what a PBX vendor's issuing CA would be). */
async function intermediate(ca: CertificateAuthority): Promise<{ certPem: string; keyPem: string }> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: 'CN=Acme PBX Issuing CA', issuer: new x509.X509Certificate(ca.certPem).subject,
    notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY), signingAlgorithm: SIGN, publicKey: keys.publicKey,
    signingKey: await importSigningKey(ca.keyPem),
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}

describe('checkPbxCertificate', () => {
  it('admits a certificate of the enterprise CA naming the domain (SAN dNSName), with the enterprise and subject', async () => {
    const leaf = await pbxCertificate(acmeCa, 'acme.example');
    const r = checkPbxCertificate(leaf.certPem, [acme], now);
    expect(r).toMatchObject({ ok: true, value: { enterprise: { id: 'e1', domain: 'acme.example' }, subject: 'CN=acme.example, O=PBX' } });
  });

  it('admits through an intermediate the PBX presents after its certificate; refuses the leaf alone (issuer_unknown)', async () => {
    const mid = await intermediate(acmeCa);
    const leaf = await pbxCertificate(mid, 'acme.example');
    expect(checkPbxCertificate(`${leaf.certPem}\n${mid.certPem}`, [acme], now).ok).toBe(true);
    expect(checkPbxCertificate(leaf.certPem, [acme], now)).toMatchObject({ ok: false, error: { reason: 'issuer_unknown' } });
  });

  it('refuses with a typed reason: none, garbage, another CA, not yet valid, expired, another domain', async () => {
    const other = await createCertificateAuthority('CN=Other CA');
    const cases: [string, string][] = [
      ['', 'certificate_missing'],
      ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', 'certificate_malformed'],
      [(await pbxCertificate(other, 'acme.example')).certPem, 'issuer_unknown'],
      [(await pbxCertificate(acmeCa, 'acme.example', { notBefore: new Date(now + DAY), notAfter: new Date(now + 2 * DAY) })).certPem, 'certificate_not_yet_valid'],
      [(await pbxCertificate(acmeCa, 'acme.example', { notBefore: new Date(now - 2 * DAY), notAfter: new Date(now - DAY) })).certPem, 'certificate_expired'],
      [(await pbxCertificate(acmeCa, 'acme.example.evil')).certPem, 'domain_mismatch'],
    ];
    for (const [pem, reason] of cases) expect(checkPbxCertificate(pem, [acme], now), reason).toMatchObject({ ok: false, error: { reason } });
  });

  it('an enterprise without a PBX CA admits nobody', async () => {
    const leaf = await pbxCertificate(acmeCa, 'acme.example');
    expect(checkPbxCertificate(leaf.certPem, [{ ...acme, pbxCaCertPem: null }], now)).toMatchObject({ ok: false, error: { reason: 'issuer_unknown' } });
  });
});

describe('IF3 OpenAPI document', () => {
  let ims: RunningIms;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'if3-openapi-'));
    ims = await startIms({ imsDataDir: dir, sbiPort: 0, consolePort: 0, log: () => undefined });
  });
  afterAll(async () => {
    await ims?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('describes exactly the routes under /if3/ and every refusal reason', () => {
    const text = readFileSync(new URL('../../src/eds/if3.openapi.json', import.meta.url), 'utf8');
    const doc = JSON.parse(text) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).filter((k) => k !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`));
    const served = ims.router.routes().filter((r) => r.path.startsWith('/if3/')).map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual(served.sort());
    for (const reason of ['certificate_missing', 'certificate_malformed', 'issuer_unknown', 'certificate_expired', 'certificate_not_yet_valid', 'domain_mismatch']) expect(text).toContain(reason);
  });
});
