// The TU's view of a server transaction: the request, the flow it came on, and `respond`.
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
import type { InviteServerTransaction } from '../transaction/invite-server-transaction.ts';
import type { NonInviteServerTransaction } from '../transaction/non-invite-server-transaction.ts';
import type { Flow } from '../transport/flow.ts';

export type ServerTransactionEnd = 'terminated' | 'timeout' | 'transportError';

export class ServerTransaction {
  readonly id: string;
  readonly request: SipRequest;
  readonly flow: Flow;
  /** @internal the pure state machine */
  readonly machine: InviteServerTransaction | NonInviteServerTransaction;
  private readonly dispatch: (response: SipResponse) => void;
  private readonly endListeners = new Set<(reason: ServerTransactionEnd) => void>();
  private final = false;
  private ended: ServerTransactionEnd | undefined;

  constructor(
    id: string,
    machine: InviteServerTransaction | NonInviteServerTransaction,
    flow: Flow,
    dispatch: (response: SipResponse) => void,
  ) {
    this.id = id;
    this.machine = machine;
    this.request = machine.request;
    this.flow = flow;
    this.dispatch = dispatch;
  }

  get state(): string {
    return this.machine.state;
  }

  /** Whether a final (2xx–6xx) response has been passed down. */
  get finalSent(): boolean {
    return this.final;
  }

  /** The last response sent by the transaction (including an automatic 100 Trying). */
  get lastResponse(): SipResponse | undefined {
    return this.machine.response;
  }

  /**
   * Send a response through the transaction; it is retransmitted and absorbed per RFC 3261 §17.2.
   * @example tx.respond(createResponse(tx.request, 200, 'OK', { toTag }))
   */
  respond(response: SipResponse): void {
    if (response.status >= 200) this.final = true;
    this.dispatch(response);
  }

  /** Called once when the transaction ends, with why. */
  onEnd(listener: (reason: ServerTransactionEnd) => void): void {
    if (this.ended !== undefined) listener(this.ended);
    else this.endListeners.add(listener);
  }

  /** @internal */
  end(reason: ServerTransactionEnd): void {
    if (this.ended !== undefined) return;
    this.ended = reason;
    for (const listener of this.endListeners) listener(reason);
    this.endListeners.clear();
  }
}
