// Group commit of the S-CSCF's registration writes over IF1. Every REGISTER's state must be stored
// at the EDS before its 200 OK (it survives `kill -9`), but one SBI exchange and one SQLite commit
// per REGISTER is what limited the registrar under load. Writes queue here while one batch is in
// flight; the next batch carries all of them (the latest state per IMPU: each write is a full
// snapshot, so a newer one stores everything an older one did), applied in one transaction.
// Each caller's promise settles when the batch holding its state, or a newer state of the same
// IMPU, is committed, so "stored before the 200 OK" still holds for every REGISTER.
import type { RegistrationOperation } from './registration-store.ts';

interface Pending {
  operation: RegistrationOperation;
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * @example
 * const writer = new RegistrationWriter((ops) => if1Client.applyRegistrations(ops));
 * await writer.save('sip:alice@acme.example', { registration: json, expiresAt }); // then send 200 OK
 */
export class RegistrationWriter {
  readonly #apply: (operations: readonly RegistrationOperation[]) => Promise<unknown>;
  readonly #maxBatch: number;
  /** In arrival order of each IMPU's first pending write; a newer write of an IMPU replaces its operation. */
  readonly #pending = new Map<string, Pending>();
  #inFlight = false;

  constructor(apply: (operations: readonly RegistrationOperation[]) => Promise<unknown>, options: { maxBatch?: number } = {}) {
    this.#apply = apply;
    this.#maxBatch = options.maxBatch ?? 500;
  }

  save(impu: string, data: Record<string, unknown>): Promise<void> {
    return this.#enqueue({ op: 'save', impu, data });
  }

  delete(impu: string): Promise<void> {
    return this.#enqueue({ op: 'delete', impu });
  }

  #enqueue(operation: RegistrationOperation): Promise<void> {
    return new Promise((resolve, reject) => {
      const pending = this.#pending.get(operation.impu);
      if (pending === undefined) this.#pending.set(operation.impu, { operation, waiters: [{ resolve, reject }] });
      else {
        pending.operation = operation;
        pending.waiters.push({ resolve, reject });
      }
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#inFlight || this.#pending.size === 0) return;
    const batch: Pending[] = [];
    for (const [impu, pending] of this.#pending) {
      batch.push(pending);
      this.#pending.delete(impu);
      if (batch.length >= this.#maxBatch) break;
    }
    this.#inFlight = true;
    this.#apply(batch.map((p) => p.operation)).then(
      () => this.#settle(batch, undefined),
      (error: unknown) => this.#settle(batch, error ?? new Error('registration batch failed')),
    );
  }

  #settle(batch: readonly Pending[], error: unknown): void {
    this.#inFlight = false;
    for (const p of batch) {
      for (const w of p.waiters) {
        if (error === undefined) w.resolve();
        else w.reject(error);
      }
    }
    this.#flush();
  }
}
