// Transaction identifiers for matching (RFC 3261 §17.1.3 client side, §17.2.3 server side),
// including the RFC 2543 fallback for branches without the magic cookie.
import { getHeader } from '../message/sip-message.ts';
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
// A branch that is exactly the cookie carries no id (RFC 4475 §3.2.1 badbranch): RFC 2543 rules apply.
import { isRfc3261Branch } from '../headers/via.ts';
import { MEMO_MAX_VALUE_LENGTH, ValueMemo } from '../message/value-memo.ts';
import { cseqMethod, cseqNumber, headerParam } from './header-param.ts';

/** The facts of a top Via the matching rules use. */
export interface ViaFacts {
  readonly transport: string;
  /** `host[:port]`, host lower-cased, as a comparable string. */
  readonly sentBy: string;
  readonly branch: string | undefined;
}

/** Reads the top Via value of a message (first comma element of the first Via line). */
export function topViaFacts(message: SipRequest | SipResponse): ViaFacts | undefined {
  const via = getHeader(message, 'Via');
  if (via === undefined) return undefined;
  // The same top Via is read for the key, the table and the response matching: read it once.
  const known = viaFactsMemo.get(via);
  if (known !== undefined) return known;
  const facts = readViaFacts(via);
  if (facts !== undefined && via.length <= MEMO_MAX_VALUE_LENGTH) viaFactsMemo.set(via, facts);
  return facts;
}

const viaFactsMemo = new ValueMemo<ViaFacts>(4096);

function readViaFacts(via: string): ViaFacts | undefined {
  const semi = via.indexOf(';');
  const head = (semi < 0 ? via : via.slice(0, semi)).trim();
  const match = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z0-9.!%*_+`'~-]+)\s+(\S(?:.*\S)?)$/i.exec(head);
  if (match === null) return undefined;
  const sentBy = (match[2] ?? '').replace(/\s+/g, '').toLowerCase();
  const branch = semi < 0 ? undefined : headerParam(`x${via.slice(semi)}`, 'branch');
  return Object.freeze({ transport: (match[1] ?? '').toUpperCase(), sentBy, branch });
}

/** ACK belongs to the INVITE transaction; every other method has its own (§17.2.3). */
function matchingMethod(method: string): string {
  return method === 'ACK' ? 'INVITE' : method;
}

/**
 * Server transaction key of a request. RFC 3261 style: "the branch parameter in the request is
 * equal to the one in the top Via header field of the request that created the transaction; the
 * sent-by value in the top Via of the request is equal to the one in the request that created the
 * transaction; and the method of the request matches the one that created the transaction, except
 * for ACK, where the method of the request that created the transaction is INVITE" (§17.2.3).
 * Otherwise (RFC 2543 branch or none, or the bare cookie) Request-URI, From tag, Call-ID, CSeq
 * number and top Via make the key; the To tag is checked separately by the table.
 *
 * @param method override the method (to find the INVITE a CANCEL refers to).
 */
export function serverTransactionKey(request: SipRequest, method: string = request.method): string | undefined {
  const via = topViaFacts(request);
  if (via === undefined) return undefined;
  if (via.branch !== undefined && isRfc3261Branch(via.branch)) return `3261 ${via.branch} ${via.sentBy} ${matchingMethod(method)}`;
  return rfc2543Key(request, method);
}

function rfc2543Key(request: SipRequest, method: string): string {
  const from = getHeader(request, 'From') ?? '';
  const callId = getHeader(request, 'Call-ID') ?? '';
  const cseq = cseqNumber(getHeader(request, 'CSeq')) ?? '';
  const topVia = (getHeader(request, 'Via') ?? '').replace(/\s+/g, '');
  return `2543 ${request.uri} ${headerParam(from, 'tag') ?? ''} ${callId} ${cseq} ${matchingMethod(method)} ${topVia}`;
}

/** Whether a key uses the RFC 2543 fallback (so the To tag must be compared too). */
export function isRfc2543Key(key: string): boolean {
  return key.startsWith('2543 ');
}

/**
 * Client transaction key: "the response matches a client transaction if ... the branch parameter
 * in the response [top Via] is the same as the branch parameter in the top Via of the request that
 * created the transaction [and] the method parameter in the CSeq header field matches the method
 * of the request that created the transaction" (§17.1.3).
 */
export function clientTransactionKey(message: SipRequest | SipResponse): string | undefined {
  const via = topViaFacts(message);
  if (via === undefined || via.branch === undefined) return undefined;
  const method = message.type === 'request' ? message.method : cseqMethod(getHeader(message, 'CSeq'));
  if (method === undefined) return undefined;
  return `${via.branch} ${method}`;
}

/** The To tag of a message, if any. */
export function toTag(message: SipRequest | SipResponse): string | undefined {
  const to = getHeader(message, 'To');
  return to === undefined ? undefined : headerParam(to, 'tag');
}
