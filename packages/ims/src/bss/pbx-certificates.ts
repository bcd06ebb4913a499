// Demo certificates for enterprise PBXs on the SIP trunk. A real enterprise keeps its PBX CA key;
// for demos the emulator makes the CA itself and keeps the key beside its own TLS files
// (`<imsDataDir>/tls/*-pbx-ca.{crt,key}`), so `ims provision enterprise issue-pbx-cert` can issue
// a client certificate the IBCF admits (IF3: chains to the CA, names the enterprise domain).
import { createCertificateAuthority, loadCertificateAuthority, type IssuedCertificate } from '@eims/pki';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a demo PBX CA of `domain` is kept. */
export function pbxCaFiles(imsDataDir: string, domain: string): { cert: string; key: string } {
  const base = join(imsDataDir, 'tls', `${domain.replace(/[^A-Za-z0-9.-]/g, '_')}-pbx-ca`);
  return { cert: `${base}.crt`, key: `${base}.key` };
}

/** Makes (or reuses) a demo PBX CA for `domain` and returns its certificate PEM; `files` where it is kept (default `pbxCaFiles`). */
export async function ensureDemoPbxCa(imsDataDir: string, domain: string, organization: string, files = pbxCaFiles(imsDataDir, domain)): Promise<string> {
  if (!existsSync(files.cert) || !existsSync(files.key)) {
    mkdirSync(join(imsDataDir, 'tls'), { recursive: true });
    const ca = await createCertificateAuthority(`CN=${organization.replace(/[,=+<>#;"\\]/g, ' ')} PBX Demo CA, O=${organization.replace(/[,=+<>#;"\\]/g, ' ')}`);
    writeFileSync(files.cert, ca.certPem, { mode: 0o644 });
    writeFileSync(files.key, ca.keyPem, { mode: 0o600 });
  }
  return readFileSync(files.cert, 'utf8');
}

/**
 * Issues a PBX certificate (CN and SAN dNSName = `domain`) from the enterprise PBX CA whose key
 * the emulator holds: the `*.crt` in `<imsDataDir>/tls/` equal to `caCertPem` with a `.key` beside it.
 * Undefined when the emulator does not hold that CA's key (the enterprise keeps its own).
 * @example const issued = await issuePbxCertificate('.data/ims', enterprise.pbxCaCertPem, 'acme.example');
 */
export async function issuePbxCertificate(imsDataDir: string, caCertPem: string, domain: string): Promise<IssuedCertificate | undefined> {
  const dir = join(imsDataDir, 'tls');
  if (!existsSync(dir)) return undefined;
  const wanted = new X509Certificate(caCertPem).fingerprint256;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.crt')) continue;
    const keyFile = join(dir, `${file.slice(0, -4)}.key`);
    if (!existsSync(keyFile)) continue;
    const pem = readFileSync(join(dir, file), 'utf8');
    if (new X509Certificate(pem).fingerprint256 !== wanted) continue;
    const ca = await loadCertificateAuthority(pem, readFileSync(keyFile, 'utf8'));
    // A server certificate: a PBX presents it as a TLS client towards the IBCF and as a TLS
    // server when the IBCF connects to its provisioned address.
    return ca.issueServer(domain, [domain], []);
  }
  return undefined;
}
