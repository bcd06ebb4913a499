// The SIP Identity header field (RFC 8224 §4.1): building ours, reading anyone's.
// Parsing reuses @eims/sip's grammar (one parser of the header in the code base); this file adds
// the PASSporT-level meaning and maps grammar errors to StirError.
import { err, ok, parseIdentity, type Result } from '@eims/sip';
import { StirError, StirErrorCode } from '../errors.ts';

export interface IdentityParams {
  /** Credential URL; the PASSporT `x5u` must equal it (RFC 8224 §4.1). */
  info: string;
  /** Default `ES256` (also RFC 8224's default when absent). */
  alg?: string;
  /** Default `shaken`. */
  ppt?: string;
}

export interface ParsedIdentity {
  /** The PASSporT: `header.payload.signature`, or `..signature` in compact form. */
  passport: string;
  info: string;
  alg: string;
  /** Without quotes; undefined when the header has none. */
  ppt: string | undefined;
}

const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/; // RFC 3261 token
const JWS = /^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/**
 * Formats an Identity header value: `<jws>;info=<url>;alg=ES256;ppt=shaken` (RFC 8224 §4.1,
 * RFC 8588 §3). The `info` URL may not contain `;`, `=`, `<`, `>` or whitespace: legal inside
 * `<...>`, but Kamailio's secsipid and secsipidx split the header on `;` and `=` and then reject it.
 * @example buildIdentityHeader(jws, { info: 'http://localhost:4600/sti/carrier.pem' })
 */
export function buildIdentityHeader(jws: string, params: IdentityParams): string {
  if (!JWS.test(jws)) throw new TypeError('not a base64url JWS in compact serialisation');
  if (!/^https?:\/\/[^\s;=<>]+$/.test(params.info)) {
    throw new TypeError(`info must be an http(s) URL without ";", "=", "<", ">" or spaces, got ${JSON.stringify(params.info)}`);
  }
  const alg = params.alg ?? 'ES256';
  const ppt = params.ppt ?? 'shaken';
  if (!TOKEN.test(alg) || !TOKEN.test(ppt)) throw new TypeError('alg and ppt must be SIP tokens');
  return `${jws};info=<${params.info}>;alg=${alg};ppt=${ppt}`;
}

/**
 * Parses an Identity header value (untrusted). Accepts base64url (RFC 8224's grammar says base64,
 * but PASSporTs are base64url: standards.md §0.6), `ppt` bare or quoted, `alg` absent = ES256.
 */
export function parseIdentityHeader(value: string): Result<ParsedIdentity, StirError> {
  const r = parseIdentity(value);
  if (!r.ok) return err(new StirError(StirErrorCode.MALFORMED, `Identity header: ${r.error.message}`, { cause: r.error }));
  return ok({ passport: r.value.token, info: r.value.info, alg: r.value.alg, ppt: r.value.ppt });
}
