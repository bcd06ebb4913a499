// INVITE client transaction, RFC 3261 §17.1.1 (figure 5), as a transition table.
import type { SipRequest } from '../message/sip-message.ts';
import { buildAckForNonSuccess } from './build-ack.ts';
import type { ClientTransactionEvent, TransactionAction, TransitionRow, TransitionStep } from './transaction-action.ts';
import { statusClass, TransactionMachine } from './transaction-machine.ts';
import type { TransactionOptions } from './transaction-machine.ts';

export type InviteClientState = 'Calling' | 'Proceeding' | 'Completed' | 'Accepted' | 'Terminated';
export type InviteClientEvent = 'start' | '1xx' | '2xx' | '300-699' | 'timer A' | 'timer B' | 'timer D' | 'timer M' | 'transportError';

/** Figure 5 of RFC 3261; pairs that are absent are absorbed. */
export const inviteClientTable: readonly TransitionRow<InviteClientState, InviteClientEvent>[] = [
  { state: 'Calling', event: 'start', next: 'Calling', actions: [{ do: 'send' }, { do: 'start', timer: 'A' }, { do: 'start', timer: 'B' }], rfc: '§17.1.1.2' },
  { state: 'Calling', event: 'timer A', next: 'Calling', actions: [{ do: 'resend' }, { do: 'backoff', timer: 'A', rule: 'double' }], rfc: '§17.1.1.2' },
  { state: 'Calling', event: 'timer B', next: 'Terminated', actions: [{ do: 'timeout' }], rfc: '§17.1.1.2' },
  { state: 'Calling', event: '1xx', next: 'Proceeding', actions: [{ do: 'stop', timer: 'A' }, { do: 'stop', timer: 'B' }, { do: 'deliver' }], rfc: '§17.1.1.2' },
  { state: 'Calling', event: '2xx', next: 'Terminated', actions: [{ do: 'deliver' }], rfc: '§17.1.1.2' },
  { state: 'Calling', event: '300-699', next: 'Completed', actions: [{ do: 'stop', timer: 'A' }, { do: 'stop', timer: 'B' }, { do: 'sendAck' }, { do: 'deliver' }, { do: 'start', timer: 'D' }], rfc: '§17.1.1.2' },
  { state: 'Calling', event: 'transportError', next: 'Terminated', actions: [{ do: 'transportError' }], rfc: '§17.1.1.2' },
  { state: 'Proceeding', event: '1xx', next: 'Proceeding', actions: [{ do: 'deliver' }], rfc: '§17.1.1.2' },
  { state: 'Proceeding', event: '2xx', next: 'Terminated', actions: [{ do: 'deliver' }], rfc: '§17.1.1.2' },
  { state: 'Proceeding', event: '300-699', next: 'Completed', actions: [{ do: 'sendAck' }, { do: 'deliver' }, { do: 'start', timer: 'D' }], rfc: '§17.1.1.2' },
  { state: 'Proceeding', event: 'transportError', next: 'Terminated', actions: [{ do: 'transportError' }], rfc: '§17.1.4' },
  // "Any retransmissions of the final response ... MUST cause the ACK to be re-passed to the transport layer" but not to the TU.
  { state: 'Completed', event: '300-699', next: 'Completed', actions: [{ do: 'sendAck' }], rfc: '§17.1.1.2' },
  { state: 'Completed', event: 'timer D', next: 'Terminated', actions: [], rfc: '§17.1.1.2' },
  { state: 'Completed', event: 'transportError', next: 'Terminated', actions: [{ do: 'transportError' }], rfc: '§17.1.1.2' },
];

/**
 * RFC 6026 §7.2 variant of figure 5: a 2xx moves Calling/Proceeding to Accepted for Timer M, so
 * that retransmitted or forked 2xx responses still reach the TU through the transaction.
 */
export const inviteClientTable6026: readonly TransitionRow<InviteClientState, InviteClientEvent>[] = [
  ...inviteClientTable.filter((row) => row.event !== '2xx'),
  { state: 'Calling', event: '2xx', next: 'Accepted', actions: [{ do: 'stop', timer: 'A' }, { do: 'stop', timer: 'B' }, { do: 'deliver' }, { do: 'start', timer: 'M' }], rfc: 'RFC 6026 §7.2' },
  { state: 'Proceeding', event: '2xx', next: 'Accepted', actions: [{ do: 'deliver' }, { do: 'start', timer: 'M' }], rfc: 'RFC 6026 §7.2' },
  { state: 'Accepted', event: '2xx', next: 'Accepted', actions: [{ do: 'deliver' }], rfc: 'RFC 6026 §7.2' },
  { state: 'Accepted', event: 'timer M', next: 'Terminated', actions: [], rfc: 'RFC 6026 §7.2' },
];

/** Options of the INVITE client transaction. */
export interface InviteClientOptions extends TransactionOptions {
  /** Use the Accepted state of RFC 6026 (default false: RFC 3261 figure 5). */
  readonly rfc6026?: boolean;
}

/**
 * INVITE client transaction. Feed `{ type: 'start' }` once, then responses, timer firings and
 * transport errors; execute the returned actions.
 *
 * @example
 * const tx = new InviteClientTransaction(invite, { reliable: false });
 * tx.handle({ type: 'start' }, now); // [send INVITE, startTimer A 500, startTimer B 32000]
 */
export class InviteClientTransaction extends TransactionMachine<InviteClientState, InviteClientEvent, ClientTransactionEvent> {
  readonly request: SipRequest;
  protected readonly terminatedState = 'Terminated';
  private ack: SipRequest | undefined;

  constructor(request: SipRequest, options: InviteClientOptions) {
    super(options.rfc6026 === true ? inviteClientTable6026 : inviteClientTable, 'Calling', options);
    this.request = request;
  }

  protected classify(event: ClientTransactionEvent): InviteClientEvent | undefined {
    switch (event.type) {
      case 'start':
      case 'transportError':
        return event.type;
      case 'timer':
        return event.timer === 'A' || event.timer === 'B' || event.timer === 'D' || event.timer === 'M' ? `timer ${event.timer}` : undefined;
      case 'response':
        return statusClass(event.response);
    }
  }

  protected performMessageStep(step: TransitionStep, event: ClientTransactionEvent, out: TransactionAction[]): void {
    switch (step.do) {
      case 'send':
      case 'resend':
        out.push({ type: 'send', message: this.request });
        return;
      case 'sendAck':
        if (event.type !== 'response') return;
        this.ack ??= buildAckForNonSuccess(this.request, event.response);
        out.push({ type: 'send', message: this.ack });
        return;
      case 'deliver':
        if (event.type === 'response') out.push({ type: 'deliver', message: event.response });
        return;
      default:
        return;
    }
  }

  /** The ACK sent for a non-2xx final response, once there is one. */
  get sentAck(): SipRequest | undefined {
    return this.ack;
  }
}
