// IF3 admission rule (TR 23.700-87 6.X.2.1 steps 2-4): a PBX is admitted to the SIP trunk when its
// certificate chains to the PBX CA provisioned for an enterprise, is within its validity period,
// and names that enterprise's domain in its subject CN or a SAN dNSName. Anything else is a typed
// refusal, never an exception.
import { X509Certificate } from 'node:crypto';
import type { Enterprise } from '../bss/enterprise.ts';

export const PBX_REFUSAL_REASONS = ['certificate_missing', 'certificate_malformed', 'issuer_unknown', 'certificate_expired', 'certificate_not_yet_valid', 'domain_mismatch'] as const;
export type PbxRefusalReason = (typeof PBX_REFUSAL_REASONS)[number];

export interface PbxAdmission {
  enterprise: { id: string; name: string; domain: string };
  /** Subject of the PBX certificate (RFC 4514-like, `CN=pbx.acme.example, O=Acme Corp`). */
  subject: string;
  notAfter: string;
  /** SHA-256 fingerprint of the PBX certificate. */
  fingerprint: string;
}

export interface PbxRefusal {
  reason: PbxRefusalReason;
  detail: string;
  /** The enterprise whose CA issued the certificate, when one did. */
  enterpriseId: string | null;
  subject: string | null;
}

export type PbxCheck = { ok: true; value: PbxAdmission } | { ok: false; error: PbxRefusal };

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * @example checkPbxCertificate(chainPem, store.listEnterprises(), Date.now()) // { ok: true, value: { enterprise: { domain: 'acme.example', ... } } }
 */
export function checkPbxCertificate(chainPem: string, enterprises: readonly Enterprise[], now: number): PbxCheck {
  const blocks = chainPem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return refuse('certificate_missing', 'The PBX presented no certificate (mutual TLS requires one).');
  let chain: X509Certificate[];
  try {
    chain = blocks.map((pem) => new X509Certificate(pem));
  } catch (cause) {
    return refuse('certificate_malformed', `The PBX certificate cannot be parsed: ${(cause as Error).message}`);
  }
  const leaf = chain[0]!;
  const subject = oneLine(leaf.subject);
  for (const enterprise of enterprises) {
    if (enterprise.pbxCaCertPem === null) continue;
    const path = pathTo(chain, new X509Certificate(enterprise.pbxCaCertPem));
    if (path === undefined) continue;
    for (const cert of path) {
      if (Date.parse(cert.validTo) < now) return refuse('certificate_expired', `${oneLine(cert.subject)} expired on ${cert.validTo}.`, enterprise.id, subject);
      if (Date.parse(cert.validFrom) > now) return refuse('certificate_not_yet_valid', `${oneLine(cert.subject)} is valid only from ${cert.validFrom}.`, enterprise.id, subject);
    }
    const names = certificateNames(leaf);
    if (!names.includes(enterprise.domain.toLowerCase())) {
      return refuse('domain_mismatch', `The certificate names ${names.join(', ') || 'nothing'}, not ${enterprise.domain} (subject CN or SAN dNSName must be the enterprise domain).`, enterprise.id, subject);
    }
    return { ok: true, value: { enterprise: { id: enterprise.id, name: enterprise.name, domain: enterprise.domain }, subject, notAfter: new Date(leaf.validTo).toISOString(), fingerprint: leaf.fingerprint256 } };
  }
  return refuse('issuer_unknown', `${subject} was not issued by the PBX CA of any provisioned enterprise (issuer ${oneLine(leaf.issuer)}).`, null, subject);
}

/** The certificates from the leaf up to the one `ca` signed (intermediates from the chain), or undefined. */
function pathTo(chain: readonly X509Certificate[], ca: X509Certificate): X509Certificate[] | undefined {
  const path: X509Certificate[] = [];
  let current: X509Certificate | undefined = chain[0];
  while (current !== undefined && path.length < chain.length) {
    path.push(current);
    if (signedBy(current, ca)) return [...path, ca];
    const child: X509Certificate = current;
    current = chain.find((c) => c !== child && !path.includes(c) && c.ca && signedBy(child, c));
  }
  return undefined;
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

/** Lower-cased subject CN and SAN dNSNames. */
function certificateNames(cert: X509Certificate): string[] {
  const names: string[] = [];
  for (const line of cert.subject.split('\n')) if (line.startsWith('CN=')) names.push(line.slice(3).toLowerCase());
  for (const entry of (cert.subjectAltName ?? '').split(/,\s*/)) if (entry.startsWith('DNS:')) names.push(entry.slice(4).toLowerCase());
  return [...new Set(names)];
}

function oneLine(dn: string): string {
  return dn.split('\n').filter((l) => l !== '').join(', ');
}

function refuse(reason: PbxRefusalReason, detail: string, enterpriseId: string | null = null, subject: string | null = null): PbxCheck {
  return { ok: false, error: { reason, detail, enterpriseId, subject } };
}
