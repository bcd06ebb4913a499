// Header-name rules of RFC 3261 §7.3.3 (case-insensitive names, compact forms) and which
// headers may be comma-joined (§7.3.1).

const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id', m: 'contact', e: 'content-encoding', l: 'content-length', c: 'content-type',
  f: 'from', s: 'subject', k: 'supported', t: 'to', v: 'via',
  o: 'event', u: 'allow-events', r: 'refer-to', b: 'referred-by', x: 'session-expires',
  a: 'accept-contact', j: 'reject-contact', d: 'request-disposition', y: 'identity',
};

const CANONICAL_NAMES = [
  'Via', 'From', 'To', 'Call-ID', 'CSeq', 'Contact', 'Max-Forwards', 'Content-Length', 'Content-Type',
  'Content-Encoding', 'Content-Language', 'Content-Disposition', 'Subject', 'Supported', 'Require',
  'Proxy-Require', 'Unsupported', 'Route', 'Record-Route', 'Path', 'Service-Route', 'Allow',
  'Allow-Events', 'Event', 'Expires', 'Min-Expires', 'WWW-Authenticate', 'Proxy-Authenticate',
  'Authorization', 'Proxy-Authorization', 'Authentication-Info', 'Identity', 'Identity-Info', 'Date',
  'Call-Info', 'Alert-Info', 'Error-Info', 'P-Asserted-Identity', 'P-Preferred-Identity',
  'P-Associated-URI', 'P-Called-Party-ID', 'P-Charging-Vector', 'P-Access-Network-Info',
  'P-Visited-Network-ID', 'Subscription-State', 'Refer-To', 'Referred-By', 'Session-Expires', 'Min-SE',
  'Accept', 'Accept-Encoding', 'Accept-Language', 'Accept-Contact', 'Reject-Contact',
  'Request-Disposition', 'User-Agent', 'Server', 'Warning', 'Retry-After', 'Timestamp', 'Organization',
  'Priority', 'Reply-To', 'In-Reply-To', 'MIME-Version', 'Privacy', 'Reason', 'RSeq', 'RAck',
  'Flow-Timer', 'Security-Client', 'Security-Server', 'Security-Verify', 'Proxy-Authenticate',
  'Geolocation', 'History-Info', 'Diversion', 'Replaces', 'Join', 'SIP-ETag', 'SIP-If-Match',
];

const CANONICAL_BY_KEY = new Map<string, string>(CANONICAL_NAMES.map((n) => [n.toLowerCase(), n]));

/** Headers whose grammar is a comma-separated list (RFC 3261 §7.3.1). Others are never split. */
const LIST_HEADERS = new Set([
  'via', 'contact', 'route', 'record-route', 'path', 'service-route', 'supported', 'require',
  'proxy-require', 'unsupported', 'allow', 'allow-events', 'p-asserted-identity',
  'p-preferred-identity', 'p-associated-uri', 'accept', 'accept-encoding', 'accept-language',
  'content-encoding', 'content-language', 'call-info', 'alert-info', 'error-info', 'warning',
  'in-reply-to', 'reason', 'security-client', 'security-server', 'security-verify',
  'accept-contact', 'reject-contact', 'request-disposition', 'history-info', 'diversion',
]);

// Names as written repeat endlessly ('Via', 'v', 'VIA'); caching their key keeps lookups cheap.
const keyCache = new Map<string, string>();
const KEY_CACHE_MAX = 4096;

/**
 * Lower-case comparison key of a header name, compact forms expanded.
 * @example headerKey('v') === 'via'; headerKey('CALL-ID') === 'call-id'
 */
export function headerKey(name: string): string {
  // Fast path for the spellings that make up most traffic; avoids hashing the name.
  switch (name) {
    case 'Via': return 'via';
    case 'From': return 'from';
    case 'To': return 'to';
    case 'Call-ID': return 'call-id';
    case 'CSeq': return 'cseq';
    case 'Contact': return 'contact';
    case 'Max-Forwards': return 'max-forwards';
    case 'Content-Length': return 'content-length';
    case 'Content-Type': return 'content-type';
    case 'Route': return 'route';
    case 'Record-Route': return 'record-route';
    default: break;
  }
  const cached = keyCache.get(name);
  if (cached !== undefined) return cached;
  const lower = name.toLowerCase();
  const key = lower.length === 1 ? (COMPACT[lower] ?? lower) : lower;
  if (keyCache.size < KEY_CACHE_MAX) keyCache.set(name, key);
  return key;
}

/**
 * Canonical spelling of a header name: compact forms expanded, known names in their RFC
 * spelling, unknown names returned as given.
 * @example canonicalHeaderName('i') === 'Call-ID'
 */
export function canonicalHeaderName(name: string): string {
  return CANONICAL_BY_KEY.get(headerKey(name)) ?? name;
}

/** Whether values of this header may be comma-joined on one line (RFC 3261 §7.3.1). */
export function isListHeader(name: string): boolean {
  return LIST_HEADERS.has(headerKey(name));
}

const COMMA = 0x2c;

/**
 * Index of the first `char` (a char code) at or after `from` that stands outside quoted strings
 * and `<...>`, or -1. `from` must itself be outside them (the start, or just after such a char).
 * @example indexOutsideQuotes('"a,b" <sip:x;y=1,2>, <sip:z>', 0x2c) === 19
 */
export function indexOutsideQuotes(value: string, char: number, from = 0): number {
  let inQuote = false;
  let inAngle = false;
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (c === 0x3c) inAngle = true;
    else if (c === 0x3e) inAngle = false;
    else if (c === char && !inAngle) return i;
  }
  return -1;
}

/** Splits a header value at commas outside quoted strings and `<...>`; trims each part. */
export function splitHeaderList(value: string): string[] {
  if (value.indexOf(',') < 0) return [value];
  const out: string[] = [];
  let start = 0;
  for (let i = indexOutsideQuotes(value, COMMA); i >= 0; i = indexOutsideQuotes(value, COMMA, start)) {
    out.push(value.slice(start, i).trim());
    start = i + 1;
  }
  out.push(value.slice(start).trim());
  return out;
}

/**
 * Index of the first comma outside quoted strings and `<...>` (where splitHeaderList would cut), or -1.
 * @example firstListComma('<sip:a;x=1,2>, <sip:b>') === 13
 */
export function firstListComma(value: string): number {
  return value.indexOf(',') < 0 ? -1 : indexOutsideQuotes(value, COMMA);
}

/** `splitHeaderList(value)[0]` without splitting the rest of the list. */
export function firstListValue(value: string): string {
  if (value.indexOf(',') < 0) return value;
  const i = firstListComma(value);
  return (i < 0 ? value : value.slice(0, i)).trim();
}
