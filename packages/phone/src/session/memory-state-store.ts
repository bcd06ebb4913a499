// An in-memory oidc-client-ts StateStore: the sign-in request state lives only as long as the
// sign-in it belongs to, so nothing needs to survive a restart.
import type { StateStore } from 'oidc-client-ts';

export class MemoryStateStore implements StateStore {
  readonly #items = new Map<string, string>();
  async set(key: string, value: string): Promise<void> {
    this.#items.set(key, value);
  }
  async get(key: string): Promise<string | null> {
    return this.#items.get(key) ?? null;
  }
  async remove(key: string): Promise<string | null> {
    const value = this.#items.get(key) ?? null;
    this.#items.delete(key);
    return value;
  }
  async getAllKeys(): Promise<string[]> {
    return [...this.#items.keys()];
  }
}
