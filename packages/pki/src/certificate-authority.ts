// A small ECDSA P-256 certificate authority (@peculiar/x509 over node:crypto's webcrypto): the demo
// CAs of the stack (the IdP's, the carrier's, an enterprise PBX's) and the certificates they issue.
// Tests use it too, to make a second, untrusted CA.
import { DAY, SIGN, importSigningKey, keyPem, newKeys, serial, x509, type CryptoKey } from './key-material.ts';

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface CertificateAuthority extends IssuedCertificate {
  /** Issues a TLS server certificate for the given DNS names and IP addresses. */
  issueServer(commonName: string, dnsNames: string[], ips: string[]): Promise<IssuedCertificate>;
  /** Issues a TLS client certificate with the given subject DN (e.g. `CN=eds, O=Acme Corp`). */
  issueClient(subject: string): Promise<IssuedCertificate>;
}

/** Creates a new self-signed CA valid for ten years. */
export async function createCertificateAuthority(name: string): Promise<CertificateAuthority> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 3650 * DAY),
    signingAlgorithm: SIGN,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return caFrom(cert, keys.privateKey, await keyPem(keys.privateKey));
}

/** Loads a CA from its PEM certificate and PKCS#8 key. */
export async function loadCertificateAuthority(certPem: string, privateKeyPem: string): Promise<CertificateAuthority> {
  const cert = new x509.X509Certificate(certPem);
  const key = await importSigningKey(privateKeyPem, true);
  return caFrom(cert, key, privateKeyPem);
}

function caFrom(cert: x509.X509Certificate, signingKey: CryptoKey, caKeyPem: string): CertificateAuthority {
  const issue = async (subject: string, extensions: x509.Extension[]): Promise<IssuedCertificate> => {
    const keys = await newKeys();
    const issued = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject,
      issuer: cert.subject,
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date(Date.now() + 825 * DAY),
      signingAlgorithm: SIGN,
      publicKey: keys.publicKey,
      signingKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(cert),
        ...extensions,
      ],
    });
    return { certPem: issued.toString('pem'), keyPem: await keyPem(keys.privateKey) };
  };
  return {
    certPem: cert.toString('pem'),
    keyPem: caKeyPem,
    issueServer: (commonName, dnsNames, ips) =>
      issue(`CN=${commonName}`, [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([
          ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
          ...ips.map((value) => ({ type: 'ip' as const, value })),
        ]),
      ]),
    issueClient: (subject) =>
      issue(subject, [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      ]),
  };
}
