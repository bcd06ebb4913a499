// Contact (RFC 3261 §20.10): `*` or name-addr/addr-spec with expires and q; RFC 5626
// `+sip.instance` and `reg-id`.
import { SipError, SipErrorCode } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { formatNameAddr, parseNameAddr, type NameAddr } from './name-addr.ts';
import { quote, unquote } from './scanner.ts';

export interface ContactBinding extends NameAddr {
  wildcard: false;
  expires?: number;
  q?: number;
  /** `+sip.instance` value without quotes and angle brackets, e.g. `urn:uuid:...` (RFC 5626 §4.1). */
  instanceId?: string;
  regId?: number;
}

export type Contact = { wildcard: true } | ContactBinding;

/**
 * Parses one Contact value (after comma splitting), or the wildcard `*`.
 * @example parseContact('<sip:alice@r8v2kq.invalid;transport=ws>;+sip.instance="<urn:uuid:00000000-0000-4000-8000-000000000001>";reg-id=1')
 */
export function parseContact(value: string): Result<Contact, SipError> {
  if (value.trim() === '*') return ok({ wildcard: true });
  const na = parseNameAddr(value, 'Contact');
  if (!na.ok) return na;
  const c: ContactBinding = { wildcard: false, ...na.value };
  const expires = c.params.get('expires');
  if (expires !== undefined) {
    // Overlarge values are treated as the maximum (RFC 3261 §20.19 range 0..2^32-1).
    if (expires === null || !/^[0-9]+$/.test(expires)) return fail('invalid expires', value);
    c.expires = Math.min(expires.length > 15 ? Infinity : Number(expires), 2 ** 32 - 1);
  }
  const q = c.params.get('q');
  if (q !== undefined) {
    if (q === null || !/^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$/.test(q)) return fail('invalid q', value);
    c.q = Number(q);
  }
  const inst = c.params.get('+sip.instance');
  if (inst !== undefined && inst !== null) {
    const raw = unquote(inst);
    c.instanceId = raw.startsWith('<') && raw.endsWith('>') ? raw.slice(1, -1) : raw;
  }
  const regId = c.params.get('reg-id');
  if (regId !== undefined) {
    if (regId === null || !/^[0-9]{1,10}$/.test(regId)) return fail('invalid reg-id', value);
    c.regId = Number(regId);
  }
  return ok(c);
}

function fail(m: string, value: string): Result<never, SipError> {
  return err(new SipError(SipErrorCode.HEADER, `Contact: ${m} in ${JSON.stringify(value.slice(0, 200))}`, { header: 'Contact' }));
}

/** Formats a Contact; typed fields take precedence over `params`. */
export function formatContact(c: Contact): string {
  if (c.wildcard) return '*';
  const params = new Map(c.params);
  if (c.expires !== undefined) params.set('expires', String(c.expires));
  if (c.q !== undefined) params.set('q', String(c.q));
  if (c.instanceId !== undefined) params.set('+sip.instance', quote(`<${c.instanceId}>`));
  if (c.regId !== undefined) params.set('reg-id', String(c.regId));
  const na: Parameters<typeof formatNameAddr>[0] = { uri: c.uri, params };
  if (c.displayName !== undefined) na.displayName = c.displayName;
  return formatNameAddr(na);
}
