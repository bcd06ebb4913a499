// Non-INVITE client transaction, RFC 3261 §17.1.2 (figure 6), as a transition table.
import type { SipRequest } from '../message/sip-message.ts';
import type { ClientTransactionEvent, TransactionAction, TransitionRow, TransitionStep } from './transaction-action.ts';
import { statusClass, TransactionMachine } from './transaction-machine.ts';
import type { TransactionOptions } from './transaction-machine.ts';

export type NonInviteClientState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';
export type NonInviteClientEvent = 'start' | '1xx' | 'final' | 'timer E' | 'timer F' | 'timer K' | 'transportError';

/** Figure 6 of RFC 3261; pairs that are absent are absorbed. */
export const nonInviteClientTable: readonly TransitionRow<NonInviteClientState, NonInviteClientEvent>[] = [
  { state: 'Trying', event: 'start', next: 'Trying', actions: [{ do: 'send' }, { do: 'start', timer: 'E' }, { do: 'start', timer: 'F' }], rfc: '§17.1.2.2' },
  // "If timer E fires while still in this state, the timer is reset, but this time with a value of MIN(2*T1, T2)."
  { state: 'Trying', event: 'timer E', next: 'Trying', actions: [{ do: 'resend' }, { do: 'backoff', timer: 'E', rule: 'doubleCappedAtT2' }], rfc: '§17.1.2.2' },
  { state: 'Trying', event: 'timer F', next: 'Terminated', actions: [{ do: 'timeout' }], rfc: '§17.1.2.2' },
  { state: 'Trying', event: '1xx', next: 'Proceeding', actions: [{ do: 'deliver' }], rfc: '§17.1.2.2' },
  { state: 'Trying', event: 'final', next: 'Completed', actions: [{ do: 'stop', timer: 'E' }, { do: 'stop', timer: 'F' }, { do: 'deliver' }, { do: 'start', timer: 'K' }], rfc: '§17.1.2.2' },
  { state: 'Trying', event: 'transportError', next: 'Terminated', actions: [{ do: 'transportError' }], rfc: '§17.1.4' },
  // "If Timer E fires while in the Proceeding state, the request MUST be passed to the transport layer for retransmission, and Timer E MUST be reset with a value of T2 seconds."
  { state: 'Proceeding', event: 'timer E', next: 'Proceeding', actions: [{ do: 'resend' }, { do: 'backoff', timer: 'E', rule: 't2' }], rfc: '§17.1.2.2' },
  { state: 'Proceeding', event: 'timer F', next: 'Terminated', actions: [{ do: 'timeout' }], rfc: '§17.1.2.2' },
  { state: 'Proceeding', event: '1xx', next: 'Proceeding', actions: [{ do: 'deliver' }], rfc: '§17.1.2.2' },
  { state: 'Proceeding', event: 'final', next: 'Completed', actions: [{ do: 'stop', timer: 'E' }, { do: 'stop', timer: 'F' }, { do: 'deliver' }, { do: 'start', timer: 'K' }], rfc: '§17.1.2.2' },
  { state: 'Proceeding', event: 'transportError', next: 'Terminated', actions: [{ do: 'transportError' }], rfc: '§17.1.4' },
  // Completed buffers response retransmissions (absent rows) until Timer K.
  { state: 'Completed', event: 'timer K', next: 'Terminated', actions: [], rfc: '§17.1.2.2' },
];

/** Non-INVITE client transaction (REGISTER, OPTIONS, BYE, CANCEL, MESSAGE ...). */
export class NonInviteClientTransaction extends TransactionMachine<NonInviteClientState, NonInviteClientEvent, ClientTransactionEvent> {
  readonly request: SipRequest;
  protected readonly terminatedState = 'Terminated';

  constructor(request: SipRequest, options: TransactionOptions) {
    super(nonInviteClientTable, 'Trying', options);
    this.request = request;
  }

  protected classify(event: ClientTransactionEvent): NonInviteClientEvent | undefined {
    switch (event.type) {
      case 'start':
      case 'transportError':
        return event.type;
      case 'timer':
        return event.timer === 'E' || event.timer === 'F' || event.timer === 'K' ? `timer ${event.timer}` : undefined;
      case 'response': {
        const kind = statusClass(event.response);
        return kind === undefined ? undefined : kind === '1xx' ? '1xx' : 'final';
      }
    }
  }

  protected performMessageStep(step: TransitionStep, event: ClientTransactionEvent, out: TransactionAction[]): void {
    switch (step.do) {
      case 'send':
      case 'resend':
        out.push({ type: 'send', message: this.request });
        return;
      case 'deliver':
        if (event.type === 'response') out.push({ type: 'deliver', message: event.response });
        return;
      default:
        return;
    }
  }
}
