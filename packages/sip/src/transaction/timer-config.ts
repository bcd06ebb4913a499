// RFC 3261 §17 timer values (Table 4 of Appendix A): T1/T2/T4 are configurable, the others derive
// from them; on reliable transports the retransmission timers are never started and D/I/J/K are 0.
import { assertNever } from '../result.ts';

/** Timer names of RFC 3261 §17 and RFC 6026 §8 (L, M), plus `Trying` for the 200 ms 100-Trying rule of §17.2.1. */
export type TimerName = 'A' | 'B' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M' | 'Trying';

/** Base timer values in milliseconds. */
export interface TimerConfig {
  /** RTT estimate, default 500 ms. */
  readonly t1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  readonly t2: number;
  /** Maximum duration a message remains in the network, default 5 s. */
  readonly t4: number;
}

export const defaultTimerConfig: TimerConfig = { t1: 500, t2: 4000, t4: 5000 };

/** The 100 Trying delay of RFC 3261 §17.2.1 ("within 200 ms"). */
export const tryingDelayMs = 200;

/** Timers that only retransmit, so are never started over a reliable transport (§17.1.1.2, §17.1.2.2, §17.2.1). */
export const retransmissionTimers: ReadonlySet<TimerName> = new Set<TimerName>(['A', 'E', 'G']);

/** Initial duration of a timer for the given transport reliability. */
export function timerDuration(timer: TimerName, config: TimerConfig, reliable: boolean): number {
  switch (timer) {
    case 'A':
    case 'E':
    case 'G':
      return config.t1;
    case 'B':
    case 'F':
    case 'H':
      return 64 * config.t1;
    // "Timer D ... at least 32 seconds for unreliable transports, and zero seconds for reliable" (§17.1.1.2)
    case 'D':
      return reliable ? 0 : Math.max(32_000, 64 * config.t1);
    case 'I':
    case 'K':
      return reliable ? 0 : config.t4;
    case 'J':
      return reliable ? 0 : 64 * config.t1;
    // RFC 6026 §8.11: Timer L and Timer M are 64*T1 whatever the transport.
    case 'L':
    case 'M':
      return 64 * config.t1;
    case 'Trying':
      return tryingDelayMs;
    default:
      return assertNever(timer);
  }
}
