// Builds and signs a full-form SHAKEN PASSporT (RFC 8225 §4–§7, RFC 8588), with optional Rich
// Call Data claims (RFC 9795 §13 claims-only mode), serialised deterministically (RFC 8225 §9).
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { base64url } from './base64url.ts';
import { byCodePoint, canonicalJson, type JsonValue } from './canonical-json.ts';
import { canonicalTn, identityOf, type Attestation, type PassportClaims, type PassportDest, type PassportHeader, type Rcd, type Rcdi } from './claims.ts';

export interface SignPassportInput {
  /** Calling number, any notation; canonicalised (RFC 8224 §8.3). */
  orig: string;
  /**
   * Called party(ies): numbers in any notation (tel URI, `user=phone` SIP URI, digits) go to
   * `dest.tn`, canonicalised; other SIP URIs to `dest.uri` (RFC 8224 §8.5). Sorted (RFC 8225 §5.2.1).
   */
  dest: string | string[];
  attest: Attestation;
  /** UUID naming the origination point (RFC 8588 §5). */
  origid: string;
  /** Origination time, seconds since the epoch (integer). */
  iat: number;
  /** URL of the certificate chain; also the Identity `info` parameter. */
  x5u: string;
  rcd?: Rcd;
  rcdi?: Rcdi;
  crn?: string;
  /** Header `ppt`; default `"shaken"`. */
  ppt?: string;
  /** EC P-256 private key: a KeyObject, or PEM (PKCS#8 or SEC1). */
  key: KeyObject | string;
}

/**
 * Signs a SHAKEN PASSporT and returns its compact JWS serialisation `header.payload.signature`
 * (full form: SHAKEN never uses the compact form, RFC 8588 §6). ES256 with the raw 64-byte R‖S
 * signature (RFC 7518 §3.4).
 * @example
 * const jws = signPassport({ orig: '+12025550101', dest: '+12025550102', attest: 'A', origid: randomUUID(),
 *   iat: Math.floor(Date.now() / 1000), x5u: 'http://localhost:4600/sti/carrier.pem', rcd: { nam: 'Alice Avery' }, key });
 */
export function signPassport(input: SignPassportInput): string {
  if (!Number.isSafeInteger(input.iat)) throw new TypeError('iat must be an integer NumericDate');
  const header: PassportHeader = { alg: 'ES256', ppt: input.ppt ?? 'shaken', typ: 'passport', x5u: input.x5u };
  const claims: PassportClaims = {
    attest: input.attest,
    dest: destOf(Array.isArray(input.dest) ? input.dest : [input.dest]),
    iat: input.iat,
    orig: { tn: canonicalTn(input.orig) },
    origid: input.origid,
  };
  if (input.rcd !== undefined) claims.rcd = input.rcd;
  if (input.rcdi !== undefined) claims.rcdi = input.rcdi;
  if (input.crn !== undefined) claims.crn = input.crn;
  if (claims.rcdi !== undefined && claims.rcd === undefined) throw new TypeError('rcdi requires rcd (RFC 9795 §6)');
  return signJws(header, claims, input.key);
}

/** Signs any PASSporT header and claims as given (canonical JSON, ES256). */
export function signJws(header: PassportHeader, claims: PassportClaims, key: KeyObject | string): string {
  const input = `${base64url(canonicalJson(header as unknown as JsonValue))}.${base64url(canonicalJson(claims as unknown as JsonValue))}`;
  const k = typeof key === 'string' ? createPrivateKey(key) : key;
  const signature = sign('sha256', Buffer.from(input, 'ascii'), { key: k, dsaEncoding: 'ieee-p1363' });
  return `${input}.${base64url(signature)}`;
}

/** `dest` with `tn` before `uri`, each array sorted and without duplicates (RFC 8225 §5.2.1). */
function destOf(values: readonly string[]): PassportDest {
  const tn = new Set<string>();
  const uri = new Set<string>();
  for (const v of values) {
    const id = identityOf(v);
    if ('tn' in id) tn.add(id.tn);
    else uri.add(id.uri);
  }
  const dest: PassportDest = {};
  if (tn.size > 0 || uri.size === 0) dest.tn = [...tn].sort(byCodePoint);
  if (uri.size > 0) dest.uri = [...uri].sort(byCodePoint);
  return dest;
}
