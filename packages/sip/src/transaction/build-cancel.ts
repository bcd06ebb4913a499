// CANCEL construction (RFC 3261 §9.1) and the UAS answer to a matched CANCEL (§9.2).
import { createRequest, createResponse, getHeader, getHeaders } from '../message/sip-message.ts';
import type { SipHeaderField, SipRequest, SipResponse } from '../message/sip-message.ts';
import { cseqNumber } from './header-param.ts';

/**
 * "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header fields in the CANCEL
 * request MUST be identical to those in the request being cancelled, including tags. A CANCEL
 * constructed by a client MUST have only a single Via header field value matching the top Via
 * value in the request being cancelled ... If the request being cancelled contains a Route header
 * field, the CANCEL request MUST include that Route header field's values." (§9.1)
 *
 * @example const cancel = buildCancel(sentInvite); stack.sendRequest(cancel, sameTarget);
 */
export function buildCancel(invite: SipRequest, reason?: string): SipRequest {
  const headers: SipHeaderField[] = [];
  const topVia = getHeaders(invite, 'Via')[0];
  if (topVia !== undefined) headers.push({ name: 'Via', value: topVia });
  for (const route of getHeaders(invite, 'Route')) headers.push({ name: 'Route', value: route });
  headers.push({ name: 'Max-Forwards', value: '70' });
  for (const name of ['From', 'To', 'Call-ID']) {
    const value = getHeader(invite, name);
    if (value !== undefined) headers.push({ name, value });
  }
  headers.push({ name: 'CSeq', value: `${cseqNumber(getHeader(invite, 'CSeq')) ?? '1'} CANCEL` });
  if (reason !== undefined) headers.push({ name: 'Reason', value: reason });
  return createRequest({ method: 'CANCEL', uri: invite.uri, headers });
}

/** What a UAS sends when a CANCEL arrives (§9.2). */
export interface CancelAnswer {
  /** 200 OK for the CANCEL, or 481 when no INVITE transaction matches. */
  readonly cancelResponse: SipResponse;
  /** 487 Request Terminated for the INVITE, when it had not yet received a final response. */
  readonly inviteResponse?: SipResponse;
}

/**
 * The TU's default answer to a CANCEL: "If the UAS did not find a matching transaction for the
 * CANCEL according to the procedure above, it SHOULD respond to the CANCEL with a 481 ... the UAS
 * SHOULD respond to the INVITE with a 487 (Request Terminated)" when no final response was sent;
 * the CANCEL itself gets 200 either way (§9.2).
 *
 * @param toTag the To tag the UAS uses (or used) in responses to the INVITE.
 */
export function answerCancel(
  cancel: SipRequest,
  invite: { readonly request: SipRequest; readonly finalSent: boolean } | undefined,
  toTag: string,
): CancelAnswer {
  if (invite === undefined) {
    return { cancelResponse: createResponse(cancel, 481, 'Call/Transaction Does Not Exist', { toTag }) };
  }
  const cancelResponse = createResponse(cancel, 200, 'OK', { toTag });
  if (invite.finalSent) return { cancelResponse };
  return { cancelResponse, inviteResponse: createResponse(invite.request, 487, 'Request Terminated', { toTag }) };
}
