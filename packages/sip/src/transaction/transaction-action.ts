// What a pure transaction asks its driver to do, and the events a driver feeds it (RFC 3261 §17).
import type { SipMessage, SipRequest, SipResponse } from '../message/sip-message.ts';
import type { TimerName } from './timer-config.ts';

/** An instruction for the driver, returned by `handle(event, now)`. */
export type TransactionAction =
  /** Hand the message to the transport (the driver picks the flow). */
  | { readonly type: 'send'; readonly message: SipMessage }
  /** Arm a timer; `at` is `now + ms` with the `now` given to `handle`. Re-arming replaces the old one. */
  | { readonly type: 'startTimer'; readonly timer: TimerName; readonly ms: number; readonly at: number }
  | { readonly type: 'stopTimer'; readonly timer: TimerName }
  /** Pass the message up to the transaction user. */
  | { readonly type: 'deliver'; readonly message: SipMessage }
  /** Inform the transaction user that the transaction timed out (§17.1.1.2, §17.1.2.2, §17.2.1). */
  | { readonly type: 'timeout' }
  /** Inform the transaction user of a transport failure (§17.1.4, §17.2.4). */
  | { readonly type: 'transportError' }
  /** The transaction is over: the driver forgets it and disarms its timers. */
  | { readonly type: 'terminated' };

/** Events for client transactions. */
export type ClientTransactionEvent =
  /** The TU hands over the request (§17.1.1.2 "initiated with a request"). */
  | { readonly type: 'start' }
  | { readonly type: 'response'; readonly response: SipResponse }
  | { readonly type: 'timer'; readonly timer: TimerName }
  | { readonly type: 'transportError' };

/** Events for server transactions. */
export type ServerTransactionEvent =
  /** The request that created the transaction, or a retransmission of it, or (INVITE) an ACK. */
  | { readonly type: 'request'; readonly request: SipRequest }
  /** The TU passes a response down. */
  | { readonly type: 'respond'; readonly response: SipResponse }
  | { readonly type: 'timer'; readonly timer: TimerName }
  | { readonly type: 'transportError' };

/** One step of a transition row; the transaction interprets it in its context. */
export type TransitionStep =
  /** Client: send the request. Server: send the TU's response and remember it. */
  | { readonly do: 'send' }
  /** Client: retransmit the request. Server: retransmit the last response. */
  | { readonly do: 'resend' }
  /** INVITE client: build (once) and send the ACK for a non-2xx final response (§17.1.1.3). */
  | { readonly do: 'sendAck' }
  /** INVITE server: send 100 Trying unless a provisional response was already sent (§17.2.1). */
  | { readonly do: 'sendTrying' }
  | { readonly do: 'deliver' }
  | { readonly do: 'start'; readonly timer: TimerName }
  /** Re-arm a retransmission timer: doubled, optionally capped at T2, or set to T2. */
  | { readonly do: 'backoff'; readonly timer: TimerName; readonly rule: 'double' | 'doubleCappedAtT2' | 't2' }
  | { readonly do: 'stop'; readonly timer: TimerName }
  | { readonly do: 'timeout' }
  | { readonly do: 'transportError' };

/** A row of a transition table: data, with the RFC section that defines it. */
export interface TransitionRow<State extends string, EventKind extends string> {
  readonly state: State;
  readonly event: EventKind;
  readonly next: State;
  readonly actions: readonly TransitionStep[];
  readonly rfc: string;
}
