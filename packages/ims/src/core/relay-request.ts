// Stateful forwarding with a say on each response: `forwardRequest` of @eims/sip relays every
// response; the S-CSCF must instead absorb a 430 Flow Failed from the edge proxy and try another
// binding (RFC 5626 §5.3), so it relays through this variant.
import { forwardRequest } from '@eims/sip';
import type { ClientTransaction, ForwardOptions, ServerTransaction, SipResponse, SipStack, Target } from '@eims/sip';

export interface RelayOptions extends ForwardOptions {
  /** Called for each final response before it is relayed; return false to keep it here. */
  readonly intercept?: (response: SipResponse) => boolean;
}

/**
 * Like `forwardRequest`, but final responses pass `intercept` first; an intercepted final response
 * leaves the upstream transaction pending, for the caller to try elsewhere or answer.
 * @example relayRequest(stack, tx, target, { intercept: (r) => r.status !== 430 })
 */
export function relayRequest(stack: SipStack, upstream: ServerTransaction, target: Target, options: RelayOptions): ClientTransaction {
  if (options.intercept === undefined) return forwardRequest(stack, upstream, target, options);
  const intercept = options.intercept;
  // A shadow transaction receives what forwardRequest would relay; we pass on what intercept allows.
  const shadow = {
    request: upstream.request,
    get finalSent(): boolean {
      return upstream.finalSent;
    },
    respond(response: SipResponse): void {
      if (response.status >= 200 && !intercept(response)) return;
      upstream.respond(response);
    },
  } as unknown as ServerTransaction;
  return forwardRequest(stack, shadow, target, options);
}
