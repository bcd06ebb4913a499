// Stateless error responses for requests that could not be fully parsed (RFC 3261 §16.3, §8.2.6):
// answer from the parts that were readable so the client stops retransmitting.
import type { PartialRequest } from '../errors.ts';
import { createResponse } from '../message/sip-message.ts';
import type { SipRequest, SipResponse } from '../message/sip-message.ts';

/**
 * A response built from a partially parsed request, or undefined when no answer can be routed
 * (no Via) or none is allowed (an ACK is never answered, RFC 3261 §17).
 *
 * @example
 * const r = parseMessage(bytes);
 * if (!r.ok && r.error.partial) send(statelessError(r.error.partial, r.error.status));
 */
export function statelessError(partial: PartialRequest, status = 400, reason?: string): SipResponse | undefined {
  if (partial.method === 'ACK') return undefined;
  const request: SipRequest = { type: 'request', method: partial.method, uri: partial.uri, version: 'SIP/2.0', headers: partial.headers, body: new Uint8Array(0) };
  const response = createResponse(request, status, reason, { toTag: 'stateless' });
  const hasVia = response.headers.some((h) => h.name === 'Via');
  return hasVia ? response : undefined;
}
