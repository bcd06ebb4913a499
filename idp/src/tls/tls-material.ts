// The IdP's TLS files in `<dataDir>/tls/`, generated on first start: the demo CA, the HTTPS
// certificate of the introspection listener (localhost, 127.0.0.1, ::1) and the `eds` client
// certificate the EDS presents for RFC 8705 `tls_client_auth`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCertificateAuthority } from '@eims/pki';

export interface TlsMaterial {
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  edsCertPem: string;
  edsKeyPem: string;
  files: { caCert: string; caKey: string; serverCert: string; serverKey: string; edsCert: string; edsKey: string };
}

/** Subject DN of the generated `eds` client certificate (matched by `tls_client_auth_subject_dn`). */
export const EDS_SUBJECT = 'CN=eds, O=Acme Corp';

/** Loads the TLS files, generating any that are missing (all of them on first start). */
export async function ensureTlsMaterial(dataDir: string): Promise<TlsMaterial> {
  const dir = join(dataDir, 'tls');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'idp-server.crt'),
    serverKey: join(dir, 'idp-server.key'),
    edsCert: join(dir, 'eds-client.crt'),
    edsKey: join(dir, 'eds-client.key'),
  };
  if (!Object.values(files).every((f) => existsSync(f))) {
    const ca = await createCertificateAuthority('CN=Acme Corp Demo CA, O=Acme Corp');
    const server = await ca.issueServer('localhost', ['localhost'], ['127.0.0.1', '::1']);
    const eds = await ca.issueClient(EDS_SUBJECT);
    const write = (file: string, text: string, secret: boolean): void => writeFileSync(file, text, { mode: secret ? 0o600 : 0o644 });
    write(files.caCert, ca.certPem, false);
    write(files.caKey, ca.keyPem, true);
    write(files.serverCert, server.certPem, false);
    write(files.serverKey, server.keyPem, true);
    write(files.edsCert, eds.certPem, false);
    write(files.edsKey, eds.keyPem, true);
  }
  const read = (file: string): string => readFileSync(file, 'utf8');
  return {
    caCertPem: read(files.caCert),
    serverCertPem: read(files.serverCert),
    serverKeyPem: read(files.serverKey),
    edsCertPem: read(files.edsCert),
    edsKeyPem: read(files.edsKey),
    files,
  };
}
