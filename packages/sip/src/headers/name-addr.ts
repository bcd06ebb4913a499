// name-addr / addr-spec values (RFC 3261 §20.10, §25.1) used by From, To, Contact, Route,
// Record-Route, Path, Service-Route, P-Asserted-Identity, P-Associated-URI, Refer-To ...
import { SipError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { parseUriShared } from '../uri/parse-uri.ts';
import { Scanner, formatParams, isToken, quote, readParams, unquote } from './scanner.ts';

export interface NameAddr {
  /** Display name, unquoted and unescaped. */
  displayName?: string;
  /** The URI as written between `<` and `>` (or the bare addr-spec). */
  uri: string;
  /** Header parameters (after the URI), names lower-cased, values raw. */
  params: Map<string, string | null>;
  /** The `tag` parameter, if any. */
  tag?: string;
}

/**
 * Parses one name-addr or addr-spec with its header parameters. For an addr-spec without `<>`,
 * every `;` parameter belongs to the header, not the URI (RFC 3261 §20.10; RFC 4475 cparam01), and
 * a URI with `?` headers or a `,` must be bracketed (RFC 4475 regbadct).
 * @example parseNameAddr('"Alice" <sip:alice@acme.example>;tag=9a').value.tag === '9a'
 */
export function parseNameAddr(value: string, header = 'name-addr'): Result<NameAddr, SipError> {
  const sc = new Scanner(value, header);
  sc.ws();
  let displayName: string | undefined;
  let uri: string;
  const c0 = sc.peek();
  if (c0 === 0x22) {
    const raw = sc.quotedRaw();
    if (raw === undefined) return err(sc.fail('unterminated quoted display name'));
    displayName = unquote(raw);
    sc.ws();
    if (sc.peek() !== 0x3c) return err(sc.fail('expected "<" after the display name'));
  }
  const lt = value.indexOf('<', sc.i);
  if (sc.peek() !== 0x3c && lt >= 0 && displayName === undefined && !isAddrSpecBefore(value, sc.i, lt)) {
    // display-name = *(token LWS): unquoted names are tokens separated by whitespace (RFC 4475 baddn).
    const words = value.slice(sc.i, lt).trim();
    for (const w of words.split(/[ \t]+/)) if (w !== '' && !isToken(w)) return err(sc.fail('display name must be quoted'));
    displayName = words;
    sc.i = lt;
  }
  if (sc.peek() === 0x3c) {
    const gt = value.indexOf('>', sc.i);
    if (gt < 0) return err(sc.fail('missing ">"'));
    uri = value.slice(sc.i + 1, gt);
    if (hasSpaceOrBracket(uri)) return err(sc.fail('whitespace inside <addr-spec>'));
    sc.i = gt + 1;
  } else {
    uri = sc.while((c) => c !== 0x3b && c !== 0x20 && c !== 0x09 && c !== 0x2c && c !== 0x3e && c !== 0x22);
    if (uri === '') return err(sc.fail('missing URI'));
    if (uri.includes('?')) return err(sc.fail('a URI with headers must be enclosed in <>'));
  }
  const u = parseUriShared(uri);
  if (!u.ok) return err(sc.fail(`invalid URI (${u.error.message})`));
  const params = new Map<string, string | null>();
  const e = readParams(sc, params);
  if (e) return err(e);
  const out: NameAddr = { uri, params };
  if (displayName !== undefined) out.displayName = displayName;
  const tag = params.get('tag');
  if (tag !== undefined && tag !== null) out.tag = tag;
  return ok(out);
}

// A display name cannot contain ':', so a ':' before the '<' means an unbracketed addr-spec whose
// later parameter (a quoted string) happens to contain '<'.
function isAddrSpecBefore(value: string, from: number, lt: number): boolean {
  return value.slice(from, lt).includes(':');
}

/** Parses a comma-separated list of name-addrs (Route, Record-Route, Path, PAI ...). */
export function parseNameAddrList(value: string, header = 'name-addr'): Result<NameAddr[], SipError> {
  const out: NameAddr[] = [];
  for (const part of splitList(value)) {
    const r = parseNameAddr(part, header);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

function splitList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let q = false;
  let a = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (q) {
      if (c === 0x5c) i++;
      else if (c === 0x22) q = false;
    } else if (c === 0x22) q = true;
    else if (c === 0x3c) a = true;
    else if (c === 0x3e) a = false;
    else if (c === 0x2c && !a) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out;
}

/**
 * Formats a name-addr, always with `<>` (so URI parameters never turn into header parameters).
 * @example formatNameAddr({ displayName: 'Alice', uri: 'sip:alice@acme.example', params: new Map([['tag', '9a']]) })
 */
export function formatNameAddr(na: Pick<NameAddr, 'uri' | 'params'> & { displayName?: string; tag?: string }): string {
  let s = na.displayName !== undefined ? `${quote(na.displayName)} <${na.uri}>` : `<${na.uri}>`;
  const params = new Map(na.params);
  if (na.tag !== undefined) params.set('tag', na.tag);
  s += formatParams(params);
  return s;
}

const SPACE_OR_BRACKET = /[ \t\r\n<"]/;
function hasSpaceOrBracket(s: string): boolean {
  return SPACE_OR_BRACKET.test(s);
}
