// Call-Info (RFC 3261 §20.9) with the Rich Call Data parameters of RFC 9796: purpose (`icon`,
// `jcard` ...), `verified`, `integrity`, `call-reason`.
import { SipError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { Scanner, formatParams, readParams, quote, unquote } from './scanner.ts';

export interface CallInfo {
  /** The URI between `<` and `>`; `data:` is the null URI of RFC 9796. */
  uri: string;
  purpose?: string;
  /** RFC 9796 `verified="true"`; absent means unverified. */
  verified?: boolean;
  /** RFC 9796 `integrity="sha256-..."`. */
  integrity?: string;
  /** RFC 9796 `call-reason="..."`, unquoted. */
  callReason?: string;
  params: Map<string, string | null>;
}

/**
 * Parses one Call-Info value.
 * @example parseCallInfo('<data:>;purpose=jcard;call-reason="Quarterly review";verified="true"')
 */
export function parseCallInfo(value: string): Result<CallInfo, SipError> {
  const sc = new Scanner(value, 'Call-Info');
  sc.ws();
  if (sc.peek() !== 0x3c) return err(sc.fail('expected "<"'));
  const gt = value.indexOf('>', sc.i);
  if (gt < 0) return err(sc.fail('missing ">"'));
  const uri = value.slice(sc.i + 1, gt);
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(uri)) return err(sc.fail('invalid URI'));
  sc.i = gt + 1;
  const params = new Map<string, string | null>();
  const e = readParams(sc, params);
  if (e) return err(e);
  const out: CallInfo = { uri, params };
  const purpose = params.get('purpose');
  if (purpose !== undefined && purpose !== null) out.purpose = unquote(purpose).toLowerCase();
  const verified = params.get('verified');
  if (verified !== undefined && verified !== null) out.verified = unquote(verified).toLowerCase() === 'true';
  const integrity = params.get('integrity');
  if (integrity !== undefined && integrity !== null) out.integrity = unquote(integrity);
  const reason = params.get('call-reason');
  if (reason !== undefined && reason !== null) out.callReason = unquote(reason);
  return ok(out);
}

/** Formats a Call-Info value; typed fields take precedence over `params`. */
export function formatCallInfo(c: CallInfo): string {
  const params = new Map(c.params);
  if (c.purpose !== undefined) params.set('purpose', c.purpose);
  if (c.callReason !== undefined) params.set('call-reason', quote(c.callReason));
  if (c.verified !== undefined) {
    if (c.verified) params.set('verified', '"true"');
    else params.delete('verified');
  }
  if (c.integrity !== undefined) params.set('integrity', quote(c.integrity));
  return `<${c.uri}>${formatParams(params)}`;
}
