// The TU's view of a client transaction: responses as they come, and one outcome.
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
import type { Flow } from '../transport/flow.ts';

/** How a client transaction ended for the TU (timeout ≈ 408, transportError ≈ 503, RFC 3261 §8.1.3.1). */
export type ClientOutcome =
  | { readonly type: 'response'; readonly response: SipResponse }
  | { readonly type: 'timeout' }
  | { readonly type: 'transportError'; readonly message: string };

export class ClientTransaction {
  /** The request as sent, with our Via on top. */
  readonly request: SipRequest;
  /** Settles with the final response, a timeout or a transport error. Never rejects. */
  readonly outcome: Promise<ClientOutcome>;
  private settle!: (outcome: ClientOutcome) => void;
  private settled = false;
  private readonly listeners = new Set<(response: SipResponse) => void>();
  private flowValue: Flow | undefined;
  private provisionalSeen = false;
  private readonly provisionalWaiters: (() => void)[] = [];

  constructor(request: SipRequest) {
    this.request = request;
    this.outcome = new Promise<ClientOutcome>((resolve) => {
      this.settle = resolve;
    });
  }

  /** The flow the request went out on, once known. */
  get flow(): Flow | undefined {
    return this.flowValue;
  }

  /** Every response passed up by the transaction (provisional and final), in order. */
  onResponse(listener: (response: SipResponse) => void): void {
    this.listeners.add(listener);
  }

  /** Resolves once a provisional response arrived (a CANCEL may then be sent, RFC 3261 §9.1). */
  whenProvisional(): Promise<void> {
    if (this.provisionalSeen) return Promise.resolve();
    return new Promise((resolve) => this.provisionalWaiters.push(resolve));
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /** @internal */
  setFlow(flow: Flow): void {
    this.flowValue = flow;
  }

  /** @internal */
  deliver(response: SipResponse): void {
    if (response.status < 200 && !this.provisionalSeen) {
      this.provisionalSeen = true;
      for (const waiter of this.provisionalWaiters.splice(0)) waiter();
    }
    for (const listener of this.listeners) listener(response);
    if (response.status >= 200) this.finish({ type: 'response', response });
  }

  /** @internal */
  finish(outcome: ClientOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.settle(outcome);
  }
}
