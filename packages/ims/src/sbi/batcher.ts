// Group commit for SBI exchanges: items added while the previous exchange is in flight (or in the
// same turn of the event loop) travel together in the next one. Under load one HTTP/2 exchange
// then carries tens of items instead of one each; alone, an item waits only for the end of the
// current event-loop turn. Each item's promise settles with its own result from the exchange that
// carried it. With `keyOf`, a newer item replaces a pending one of the same key (both callers get
// the newer one's result): for writes where the latest full state wins.

export interface BatcherOptions<I> {
  /** Items per exchange at most (default 500). */
  readonly maxBatch?: number;
  /** Items of one key are merged while pending; keyed items are never reordered. */
  readonly keyOf?: (item: I) => string;
}

interface Pending<I, O> {
  item: I;
  waiters: { resolve: (value: O) => void; reject: (error: unknown) => void }[];
}

/**
 * @example
 * const auth = new Batcher((requests) => if1Client.authenticateMany(requests));
 * const answer = await auth.add({ impu, token, purpose: 'register' });
 */
export class Batcher<I, O> {
  readonly #apply: (items: readonly I[]) => Promise<readonly O[]>;
  readonly #maxBatch: number;
  readonly #keyOf: ((item: I) => string) | undefined;
  /** In arrival order; keyed items by key, others by a running number. */
  readonly #pending = new Map<string | number, Pending<I, O>>();
  #serial = 0;
  #inFlight = false;
  #scheduled = false;

  constructor(apply: (items: readonly I[]) => Promise<readonly O[]>, options: BatcherOptions<I> = {}) {
    this.#apply = apply;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#keyOf = options.keyOf;
  }

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const key = this.#keyOf === undefined ? this.#serial++ : this.#keyOf(item);
      const pending = this.#pending.get(key);
      if (pending === undefined) this.#pending.set(key, { item, waiters: [{ resolve, reject }] });
      else {
        pending.item = item;
        pending.waiters.push({ resolve, reject });
      }
      if (!this.#scheduled && !this.#inFlight) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#flush();
        });
      }
    });
  }

  #flush(): void {
    if (this.#inFlight || this.#pending.size === 0) return;
    const batch: Pending<I, O>[] = [];
    for (const [key, pending] of this.#pending) {
      batch.push(pending);
      this.#pending.delete(key);
      if (batch.length >= this.#maxBatch) break;
    }
    this.#inFlight = true;
    let exchange: Promise<readonly O[]>;
    try {
      exchange = this.#apply(batch.map((p) => p.item));
    } catch (error) {
      exchange = Promise.reject(error);
    }
    exchange.then(
      (results) => {
        if (results.length !== batch.length) return this.#settle(batch, undefined, new Error(`the exchange answered ${results.length} results for ${batch.length} items`));
        this.#settle(batch, results, undefined);
      },
      (error: unknown) => this.#settle(batch, undefined, error ?? new Error('the exchange failed')),
    );
  }

  #settle(batch: readonly Pending<I, O>[], results: readonly O[] | undefined, error: unknown): void {
    this.#inFlight = false;
    batch.forEach((p, i) => {
      for (const w of p.waiters) {
        if (results === undefined) w.reject(error);
        else w.resolve(results[i]!);
      }
    });
    this.#flush();
  }
}
