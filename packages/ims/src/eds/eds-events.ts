// What the EDS tells the network functions that keep a stream open: IF1 (S-CSCF) hears of
// network-initiated de-registrations, IF2 (MMTel AS) of changed or removed user data.

/**
 * `rejected`: the user must not simply register again (account disabled, TS 24.229 reg-event
 * `event="rejected"`); `deactivated`: register again with a fresh token (session revoked).
 */
export type DeregisterReason = 'rejected' | 'deactivated';

export type If1Event = { type: 'deregister'; impu: string; reason: DeregisterReason };

export type If2Event = { type: 'user-changed'; impu: string } | { type: 'user-removed'; impu: string };

/** A minimal typed publish/subscribe channel. */
export class EventChannel<E> {
  readonly #listeners = new Set<(event: E) => void>();

  subscribe(listener: (event: E) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(event: E): void {
    for (const listener of this.#listeners) listener(event);
  }

  get size(): number {
    return this.#listeners.size;
  }
}
