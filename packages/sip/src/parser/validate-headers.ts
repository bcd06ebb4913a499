// Message-level checks of RFC 3261 §8.1.1 / §8.2 and the RFC 4475 invalid messages: mandatory
// headers, single-value headers not repeated, CSeq method = request method, scalar ranges and the
// grammar of the headers every receiver relies on (Via, From, To, Call-ID, CSeq, Contact, ...).
// Route and Record-Route are left to the element that routes on them (parseNameAddr on use).
import { SipError, SipErrorCode } from '../errors.ts';
import { parseCSeq } from '../headers/cseq.ts';
import { parseContact } from '../headers/contact.ts';
import { parseContentType } from '../headers/content-type.ts';
import { parseNameAddr } from '../headers/name-addr.ts';
import { parseContentLength, parseMaxForwards } from '../headers/scalars.ts';
import { parseViaShared } from '../headers/via.ts';
import { headerKey, splitHeaderList } from '../message/header-names.ts';
import type { SipHeaderField } from '../message/sip-message.ts';
import { MEMO_MAX_VALUE_LENGTH, ValueMemo } from '../message/value-memo.ts';
import type { StartLine } from './start-line.ts';

/** Headers that may appear once only (RFC 4475 multi01), each with its bit. */
const SINGLE: ReadonlyMap<string, number> = new Map([
  ['from', 1], ['to', 2], ['call-id', 4], ['cseq', 8], ['max-forwards', 16], ['content-type', 32], ['expires', 64], ['content-length', 128],
]);
const MANDATORY = ['via', 'from', 'to', 'call-id', 'cseq'] as const;

// rfc1123-date = wkday "," SP date1 SP time SP "GMT" (RFC 3261 §20.17; RFC 4475 baddate).
const DATE_RE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$/;
const CALL_ID_RE = /^[^\s]+$/;

// Header values already found valid, per check (the same From/To/Via/Contact text reaches every hop
// of a message and its responses). CSeq remembers its method, Content-Length its number.
const validVia = new ValueMemo<true>(4096);
const validNameAddr = new ValueMemo<true>(4096);
const validContact = new ValueMemo<true>(2048);
const validContentType = new ValueMemo<true>(256);
const cseqMethod = new ValueMemo<string>(4096);
const contentLengthValue = new ValueMemo<number>(1024);

function memoable(value: string): boolean {
  return value.length <= MEMO_MAX_VALUE_LENGTH;
}

export interface Validated {
  /** Content-Length value if present. */
  contentLength: number | undefined;
}

/** Checks the headers of a message whose start line parsed; returns the first error found. */
export function validateHeaders(start: StartLine, headers: readonly SipHeaderField[]): Validated | SipError {
  let seen = 0;
  let contentLength: number | undefined;
  let once = 0;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    const key = headerKey(h.name);
    const bit = SINGLE.get(key);
    if (bit !== undefined) {
      if ((once & bit) === 0) once |= bit;
      else {
        if (key === 'content-length') return new SipError(SipErrorCode.CONTENT_LENGTH, 'more than one Content-Length (RFC 4475 mcl01)', { header: h.name });
        return new SipError(SipErrorCode.DUPLICATE_HEADER, `${h.name} appears more than once (RFC 4475 multi01)`, { header: h.name });
      }
    }
    let e: SipError | undefined;
    switch (key) {
      case 'via':
        seen |= 1;
        if (validVia.get(h.value) !== undefined) break;
        for (const v of splitHeaderList(h.value)) {
          const r = parseViaShared(v); // only checked, never changed: no copy
          if (!r.ok) { e = r.error; break; }
        }
        if (!e && memoable(h.value)) validVia.set(h.value, true);
        break;
      case 'from':
      case 'to': {
        seen |= key === 'from' ? 2 : 4;
        if (validNameAddr.get(h.value) !== undefined) break;
        const r = parseNameAddr(h.value, key === 'from' ? 'From' : 'To');
        if (!r.ok) e = r.error;
        else if (memoable(h.value)) validNameAddr.set(h.value, true);
        break;
      }
      case 'call-id':
        seen |= 8;
        if (!CALL_ID_RE.test(h.value)) e = new SipError(SipErrorCode.HEADER, `invalid Call-ID ${JSON.stringify(h.value.slice(0, 100))}`, { header: h.name });
        break;
      case 'cseq': {
        seen |= 16;
        let method = cseqMethod.get(h.value);
        if (method === undefined) {
          const r = parseCSeq(h.value);
          if (!r.ok) { e = r.error; break; }
          method = r.value.method;
          if (memoable(h.value)) cseqMethod.set(h.value, method);
        }
        if (start.type === 'request' && method !== start.method) {
          e = new SipError(SipErrorCode.CSEQ_MISMATCH, `CSeq method ${method} differs from the request method ${start.method} (RFC 4475 mismatch01)`, { header: h.name });
        }
        break;
      }
      case 'max-forwards': {
        const r = parseMaxForwards(h.value);
        if (!r.ok) e = r.error;
        break;
      }
      case 'content-length': {
        contentLength = contentLengthValue.get(h.value);
        if (contentLength !== undefined) break;
        const r = parseContentLength(h.value);
        if (!r.ok) e = r.error;
        else {
          contentLength = r.value;
          if (memoable(h.value)) contentLengthValue.set(h.value, r.value);
        }
        break;
      }
      case 'content-type': {
        if (validContentType.get(h.value) !== undefined) break;
        const r = parseContentType(h.value);
        if (!r.ok) e = r.error;
        else if (memoable(h.value)) validContentType.set(h.value, true);
        break;
      }
      case 'contact':
        if (validContact.get(h.value) !== undefined) break;
        for (const v of splitHeaderList(h.value)) {
          const r = parseContact(v);
          if (!r.ok) { e = r.error; break; }
        }
        if (!e && memoable(h.value)) validContact.set(h.value, true);
        break;
      case 'expires':
        if (!/^[0-9]+$/.test(h.value)) e = new SipError(SipErrorCode.HEADER, `invalid Expires ${JSON.stringify(h.value.slice(0, 100))}`, { header: h.name });
        break;
      case 'date':
        if (!DATE_RE.test(h.value)) e = new SipError(SipErrorCode.HEADER, `Date must be an RFC 1123 date in GMT: ${JSON.stringify(h.value.slice(0, 100))}`, { header: h.name });
        break;
      default:
        break;
    }
    if (e) return e;
  }
  if (seen !== 31) {
    const missing = MANDATORY.filter((_, i) => (seen & (1 << i)) === 0);
    return new SipError(SipErrorCode.MISSING_HEADER, `missing mandatory header(s): ${missing.join(', ')} (RFC 3261 §8.1.1)`, { header: missing[0]! });
  }
  return { contentLength };
}
