// CSeq (RFC 3261 §20.16): a sequence number below 2^31 and a method.
import { SipError, SipErrorCode } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { isToken } from './scanner.ts';

export interface CSeq {
  seq: number;
  method: string;
}

const MAX_SEQ = 2 ** 31 - 1;

/**
 * Parses a CSeq value. RFC 3261 §8.1.1.5: "The sequence number MUST be expressible as a 32-bit
 * unsigned integer and MUST be less than 2**31."
 * @example parseCSeq('0009\r\n  INVITE') // after unfolding: { seq: 9, method: 'INVITE' }
 */
export function parseCSeq(value: string): Result<CSeq, SipError> {
  const v = value.trim();
  let i = 0;
  while (i < v.length && v.charCodeAt(i) >= 0x30 && v.charCodeAt(i) <= 0x39) i++;
  if (i === 0) return err(new SipError(SipErrorCode.HEADER, `CSeq: missing sequence number in ${JSON.stringify(value)}`, { header: 'CSeq' }));
  const digits = v.slice(0, i);
  const method = v.slice(i).trim();
  if (!isToken(method) || (i < v.length && v.charCodeAt(i) !== 0x20 && v.charCodeAt(i) !== 0x09)) {
    return err(new SipError(SipErrorCode.HEADER, `CSeq: invalid method in ${JSON.stringify(value)}`, { header: 'CSeq' }));
  }
  const seq = digits.length > 10 ? Infinity : Number(digits);
  if (seq > MAX_SEQ) return err(new SipError(SipErrorCode.SCALAR, `CSeq: sequence number ${digits} is not below 2^31`, { header: 'CSeq' }));
  return ok({ seq, method });
}

export function formatCSeq(c: CSeq): string {
  return `${c.seq} ${c.method}`;
}
