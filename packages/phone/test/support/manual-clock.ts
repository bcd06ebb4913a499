// A clock whose timers fire only when the test says so (STYLE.md: fake clocks only for timers).
import type { Clock } from '../../src/emitter.ts';

export class ManualClock implements Clock {
  readonly timers = new Map<number, { at: number; ms: number; callback: () => void }>();
  #next = 1;
  #now: number;
  constructor(now = Date.now()) {
    this.#now = now;
  }
  now(): number {
    return this.#now;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.timers.set(id, { at: this.#now + ms, ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** The delays of the pending timers, in ms. */
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.ms);
  }
  /** Moves time forward and fires the timers that fall due, in order. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.#now = due[1].at;
      due[1].callback();
    }
    this.#now = until;
  }
}
