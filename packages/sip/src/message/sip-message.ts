// The SIP message model (RFC 3261 §7) and header access by name: case-insensitive, compact
// forms expanded, comma lists split only for headers whose grammar is a list.
import { canonicalHeaderName, firstListComma, firstListValue, headerKey, indexOutsideQuotes, isListHeader, splitHeaderList } from './header-names.ts';
import { defaultReasonPhrase } from './reason-phrases.ts';

export { canonicalHeaderName } from './header-names.ts';

/** One header line: `name` as written, `value` unfolded and trimmed. */
export interface SipHeaderField {
  name: string;
  value: string;
}

export interface SipRequest {
  type: 'request';
  method: string;
  uri: string;
  version: string;
  headers: SipHeaderField[];
  body: Uint8Array;
}

export interface SipResponse {
  type: 'response';
  status: number;
  reason: string;
  version: string;
  headers: SipHeaderField[];
  body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

const EMPTY = new Uint8Array(0);

/**
 * First value of a header: the first line, and for list headers its first comma element.
 * @example getHeader(msg, 'v') // top Via value
 */
export function getHeader(m: SipMessage, name: string): string | undefined {
  const key = headerKey(name);
  const headers = m.headers;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    if (headerKey(h.name) === key) {
      return isListHeader(key) ? firstListValue(h.value) : h.value;
    }
  }
  return undefined;
}

/**
 * All values of a header across all its lines, comma-split for list headers
 * (never for the auth family, Identity, Date and other non-list headers).
 */
export function getHeaders(m: SipMessage, name: string): string[] {
  const key = headerKey(name);
  const list = isListHeader(key);
  const out: string[] = [];
  for (const h of m.headers) {
    if (headerKey(h.name) !== key) continue;
    if (list) {
      for (const v of splitHeaderList(h.value)) if (v !== '') out.push(v);
    } else out.push(h.value);
  }
  return out;
}

/** Whether the header is present at all. */
export function hasHeader(m: SipMessage, name: string): boolean {
  const key = headerKey(name);
  return m.headers.some((h) => headerKey(h.name) === key);
}

/**
 * Replaces every line of a header with the given value(s), one line per value, at the position
 * of the first existing line (or at the end when there was none).
 */
export function setHeader(m: SipMessage, name: string, value: string | readonly string[]): void {
  const key = headerKey(name);
  const values = typeof value === 'string' ? [value] : value;
  const written = canonicalHeaderName(name);
  let at = -1;
  const kept: SipHeaderField[] = [];
  for (const h of m.headers) {
    if (headerKey(h.name) === key) {
      if (at < 0) at = kept.length;
    } else kept.push(h);
  }
  if (at < 0) at = kept.length;
  kept.splice(at, 0, ...values.map((v) => ({ name: written, value: v })));
  m.headers = kept;
}

/**
 * Adds one header line. `first` puts it above the existing lines of that header (a new top
 * Via), `last` (default) below them, or at the end of the header section when there are none.
 */
export function addHeader(m: SipMessage, name: string, value: string, position: 'first' | 'last' = 'last'): void {
  const key = headerKey(name);
  const field = { name: canonicalHeaderName(name), value };
  let first = -1;
  let last = -1;
  for (let i = 0; i < m.headers.length; i++) {
    if (headerKey(m.headers[i]!.name) === key) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (position === 'first') m.headers.splice(first < 0 ? 0 : first, 0, field);
  else m.headers.splice(last < 0 ? m.headers.length : last + 1, 0, field);
}

/** Removes every line of a header. */
export function removeHeader(m: SipMessage, name: string): void {
  const key = headerKey(name);
  m.headers = m.headers.filter((h) => headerKey(h.name) !== key);
}

/**
 * Removes the first value of a header: the top Via or the top Route, also when several values
 * share one comma-joined line.
 */
export function removeFirstHeaderValue(m: SipMessage, name: string): void {
  const key = headerKey(name);
  const i = m.headers.findIndex((h) => headerKey(h.name) === key);
  if (i < 0) return;
  const h = m.headers[i]!;
  const comma = isListHeader(key) ? firstListComma(h.value) : -1;
  if (comma < 0) {
    m.headers.splice(i, 1);
    return;
  }
  // The remaining values as they were written (a proxy hop should not re-split and re-join them).
  m.headers[i] = { name: h.name, value: h.value.slice(comma + 1).trim() };
}

export interface CreateResponseExtra {
  /** To tag to add when the request's To has none (RFC 3261 §8.2.6.2). */
  toTag?: string;
  /** Extra header lines, appended after the copied ones. */
  headers?: SipHeaderField[];
  body?: Uint8Array;
  /** Content-Type of `body`. */
  contentType?: string;
}

/**
 * Builds a response to a request per RFC 3261 §8.2.6: Via (all lines, in order), From, To
 * (with `toTag` added if it has no tag), Call-ID and CSeq are copied; Content-Length is set.
 * @example createResponse(invite, 180, undefined, { toTag: 'a6c85cf' })
 */
export function createResponse(
  request: SipRequest,
  status: number,
  reason?: string,
  extra: CreateResponseExtra = {},
): SipResponse {
  if (!Number.isInteger(status) || status < 100 || status > 699) throw new TypeError(`invalid status code ${status}`);
  const headers: SipHeaderField[] = [];
  for (const h of request.headers) {
    if (headerKey(h.name) === 'via') headers.push({ name: 'Via', value: h.value });
  }
  for (const name of ['From', 'To', 'Call-ID', 'CSeq']) {
    const key = headerKey(name);
    const src = request.headers.find((h) => headerKey(h.name) === key);
    if (src === undefined) continue;
    let value = src.value;
    if (key === 'to' && extra.toTag !== undefined && !hasTagParam(value)) value = `${value};tag=${extra.toTag}`;
    headers.push({ name, value });
  }
  if (extra.headers) for (const h of extra.headers) headers.push({ name: h.name, value: h.value });
  const body = extra.body ?? EMPTY;
  if (extra.contentType !== undefined) headers.push({ name: 'Content-Type', value: extra.contentType });
  headers.push({ name: 'Content-Length', value: String(body.length) });
  return { type: 'response', status, reason: reason ?? defaultReasonPhrase(status), version: 'SIP/2.0', headers, body };
}

/** Builds a request (SIP/2.0); the headers are copied, the body defaults to empty. */
export function createRequest(init: { method: string; uri: string; headers: SipHeaderField[]; body?: Uint8Array }): SipRequest {
  return {
    type: 'request',
    method: init.method,
    uri: init.uri,
    version: 'SIP/2.0',
    headers: init.headers.map((h) => ({ name: h.name, value: h.value })),
    body: init.body ?? EMPTY,
  };
}

/** Whether a From/To value carries a `tag` header parameter (outside `<...>` and quotes). */
export function hasTagParam(value: string): boolean {
  // For an addr-spec without <>, every ';' parameter is a header parameter (RFC 3261 §20.10).
  for (let i = indexOutsideQuotes(value, 0x3b); i >= 0; i = indexOutsideQuotes(value, 0x3b, i + 1)) {
    if (/^\s*tag\s*=/i.test(value.slice(i + 1))) return true;
  }
  return false;
}
