// INVITE server transaction, RFC 3261 §17.2.1 (figure 7), as a transition table.
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
import { createResponse } from '../message/sip-message.ts';
import type { ServerTransactionEvent, TransactionAction, TransitionRow, TransitionStep } from './transaction-action.ts';
import { statusClass, TransactionMachine } from './transaction-machine.ts';
import type { TransactionOptions } from './transaction-machine.ts';

export type InviteServerState = 'Proceeding' | 'Completed' | 'Confirmed' | 'Accepted' | 'Terminated';
export type InviteServerEvent =
  | 'INVITE' | 'ACK'
  | 'TU 1xx' | 'TU 2xx' | 'TU 300-699'
  | 'timer Trying' | 'timer G' | 'timer H' | 'timer I' | 'timer L'
  | 'transportError';

/** Figure 7 of RFC 3261; pairs that are absent are absorbed. */
export const inviteServerTable: readonly TransitionRow<InviteServerState, InviteServerEvent>[] = [
  // A retransmitted INVITE gets the most recent provisional response again.
  { state: 'Proceeding', event: 'INVITE', next: 'Proceeding', actions: [{ do: 'resend' }], rfc: '§17.2.1' },
  { state: 'Proceeding', event: 'timer Trying', next: 'Proceeding', actions: [{ do: 'sendTrying' }], rfc: '§17.2.1' },
  { state: 'Proceeding', event: 'TU 1xx', next: 'Proceeding', actions: [{ do: 'stop', timer: 'Trying' }, { do: 'send' }], rfc: '§17.2.1' },
  { state: 'Proceeding', event: 'TU 2xx', next: 'Terminated', actions: [{ do: 'send' }], rfc: '§17.2.1' },
  { state: 'Proceeding', event: 'TU 300-699', next: 'Completed', actions: [{ do: 'stop', timer: 'Trying' }, { do: 'send' }, { do: 'start', timer: 'G' }, { do: 'start', timer: 'H' }], rfc: '§17.2.1' },
  { state: 'Proceeding', event: 'transportError', next: 'Terminated', actions: [{ do: 'transportError' }], rfc: '§17.2.4' },
  { state: 'Completed', event: 'INVITE', next: 'Completed', actions: [{ do: 'resend' }], rfc: '§17.2.1' },
  // Timer G: "the response is passed to the transport layer once more ... and Timer G is set to fire in MIN(2*T1, T2) seconds".
  { state: 'Completed', event: 'timer G', next: 'Completed', actions: [{ do: 'resend' }, { do: 'backoff', timer: 'G', rule: 'doubleCappedAtT2' }], rfc: '§17.2.1' },
  { state: 'Completed', event: 'timer H', next: 'Terminated', actions: [{ do: 'timeout' }], rfc: '§17.2.1' },
  { state: 'Completed', event: 'ACK', next: 'Confirmed', actions: [{ do: 'stop', timer: 'G' }, { do: 'stop', timer: 'H' }, { do: 'start', timer: 'I' }], rfc: '§17.2.1' },
  { state: 'Completed', event: 'transportError', next: 'Terminated', actions: [{ do: 'transportError' }], rfc: '§17.2.1' },
  // Confirmed absorbs further ACKs until Timer I.
  { state: 'Confirmed', event: 'ACK', next: 'Confirmed', actions: [], rfc: '§17.2.1' },
  { state: 'Confirmed', event: 'timer I', next: 'Terminated', actions: [], rfc: '§17.2.1' },
];

/**
 * RFC 6026 §7.1 variant of figure 7: a 2xx moves Proceeding to Accepted for Timer L; INVITE
 * retransmissions are absorbed there, the TU's 2xx retransmissions go out, an ACK reaches the TU.
 */
export const inviteServerTable6026: readonly TransitionRow<InviteServerState, InviteServerEvent>[] = [
  ...inviteServerTable.filter((row) => row.event !== 'TU 2xx'),
  { state: 'Proceeding', event: 'TU 2xx', next: 'Accepted', actions: [{ do: 'stop', timer: 'Trying' }, { do: 'send' }, { do: 'start', timer: 'L' }], rfc: 'RFC 6026 §7.1' },
  { state: 'Accepted', event: 'INVITE', next: 'Accepted', actions: [], rfc: 'RFC 6026 §7.1' },
  { state: 'Accepted', event: 'TU 2xx', next: 'Accepted', actions: [{ do: 'send' }], rfc: 'RFC 6026 §7.1' },
  { state: 'Accepted', event: 'ACK', next: 'Accepted', actions: [{ do: 'deliver' }], rfc: 'RFC 6026 §7.1' },
  { state: 'Accepted', event: 'timer L', next: 'Terminated', actions: [], rfc: 'RFC 6026 §7.1' },
];

export interface InviteServerOptions extends TransactionOptions {
  /** Use the Accepted state of RFC 6026 (default false: RFC 3261 figure 7). */
  readonly rfc6026?: boolean;
  /**
   * When to send 100 Trying: `'immediate'` (a stateful proxy, §16.2 / §17.2.1), `'delayed'` (a UAS:
   * only if the TU has not answered within 200 ms) or `'never'`.
   */
  readonly trying?: 'immediate' | 'delayed' | 'never';
}

/**
 * INVITE server transaction. Created by the driver for a new INVITE: call `start(now)` to obtain
 * the initial actions (deliver to the TU, and 100 Trying per the `trying` option).
 */
export class InviteServerTransaction extends TransactionMachine<InviteServerState, InviteServerEvent, ServerTransactionEvent> {
  readonly request: SipRequest;
  protected readonly terminatedState = 'Terminated';
  private lastResponse: SipResponse | undefined;
  private readonly trying: 'immediate' | 'delayed' | 'never';

  constructor(request: SipRequest, options: InviteServerOptions) {
    super(options.rfc6026 === true ? inviteServerTable6026 : inviteServerTable, 'Proceeding', options);
    this.request = request;
    this.trying = options.trying ?? 'delayed';
  }

  /** The most recent response sent (provisional or final). */
  get response(): SipResponse | undefined {
    return this.lastResponse;
  }

  /** Initial actions: "the server transaction MUST generate a 100 (Trying) response unless it knows that the TU will generate a provisional or final response within 200 ms" (§17.2.1). */
  start(now: number): TransactionAction[] {
    const out: TransactionAction[] = [{ type: 'deliver', message: this.request }];
    if (this.trying === 'immediate') {
      const trying = createResponse(this.request, 100, 'Trying');
      this.lastResponse = trying;
      out.push({ type: 'send', message: trying });
    }
    if (this.trying === 'delayed') {
      out.push(...this.armTimer('Trying', now));
    }
    return out;
  }

  protected classify(event: ServerTransactionEvent): InviteServerEvent | undefined {
    switch (event.type) {
      case 'transportError':
        return event.type;
      case 'timer':
        return event.timer === 'Trying' || event.timer === 'G' || event.timer === 'H' || event.timer === 'I' || event.timer === 'L' ? `timer ${event.timer}` : undefined;
      case 'request':
        return event.request.method === 'ACK' ? 'ACK' : event.request.method === 'INVITE' ? 'INVITE' : undefined;
      case 'respond': {
        const kind = statusClass(event.response);
        return kind === undefined ? undefined : `TU ${kind}`;
      }
    }
  }

  protected performMessageStep(step: TransitionStep, event: ServerTransactionEvent, out: TransactionAction[]): void {
    switch (step.do) {
      case 'send':
        if (event.type !== 'respond') return;
        this.lastResponse = event.response;
        out.push({ type: 'send', message: event.response });
        return;
      case 'resend':
        if (this.lastResponse !== undefined) out.push({ type: 'send', message: this.lastResponse });
        return;
      case 'deliver':
        if (event.type === 'request') out.push({ type: 'deliver', message: event.request });
        return;
      case 'sendTrying':
        if (this.lastResponse === undefined) {
          this.lastResponse = createResponse(this.request, 100, 'Trying');
          out.push({ type: 'send', message: this.lastResponse });
        }
        return;
      default:
        return;
    }
  }
}
