// One stateful forwarding step of a proxy (RFC 3261 §16.6, §16.7): copy, decrement Max-Forwards,
// optionally Record-Route, send in a client transaction, relay responses upstream.
import { createResponse } from '../message/sip-message.ts';
import type { SipRequest } from '../message/sip-message.ts';
import type { ClientTransaction } from '../stack/client-transaction.ts';
import type { ServerTransaction } from '../stack/server-transaction.ts';
import type { SipStack, Target } from '../stack/sip-stack.ts';
import { copyRequest } from './forward-response.ts';
import { decrementMaxForwards } from './max-forwards.ts';
import { addRecordRoute } from './record-route.ts';
import { removeFirstHeaderValue } from '../message/sip-message.ts';

export interface ForwardOptions {
  /** Record-Route URI to insert (§16.6 step 4); none when absent. */
  readonly recordRoute?: string;
  /** New Request-URI (§16.6 step 2, e.g. the registered contact). */
  readonly requestUri?: string;
  /** Change the copy before it leaves (add P-Asserted-Identity, Path ...). */
  readonly edit?: (copy: SipRequest) => void;
  /** To tag for the 408/503 this proxy generates when the branch fails; default `proxy`. */
  readonly toTag?: string;
}

/**
 * Forward `upstream.request` to `target` and pass every response except 100 back to `upstream`
 * with our Via removed; a timeout becomes 408 and a transport error 503 (§16.7 step 6, §8.1.3.1).
 * Max-Forwards and Route must already have been checked (`checkMaxForwards`, `processRoute`).
 *
 * @example
 * stack.onRequest((incoming) => {
 *   const tooMany = checkMaxForwards(incoming.request, 'p1');
 *   if (tooMany) return incoming.transaction?.respond(tooMany);
 *   processRoute(incoming.request, isLocal);
 *   forwardRequest(stack, incoming.transaction!, { transport: 'tcp', host, port }, { recordRoute: 'sip:p1.example;transport=tcp' });
 * });
 */
export function forwardRequest(stack: SipStack, upstream: ServerTransaction, target: Target, options: ForwardOptions = {}): ClientTransaction {
  const copy = copyRequest(upstream.request);
  if (options.requestUri !== undefined) copy.uri = options.requestUri;
  decrementMaxForwards(copy);
  if (options.recordRoute !== undefined && copy.method !== 'REGISTER') addRecordRoute(copy, options.recordRoute);
  options.edit?.(copy);
  const branch = stack.sendRequest(copy, target);
  branch.onResponse((response) => {
    // 100 Trying is hop-by-hop: the server transaction generated its own (§16.7 step 5).
    if (response.status === 100) return;
    // After a final response only 2xx to INVITE still go up (forked or retransmitted 2xx, §16.7 step 5, RFC 6026).
    const is2xx = response.status >= 200 && response.status < 300;
    if (upstream.finalSent && !(is2xx && upstream.request.method === 'INVITE')) return;
    const relayed = { ...response, headers: response.headers.map((h) => ({ name: h.name, value: h.value })) };
    removeFirstHeaderValue(relayed, 'Via');
    upstream.respond(relayed);
  });
  void branch.outcome.then((outcome) => {
    if (upstream.finalSent || outcome.type === 'response') return;
    const status = outcome.type === 'timeout' ? 408 : 503;
    upstream.respond(createResponse(upstream.request, status, undefined, { toTag: options.toTag ?? 'proxy' }));
  });
  return branch;
}
