// The verifier's configured STI-CA roots (ATIS-1000074 §5.3.1: the chain must lead to a trusted
// STI-CA). Chain verdicts are cached per parsed credential, so a cached x5u costs one lookup.
import { X509Certificate } from 'node:crypto';
import type { Credential } from './credential.ts';

export type ChainVerdict = { ok: true; anchor: X509Certificate } | { ok: false; reason: string };

export interface TrustAnchors {
  readonly certificates: readonly X509Certificate[];
  /** Whether the credential's chain leads to one of the anchors (signatures and CA flags; not time). */
  verdict(credential: Credential): ChainVerdict;
}

/**
 * Creates the trust anchor set from PEM certificates (each string may hold several).
 * @example const anchors = createTrustAnchors(ca.root.certPem);
 */
export function createTrustAnchors(pems: string | readonly string[]): TrustAnchors {
  const all = (Array.isArray(pems) ? pems : [pems]).flatMap((p: string) => p.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []);
  if (all.length === 0) throw new TypeError('no trust anchor certificate given');
  const certificates = all.map((p) => new X509Certificate(p));
  const cache = new WeakMap<Credential, ChainVerdict>();
  return {
    certificates,
    verdict(credential) {
      let v = cache.get(credential);
      if (!v) {
        v = checkChain(credential.chain, certificates);
        cache.set(credential, v);
      }
      return v;
    },
  };
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return parent.ca && child.checkIssued(parent) && child.verify(parent.publicKey);
}

function checkChain(chain: readonly X509Certificate[], anchors: readonly X509Certificate[]): ChainVerdict {
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    const anchor = anchors.find((a) => a.fingerprint256 === cert.fingerprint256 || issuedBy(cert, a));
    if (anchor) return { ok: true, anchor };
    const parent = chain[i + 1];
    if (!parent) break;
    if (!issuedBy(cert, parent)) return { ok: false, reason: `${cert.subject.replace(/\n/g, ', ')} is not issued by the next certificate of the chain` };
  }
  return { ok: false, reason: 'the certificate chain does not lead to a configured STI-CA trust anchor' };
}
