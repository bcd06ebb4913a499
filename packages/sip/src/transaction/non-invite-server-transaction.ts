// Non-INVITE server transaction, RFC 3261 §17.2.2 (figure 8), as a transition table.
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
import type { ServerTransactionEvent, TransactionAction, TransitionRow, TransitionStep } from './transaction-action.ts';
import { statusClass, TransactionMachine } from './transaction-machine.ts';
import type { TransactionOptions } from './transaction-machine.ts';

export type NonInviteServerState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';
export type NonInviteServerEvent = 'request' | 'TU 1xx' | 'TU final' | 'timer J' | 'transportError';

/** Figure 8 of RFC 3261; pairs that are absent are absorbed. */
export const nonInviteServerTable: readonly TransitionRow<NonInviteServerState, NonInviteServerEvent>[] = [
  // "Once in the Trying state, any further request retransmissions are discarded."
  { state: 'Trying', event: 'request', next: 'Trying', actions: [], rfc: '§17.2.2' },
  { state: 'Trying', event: 'TU 1xx', next: 'Proceeding', actions: [{ do: 'send' }], rfc: '§17.2.2' },
  { state: 'Trying', event: 'TU final', next: 'Completed', actions: [{ do: 'send' }, { do: 'start', timer: 'J' }], rfc: '§17.2.2' },
  { state: 'Trying', event: 'transportError', next: 'Terminated', actions: [{ do: 'transportError' }], rfc: '§17.2.4' },
  { state: 'Proceeding', event: 'request', next: 'Proceeding', actions: [{ do: 'resend' }], rfc: '§17.2.2' },
  { state: 'Proceeding', event: 'TU 1xx', next: 'Proceeding', actions: [{ do: 'send' }], rfc: '§17.2.2' },
  { state: 'Proceeding', event: 'TU final', next: 'Completed', actions: [{ do: 'send' }, { do: 'start', timer: 'J' }], rfc: '§17.2.2' },
  { state: 'Proceeding', event: 'transportError', next: 'Terminated', actions: [{ do: 'transportError' }], rfc: '§17.2.2' },
  { state: 'Completed', event: 'request', next: 'Completed', actions: [{ do: 'resend' }], rfc: '§17.2.2' },
  // "Any other final responses passed by the TU to the server transaction MUST be discarded" (absent row).
  { state: 'Completed', event: 'timer J', next: 'Terminated', actions: [], rfc: '§17.2.2' },
  { state: 'Completed', event: 'transportError', next: 'Terminated', actions: [{ do: 'transportError' }], rfc: '§17.2.2' },
];

/** Non-INVITE server transaction. Call `start(now)` once to deliver the request to the TU. */
export class NonInviteServerTransaction extends TransactionMachine<NonInviteServerState, NonInviteServerEvent, ServerTransactionEvent> {
  readonly request: SipRequest;
  protected readonly terminatedState = 'Terminated';
  private lastResponse: SipResponse | undefined;

  constructor(request: SipRequest, options: TransactionOptions) {
    super(nonInviteServerTable, 'Trying', options);
    this.request = request;
  }

  get response(): SipResponse | undefined {
    return this.lastResponse;
  }

  start(_now: number): TransactionAction[] {
    return [{ type: 'deliver', message: this.request }];
  }

  protected classify(event: ServerTransactionEvent): NonInviteServerEvent | undefined {
    switch (event.type) {
      case 'transportError':
        return event.type;
      case 'timer':
        return event.timer === 'J' ? 'timer J' : undefined;
      case 'request':
        return 'request';
      case 'respond': {
        const kind = statusClass(event.response);
        return kind === undefined ? undefined : kind === '1xx' ? 'TU 1xx' : 'TU final';
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
      default:
        return;
    }
  }
}
