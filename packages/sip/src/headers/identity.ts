// Identity (RFC 8224 §4.1): signed-identity-digest SEMI ident-info *( SEMI ident-info-params ).
import { SipError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { Scanner, formatParams, genValue, unquote } from './scanner.ts';

export interface IdentityHeader {
  /** The PASSporT (full `h.p.s` or compact `..s`), base64 or base64url. */
  token: string;
  /** The mandatory `info` URI, without the angle brackets. */
  info: string;
  /** `alg`; RFC 8224 defaults it to ES256 when absent. */
  alg: string;
  /** `ppt` without quotes (written bare or quoted in the wild, standards.md §2.1). */
  ppt?: string;
  /** All parameters as written (names lower-cased). */
  params: Map<string, string | null>;
}

// base64 and base64url characters plus '.' (RFC 8224 grammar quirk: accept base64url, standards.md §0.6).
function isDigestChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x2e || c === 0x2d || c === 0x5f || c === 0x2b || c === 0x2f || c === 0x3d;
}

/**
 * Parses an Identity header value.
 * @example parseIdentity('eyJ...;info=<https://certs.carrier.example/sp.pem>;alg=ES256;ppt=shaken')
 */
export function parseIdentity(value: string): Result<IdentityHeader, SipError> {
  const sc = new Scanner(value, 'Identity');
  sc.ws();
  const token = sc.while(isDigestChar);
  if (token === '') return err(sc.fail('missing signed-identity-digest'));
  const params = new Map<string, string | null>();
  // `info=<...>` holds a URI with ';' and '=' inside, so parameters are read here, not by readParams.
  for (;;) {
    sc.ws();
    if (sc.done) break;
    if (!sc.sep(0x3b)) return err(sc.fail('expected ";"'));
    const name = sc.token().toLowerCase();
    if (name === '') return err(sc.fail('empty parameter'));
    if (!sc.sep(0x3d)) {
      params.set(name, null);
      continue;
    }
    if (sc.peek() === 0x3c) {
      const gt = value.indexOf('>', sc.i);
      if (gt < 0) return err(sc.fail('missing ">"'));
      params.set(name, value.slice(sc.i, gt + 1));
      sc.i = gt + 1;
    } else {
      const v = genValue(sc);
      if (v === undefined) return err(sc.fail(`invalid value of ${name}`));
      params.set(name, v);
    }
  }
  const info = params.get('info');
  if (info === undefined || info === null || !info.startsWith('<') || !info.endsWith('>') || info.length < 3) {
    return err(sc.fail('the info parameter <URI> is mandatory (RFC 8224 §4.1)'));
  }
  const alg = params.get('alg');
  const out: IdentityHeader = { token, info: info.slice(1, -1), alg: alg ? unquote(alg) : 'ES256', params };
  const ppt = params.get('ppt');
  if (ppt !== undefined && ppt !== null) out.ppt = unquote(ppt);
  return ok(out);
}

/** Formats an Identity value: `token;info=<uri>;alg=...;ppt=...` plus other params. */
export function formatIdentity(h: Pick<IdentityHeader, 'token' | 'info' | 'alg'> & { ppt?: string; params?: ReadonlyMap<string, string | null> }): string {
  const params = new Map<string, string | null>();
  params.set('info', `<${h.info}>`);
  params.set('alg', h.alg);
  if (h.ppt !== undefined) params.set('ppt', h.ppt);
  if (h.params) for (const [k, v] of h.params) if (!params.has(k)) params.set(k, v);
  return `${h.token}${formatParams(params)}`;
}
