// Forwarding outside a transaction: the ACK for a 2xx (a new end-to-end transaction, RFC 3261
// §16.11, §17.1.1.3) and 2xx responses that arrive after the server transaction ended (§16.7).
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
import type { SipStack, Target } from '../stack/sip-stack.ts';
import type { Flow } from '../transport/flow.ts';
import { copyRequest, responseToForward } from './forward-response.ts';
import { decrementMaxForwards } from './max-forwards.ts';

/**
 * Forward a request (normally an ACK for a 2xx, after `processRoute`) with Max-Forwards decremented
 * and our Via on top.
 * @example stack.onRequest(({ request, transaction }) => { if (!transaction) { processRoute(request, isLocal); void forwardStateless(stack, request, next); } });
 */
export function forwardStateless(stack: SipStack, request: SipRequest, target: Target): Promise<Flow> {
  const copy = copyRequest(request);
  decrementMaxForwards(copy);
  return stack.sendStateless(copy, target, { via: 'add' });
}

/**
 * Pass a response that matched no transaction (a retransmitted 2xx) upstream: our Via is popped
 * and it goes where the next Via says (§16.7, §18.2.2). Returns false when it was not for us.
 */
export async function forwardStrayResponse(stack: SipStack, response: SipResponse, isOurBranch: (branch: string) => boolean): Promise<boolean> {
  const upstream = responseToForward(response, isOurBranch);
  if (upstream === undefined) return false;
  await stack.sendResponse(upstream);
  return true;
}
