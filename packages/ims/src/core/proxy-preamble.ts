// What the S-CSCF and the MMTel AS do alike before their own logic sees a request: ACK for 2xx
// (no transaction) is routed on statelessly, CANCEL goes to the pending branches, and
// Max-Forwards is checked (RFC 3261 §16.3, §16.10, §16.11).
import { checkMaxForwards, createResponse, forwardCancel, forwardStateless } from '@eims/sip';
import type { ClientTransaction, IncomingRequest, SipRequest, SipStack } from '@eims/sip';
import { targetOfUri, topRouteUri } from './next-hop.ts';

export interface ProxyPreambleContext {
  stack: SipStack;
  /** Pops the Route entries that name this function. */
  popOwnRoutes(request: SipRequest): void;
  /** Client transactions forwarded for each server transaction, by its id. */
  branches: ReadonlyMap<string, ClientTransaction[]>;
  /** To tag of responses this function generates. */
  toTag: string;
  log(message: string): void;
}

/**
 * Keeps the client transaction forwarded for a server transaction, so that a CANCEL finds it, and
 * forgets it a second after it ends.
 */
export function rememberBranch(branches: Map<string, ClientTransaction[]>, serverTxId: string, branch: ClientTransaction): void {
  branches.set(serverTxId, [branch]);
  void branch.outcome.then(() => setTimeout(() => branches.delete(serverTxId), 1000).unref());
}

/** Handles ACK, CANCEL and Max-Forwards; returns true when the request needs nothing more. */
export function handleProxyPreamble(ctx: ProxyPreambleContext, incoming: IncomingRequest): boolean {
  const { request, transaction } = incoming;
  if (transaction === undefined) {
    ctx.popOwnRoutes(request);
    const target = targetOfUri(topRouteUri(request) ?? request.uri);
    if (target !== undefined) void forwardStateless(ctx.stack, request, target).catch((e: unknown) => ctx.log(`ACK not forwarded: ${String(e)}`));
    return true;
  }
  if (request.method === 'CANCEL') {
    const cancelled = incoming.cancelled;
    const branches = cancelled === undefined ? [] : (ctx.branches.get(cancelled.id) ?? []);
    void forwardCancel(ctx.stack, incoming, branches);
    // Cancelled while we were still asking IF1/IF2 (nothing forwarded yet): end it here (§9.2).
    if (cancelled !== undefined && branches.length === 0 && !cancelled.finalSent) cancelled.respond(createResponse(cancelled.request, 487, 'Request Terminated', { toTag: ctx.toTag }));
    return true;
  }
  const tooMany = checkMaxForwards(request, ctx.toTag);
  if (tooMany !== undefined) {
    transaction.respond(tooMany);
    return true;
  }
  return false;
}
