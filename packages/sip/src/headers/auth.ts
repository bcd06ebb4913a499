// Authentication headers: WWW-Authenticate / Proxy-Authenticate challenges and Authorization /
// Proxy-Authorization credentials (RFC 3261 §20.27, §20.44, §25.1 Digest; RFC 8898 Bearer).
import { SipError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { Scanner, isToken, quote, unquote } from './scanner.ts';

export interface AuthChallenge {
  /** Auth scheme as written (`Digest`, `Bearer` ...); compare case-insensitively. */
  scheme: string;
  /** auth-params, names lower-cased, values unquoted. */
  params: Map<string, string>;
  /** Names of params that were (or are to be) written as quoted strings. */
  quoted: Set<string>;
}

export interface AuthCredentials extends AuthChallenge {
  /** For token schemes (RFC 8898 `Bearer <token>`): the token; params is then empty. */
  token?: string;
}

// RFC 6750 b64token, the syntax of RFC 8898 bearer credentials.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
// Digest parameters whose grammar is a bare token, never a quoted string (RFC 3261 §25.1).
const UNQUOTED = new Set(['algorithm', 'stale', 'nc']);

function parseParams(sc: Scanner, params: Map<string, string>, quoted: Set<string>): SipError | undefined {
  for (;;) {
    sc.ws();
    const name = sc.token();
    if (name === '') return sc.fail('expected auth-param');
    if (!sc.sep(0x3d)) return sc.fail(`expected "=" after ${name}`);
    const key = name.toLowerCase();
    if (sc.peek() === 0x22) {
      const raw = sc.quotedRaw();
      if (raw === undefined) return sc.fail(`unterminated quoted value of ${name}`);
      params.set(key, unquote(raw));
      quoted.add(key);
    } else {
      const v = sc.token();
      if (v === '') return sc.fail(`empty value of ${name}`);
      params.set(key, v);
    }
    sc.ws();
    if (sc.done) return undefined;
    if (!sc.sep(0x2c)) return sc.fail('expected ","');
  }
}

function parseAuth(value: string, header: string, allowToken: boolean): Result<AuthCredentials, SipError> {
  const sc = new Scanner(value, header);
  sc.ws();
  const scheme = sc.token();
  if (scheme === '') return err(sc.fail('missing auth scheme'));
  const out: AuthCredentials = { scheme, params: new Map(), quoted: new Set() };
  const ws = sc.i;
  sc.ws();
  if (sc.done) return ok(out);
  if (sc.i === ws) return err(sc.fail('expected whitespace after the scheme'));
  const rest = value.slice(sc.i).trim();
  if (allowToken && B64TOKEN.test(rest) && !/^[A-Za-z0-9!%*_+`'~.-]+=[^=]/.test(rest)) {
    out.token = rest;
    return ok(out);
  }
  const e = parseParams(sc, out.params, out.quoted);
  if (e) return err(e);
  return ok(out);
}

/**
 * Parses a WWW-Authenticate / Proxy-Authenticate value (one challenge per header line).
 * @example parseChallenge('Bearer realm="ims.carrier.example", authz_server="https://login.acme.example/oauth2"')
 */
export function parseChallenge(value: string, header = 'WWW-Authenticate'): Result<AuthChallenge, SipError> {
  const r = parseAuth(value, header, false);
  if (!r.ok) return r;
  return ok({ scheme: r.value.scheme, params: r.value.params, quoted: r.value.quoted });
}

/**
 * Parses an Authorization / Proxy-Authorization value: Digest params, or `Bearer <token>`
 * (RFC 8898 §3; token syntax RFC 6750 b64token).
 * @example parseCredentials('Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln').value.token
 */
export function parseCredentials(value: string, header = 'Authorization'): Result<AuthCredentials, SipError> {
  return parseAuth(value, header, true);
}

// Quoting follows what was parsed (`quoted`); for hand-built values (empty `quoted`) the RFC 3261
// §25.1 grammar decides: Digest params are quoted except algorithm, stale, nc and (in
// credentials) qop; RFC 8898 §4 Bearer params are always quoted.
function formatParamList(params: ReadonlyMap<string, string>, quoted: ReadonlySet<string>, kind: 'challenge' | 'credentials', bearer: boolean): string {
  const parts: string[] = [];
  for (const [k, v] of params) {
    const byDefault = bearer || (!UNQUOTED.has(k) && !(kind === 'credentials' && k === 'qop'));
    const q = quoted.has(k) || !isToken(v) || (quoted.size === 0 && byDefault);
    parts.push(`${k}=${q ? quote(v) : v}`);
  }
  return parts.join(', ');
}

/** Formats a challenge; Bearer params are always quoted (RFC 8898 §4). */
export function formatChallenge(c: AuthChallenge): string {
  const list = formatParamList(c.params, c.quoted, 'challenge', c.scheme.toLowerCase() === 'bearer');
  return list === '' ? c.scheme : `${c.scheme} ${list}`;
}

/** Formats credentials: `Bearer <token>` or `Digest k="v", ...`. */
export function formatCredentials(c: AuthCredentials): string {
  if (c.token !== undefined) return `${c.scheme} ${c.token}`;
  const list = formatParamList(c.params, c.quoted, 'credentials', false);
  return list === '' ? c.scheme : `${c.scheme} ${list}`;
}
