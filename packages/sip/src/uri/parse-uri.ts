// URI parsing: SIP/SIPS per RFC 3261 §19.1.1 / §25.1, tel per RFC 3966, other schemes kept whole.
import { SipError, SipErrorCode } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import type { AbsoluteUri, SipUri, TelUri, Uri } from './uri-types.ts';
import { MEMO_MAX_VALUE_LENGTH, ValueMemo } from '../message/value-memo.ts';
import { HEADER_CHARS, PARAM_CHARS, PASSWORD_CHARS, USER_CHARS, checkRun } from './char-classes.ts';

const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const IPV6_RE = /^\[[0-9A-Fa-f:.]+\]$/;
const TEL_GLOBAL_CHARS = /^\+[0-9\-.()]+$/;
const TEL_LOCAL_CHARS = /^[0-9A-Fa-f*#\-.()]+$/;

function uriError(message: string, s: string): Result<never, SipError> {
  return err(new SipError(SipErrorCode.URI, `${message}: ${JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s)}`));
}

/**
 * Parses a URI. SIP, SIPS and tel are fully parsed; other schemes become an {@link AbsoluteUri}
 * so that a UAS can answer 416 instead of 400.
 * @example parseUri('sip:alice@acme.example;transport=ws')
 */
export function parseUri(s: string): Result<Uri, SipError> {
  // Each caller gets its own copy (the parameter maps are mutable), so the memo stays intact.
  const known = uriMemo.get(s);
  if (known !== undefined) return ok(copyUri(known));
  const r = parseUriText(s);
  if (r.ok && s.length <= MEMO_MAX_VALUE_LENGTH) uriMemo.set(s, copyUri(r.value));
  return r;
}

const uriMemo = new ValueMemo<Uri>(4096);

/**
 * @internal parseUri for callers inside this package that only read the result (validity,
 * scheme, parameters): the remembered value itself, not a copy. Never mutate what it returns.
 */
export function parseUriShared(s: string): Result<Uri, SipError> {
  const known = uriMemo.get(s);
  if (known !== undefined) return ok(known);
  const r = parseUriText(s);
  if (r.ok && s.length <= MEMO_MAX_VALUE_LENGTH) uriMemo.set(s, copyUri(r.value));
  return r;
}

function copyUri(u: Uri): Uri {
  if (u.scheme === 'sip' || u.scheme === 'sips') {
    const sip = u as SipUri;
    return { ...sip, params: new Map(sip.params), headers: new Map(sip.headers) };
  }
  if (u.scheme === 'tel') {
    const tel = u as TelUri;
    return { ...tel, params: new Map(tel.params) };
  }
  return { ...u };
}

function parseUriText(s: string): Result<Uri, SipError> {
  const colon = s.indexOf(':');
  if (colon <= 0) return uriError('URI without scheme', s);
  const raw = s.slice(0, colon);
  const scheme = raw === 'sip' || raw === 'sips' || raw === 'tel' ? raw : raw.toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips' && scheme !== 'tel' && !SCHEME_RE.test(scheme)) return uriError('invalid URI scheme', s);
  const rest = s.slice(colon + 1);
  if (scheme === 'sip' || scheme === 'sips') return parseSipUriRest(scheme, rest, s);
  if (scheme === 'tel') return parseTelUriRest(rest, s);
  // absoluteURI (RFC 3261 §25.1): no whitespace, no '<' '>' '"', something after the colon.
  if (rest === '' || /[\s<>"]/.test(rest)) return uriError('invalid absolute URI', s);
  const abs: AbsoluteUri = { scheme, value: rest };
  return ok(abs);
}

/** Parses a URI that must be `sip:` or `sips:`. */
export function parseSipUri(s: string): Result<SipUri, SipError> {
  const r = parseUri(s);
  if (!r.ok) return r;
  if (r.value.scheme !== 'sip' && r.value.scheme !== 'sips') return uriError('not a SIP URI', s);
  return ok(r.value as SipUri);
}

function parseSipUriRest(scheme: 'sip' | 'sips', rest: string, whole: string): Result<SipUri, SipError> {
  const n = rest.length;
  if (n === 0) return uriError('empty SIP URI', whole);
  // '@' cannot appear unescaped after the userinfo, so the first one ends it.
  const at = rest.indexOf('@');
  let user: string | undefined;
  let password: string | undefined;
  if (at >= 0) {
    // The password cannot contain ':', the user can only escaped; the first ':' splits them.
    let pc = rest.indexOf(':');
    if (pc > at) pc = -1;
    const userEnd = pc >= 0 ? pc : at;
    if (userEnd === 0 || checkRun(USER_CHARS, rest, 0, userEnd) < 0) return uriError('invalid user part', whole);
    user = rest.slice(0, userEnd);
    if (pc >= 0) {
      if (checkRun(PASSWORD_CHARS, rest, pc + 1, at) < 0) return uriError('invalid password', whole);
      password = rest.slice(pc + 1, at);
    }
  }
  const hostStart = at + 1;
  let q = rest.indexOf('?', hostStart);
  if (q < 0) q = n;
  let semi = rest.indexOf(';', hostStart);
  if (semi < 0 || semi > q) semi = q;
  const hp = parseHostPort(hostStart === 0 && semi === n ? rest : rest.slice(hostStart, semi));
  if (hp === undefined) return uriError('invalid host or port', whole);
  const uri: SipUri = { scheme, host: hp.host, params: new Map(), headers: new Map() };
  if (user !== undefined) uri.user = user;
  if (password !== undefined) uri.password = password;
  if (hp.port !== undefined) uri.port = hp.port;
  let start = semi + 1;
  while (start <= q && semi < q) {
    let end = rest.indexOf(';', start);
    if (end < 0 || end > q) end = q;
    let eq = rest.indexOf('=', start);
    if (eq > end) eq = -1;
    const nameEnd = eq >= 0 ? eq : end;
    const nameCase = nameEnd === start ? -1 : checkRun(PARAM_CHARS, rest, start, nameEnd);
    if (nameCase < 0 || (eq >= 0 && (eq + 1 === end || checkRun(PARAM_CHARS, rest, eq + 1, end) < 0))) {
      return uriError('invalid URI parameter', whole);
    }
    const name = rest.slice(start, nameEnd);
    uri.params.set(nameCase === 1 ? name.toLowerCase() : name, eq >= 0 ? rest.slice(eq + 1, end) : null);
    if (end === q) break;
    start = end + 1;
  }
  if (q < n) {
    for (const h of rest.slice(q + 1).split('&')) {
      const eq = h.indexOf('=');
      if (eq <= 0 || checkRun(HEADER_CHARS, h, 0, eq) < 0 || checkRun(HEADER_CHARS, h, eq + 1, h.length) < 0) {
        return uriError('invalid URI header', whole);
      }
      uri.headers.set(h.slice(0, eq), h.slice(eq + 1));
    }
  }
  return ok(uri);
}

/** host [":" port] with IPv6 references in brackets; undefined when malformed. */
export function parseHostPort(s: string): { host: string; port?: number } | undefined {
  let hostEnd: number;
  if (s.charCodeAt(0) === 0x5b /* [ */) {
    const close = s.indexOf(']');
    if (close < 0) return undefined;
    hostEnd = close + 1;
    if (!IPV6_RE.test(s.slice(0, hostEnd))) return undefined;
    if (hostEnd < s.length && s.charCodeAt(hostEnd) !== 0x3a) return undefined;
  } else {
    const c = s.indexOf(':');
    hostEnd = c >= 0 ? c : s.length;
    if (!isHostname(s, hostEnd)) return undefined;
  }
  const host = hostEnd === s.length ? s : s.slice(0, hostEnd);
  if (hostEnd === s.length) return { host };
  // port = 1*DIGIT, at most 65535
  const n = s.length - hostEnd - 1;
  if (n < 1 || n > 5) return undefined;
  let port = 0;
  for (let i = hostEnd + 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return undefined;
    port = port * 10 + d;
  }
  if (port > 65535) return undefined;
  return { host, port };
}

function parseTelUriRest(rest: string, whole: string): Result<TelUri, SipError> {
  const parts = rest.split(';');
  const number = parts[0]!;
  const global = number.startsWith('+');
  // At least one digit (global) or dialable character (local) besides visual separators.
  const valid = global ? TEL_GLOBAL_CHARS.test(number) && /[0-9]/.test(number) : TEL_LOCAL_CHARS.test(number) && /[0-9A-Fa-f*#]/.test(number);
  if (!valid) return uriError('invalid telephone number', whole);
  const tel: TelUri = { scheme: 'tel', number, global, params: new Map() };
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    const eq = p.indexOf('=');
    const name = eq >= 0 ? p.slice(0, eq) : p;
    const value = eq >= 0 ? p.slice(eq + 1) : null;
    if (!/^[A-Za-z0-9-]+$/.test(name)) return uriError('invalid tel URI parameter', whole);
    if (value !== null && !/^[A-Za-z0-9\-_.!~*'()%[\]/:&+$#]+$/.test(value)) return uriError('invalid tel URI parameter value', whole);
    tel.params.set(name.toLowerCase(), value);
  }
  return ok(tel);
}

// hostname = *( domainlabel "." ) toplabel [ "." ]; labels of alphanumerics with inner '-'.
// IPv4 addresses have the same shape. Checked with native string searches (fast, linear).
const HOST_RE = /^[A-Za-z0-9.-]+$/;
function isHostname(s: string, n: number): boolean {
  const h = n === s.length ? s : s.slice(0, n);
  if (n === 0 || !HOST_RE.test(h)) return false;
  const c0 = h.charCodeAt(0);
  const cl = h.charCodeAt(n - 1);
  return c0 !== 0x2e && c0 !== 0x2d && cl !== 0x2d && !h.includes('..') && !h.includes('-.') && !h.includes('.-');
}
