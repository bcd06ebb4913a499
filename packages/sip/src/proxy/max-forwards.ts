// Max-Forwards handling of a proxy (RFC 3261 §16.3 step 3, §16.6 step 3).
import { createResponse, getHeader, setHeader } from '../message/sip-message.ts';
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
import { parseMaxForwards } from '../headers/scalars.ts';

/**
 * "If the request does not contain a Max-Forwards header field, this check is passed. If the
 * request contains a Max-Forwards header field with a field value greater than zero, the check is
 * passed. If the request contains a Max-Forwards header field with a field value of zero (0), the
 * element MUST NOT forward the request. If the request was for OPTIONS, the element MAY act as
 * the final recipient and respond per Section 11. Otherwise, the element MUST return a 483 (Too
 * many hops) response." (§16.3 step 3). Returns the 483 to send, or undefined when the check passes
 * (or when it is an OPTIONS the element answers itself: `optionsToSelf`).
 */
export function checkMaxForwards(request: SipRequest, toTag: string, optionsToSelf = false): SipResponse | undefined {
  const value = getHeader(request, 'Max-Forwards');
  if (value === undefined) return undefined;
  const parsed = parseMaxForwards(value);
  if (!parsed.ok) return createResponse(request, 400, 'Bad Max-Forwards', { toTag });
  if (parsed.value > 0) return undefined;
  if (request.method === 'OPTIONS' && optionsToSelf) return undefined;
  return createResponse(request, 483, 'Too Many Hops', { toTag });
}

/** "If the copy contains a Max-Forwards header field, the proxy MUST decrement its value by one (1). If the copy does not contain [one], the proxy MUST add one with a field value, which SHOULD be 70" (§16.6 step 3). */
export function decrementMaxForwards(request: SipRequest): void {
  const value = getHeader(request, 'Max-Forwards');
  const parsed = value === undefined ? undefined : parseMaxForwards(value);
  const next = parsed?.ok ? Math.max(0, parsed.value - 1) : 70;
  setHeader(request, 'Max-Forwards', String(next));
}
