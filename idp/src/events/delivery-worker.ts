// Drives the outbox: sends due SETs, records the outcome, and sleeps until the next retry is due.
// The first attempt of a new event happens at once (`kick`); failures back off exponentially.
import type { SecurityEventOutbox, OutboxRow } from './security-event-outbox.ts';
import type { SetClaims } from './security-event-token.ts';
import { pushSecurityEventToken, type PushOutcome } from './push-delivery.ts';
import { assertNever } from '../errors.ts';

export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
}

export interface DeliveryWorkerDeps {
  outbox: SecurityEventOutbox;
  sign(claims: SetClaims): Promise<string>;
  now: () => number;
  retry: RetryPolicy;
  attemptTimeoutMs: number;
  log: (msg: string) => void;
  /** Rows taken per round. */
  batchSize?: number;
  push?: (url: string, set: string, timeoutMs: number) => Promise<PushOutcome>;
}

/** Delay before attempt `attempts + 1`, after `attempts` failures: initial·2^(n−1), capped. */
export function backoffDelay(attempts: number, retry: RetryPolicy): number {
  const exp = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(retry.maxMs, retry.initialMs * 2 ** exp);
}

// setTimeout cannot wait longer than this (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

export class DeliveryWorker {
  readonly #d: DeliveryWorkerDeps;
  readonly #push: (url: string, set: string, timeoutMs: number) => Promise<PushOutcome>;
  #started = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;

  constructor(deps: DeliveryWorkerDeps) {
    this.#d = deps;
    this.#push = deps.push ?? pushSecurityEventToken;
  }

  /** Starts delivering, including rows a previous process left pending. */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.kick();
  }

  /** Runs a round now (or right after the current one). */
  kick(): void {
    if (!this.#started || this.#closed) return;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
      this.#scheduleNext();
    });
  }

  /** Stops scheduling and waits for attempts in flight to be recorded. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      const batch = this.#d.batchSize ?? 100;
      const rows = this.#d.outbox.due(this.#d.now(), batch);
      if (rows.length === batch) this.#again = true;
      await this.#round(rows);
    } while (this.#again && !this.#closed);
  }

  async #round(rows: OutboxRow[]): Promise<void> {
    // Receivers are independent; each one gets its events in order, one at a time.
    const byReceiver = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const list = byReceiver.get(row.receiverUrl);
      if (list === undefined) byReceiver.set(row.receiverUrl, [row]);
      else list.push(row);
    }
    await Promise.all(
      [...byReceiver.values()].map(async (list) => {
        for (const row of list) {
          if (this.#closed) return;
          await this.#attempt(row);
        }
      }),
    );
  }

  async #attempt(row: OutboxRow): Promise<void> {
    let outcome: PushOutcome;
    try {
      const set = await this.#d.sign(row.claims);
      outcome = await this.#push(row.receiverUrl, set, this.#d.attemptTimeoutMs);
    } catch (err) {
      outcome = { kind: 'retry', error: err instanceof Error ? err.message : String(err) };
    }
    const now = this.#d.now();
    switch (outcome.kind) {
      case 'delivered':
        this.#d.outbox.markDelivered(row.id, now);
        this.#d.log(`security event ${row.jti} (${row.eventType}) delivered to ${row.receiverUrl}`);
        return;
      case 'rejected':
        this.#d.outbox.markFailed(row.id, outcome.error);
        this.#d.log(`security event ${row.jti} rejected by ${row.receiverUrl}: ${outcome.error}; not retried`);
        return;
      case 'retry': {
        const delay = backoffDelay(row.attempts + 1, this.#d.retry);
        this.#d.outbox.markRetry(row.id, outcome.error, now + delay);
        this.#d.log(`security event ${row.jti} to ${row.receiverUrl} failed (${outcome.error}); retry in ${delay} ms`);
        return;
      }
      default:
        assertNever(outcome);
    }
  }

  #scheduleNext(): void {
    if (this.#closed) return;
    if (this.#again) {
      this.kick();
      return;
    }
    const next = this.#d.outbox.nextDue();
    if (next === undefined) return;
    const delay = Math.min(Math.max(0, next - this.#d.now()), MAX_TIMER_MS);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.kick();
    }, delay);
    // Pending retries alone do not keep the process alive; the IdP's server does.
    this.#timer.unref();
  }
}
