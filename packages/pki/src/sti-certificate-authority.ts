// A demo STI-CA for STIR/SHAKEN (ATIS-1000080 shape): a self-signed root, an intermediate that
// issues service-provider certificates, and those STI certificates carrying the TNAuthList
// extension (RFC 8226) with the carrier's service provider code.
import type { IssuedCertificate } from './certificate-authority.ts';
import { DAY, SIGN, importSigningKey, keyPem, newKeys, serial, x509 } from './key-material.ts';
import { TN_AUTH_LIST_OID, encodeTnAuthList, type TnEntry } from './tn-auth-list.ts';


/** A root and an intermediate STI-CA; the intermediate signs service-provider certificates. */
export interface StiCa {
  /** Self-signed root: what verifiers configure as their trust anchor. */
  root: IssuedCertificate;
  /** Intermediate CA, issued by the root; its certificate travels in the x5u chain. */
  intermediate: IssuedCertificate;
}

/** A service provider's STI certificate with the chain to publish at the x5u URL. */
export interface StiCertificate extends IssuedCertificate {
  /** Leaf then intermediate, PEM: the body of the STI-CR resource named by `x5u`/`info`. */
  chainPem: string;
}

export interface StiCertificateOptions {
  /** Service provider code (e.g. an OCN such as `"709J"`), the SHAKEN TNAuthList entry. */
  spc?: string;
  /** Other TNAuthList entries (delegate certificates, RFC 9060); with `spc` both are listed. */
  tnAuthList?: TnEntry[];
  /** Subject DN; default `CN=SHAKEN <spc>, O=<organization>, C=US`. */
  subject?: string;
  organization?: string;
  notBefore?: Date;
  notAfter?: Date;
}

/**
 * Creates a root and an intermediate STI-CA (ECDSA P-256, SHA-256).
 * @example const ca = await createStiCa(); const sp = await issueStiCertificate(ca, { spc: '709J' });
 */
export async function createStiCa(options: { name?: string } = {}): Promise<StiCa> {
  const name = options.name ?? 'EIMS Demo STI-CA';
  const rootKeys = await newKeys();
  const rootCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name} Root, O=EIMS Demo, C=US`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 3650 * DAY),
    signingAlgorithm: SIGN,
    keys: rootKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true), // no path length: an intermediate follows
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const interKeys = await newKeys();
  const interCert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${name} Intermediate, O=EIMS Demo, C=US`,
    issuer: rootCert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 1825 * DAY),
    signingAlgorithm: SIGN,
    publicKey: interKeys.publicKey,
    signingKey: rootKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(interKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootCert),
    ],
  });
  return {
    root: { certPem: rootCert.toString('pem'), keyPem: await keyPem(rootKeys.privateKey) },
    intermediate: { certPem: interCert.toString('pem'), keyPem: await keyPem(interKeys.privateKey) },
  };
}

/**
 * Issues a service provider's STI certificate from the intermediate: digitalSignature key usage,
 * not a CA, and the TNAuthList extension (non-critical, so generic X.509 verifiers such as Go's,
 * used by secsipidx, accept the chain).
 */
export async function issueStiCertificate(ca: StiCa, options: StiCertificateOptions): Promise<StiCertificate> {
  const entries: TnEntry[] = [...(options.spc !== undefined ? [{ spc: options.spc }] : []), ...(options.tnAuthList ?? [])];
  if (entries.length === 0) throw new TypeError('an STI certificate needs a service provider code or TNAuthList entries');
  const issuer = new x509.X509Certificate(ca.intermediate.certPem);
  const signingKey = await importSigningKey(ca.intermediate.keyPem);
  const keys = await newKeys();
  const label = options.spc ?? 'delegate';
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: options.subject ?? `CN=SHAKEN ${label}, O=${options.organization ?? 'EIMS Demo Carrier'}, C=US`,
    issuer: issuer.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: SIGN,
    publicKey: keys.publicKey,
    signingKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer),
      new x509.Extension(TN_AUTH_LIST_OID, false, encodeTnAuthList(entries)),
    ],
  });
  const certPem = cert.toString('pem');
  return { certPem, keyPem: await keyPem(keys.privateKey), chainPem: `${certPem.trim()}\n${ca.intermediate.certPem.trim()}\n` };
}
