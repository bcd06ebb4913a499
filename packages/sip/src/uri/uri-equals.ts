// URI comparison rules of RFC 3261 §19.1.4 (SIP/SIPS) and RFC 3966 §4 (tel).
import { unescapeUriComponent } from './escape.ts';
import { parseUriShared } from './parse-uri.ts';
import { isSipUri, isTelUri, type SipUri, type TelUri, type Uri } from './uri-types.ts';

// Parameters that, when present in only one URI, make the URIs differ (§19.1.4).
const MUST_MATCH = ['user', 'ttl', 'method', 'maddr', 'transport'];

/**
 * Compares two URIs per RFC 3261 §19.1.4: user and password case-sensitive after unescaping,
 * host case-insensitive, a port never equal to its absence, `user`/`ttl`/`method`/`maddr`/
 * `transport` must agree, other parameters only when both carry them, headers all equal.
 * Strings are parsed first; an unparsable string equals nothing.
 * @example uriEquals('sip:%61lice@ACME.example', 'sip:alice@acme.example') === true
 */
export function uriEquals(a: Uri | string, b: Uri | string): boolean {
  const ua = typeof a === 'string' ? parseUriShared(a) : { ok: true as const, value: a };
  const ub = typeof b === 'string' ? parseUriShared(b) : { ok: true as const, value: b };
  if (!ua.ok || !ub.ok) return false;
  const x = ua.value;
  const y = ub.value;
  if (isSipUri(x) && isSipUri(y)) return sipEquals(x, y);
  if (isTelUri(x) && isTelUri(y)) return telEquals(x, y);
  if (isSipUri(x) || isSipUri(y) || isTelUri(x) || isTelUri(y)) return false;
  return x.scheme === y.scheme && 'value' in x && 'value' in y && x.value === y.value;
}

function sipEquals(a: SipUri, b: SipUri): boolean {
  if (a.scheme !== b.scheme) return false;
  if ((a.user === undefined) !== (b.user === undefined)) return false;
  if (a.user !== undefined && unescapeUriComponent(a.user) !== unescapeUriComponent(b.user ?? '')) return false;
  if (unescapeUriComponent(a.password ?? '') !== unescapeUriComponent(b.password ?? '')) return false;
  if ((a.password === undefined) !== (b.password === undefined)) return false;
  if (unescapeUriComponent(a.host).toLowerCase() !== unescapeUriComponent(b.host).toLowerCase()) return false;
  if (a.port !== b.port) return false;
  for (const name of MUST_MATCH) {
    if (a.params.has(name) !== b.params.has(name)) return false;
  }
  for (const [name, va] of a.params) {
    if (!b.params.has(name)) continue;
    const vb = b.params.get(name) ?? null;
    if (!paramValueEquals(va, vb)) return false;
  }
  if (a.headers.size !== b.headers.size) return false;
  const bh = new Map([...b.headers].map(([k, v]) => [unescapeUriComponent(k).toLowerCase(), unescapeUriComponent(v)]));
  for (const [k, v] of a.headers) {
    if (bh.get(unescapeUriComponent(k).toLowerCase()) !== unescapeUriComponent(v)) return false;
  }
  return true;
}

function paramValueEquals(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return unescapeUriComponent(a).toLowerCase() === unescapeUriComponent(b).toLowerCase();
}

function telEquals(a: TelUri, b: TelUri): boolean {
  const strip = (n: string): string => n.replace(/[-.()]/g, '').toLowerCase();
  if (a.global !== b.global || strip(a.number) !== strip(b.number)) return false;
  if (a.params.size !== b.params.size) return false;
  for (const [k, v] of a.params) {
    if (!b.params.has(k)) return false;
    const w = b.params.get(k) ?? null;
    if (k === 'phone-context' && v !== null && w !== null) {
      if (strip(v) !== strip(w)) return false;
    } else if (!paramValueEquals(v, w)) return false;
  }
  return true;
}
