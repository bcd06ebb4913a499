// The interpreter shared by the four RFC 3261 §17 state machines: it looks the (state, event)
// pair up in a transition table and turns the row's steps into driver actions. No clock, no I/O.
import type { SipMessage } from '../message/sip-message.ts';
import { assertNever } from '../result.ts';
import { defaultTimerConfig, retransmissionTimers, timerDuration } from './timer-config.ts';
import type { TimerConfig, TimerName } from './timer-config.ts';
import type { ClientTransactionEvent, ServerTransactionEvent, TransactionAction, TransitionRow, TransitionStep } from './transaction-action.ts';

/** Options common to every transaction. */
export interface TransactionOptions {
  /** TCP, TLS, WS, WSS: no retransmissions, D/I/J/K are 0 (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2). */
  readonly reliable: boolean;
  readonly timers?: Partial<TimerConfig>;
}

/** Index a table by state and event kind; a pair absent from the table is ignored (absorbed). */
export function indexTable<S extends string, K extends string>(
  rows: readonly TransitionRow<S, K>[],
): ReadonlyMap<string, TransitionRow<S, K>> {
  const map = new Map<string, TransitionRow<S, K>>();
  for (const row of rows) {
    const key = `${row.state} ${row.event}`;
    if (map.has(key)) throw new TypeError(`Duplicate transition row ${key}`);
    map.set(key, row);
  }
  return map;
}

const indexes = new WeakMap<readonly object[], ReadonlyMap<string, unknown>>();

/**
 * Base class of the four transaction state machines. Subclasses supply the table, classify events
 * and perform the message steps; timers, timeouts and termination are handled here.
 */
export abstract class TransactionMachine<S extends string, K extends string, E extends ClientTransactionEvent | ServerTransactionEvent> {
  protected currentState: S;
  readonly reliable: boolean;
  readonly timers: TimerConfig;
  private readonly running = new Set<TimerName>();
  private readonly intervals = new Map<TimerName, number>();
  private readonly index: ReadonlyMap<string, TransitionRow<S, K>>;

  protected constructor(rows: readonly TransitionRow<S, K>[], initial: S, options: TransactionOptions) {
    // One index per table, shared by every transaction of that kind (a table is a constant).
    let index = indexes.get(rows) as ReadonlyMap<string, TransitionRow<S, K>> | undefined;
    if (index === undefined) {
      index = indexTable(rows);
      indexes.set(rows, index);
    }
    this.index = index;
    this.currentState = initial;
    this.reliable = options.reliable;
    this.timers = { ...defaultTimerConfig, ...options.timers };
  }

  get state(): S {
    return this.currentState;
  }

  /** Timers currently armed (for tests and diagnostics). */
  get armedTimers(): readonly TimerName[] {
    return [...this.running];
  }

  protected abstract readonly terminatedState: S;

  /** Map an event to a table event kind, or undefined when the event means nothing here. */
  protected abstract classify(event: E): K | undefined;

  /** Perform a message step (send, resend, sendAck, sendTrying, deliver). */
  protected abstract performMessageStep(step: TransitionStep, event: E, out: TransactionAction[]): void;

  /** Feed one event at time `now` (ms, any epoch); returns what the driver must do, in order. */
  handle(event: E, now: number): TransactionAction[] {
    const out: TransactionAction[] = [];
    this.step(event, now, out);
    return out;
  }

  private step(event: E, now: number, out: TransactionAction[]): void {
    if (this.currentState === this.terminatedState) return;
    const ev: ClientTransactionEvent | ServerTransactionEvent = event;
    if (ev.type === 'timer') {
      const timer = ev.timer;
      // A timer that was stopped or never armed may still fire in a driver: ignore it.
      if (!this.running.has(timer)) return;
      this.running.delete(timer);
    }
    const kind = this.classify(event);
    if (kind === undefined) return;
    const row = this.index.get(`${this.currentState} ${kind}`);
    if (row === undefined) return;
    const zeroTimers: TimerName[] = [];
    for (const action of row.actions) {
      this.perform(action, event, now, out, zeroTimers);
    }
    this.currentState = row.next;
    if (row.next === this.terminatedState) {
      this.running.clear();
      out.push({ type: 'terminated' });
      return;
    }
    // Timers of zero duration (reliable transports) fire at once, in the same call.
    for (const timer of zeroTimers) {
      this.running.add(timer);
      // Both event unions contain the timer event; TypeScript cannot see that through the generic.
      this.step({ type: 'timer', timer } as unknown as E, now, out);
    }
  }

  private perform(step: TransitionStep, event: E, now: number, out: TransactionAction[], zeroTimers: TimerName[]): void {
    switch (step.do) {
      case 'send':
      case 'resend':
      case 'sendAck':
      case 'sendTrying':
      case 'deliver':
        this.performMessageStep(step, event, out);
        return;
      case 'start': {
        if (this.reliable && retransmissionTimers.has(step.timer)) return;
        const ms = timerDuration(step.timer, this.timers, this.reliable);
        if (ms === 0) {
          zeroTimers.push(step.timer);
          return;
        }
        this.arm(step.timer, ms, now, out);
        return;
      }
      case 'backoff': {
        if (this.reliable && retransmissionTimers.has(step.timer)) return;
        const previous = this.intervals.get(step.timer) ?? this.timers.t1;
        const ms =
          step.rule === 'double' ? 2 * previous
          : step.rule === 'doubleCappedAtT2' ? Math.min(2 * previous, this.timers.t2)
          : this.timers.t2;
        this.arm(step.timer, ms, now, out);
        return;
      }
      case 'stop':
        if (this.running.delete(step.timer)) out.push({ type: 'stopTimer', timer: step.timer });
        return;
      case 'timeout':
        out.push({ type: 'timeout' });
        return;
      case 'transportError':
        out.push({ type: 'transportError' });
        return;
      default:
        assertNever(step);
    }
  }

  /** Arm a timer outside a table row (initial actions such as the 100 Trying delay). */
  protected armTimer(timer: TimerName, now: number): TransactionAction[] {
    const out: TransactionAction[] = [];
    this.arm(timer, timerDuration(timer, this.timers, this.reliable), now, out);
    return out;
  }

  private arm(timer: TimerName, ms: number, now: number, out: TransactionAction[]): void {
    this.running.add(timer);
    this.intervals.set(timer, ms);
    out.push({ type: 'startTimer', timer, ms, at: now + ms });
  }
}

/** Status class of a response, as the transition tables name it. */
export function statusClass(message: SipMessage): '1xx' | '2xx' | '300-699' | undefined {
  if (message.type !== 'response') return undefined;
  if (message.status >= 100 && message.status < 200) return '1xx';
  if (message.status >= 200 && message.status < 300) return '2xx';
  if (message.status >= 300 && message.status < 700) return '300-699';
  return undefined;
}
