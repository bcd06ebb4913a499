// Single-number headers: Max-Forwards (RFC 3261 §20.22), Expires/Min-Expires (§20.19),
// Content-Length (§20.14).
import { SipError, SipErrorCode } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';

function digits(value: string, header: string, max: number, code: SipErrorCode = SipErrorCode.HEADER): Result<number, SipError> {
  const v = value.trim();
  if (v === '' || !/^[0-9]+$/.test(v)) return err(new SipError(code, `${header}: not a decimal number: ${JSON.stringify(value.slice(0, 100))}`, { header }));
  const n = v.length > 15 ? Infinity : Number(v);
  if (n > max) return err(new SipError(SipErrorCode.SCALAR, `${header}: ${v.slice(0, 40)} is larger than ${max}`, { header }));
  return ok(n);
}

/** Max-Forwards: 0..255 (RFC 3261 §20.22; leading zeros allowed, RFC 4475 wsinv "0068"). */
export function parseMaxForwards(value: string): Result<number, SipError> {
  return digits(value, 'Max-Forwards', 255);
}

/** Expires / Min-Expires delta-seconds: 0..2^32-1 (RFC 3261 §20.19). */
export function parseExpires(value: string): Result<number, SipError> {
  return digits(value, 'Expires', 2 ** 32 - 1);
}

/** Content-Length: a non-negative decimal (RFC 3261 §20.14); errors carry ERR_SIP_CONTENT_LENGTH. */
export function parseContentLength(value: string): Result<number, SipError> {
  const r = digits(value, 'Content-Length', Number.MAX_SAFE_INTEGER, SipErrorCode.CONTENT_LENGTH);
  if (!r.ok && r.error.code === SipErrorCode.SCALAR) {
    return err(new SipError(SipErrorCode.CONTENT_LENGTH, r.error.message, { header: 'Content-Length' }));
  }
  return r;
}
