// The carrier's demo CA and the SBI server certificate, generated on first start into
// `<imsDataDir>/tls/` and reused afterwards.
import { createCertificateAuthority } from '@eims/pki';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SbiTlsMaterial {
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  files: { caCert: string; caKey: string; serverCert: string; serverKey: string };
}

export function sbiTlsFiles(imsDataDir: string): SbiTlsMaterial['files'] {
  const dir = join(imsDataDir, 'tls');
  return { caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), serverCert: join(dir, 'sbi-server.crt'), serverKey: join(dir, 'sbi-server.key') };
}

export async function ensureSbiTls(imsDataDir: string): Promise<SbiTlsMaterial> {
  const files = sbiTlsFiles(imsDataDir);
  mkdirSync(join(imsDataDir, 'tls'), { recursive: true, mode: 0o700 });
  if (!Object.values(files).every((f) => existsSync(f))) {
    const ca = await createCertificateAuthority('CN=IMS Emulator Demo CA, O=Carrier');
    const server = await ca.issueServer('localhost', ['localhost'], ['127.0.0.1', '::1']);
    writeFileSync(files.caCert, ca.certPem, { mode: 0o644 });
    writeFileSync(files.caKey, ca.keyPem, { mode: 0o600 });
    writeFileSync(files.serverCert, server.certPem, { mode: 0o644 });
    writeFileSync(files.serverKey, server.keyPem, { mode: 0o600 });
  }
  const read = (f: string): string => readFileSync(f, 'utf8');
  return { caCertPem: read(files.caCert), serverCertPem: read(files.serverCert), serverKeyPem: read(files.serverKey), files };
}
