// CANCEL at a stateful proxy (RFC 3261 §16.10): answer it 200, then cancel every pending branch.
import type { IncomingRequest, SipStack } from '../stack/sip-stack.ts';
import type { ClientTransaction } from '../stack/client-transaction.ts';
import { createResponse } from '../message/sip-message.ts';

/**
 * "If a response context is found, the element MUST immediately return a 200 (OK) response to the
 * CANCEL request ... [and] MUST generate CANCEL requests to all pending client transactions in the
 * context" (§16.10); without a matching context the proxy forwards the CANCEL statelessly — here
 * it answers 481, the behaviour of a proxy that keeps state for all INVITEs.
 * The CANCEL to each branch goes out once that branch has had a provisional response (§9.1).
 */
export function forwardCancel(stack: SipStack, incoming: IncomingRequest, branches: readonly ClientTransaction[]): Promise<(ClientTransaction | undefined)[]> {
  const tx = incoming.transaction;
  if (incoming.request.method !== 'CANCEL' || tx === undefined) throw new TypeError('forwardCancel needs an incoming CANCEL');
  if (incoming.cancelled === undefined) {
    tx.respond(createResponse(incoming.request, 481, 'Call/Transaction Does Not Exist', { toTag: 'proxy' }));
    return Promise.resolve([]);
  }
  tx.respond(createResponse(incoming.request, 200, 'OK', { toTag: 'proxy' }));
  return Promise.all(branches.filter((b) => !b.isSettled).map((b) => stack.cancel(b)));
}
