// Group commit of the S-CSCF's registration writes over IF1. Every REGISTER's state must be stored
// at the EDS before its 200 OK (it survives `kill -9`), but one SBI exchange and one SQLite commit
// per REGISTER is what limited the registrar under load. Writes queue while one batch is in
// flight; the next batch carries all of them (the latest state per IMPU: each write is a full
// snapshot, so a newer one stores everything an older one did), applied in one transaction.
// Each caller's promise settles when the batch holding its state, or a newer state of the same
// IMPU, is committed, so "stored before the 200 OK" still holds for every REGISTER.
import { Batcher } from '../sbi/batcher.ts';
import type { RegistrationOperation } from './registration-store.ts';

/**
 * @example
 * const writer = new RegistrationWriter((ops) => if1Client.applyRegistrations(ops));
 * await writer.save('sip:alice@acme.example', { registration: json, expiresAt }); // then send 200 OK
 */
export class RegistrationWriter {
  readonly #batcher: Batcher<RegistrationOperation, undefined>;

  constructor(apply: (operations: readonly RegistrationOperation[]) => Promise<unknown>, options: { maxBatch?: number } = {}) {
    this.#batcher = new Batcher(
      async (operations) => {
        await apply(operations);
        return operations.map(() => undefined);
      },
      { maxBatch: options.maxBatch ?? 500, keyOf: (operation) => operation.impu },
    );
  }

  async save(impu: string, data: Record<string, unknown>): Promise<void> {
    await this.#batcher.add({ op: 'save', impu, data });
  }

  async delete(impu: string): Promise<void> {
    await this.#batcher.add({ op: 'delete', impu });
  }
}
