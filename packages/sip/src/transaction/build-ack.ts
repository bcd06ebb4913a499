// The ACK a client INVITE transaction sends for a non-2xx final response (RFC 3261 §17.1.1.3).
import { createRequest, getHeader, getHeaders } from '../message/sip-message.ts';
import type { SipHeaderField, SipRequest, SipResponse } from '../message/sip-message.ts';
import { cseqNumber } from './header-param.ts';

/**
 * "The ACK request constructed by the client transaction MUST contain values for the Call-ID,
 * From, and Request-URI that are equal to the values of those header fields in the request passed
 * to the transport by the client transaction ... The To header field in the ACK MUST equal the To
 * header field in the response being acknowledged ... The ACK MUST contain a single Via header
 * field, and this MUST be equal to the top Via header field of the original request ... the CSeq
 * header field in the ACK MUST contain the same value for the sequence number ... but the method
 * parameter MUST be equal to "ACK" ... the ACK MUST contain [the same] Route header fields."
 */
export function buildAckForNonSuccess(invite: SipRequest, response: SipResponse): SipRequest {
  const headers: SipHeaderField[] = [];
  const topVia = getHeaders(invite, 'Via')[0];
  if (topVia !== undefined) headers.push({ name: 'Via', value: topVia });
  for (const route of getHeaders(invite, 'Route')) headers.push({ name: 'Route', value: route });
  headers.push({ name: 'Max-Forwards', value: '70' });
  copy(invite, 'From', headers);
  copy(response, 'To', headers);
  copy(invite, 'Call-ID', headers);
  headers.push({ name: 'CSeq', value: `${cseqNumber(getHeader(invite, 'CSeq')) ?? '1'} ACK` });
  return createRequest({ method: 'ACK', uri: invite.uri, headers });
}

function copy(from: SipRequest | SipResponse, name: string, into: SipHeaderField[]): void {
  const value = getHeader(from, name);
  if (value !== undefined) into.push({ name, value });
}
