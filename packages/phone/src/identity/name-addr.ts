// name-addr / addr-spec of From and P-Asserted-Identity (RFC 3261 §20.20, §25.1; RFC 3325 §9.1),
// and the identity-bearing parts of sip:, sips: and tel: URIs (RFC 3966, 3GPP TS 24.229 §7.2A.20).
// sip.js 0.21 cannot parse tel: URIs here (its issue #953), hence this parser.
import { PhoneError, PhoneErrorCode, type Result } from '../errors.ts';
import { parseParams, unquote } from './header-list.ts';

export interface NameAddr {
  displayName?: string;
  uri: string;
  /** Header parameters after the URI (for From: `tag`). */
  params: Map<string, string | null>;
}

export interface IdentityUri {
  scheme: 'sip' | 'sips' | 'tel';
  /** The URI without `verstat` (as displayed and dialled back). */
  uri: string;
  /** E.164 or local number when the URI names a telephone number. */
  number?: string;
  /** The raw `verstat` value, from the tel URI, the user part or the URI parameters. */
  verstat?: string;
}

function fail(message: string, value: string): { ok: false; error: PhoneError } {
  return { ok: false, error: new PhoneError(PhoneErrorCode.Parse, message, { details: { value } }) };
}

/** Parses one name-addr or addr-spec value (already split from a list). */
export function parseNameAddr(value: string): Result<NameAddr> {
  const v = value.trim();
  if (v === '') return fail('empty identity header value', value);
  const lt = findOutsideQuotes(v, '<');
  if (lt >= 0) {
    const gt = v.indexOf('>', lt);
    if (gt < 0) return fail('unterminated <URI>', value);
    const rawName = v.slice(0, lt).trim();
    const displayName = rawName.startsWith('"') ? unquote(rawName) : rawName.replace(/\s+/g, ' ');
    const uri = v.slice(lt + 1, gt).trim();
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(uri)) return fail('not a URI inside <>', value);
    const rest = v.slice(gt + 1).trim();
    if (rest !== '' && !rest.startsWith(';')) return fail('unexpected text after <URI>', value);
    return { ok: true, value: { ...(displayName === '' ? {} : { displayName }), uri, params: parseParams(rest) } };
  }
  if (v.startsWith('"')) return fail('display name without <URI>', value);
  // addr-spec: parameters after the URI belong to the header (RFC 3261 §20.10).
  const semi = v.indexOf(';');
  const uri = semi < 0 ? v : v.slice(0, semi);
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"]+$/.test(uri)) return fail('not an addr-spec', value);
  return { ok: true, value: { uri, params: parseParams(semi < 0 ? '' : v.slice(semi)) } };
}

function findOutsideQuotes(text: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) return i;
  }
  return -1;
}

/** Visual separators allowed in tel numbers (RFC 3966 §5.1.1). */
const VISUAL = /[-.()]/g;

/** Reads scheme, number and `verstat` from a sip, sips or tel URI. */
export function parseIdentityUri(uri: string): Result<IdentityUri> {
  const colon = uri.indexOf(':');
  const scheme = uri.slice(0, colon).toLowerCase();
  const rest = uri.slice(colon + 1);
  if (scheme === 'tel') {
    const [subscriber = '', ...paramParts] = rest.split(';');
    const digits = subscriber.replace(VISUAL, '');
    if (!/^\+?[0-9*#A-Fa-f]+$/.test(digits)) return fail('not a telephone-subscriber', uri);
    const params = parseParams(paramParts.join(';'));
    const verstat = params.get('verstat') ?? undefined;
    params.delete('verstat');
    const kept = [...params].map(([k, val]) => (val === null ? `;${k}` : `;${k}=${val}`)).join('');
    return { ok: true, value: { scheme: 'tel', uri: `tel:${subscriber}${kept}`, number: digits, ...(verstat ? { verstat } : {}) } };
  }
  if (scheme !== 'sip' && scheme !== 'sips') return fail(`unsupported identity scheme "${scheme}"`, uri);
  const at = rest.lastIndexOf('@');
  if (at < 0) {
    // sip:host (no user part): a valid URI, but not a person's number.
    return rest === '' ? fail('empty SIP URI', uri) : { ok: true, value: { scheme, uri } };
  }
  const userPart = rest.slice(0, at);
  const hostPart = rest.slice(at + 1);
  const [user = '', ...userParams] = userPart.split(';');
  const [hostport = '', ...uriParamParts] = hostPart.split(';');
  if (user === '' || hostport === '') return fail('SIP URI without user or host', uri);
  // verstat before the @ (TS 24.229, standard) or after the host (seen at carriers): read both.
  const inUser = parseParams(userParams.join(';'));
  const uriParams = parseParams(uriParamParts.join(';'));
  const verstat = inUser.get('verstat') ?? uriParams.get('verstat') ?? undefined;
  inUser.delete('verstat');
  uriParams.delete('verstat');
  const fmt = (m: Map<string, string | null>) => [...m].map(([k, val]) => (val === null ? `;${k}` : `;${k}=${val}`)).join('');
  const clean = `${scheme}:${user}${fmt(inUser)}@${hostport}${fmt(uriParams)}`;
  const digits = decodeURIComponentSafe(user).replace(VISUAL, '');
  const isPhone = uriParams.get('user') === 'phone' || /^\+[0-9]{3,15}$/.test(digits);
  const number = isPhone && /^\+?[0-9*#]+$/.test(digits) ? digits : undefined;
  return { ok: true, value: { scheme, uri: clean, ...(number ? { number } : {}), ...(verstat ? { verstat } : {}) } };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a stray % is kept literally: the value is only displayed
  }
}
