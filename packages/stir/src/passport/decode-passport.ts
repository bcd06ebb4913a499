// Splits and decodes a full-form PASSporT (untrusted input): base64url segments, JSON, shapes.
// The signature is checked later, against the key of the certificate at x5u.
import { err, ok, type Result } from '@eims/sip';
import { StirError, StirErrorCode } from '../errors.ts';
import { fromBase64url } from './base64url.ts';
import { checkClaimsShape, checkHeaderShape, type PassportClaims, type PassportHeader } from './claims.ts';

export interface DecodedPassport {
  header: PassportHeader;
  claims: PassportClaims;
  /** `base64url(header) "." base64url(payload)`, the bytes the signature covers. */
  signingInput: string;
  /** Raw signature bytes (64 for ES256). */
  signature: Buffer;
}

/**
 * Decodes `header.payload.signature`. Compact form (`..signature`) is refused: SHAKEN is full
 * form only (RFC 8588 §6) and compact form cannot carry `rcd` beyond `nam` (RFC 9795 §9).
 */
export function decodePassport(jws: string): Result<DecodedPassport, StirError> {
  const parts = jws.split('.');
  if (parts.length !== 3) return err(new StirError(StirErrorCode.MALFORMED, 'a PASSporT has three dot-separated parts (RFC 7515 §7.1)'));
  const [h, p, s] = parts as [string, string, string];
  if (h === '' && p === '') return err(new StirError(StirErrorCode.COMPACT_FORM, 'compact-form PASSporTs are not accepted: SHAKEN uses full form (RFC 8588 §6)'));
  const hb = fromBase64url(h);
  const pb = fromBase64url(p);
  const sb = fromBase64url(s);
  if (!hb || !pb || !sb || h === '' || p === '') return err(new StirError(StirErrorCode.MALFORMED, 'PASSporT segments must be unpadded base64url (RFC 7515 §2)'));
  const header = parseJson(hb);
  const claims = parseJson(pb);
  if (header === undefined || claims === undefined) return err(new StirError(StirErrorCode.MALFORMED, 'PASSporT header or payload is not JSON'));
  const hs = checkHeaderShape(header);
  if (!hs.ok) return err(new StirError(StirErrorCode.MALFORMED, hs.reason));
  const cs = checkClaimsShape(claims);
  if (!cs.ok) return err(new StirError(StirErrorCode.MALFORMED, cs.reason));
  return ok({ header: hs.value, claims: cs.value, signingInput: `${h}.${p}`, signature: sb });
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}
