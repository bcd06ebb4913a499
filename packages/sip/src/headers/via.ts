// Via header values (RFC 3261 §20.42, §18.2.1; rport RFC 3581; WS/WSS transports RFC 7118).
import { SipError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { MEMO_MAX_VALUE_LENGTH, ValueMemo } from '../message/value-memo.ts';
import { parseHostPort } from '../uri/parse-uri.ts';
import { Scanner, formatParams, readParams } from './scanner.ts';

export interface Via {
  protocol: 'SIP/2.0';
  /** Upper-cased transport: UDP, TCP, TLS, SCTP, WS, WSS or any other token. */
  transport: string;
  host: string;
  port?: number;
  /** All parameters, names lower-cased, values raw, `null` when valueless. */
  params: Map<string, string | null>;
  branch?: string;
  received?: string;
  /** `undefined`: no rport; `null`: rport without value (a request for it); number: filled in. */
  rport?: number | null | undefined;
}

/** RFC 3261 §8.1.1.7: branches of RFC 3261 elements start with this magic cookie. */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

/**
 * Parses one Via value (one element of a comma list).
 * @example parseVia('SIP/2.0/WSS r8v2kq.invalid;branch=z9hG4bK776;rport').value.rport === null
 */
export function parseVia(value: string): Result<Via, SipError> {
  // Each caller gets its own copy (callers set received/rport on it), so the memo stays intact.
  const r = parseViaShared(value);
  return r.ok ? ok(copyVia(r.value)) : r;
}

const viaMemo = new ValueMemo<Via>(4096);

/**
 * @internal parseVia for callers inside this package that only read the result (response
 * routing, branch checks): the remembered value itself, not a copy. Never mutate what it returns.
 */
export function parseViaShared(value: string): Result<Via, SipError> {
  const known = viaMemo.get(value);
  if (known !== undefined) return ok(known);
  const r = parseViaText(value);
  if (r.ok && value.length <= MEMO_MAX_VALUE_LENGTH) viaMemo.set(value, copyVia(r.value));
  return r;
}

function copyVia(v: Via): Via {
  return { ...v, params: new Map(v.params) };
}

function parseViaText(value: string): Result<Via, SipError> {
  const sc = new Scanner(value, 'Via');
  sc.ws();
  const name = sc.token();
  if (!sc.sep(0x2f)) return err(sc.fail('expected "/" in sent-protocol'));
  const version = sc.token();
  if (!sc.sep(0x2f)) return err(sc.fail('expected "/" in sent-protocol'));
  const transport = sc.token();
  if (!isSip20(name, version)) return err(sc.fail('sent-protocol is not SIP/2.0'));
  if (transport === '') return err(sc.fail('missing transport'));
  const before = sc.i;
  sc.ws();
  if (sc.i === before) return err(sc.fail('expected whitespace before sent-by'));
  const hostStart = sc.i;
  if (sc.peek() === 0x5b) {
    // IPv6 reference: its colons are inside the brackets.
    const close = value.indexOf(']', sc.i);
    if (close < 0) return err(sc.fail('unterminated IPv6 reference'));
    sc.i = close + 1;
  } else {
    let i = sc.i;
    for (; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 0x3b || c === 0x20 || c === 0x09 || c === 0x3a) break;
    }
    sc.i = i;
  }
  const hp = parseHostPort(value.slice(hostStart, sc.i));
  if (hp === undefined) return err(sc.fail('invalid sent-by host'));
  let port: number | undefined;
  if (sc.sep(0x3a)) {
    const start = sc.i;
    let p = 0;
    let i = start;
    for (; i < value.length; i++) {
      const d = value.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      p = p * 10 + d;
    }
    if (i === start || i - start > 5 || p > 65535) return err(sc.fail('invalid sent-by port'));
    sc.i = i;
    port = p;
  }
  const params = new Map<string, string | null>();
  const e = readParams(sc, params);
  if (e) return err(e);
  const via: Via = { protocol: 'SIP/2.0', transport: upper(transport), host: hp.host, params };
  if (port !== undefined) via.port = port;
  const branch = params.get('branch');
  if (branch === null) return err(sc.fail('branch without value'));
  if (branch !== undefined) via.branch = branch;
  const received = params.get('received');
  if (received === null) return err(sc.fail('received without value'));
  if (received !== undefined) via.received = received;
  if (params.has('rport')) {
    const rp = params.get('rport') ?? null;
    if (rp === null) via.rport = null;
    else {
      if (!/^[0-9]{1,5}$/.test(rp) || Number(rp) > 65535) return err(sc.fail('invalid rport'));
      via.rport = Number(rp);
    }
  }
  if (params.has('ttl')) {
    const ttl = params.get('ttl');
    if (ttl === null || ttl === undefined || !/^[0-9]{1,3}$/.test(ttl) || Number(ttl) > 255) return err(sc.fail('invalid ttl'));
  }
  return ok(via);
}

/** Formats a Via value; `branch`, `received` and `rport` fields take precedence over `params`. */
export function formatVia(via: Via): string {
  const params = new Map(via.params);
  if (via.branch !== undefined) params.set('branch', via.branch);
  if (via.received !== undefined) params.set('received', via.received);
  if (via.rport !== undefined) params.set('rport', via.rport === null ? null : String(via.rport));
  return `SIP/2.0/${via.transport} ${via.host}${via.port !== undefined ? `:${via.port}` : ''}${formatParams(params)}`;
}

/** Whether a branch carries the RFC 3261 magic cookie (and more than just the cookie, RFC 4475 badbranch). */
export function isRfc3261Branch(branch: string | undefined): boolean {
  return branch !== undefined && branch.length > BRANCH_MAGIC_COOKIE.length && branch.startsWith(BRANCH_MAGIC_COOKIE);
}

// 'SIP' compared case-insensitively without allocating.
function isSip20(name: string, version: string): boolean {
  return name.length === 3 && (name.charCodeAt(0) | 0x20) === 0x73 && (name.charCodeAt(1) | 0x20) === 0x69 &&
    (name.charCodeAt(2) | 0x20) === 0x70 && version === '2.0';
}

const KNOWN_TRANSPORTS = new Set(['UDP', 'TCP', 'TLS', 'SCTP', 'WS', 'WSS']);
function upper(t: string): string {
  return KNOWN_TRANSPORTS.has(t) ? t : t.toUpperCase();
}
