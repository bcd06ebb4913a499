// A fetched STI credential (the PEM chain at x5u), parsed once and cached by URL: the leaf's public
// key for signature checks, the chain for trust, and the leaf's TNAuthList (RFC 8226).
import 'reflect-metadata';
import { X509Certificate, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { err, ok, type Result } from '@eims/sip';
import { TN_AUTH_LIST_OID, decodeTnAuthList, type TnEntry } from '@eims/pki';
import { StirError, StirErrorCode } from '../errors.ts';

export interface Credential {
  /** The x5u/info URL it was fetched from. */
  url: string;
  /** Leaf first, then the intermediates as served. */
  chain: X509Certificate[];
  /** The leaf's EC P-256 public key. */
  publicKey: KeyObject;
  /** The leaf's TNAuthList; undefined when the extension is absent. */
  tnAuthList: TnEntry[] | undefined;
  /** Validity of every certificate in the chain, epoch milliseconds. */
  validity: Array<{ notBefore: number; notAfter: number }>;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Parses a PEM chain (leaf first). Fails with ERR_STIR_BAD_CREDENTIAL when there is no
 * certificate, a block does not parse, the leaf key is not EC P-256, or the leaf's key usage
 * lacks digitalSignature.
 */
export function parseCredential(pem: string, url: string): Result<Credential, StirError> {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) return err(new StirError(StirErrorCode.BAD_CREDENTIAL, `${url} holds no PEM certificate`));
  let chain: X509Certificate[];
  let leaf: x509.X509Certificate;
  try {
    chain = blocks.map((b) => new X509Certificate(b));
    leaf = new x509.X509Certificate(blocks[0]!);
  } catch (e) {
    return err(new StirError(StirErrorCode.BAD_CREDENTIAL, `${url}: certificate does not parse`, { cause: e }));
  }
  const publicKey = chain[0]!.publicKey;
  if (publicKey.asymmetricKeyType !== 'ec' || publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return err(new StirError(StirErrorCode.BAD_CREDENTIAL, `${url}: the signing key is not EC P-256 (ES256)`));
  }
  const usage = leaf.getExtension(x509.KeyUsagesExtension);
  if (usage && (usage.usages & x509.KeyUsageFlags.digitalSignature) === 0) {
    return err(new StirError(StirErrorCode.BAD_CREDENTIAL, `${url}: the certificate's key usage does not allow digitalSignature`));
  }
  const ext = leaf.getExtension(TN_AUTH_LIST_OID);
  let tnAuthList: TnEntry[] | undefined;
  if (ext) {
    tnAuthList = decodeTnAuthList(new Uint8Array(ext.value));
    if (!tnAuthList) return err(new StirError(StirErrorCode.BAD_CREDENTIAL, `${url}: the TNAuthList extension is malformed (RFC 8226 §9)`));
  }
  const validity = chain.map((c) => ({ notBefore: Date.parse(c.validFrom), notAfter: Date.parse(c.validTo) }));
  return ok({ url, chain, publicKey, tnAuthList, validity });
}
