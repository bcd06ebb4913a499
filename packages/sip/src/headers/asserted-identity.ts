// P-Asserted-Identity (RFC 3325 §9.1) and the `verstat` parameter of 3GPP TS 24.229 §7.2A.20,
// read in both placements seen in the wild (standards.md §0.5) and written in the standard one.
import { SipError, SipErrorCode } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { parseUri } from '../uri/parse-uri.ts';
import { isSipUri, isTelUri } from '../uri/uri-types.ts';
import { parseNameAddrList, type NameAddr } from './name-addr.ts';

export interface AssertedIdentity extends NameAddr {
  /** `sip`, `sips` or `tel`. */
  scheme: string;
  /** The verstat value, from a tel URI, the user part of a SIP URI, or (non-standard) the SIP URI parameters. */
  verstat?: string;
}

/**
 * Parses a P-Asserted-Identity (or P-Preferred-Identity) line: one or more name-addr/addr-spec,
 * at most one sip/sips and one tel URI (RFC 3325 §9.1).
 * @example parsePAssertedIdentity('"Alice Ng" <sip:alice@acme.example>, <tel:+12025550100;verstat=TN-Validation-Passed>')
 */
export function parsePAssertedIdentity(value: string, header = 'P-Asserted-Identity'): Result<AssertedIdentity[], SipError> {
  const list = parseNameAddrList(value, header);
  if (!list.ok) return list;
  const out: AssertedIdentity[] = [];
  const seen = new Set<string>();
  for (const na of list.value) {
    const u = parseUri(na.uri);
    if (!u.ok) return u;
    const scheme = u.value.scheme === 'sips' ? 'sip' : u.value.scheme;
    if (scheme !== 'sip' && scheme !== 'tel') {
      return err(new SipError(SipErrorCode.HEADER, `${header}: only sip, sips and tel URIs are allowed`, { header }));
    }
    if (seen.has(scheme)) return err(new SipError(SipErrorCode.HEADER, `${header}: more than one ${scheme} identity`, { header }));
    seen.add(scheme);
    const id: AssertedIdentity = { ...na, scheme: u.value.scheme };
    const v = verstatOf(na.uri);
    if (v !== undefined) id.verstat = v;
    out.push(id);
  }
  return ok(out);
}

/**
 * The verstat of a URI: tel parameter; in a SIP URI the user part parameter (standard, before
 * the `@`) or a URI parameter after the host (seen from some carriers).
 * @example verstatOf('sip:+12025550100;verstat=TN-Validation-Passed@ims.carrier.example;user=phone') === 'TN-Validation-Passed'
 */
export function verstatOf(uri: string): string | undefined {
  const r = parseUri(uri);
  if (!r.ok) return undefined;
  const u = r.value;
  if (isTelUri(u)) return u.params.get('verstat') ?? undefined;
  if (isSipUri(u)) {
    if (u.user !== undefined) {
      const m = /;verstat=([^;]*)/i.exec(u.user);
      if (m) return m[1];
    }
    return u.params.get('verstat') ?? undefined;
  }
  return undefined;
}

/**
 * Puts verstat in its standard place: a tel URI parameter, or the user part of a SIP URI with
 * `user=phone` (any verstat among the SIP URI parameters is removed).
 * @example withVerstat('tel:+12025550100', 'TN-Validation-Passed') === 'tel:+12025550100;verstat=TN-Validation-Passed'
 */
export function withVerstat(uri: string, verstat: string): string {
  const r = parseUri(uri);
  if (!r.ok) return uri;
  const u = r.value;
  if (isTelUri(u)) {
    const params = new Map(u.params);
    params.set('verstat', verstat);
    return `tel:${u.number}${[...params].map(([k, v]) => (v === null ? `;${k}` : `;${k}=${v}`)).join('')}`;
  }
  if (isSipUri(u) && u.user !== undefined) {
    const userBase = u.user.replace(/;verstat=[^;]*/i, '');
    const params = new Map(u.params);
    params.delete('verstat');
    const port = u.port !== undefined ? `:${u.port}` : '';
    const pw = u.password !== undefined ? `:${u.password}` : '';
    const ps = [...params].map(([k, v]) => (v === null ? `;${k}` : `;${k}=${v}`)).join('');
    const hs = u.headers.size > 0 ? `?${[...u.headers].map(([k, v]) => `${k}=${v}`).join('&')}` : '';
    return `${u.scheme}:${userBase};verstat=${verstat}${pw}@${u.host}${port}${ps}${hs}`;
  }
  return uri;
}
