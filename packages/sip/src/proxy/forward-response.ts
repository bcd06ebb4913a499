// Response forwarding of a proxy (RFC 3261 §16.7): 100 stays here, our Via is popped.
import { createRequest, getHeaders, removeFirstHeaderValue } from '../message/sip-message.ts';
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
import { parseViaShared } from '../headers/via.ts';

/**
 * The response to pass upstream, or undefined when it must not be forwarded: a 100 Trying (it is
 * hop-by-hop; the proxy's server transaction makes its own, §16.7 step 5), a top Via that is not
 * ours (`isOurBranch` says no, §18.1.2), or no Via left after ours (the response was meant for
 * this element, §16.7 step 3).
 */
export function responseToForward(response: SipResponse, isOurBranch: (branch: string) => boolean): SipResponse | undefined {
  if (response.status === 100) return undefined;
  const vias = getHeaders(response, 'Via');
  const top = vias[0];
  const parsed = top === undefined ? undefined : parseViaShared(top);
  if (!parsed?.ok || parsed.value.branch === undefined || !isOurBranch(parsed.value.branch)) return undefined;
  if (vias.length < 2) return undefined;
  const copy: SipResponse = { ...response, headers: response.headers.map((h) => ({ name: h.name, value: h.value })) };
  removeFirstHeaderValue(copy, 'Via');
  return copy;
}

/** A copy of a request for forwarding (§16.6 step 1: "Make a copy of the received request"). */
export function copyRequest(request: SipRequest): SipRequest {
  return createRequest({ method: request.method, uri: request.uri, headers: request.headers, body: request.body });
}
