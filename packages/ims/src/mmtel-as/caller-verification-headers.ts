// The SIP fields of caller verification, as the MMTel AS edits them: Identity (RFC 8224), the
// `verstat` parameter of From / P-Asserted-Identity (TS 24.229 §7.2A.20), the Rich Call Data
// Call-Info (RFC 9796, `purpose=jcard` / `icon`) and the Supported option of seed step 3.
import {
  addHeader, formatCallInfo, formatNameAddr, getHeader, getHeaders, parseCallInfo, parseNameAddr, parseUri,
  removeHeader, setHeader, withVerstat, type CallInfo, type SipRequest,
} from '@eims/sip';

/** Option tag the originating AS adds and every hop carries to the callee (seed 6.X.2.5 step 3). */
export const SHAKEN_MEDIA_OPTION = 'early-media-verification-with-shaken';

const CARD_PURPOSES = new Set(['jcard', 'icon']);

/** A URI without any `verstat` (user-part or URI parameter). */
export function withoutVerstat(uri: string): string {
  const r = parseUri(uri);
  if (!r.ok) return uri;
  if (r.value.scheme === 'tel') return uri.replace(/;verstat=[^;>]*/gi, '');
  // sip/sips: in the user part (before '@') and among the URI parameters.
  const at = uri.indexOf('@');
  const user = at < 0 ? '' : uri.slice(0, at).replace(/;verstat=[^;@]*/gi, '');
  const rest = (at < 0 ? uri : uri.slice(at)).replace(/;verstat=[^;?>]*/gi, '');
  return user + rest;
}

/** Whether the URI names a telephone number (tel, or SIP with `user=phone` or a numeric user). */
function isTnUri(uri: string): boolean {
  return /^tel:/i.test(uri) || /^sips?:\+?[0-9().-]+[;@]/i.test(uri) || (/^sips?:/i.test(uri) && /;user=phone/i.test(uri));
}

function editNameAddrs(request: SipRequest, name: string, edit: (uri: string) => string): void {
  const values = getHeaders(request, name);
  if (values.length === 0) return;
  const out = values.map((v) => {
    const na = parseNameAddr(v, name);
    if (!na.ok) return v;
    const params = new Map(na.value.params);
    params.delete('verstat'); // never a header parameter, but some devices put it there
    return formatNameAddr({ uri: edit(na.value.uri), params, ...(na.value.displayName === undefined ? {} : { displayName: na.value.displayName }) });
  });
  setHeader(request, name, out);
}

/**
 * Removes what a device may not assert about itself (issue 6 item 3): Identity headers, `verstat`
 * anywhere in From / P-Asserted-Identity, and name-card Call-Info.
 */
export function stripCallerAssertions(request: SipRequest): void {
  removeHeader(request, 'Identity');
  editNameAddrs(request, 'From', withoutVerstat);
  editNameAddrs(request, 'P-Asserted-Identity', withoutVerstat);
  setCardCallInfo(request, []);
}

/** Puts `verstat` on every telephone-number URI of From and P-Asserted-Identity (standard placement). */
export function applyVerstat(request: SipRequest, verstat: string): void {
  const edit = (uri: string): string => {
    const clean = withoutVerstat(uri);
    return isTnUri(clean) ? withVerstat(clean, verstat) : clean;
  };
  editNameAddrs(request, 'From', edit);
  editNameAddrs(request, 'P-Asserted-Identity', edit);
}

/** Replaces every `purpose=jcard` / `icon` Call-Info value by `cards` (other Call-Info stays). */
export function setCardCallInfo(request: SipRequest, cards: readonly CallInfo[]): void {
  const values = getHeaders(request, 'Call-Info');
  const kept = values.filter((v) => {
    const c = parseCallInfo(v);
    // An unparsable value cannot be shown as a card either; dropping it is the safe side.
    return c.ok && !CARD_PURPOSES.has((c.value.purpose ?? '').toLowerCase());
  });
  const all = [...kept, ...cards.map(formatCallInfo)];
  if (values.length === 0 && all.length === 0) return;
  removeHeader(request, 'Call-Info');
  for (const v of all) addHeader(request, 'Call-Info', v);
}

/** Adds an option tag to Supported unless already listed. */
export function addSupported(request: SipRequest, option: string): void {
  const listed = getHeaders(request, 'Supported').map((t) => t.trim().toLowerCase());
  if (!listed.includes(option.toLowerCase())) addHeader(request, 'Supported', option);
}

/** The caller as the verifier compares it with `orig`: P-Asserted-Identity tel, then sip, then From. */
export function callerOf(request: SipRequest): string {
  const pai = getHeaders(request, 'P-Asserted-Identity').flatMap((v) => {
    const na = parseNameAddr(v, 'P-Asserted-Identity');
    return na.ok ? [na.value.uri] : [];
  });
  const from = parseNameAddr(getHeader(request, 'From') ?? '', 'From');
  return pai.find((u) => /^tel:/i.test(u)) ?? pai.find(isTnUri) ?? (from.ok ? from.value.uri : pai[0] ?? '');
}

/** The called party as the verifier compares it with `dest`: To and Request-URI. */
export function calleesOf(request: SipRequest): string[] {
  const to = parseNameAddr(getHeader(request, 'To') ?? '', 'To');
  return [...(to.ok ? [to.value.uri] : []), request.uri];
}

/** The Identity header values of a request (every line; the compact form `y` included). */
export function identitiesOf(request: SipRequest): string[] {
  return getHeaders(request, 'Identity');
}
