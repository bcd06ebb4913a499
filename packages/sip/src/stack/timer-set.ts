// Real timers for the pure transactions: one per (transaction, timer name), re-arming replaces.
import type { TimerName } from '../transaction/timer-config.ts';

export class TimerSet {
  private readonly owners = new Map<string, Map<TimerName, ReturnType<typeof setTimeout>>>();

  arm(owner: string, timer: TimerName, ms: number, fire: () => void): void {
    let timers = this.owners.get(owner);
    if (timers === undefined) {
      timers = new Map();
      this.owners.set(owner, timers);
    }
    const old = timers.get(timer);
    if (old !== undefined) clearTimeout(old);
    const own = timers;
    own.set(
      timer,
      setTimeout(() => {
        own.delete(timer);
        fire();
      }, ms),
    );
  }

  disarm(owner: string, timer: TimerName): void {
    const timers = this.owners.get(owner);
    const old = timers?.get(timer);
    if (old !== undefined) clearTimeout(old);
    timers?.delete(timer);
  }

  disarmAll(owner: string): void {
    const timers = this.owners.get(owner);
    if (timers === undefined) return;
    for (const handle of timers.values()) clearTimeout(handle);
    this.owners.delete(owner);
  }

  clear(): void {
    for (const owner of [...this.owners.keys()]) this.disarmAll(owner);
  }

  /** Number of armed timers. */
  get size(): number {
    let n = 0;
    for (const timers of this.owners.values()) n += timers.size;
    return n;
  }
}
